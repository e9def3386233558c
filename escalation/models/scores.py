"""Each service's current risk state, the versions of the risk weights, and the recorded
scores.

The risk score is an indicator; the level is a decision people make (DOMAIN.md).
"""

from __future__ import annotations

import pghistory
from django.db import models
from django.utils import timezone

from core.models import TimeStampedModel
from providers import levels
from providers.models import Service, ServiceType


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
    level = models.PositiveSmallIntegerField(
        choices=levels.Level.choices, default=levels.Level.ROUTINE
    )
    level_since = models.DateField(default=today)
    placement_rating = models.CharField(
        max_length=10, choices=levels.PlacementRating.choices, default=levels.PlacementRating.GREEN
    )
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    score_calculated_at = models.DateTimeField(null=True, blank=True)
    needs_recalculation = models.BooleanField(default=True)
    recalculation_requested_at = models.DateTimeField(null=True, blank=True)
    recalculation_reason = models.CharField(max_length=100, blank=True)
    # The confirmed decision that set the current level (empty at routine with no history).
    level_change = models.ForeignKey(
        "LevelChange", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

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


class WeightSet(models.Model):
    """One version of the risk weights and level thresholds for one service type.

    A version is never changed once saved: scores refer to the version they used, so editing
    (in the Django admin, via ``escalation.services.weight_set_revise``) saves a new version
    and makes it current. ``service_type`` "" is the fallback for types without their own set.
    ``weights`` maps each factor key (``escalation.risk.FACTORS``) to the points it can add;
    ``thresholds`` are the four lowest scores suggesting levels 1, 2, 3 and 4.
    """

    service_type = models.CharField(max_length=30, blank=True)
    version = models.PositiveIntegerField()
    is_current = models.BooleanField(default=True)
    weights = models.JSONField()
    thresholds = models.JSONField(default=list)
    inadequate_floor = models.PositiveSmallIntegerField(
        "Lowest level suggested for a service rated Inadequate by CQC",
        choices=levels.Level.choices,
        default=levels.Level.THREE,
    )
    note = models.CharField("Why this version", max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["service_type", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_type", "version"], name="weight_set_version_unique"
            ),
            models.UniqueConstraint(
                fields=["service_type"],
                condition=models.Q(is_current=True),
                name="one_current_weight_set_per_type",
            ),
        ]

    def __str__(self) -> str:
        label = ServiceType(self.service_type).label if self.service_type else "Default"
        return f"{label} weights, version {self.version}"


class RiskScore(models.Model):
    """A recorded risk score. History: rows are never overwritten; a row is written when the
    score or its breakdown changes, and at least every four weeks (ADR 0006).

    ``factors`` holds the breakdown as one value: ``keys``, ``value``, ``weight`` and
    ``points`` (arrays in factor order), the raw evidence numbers and a fingerprint; read it
    through ``escalation.risk.breakdown``. Rows from before that change hold a list of
    ``{"key", "label", "value", "points", "detail"}``, which ``breakdown`` reads too.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="risk_scores")
    weight_set = models.ForeignKey(WeightSet, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField()
    suggested_level = models.PositiveSmallIntegerField(choices=levels.Level.choices)
    calculated_at = models.DateTimeField(default=timezone.now)
    factors = models.JSONField(default=list)

    class Meta:
        ordering = ["-calculated_at", "-pk"]
        indexes = [models.Index(fields=["service", "-calculated_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__lte=100), name="risk_score_0_to_100")
        ]

    def __str__(self) -> str:
        return f"{self.service_id}: {self.score} at {self.calculated_at:%Y-%m-%d %H:%M}"
