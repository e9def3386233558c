"""The visit schedule's settings: how often each level is visited, and personal calendar
feeds of planned visits."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import TimeStampedModel
from providers.levels import Level


@pghistory.track()
class VisitFrequency(TimeStampedModel):
    """How often a service at each level is visited (DOMAIN.md defaults, set by migration 0002).

    Administrators change these in the Django admin; the schedule reads them in the database.
    """

    level = models.PositiveSmallIntegerField(choices=Level.choices, unique=True)
    interval_months = models.PositiveSmallIntegerField(default=0)
    interval_days = models.PositiveSmallIntegerField(default=0)
    unannounced = models.BooleanField(
        default=False, help_text="Visits at this level are made without notice."
    )

    class Meta:
        ordering = ["level"]
        verbose_name_plural = "visit frequencies"
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_months__gt=0) | Q(interval_days__gt=0),
                name="visit_interval_not_zero",
            ),
            models.CheckConstraint(condition=Q(level__lte=4), name="frequency_level_0_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: every {self.interval_label}"

    @property
    def interval_label(self) -> str:
        return interval_label(self.interval_months, self.interval_days)


def interval_label(months: int, days: int) -> str:
    """'12 months', 'month', '2 weeks', 'week', '10 days'."""
    parts = []
    if months:
        parts.append("month" if months == 1 else f"{months} months")
    if days:
        if days % 7 == 0:
            weeks = days // 7
            parts.append("week" if weeks == 1 else f"{weeks} weeks")
        else:
            parts.append("day" if days == 1 else f"{days} days")
    return " and ".join(parts)


@pghistory.track(exclude=["token_hash", "last_used_at"])
class CalendarFeed(TimeStampedModel):
    """A person's private calendar feed of their planned visits.

    Only a SHA-256 hash of the secret token is stored: the address is shown once, when it is
    made, and a new one can be made at any time (the old one then stops working).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
