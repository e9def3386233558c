"""Sanctions: placement stops and restrictions of hours."""

from __future__ import annotations

import datetime

import pghistory
from django.db import models

from core.models import TimeStampedModel
from providers.models import Service


class SanctionKind(models.TextChoices):
    PLACEMENT_STOP = "placement_stop", "Placement stop"
    RESTRICTION_OF_HOURS = "restriction_of_hours", "Restriction of hours"


class SanctionImposition(models.TextChoices):
    VOLUNTARY = "voluntary", "Voluntary"
    IMPOSED = "imposed", "Imposed"


class SanctionScope(models.TextChoices):
    WHOLE = "whole", "Whole service"
    PARTIAL = "partial", "Partial"


class SanctionQuerySet(models.QuerySet):
    """Which sanctions are in force."""

    @staticmethod
    def in_force_q(day: datetime.date, prefix: str = "") -> models.Q:
        """A sanction is in force on ``day`` from its start date until its end date: the end
        date itself is the first day without it (open-ended while empty). ``prefix`` is the
        path to the sanction, e.g. "sanctions__"."""
        return models.Q(**{f"{prefix}start_date__lte": day}) & (
            models.Q(**{f"{prefix}end_date__isnull": True})
            | models.Q(**{f"{prefix}end_date__gt": day})
        )

    def in_force_on(self, day: datetime.date) -> SanctionQuerySet:
        """Sanctions in force on ``day`` (``in_force_q``)."""
        return self.filter(self.in_force_q(day))


@pghistory.track()
class Sanction(TimeStampedModel):
    """A placement stop or restriction of hours on a service.

    In force from ``start_date`` until ``end_date`` (exclusive; open-ended while empty).
    A restriction of hours is for home support only (``escalation.rules``).
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField(
        max_length=30, choices=SanctionKind.choices, default=SanctionKind.PLACEMENT_STOP
    )
    imposition = models.CharField(max_length=20, choices=SanctionImposition.choices)
    scope = models.CharField(
        max_length=20, choices=SanctionScope.choices, default=SanctionScope.WHOLE
    )
    scope_detail = models.CharField("What the partial sanction covers", max_length=255, blank=True)
    reason = models.TextField()
    start_date = models.DateField()
    review_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="sanctions_authorised"
    )
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    end_reason = models.TextField(blank=True)

    objects = SanctionQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["service", "start_date", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_date__gte=models.F("start_date")),
                name="sanction_review_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="sanction_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(scope="partial") | ~models.Q(scope_detail=""),
                name="partial_sanction_says_what",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.service}"

    def in_force_on(self, day: datetime.date) -> bool:
        """``SanctionQuerySet.in_force_q`` for one sanction already loaded."""
        return self.start_date <= day and (self.end_date is None or self.end_date > day)
