"""Quality assurance: visits, intelligence, call monitoring figures, action plans, the schedule.

Everything here hangs off a service (``providers.Service``). Visits rate the ten key areas of a
quality monitoring visit, or the seven clinical areas, on CQC's four-point scale
(DOMAIN.md, "Quality assurance").
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from pathlib import PurePosixPath

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import TimeStampedModel
from providers.levels import Level
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


# --- evidence files ----------------------------------------------------------------------------
class EvidenceKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word document"
    XLSX = "xlsx", "Excel spreadsheet"
    JPEG = "jpg", "JPEG image"
    PNG = "png", "PNG image"


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    """A random name under the service's folder: the person's file name is never a path."""
    extension = PurePosixPath(filename).suffix.lower().lstrip(".") or "bin"
    return f"evidence/{instance.service_id}/{uuid.uuid4().hex}.{extension}"


# Removing a file is recorded as well as adding one.
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class EvidenceFile(TimeStampedModel):
    """A file attached to a visit (a photo, a report, an audit). Served only through a view
    that checks the person may see it; there is no public address for it."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="evidence_files")
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="evidence_files")
    file = models.FileField(upload_to=evidence_path, max_length=255)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


# --- intelligence --------------------------------------------------------------------------
class IntelligenceSource(models.TextChoices):
    SAFEGUARDING = "safeguarding", "Safeguarding concern"
    COMPLAINT = "complaint", "Complaint"
    WHISTLEBLOWING = "whistleblowing", "Whistleblowing"
    CQC = "cqc", "CQC information"
    SOCIAL_WORKER = "social_worker", "Feedback from a social worker"
    DISTRICT_NURSE = "district_nurse", "Feedback from a district nurse"
    FAMILY = "family", "Feedback from a family"
    SIGNIFICANT_EVENT = "significant_event", "Notified significant event"
    HOSPITAL_ADMISSION = "hospital_admission", "Hospital admission"
    FINANCIAL = "financial", "Financial warning sign"
    OTHER = "other", "Other"


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class Section42(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known yet"


@pghistory.track()
class Intelligence(TimeStampedModel):
    """Something learned about a service between visits.

    ``summary`` is shown on the service's timeline to everyone who reads the register, so it
    must not name people receiving care; ``details`` may, and every view of them is logged.
    """

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="intelligence")
    source = models.CharField(max_length=30, choices=IntelligenceSource.choices)
    received_on = models.DateField("Date received")
    severity = models.CharField(max_length=10, choices=Severity.choices)
    section_42 = models.CharField(
        "Section 42 enquiry followed", max_length=10, choices=Section42.choices
    )
    clinical_area = models.CharField(max_length=30, choices=Area.choices, blank=True)
    summary = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-created_at"]
        verbose_name_plural = "intelligence"
        indexes = [models.Index(fields=["service", "-received_on"])]

    def __str__(self) -> str:
        return f"{self.get_source_display()} about {self.service} ({self.received_on:%-d %b %Y})"


# --- home support call monitoring ------------------------------------------------------------
@pghistory.track()
class MonitoringFigures(TimeStampedModel):
    """One month of a home support service's electronic call monitoring figures."""

    class Source(models.TextChoices):
        FORM = "form", "Entered by hand"
        IMPORT = "import", "Imported from a CSV file"

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="monitoring_figures"
    )
    month = models.DateField(help_text="The first day of the month.")
    planned_visits = models.PositiveIntegerField()
    delivered_visits = models.PositiveIntegerField()
    missed_visits = models.PositiveIntegerField()
    late_visits = models.PositiveIntegerField()
    short_visits = models.PositiveIntegerField()
    average_carers = models.DecimalField(
        "Average different carers per person", max_digits=4, decimal_places=1
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-month"]
        verbose_name = "call monitoring figures"
        verbose_name_plural = "call monitoring figures"
        constraints = [
            models.UniqueConstraint(fields=["service", "month"], name="one_return_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="monitoring_month_first_day"),
            models.CheckConstraint(
                condition=Q(delivered_visits__lte=models.F("planned_visits")),
                name="delivered_not_above_planned",
            ),
            models.CheckConstraint(
                condition=Q(missed_visits__lte=models.F("planned_visits")),
                name="missed_not_above_planned",
            ),
            models.CheckConstraint(
                condition=Q(
                    planned_visits__gte=models.F("delivered_visits") + models.F("missed_visits")
                ),
                name="delivered_and_missed_within_planned",
            ),
            models.CheckConstraint(
                condition=Q(late_visits__lte=models.F("delivered_visits")),
                name="late_not_above_delivered",
            ),
            models.CheckConstraint(
                condition=Q(short_visits__lte=models.F("delivered_visits")),
                name="short_not_above_delivered",
            ),
            models.CheckConstraint(
                condition=Q(average_carers__gte=0), name="average_carers_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.month:%B %Y}"

    @staticmethod
    def _percent(part: int, whole: int) -> Decimal | None:
        if not whole:
            return None
        return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))

    @property
    def missed_rate(self) -> Decimal | None:
        """Missed visits as a share of planned visits."""
        return self._percent(self.missed_visits, self.planned_visits)

    @property
    def delivery_rate(self) -> Decimal | None:
        """Delivered visits as a share of planned visits."""
        return self._percent(self.delivered_visits, self.planned_visits)

    @property
    def late_rate(self) -> Decimal | None:
        """Late visits as a share of delivered visits."""
        return self._percent(self.late_visits, self.delivered_visits)

    @property
    def short_rate(self) -> Decimal | None:
        """Short visits as a share of delivered visits."""
        return self._percent(self.short_visits, self.delivered_visits)


# --- action plans --------------------------------------------------------------------------
class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


@pghistory.track()
class Action(TimeStampedModel):
    """One action of a service's action plan: often raised from a visit's finding."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="actions")
    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    area = models.CharField(max_length=30, choices=Area.choices, blank=True)
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quality_actions",
    )
    owner_contact = models.CharField("Provider contact", max_length=150, blank=True)
    due_on = models.DateField("Due date")
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    evidence = models.TextField("Evidence of progress", blank=True)
    provider_response = models.TextField("The provider's response", blank=True)
    completed_on = models.DateField(null=True, blank=True)
    # Set by the daily task on the first day an action is found overdue, so each action
    # marks its service for recalculation once (cleared when it is done or re-dated).
    overdue_since = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | ~Q(owner_contact=""),
                name="action_has_an_owner",
            ),
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.DONE) | Q(completed_on__isnull=False),
                name="done_action_has_completion_date",
            ),
        ]
        indexes = [models.Index(fields=["service", "status", "due_on"])]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue_on(self, day: datetime.date) -> bool:
        """An open or in-progress action whose due date has passed."""
        return self.is_open and self.due_on < day

    @property
    def owner_label(self) -> str:
        parts = [str(self.owner)] if self.owner_id else []
        if self.owner_contact:
            parts.append(self.owner_contact)
        return " and ".join(parts)


# --- the visit schedule -----------------------------------------------------------------------
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
