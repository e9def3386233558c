"""Level decisions (proposals and their decisions), the tasks a level 3 or 4 brings, and
placement ratings: the rule for each level and the overrides."""

from __future__ import annotations

import datetime

import pghistory
from django.db import models
from django.utils import timezone

from core.models import TimeStampedModel
from providers import levels
from providers.models import Service


class Authority(models.TextChoices):
    """Who confirmed a level: the forum for the level (DOMAIN.md), or an urgent decision."""

    LEAD_OFFICER = "lead_officer", "Lead officer"
    QPSG = "qpsg", "Quality Peer Support Group"
    PEP = "pep", "Provider Escalation Panel"
    URGENT = "urgent", "Urgent decision"
    # Levels recorded when Oversight was introduced, carried over from the previous register.
    MIGRATED = "migrated", "Carried over from the previous register"


class LevelChangeStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Not agreed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class LevelChangeQuerySet(models.QuerySet):
    """The level history: confirmed changes are the decisions that set a service's level."""

    def confirmed(self) -> LevelChangeQuerySet:
        """Changes confirmed (decided and in effect from ``effective_on``)."""
        return self.filter(status=LevelChangeStatus.CONFIRMED)

    def in_effect_on(self, day: datetime.date) -> LevelChangeQuerySet:
        """Confirmed changes in effect by ``day``, the one that sets the level that day first.

        The level of a service on a day is the ``to_level`` of its last change confirmed with
        ``effective_on`` on or before that day (ties: the latest decided, then the highest
        id), and routine before the first (``escalation.selectors.level_on``).
        """
        return (
            self.confirmed()
            .filter(effective_on__lte=day)
            .order_by("-effective_on", "-decided_at", "-pk")
        )

    def undecided_on(self, day: datetime.date) -> LevelChangeQuerySet:
        """Changes proposed by the end of ``day`` and not decided by then (nor confirmed with
        effect by then): the proposals still waiting for a decision that day."""
        end = timezone.make_aware(
            datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
        )
        return self.filter(
            models.Q(decided_at__isnull=True) | models.Q(decided_at__gte=end), proposed_at__lt=end
        ).exclude(status=LevelChangeStatus.CONFIRMED, effective_on__lte=day)


@pghistory.track()
class LevelChange(TimeStampedModel):
    """A proposal to change a service's level and, once decided, the decision.

    A level changes only through a confirmed LevelChange (``escalation.services``), so the
    confirmed rows are the level history: the level on a date is the ``to_level`` of the last
    change confirmed with ``effective_on`` on or before it (routine before the first).
    ``authority_reference`` names the meeting or the reason, e.g. "PEP meeting, 12 November 2026".
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="level_changes")
    from_level = models.PositiveSmallIntegerField(choices=levels.Level.choices)
    to_level = models.PositiveSmallIntegerField(choices=levels.Level.choices)
    status = models.CharField(
        max_length=20, choices=LevelChangeStatus.choices, default=LevelChangeStatus.PROPOSED
    )
    rationale = models.TextField("Why the level should change")
    proposed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="level_changes_proposed"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    # The score and suggestion the proposer saw, so the decision can be read in context later.
    score_at_proposal = models.PositiveSmallIntegerField(null=True, blank=True)
    suggested_level_at_proposal = models.PositiveSmallIntegerField(
        choices=levels.Level.choices, null=True, blank=True
    )
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="level_changes_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    authority = models.CharField(max_length=20, choices=Authority.choices, blank=True)
    authority_reference = models.CharField(max_length=255, blank=True)
    decision_note = models.TextField("Reason for the decision", blank=True)
    effective_on = models.DateField(null=True, blank=True)

    objects = LevelChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        indexes = [models.Index(fields=["service", "status", "effective_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_level__lte=4, to_level__lte=4), name="change_level_0_to_4"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_level=models.F("to_level")),
                name="change_changes_level",
            ),
            models.UniqueConstraint(
                fields=["service"],
                condition=models.Q(status="proposed"),
                name="one_open_proposal_per_service",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="confirmed")
                | (
                    models.Q(decided_at__isnull=False, effective_on__isnull=False)
                    & ~models.Q(authority="")
                ),
                name="confirmed_change_has_authority_and_date",
            ),
        ]
        permissions = [
            ("decide_levelchange", "Can confirm or decline level changes (panel chair)"),
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.get_from_level_display()} to {self.get_to_level_display()}"

    @property
    def is_escalation(self) -> bool:
        return self.to_level > self.from_level


class EscalationTaskKind(models.TextChoices):
    BRIEF_DIRECTOR = "brief_director", "Brief the Director and the cabinet member"
    BRIEF_ADASS = "brief_adass", "Brief the regional directors' association (ADASS)"
    READY_FAILURE_PLAN = "ready_failure_plan", "Ready the market failure playbook"


@pghistory.track()
class EscalationTask(TimeStampedModel):
    """Something that must happen because a service reached level 3 or 4 (DOMAIN.md)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="escalation_tasks")
    level_change = models.ForeignKey(LevelChange, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=30, choices=EscalationTaskKind.choices)
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["done_at", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["level_change", "kind"], name="one_task_of_a_kind_per_change"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.service}"


# --- placement ratings --------------------------------------------------------------------------


class PlacementRatingRule(models.Model):
    """The placement rating that follows each level (administrators change it)."""

    level = models.PositiveSmallIntegerField(choices=levels.Level.choices, primary_key=True)
    rating = models.CharField(max_length=10, choices=levels.PlacementRating.choices)

    class Meta:
        ordering = ["level"]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.get_rating_display()}"


@pghistory.track()
class PlacementRatingOverride(TimeStampedModel):
    """A recorded decision to give a service a different rating from the one its level gives.

    In force until removed; while in force it is the service's placement rating.
    """

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="placement_rating_overrides"
    )
    rating = models.CharField(max_length=10, choices=levels.PlacementRating.choices)
    reason = models.TextField()
    set_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)
    removed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-set_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["service"],
                condition=models.Q(removed_at__isnull=True),
                name="one_rating_override_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.get_rating_display()} (override)"
