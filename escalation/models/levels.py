"""Risk and escalation: levels, placement ratings and each service's current risk state.

The risk score is an indicator; the level is a decision people make (DOMAIN.md).
"""

from __future__ import annotations

import datetime

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


# --- level decisions ----------------------------------------------------------------------------


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


# --- sanctions ----------------------------------------------------------------------------------


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


# --- letters ------------------------------------------------------------------------------------


class LetterKind(models.TextChoices):
    NOTICE_OF_CONCERN = "notice_of_concern", "Notice of concern"
    POTENTIAL_BREACH = "potential_breach", "Potential breach of contract"
    RECTIFICATION_NOTICE = "rectification_notice", "Rectification notice"
    FINAL_WARNING = "final_warning", "Final warning"
    TERMINATION = "termination", "Termination of contract"


@pghistory.track()
class LetterTemplate(TimeStampedModel):
    """The council's wording for one kind of letter (administrators edit it).

    ``body`` is plain text with placeholders in braces, e.g. ``{service_name}``; the allowed
    placeholders are listed in ``escalation.letters.PLACEHOLDERS``.
    """

    kind = models.CharField(max_length=30, choices=LetterKind.choices, unique=True)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    signatory = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


class LetterStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"


@pghistory.track()
class Letter(TimeStampedModel):
    """A letter to a provider about one service, kept against the service once issued.

    The text is copied from the template when the letter is drafted, so a later change to the
    template never alters a letter already sent. ``pdf`` is written when the letter is issued.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=30, choices=LetterKind.choices)
    status = models.CharField(
        max_length=20, choices=LetterStatus.choices, default=LetterStatus.DRAFT
    )
    subject = models.CharField(max_length=255)
    body = models.TextField()
    signatory = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    issued_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_on = models.DateField(null=True, blank=True)
    pdf = models.FileField(upload_to="letters/%Y/%m/", blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("issue_letter", "Can issue letters to providers")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="issued")
                | models.Q(issued_on__isnull=False, issued_by__isnull=False),
                name="issued_letter_has_date_and_issuer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.service}"
