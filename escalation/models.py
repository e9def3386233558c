"""Risk and escalation: levels, placement ratings and each service's current risk state.

The risk score is an indicator; the level is a decision people make (DOMAIN.md).
"""

from __future__ import annotations

import pghistory
from django.db import models
from django.utils import timezone

from core.models import TimeStampedModel
from providers.models import Service


class Level(models.IntegerChoices):
    """Coventry's four levels plus routine."""

    ROUTINE = 0, "Routine"
    ONE = 1, "Level 1"
    TWO = 2, "Level 2"
    THREE = 3, "Level 3"
    FOUR = 4, "Level 4"


class PlacementRating(models.TextChoices):
    """What brokers and social workers act on."""

    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


def today():
    return timezone.localdate()


@pghistory.track()
class ServiceState(TimeStampedModel):
    """The current risk position of one service: its decided level, placement rating and score.

    A service without a row is at the routine level. ``needs_recalculation`` is set whenever
    new evidence arrives (see ``escalation.services.risk_mark_for_recalculation``) and cleared
    by the risk engine when it recalculates.
    """

    service = models.OneToOneField(
        Service, on_delete=models.CASCADE, primary_key=True, related_name="state"
    )
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.ROUTINE)
    level_since = models.DateField(default=today)
    placement_rating = models.CharField(
        max_length=10, choices=PlacementRating.choices, default=PlacementRating.GREEN
    )
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    score_calculated_at = models.DateTimeField(null=True, blank=True)
    needs_recalculation = models.BooleanField(default=True)
    recalculation_requested_at = models.DateTimeField(null=True, blank=True)
    recalculation_reason = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(level__lte=4), name="state_level_0_to_4"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=100),
                name="state_score_0_to_100",
            ),
        ]
        indexes = [
            models.Index(
                fields=["needs_recalculation"],
                condition=models.Q(needs_recalculation=True),
                name="state_needs_recalc_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.get_level_display()}"
