"""Visits to services: their kinds, the areas they rate on CQC's four-point scale, their
ratings and their amendments (DOMAIN.md, "Quality assurance")."""

from __future__ import annotations

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import TimeStampedModel
from providers.models import Rating, Service


# --- visits ---------------------------------------------------------------------------------
class VisitType(models.TextChoices):
    ANNUAL_REVIEW = "annual_review", "Annual contract review"
    MONITORING = "monitoring", "Planned monitoring visit"
    UNANNOUNCED = "unannounced", "Unannounced visit"
    REACTIVE = "reactive", "Reactive visit (after a concern)"
    VERIFICATION = "verification", "Verification visit"
    CLINICAL = "clinical", "Clinical visit"
    DESKTOP_REVIEW = "desktop_review", "Desktop review (out of area)"
    SURVEY = "survey", "Customer survey or phone-in day"


class Area(models.TextChoices):
    """The ten key areas of a quality monitoring visit, then the seven clinical areas."""

    LEADERSHIP = "leadership", "Leadership and management"
    STAFFING = "staffing", "Staffing levels and recruitment"
    SKILLS = "skills", "Staff skills and training"
    PERSONALISATION = "personalisation", "Personalisation"
    CARE_PLANS = "care_plans", "Care plans and risk assessments"
    HEALTH_SAFETY = "health_safety", "Health and safety"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    COMPLAINTS = "complaints", "Managing complaints"
    VIEWS = "views", "Views of people using the service"
    PARTNERSHIP = "partnership", "Partnership working"
    INFECTION = "infection", "Infection prevention and control"
    TISSUE_VIABILITY = "tissue_viability", "Tissue viability and pressure ulcers"
    FALLS = "falls", "Falls"
    MEDICINES = "medicines", "Medicines"
    NUTRITION = "nutrition", "Nutrition and hydration"
    DEMENTIA = "dementia", "Dementia care"
    END_OF_LIFE = "end_of_life", "End of life care"


KEY_AREAS: tuple[Area, ...] = tuple(list(Area)[:10])
CLINICAL_AREAS: tuple[Area, ...] = tuple(list(Area)[10:])


class AreaRating(models.TextChoices):
    """CQC's four-point scale (the same values as ``providers.Rating``), or not assessed."""

    OUTSTANDING = Rating.OUTSTANDING.value, "Outstanding"
    GOOD = Rating.GOOD.value, "Good"
    REQUIRES_IMPROVEMENT = Rating.REQUIRES_IMPROVEMENT.value, "Requires improvement"
    INADEQUATE = Rating.INADEQUATE.value, "Inadequate"
    NOT_ASSESSED = "not_assessed", "Not assessed"


# Ratings that show a finding to act on: each can start an action from the completed visit.
FINDING_RATINGS = (AreaRating.REQUIRES_IMPROVEMENT, AreaRating.INADEQUATE)


class VisitStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DRAFT = "draft", "Draft"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


@pghistory.track()
class Visit(TimeStampedModel):
    """A visit (or desktop review, or survey) to a service: planned, drafted, then completed.

    A completed visit is locked: changing it is an amendment (``VisitAmendment``) with a reason.
    """

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="visits")
    visit_type = models.CharField(max_length=30, choices=VisitType.choices)
    status = models.CharField(max_length=20, choices=VisitStatus.choices)
    planned_date = models.DateField(null=True, blank=True)
    visit_date = models.DateField(null=True, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quality_visits",
        help_text="Who carries out (or carried out) the visit.",
    )
    plan_notes = models.TextField("What the visit is for", blank=True)
    # Who was heard: a triangulated view (manager, staff, people using the service, relatives).
    heard_manager = models.PositiveSmallIntegerField(default=0)
    heard_staff = models.PositiveSmallIntegerField(default=0)
    heard_people = models.PositiveSmallIntegerField(default=0)
    heard_relatives = models.PositiveSmallIntegerField(default=0)
    overall_rating = models.CharField(max_length=30, choices=AreaRating.choices, blank=True)
    summary = models.TextField("Overall outcome", blank=True)
    follow_up = models.TextField("Follow-up", blank=True)
    # Desktop reviews of out-of-area services.
    host_council_view = models.TextField("The host council's view", blank=True)
    cqc_report_checked_on = models.DateField("Latest CQC report checked", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-visit_date", "-planned_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=VisitStatus.PLANNED) | Q(planned_date__isnull=False),
                name="planned_visit_has_planned_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=VisitStatus.COMPLETED)
                | (
                    Q(visit_date__isnull=False)
                    & Q(completed_at__isnull=False)
                    & ~Q(overall_rating="")
                ),
                name="completed_visit_has_date_and_outcome",
            ),
        ]
        indexes = [
            models.Index(fields=["service", "status", "-visit_date"]),
            models.Index(fields=["officer", "status", "planned_date"]),
        ]

    def __str__(self) -> str:
        when = self.visit_date or self.planned_date
        suffix = f" on {when:%-d %B %Y}" if when else ""
        return f"{self.get_visit_type_display()}: {self.service}{suffix}"

    @property
    def areas_for_type(self) -> tuple[Area, ...]:
        return areas_for(self.visit_type)

    @property
    def is_locked(self) -> bool:
        return self.status in (VisitStatus.COMPLETED, VisitStatus.CANCELLED)

    @property
    def heard_total(self) -> int:
        return self.heard_manager + self.heard_staff + self.heard_people + self.heard_relatives


def areas_for(visit_type: str) -> tuple[Area, ...]:
    """A clinical visit rates the seven clinical areas; desktop reviews and surveys rate none;
    every other visit rates the ten key areas."""
    if visit_type == VisitType.CLINICAL:
        return CLINICAL_AREAS
    if visit_type in (VisitType.DESKTOP_REVIEW, VisitType.SURVEY):
        return ()
    return KEY_AREAS


@pghistory.track()
class VisitArea(TimeStampedModel):
    """One area of a visit: its rating and the evidence for it."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField(max_length=30, choices=Area.choices)
    rating = models.CharField(max_length=30, choices=AreaRating.choices, blank=True)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["visit", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "area"], name="one_rating_per_visit_area"),
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.get_rating_display() or 'not rated yet'}"

    @property
    def is_finding(self) -> bool:
        return self.rating in FINDING_RATINGS


@pghistory.track()
class VisitAmendment(models.Model):
    """A change to a completed visit: who, when, why and what changed. Never changed itself."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="amendments")
    reason = models.TextField()
    changes = models.JSONField(default=list)  # [{"field": label, "before": text, "after": text}]
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    amended_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-amended_at", "-pk"]
        triggers = [
            pgtrigger.Protect(
                name="visit_amendment_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self) -> str:
        return f"Amendment to {self.visit} by {self.amended_by} on {self.amended_at:%d %b %Y}"
