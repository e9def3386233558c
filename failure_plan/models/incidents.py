"""Incidents: a failure of one or more services, its project team, its checklist (copied from
the playbook's template when it opens), its communications log and the lessons-learned review
that closes it."""

from __future__ import annotations

import datetime

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import TimeStampedModel
from failure_plan.models.playbook import ChecklistArea, TaskTemplate
from providers.models import Service


# --- incidents ----------------------------------------------------------------------------
class Cause(models.TextChoices):
    """Why a provider fails (seed 001, section 3)."""

    BUSINESS_FAILURE = "business_failure", "Business failure"
    PROVIDER_EXIT = "provider_exit", "Provider exit or change of registration"
    CQC_ENFORCEMENT = "cqc_enforcement", "CQC enforcement"
    EMERGENCY = "emergency", "Emergency"


CAUSE_HINTS: dict[str, str] = {
    Cause.BUSINESS_FAILURE: "The provider's business can no longer pay its way.",
    Cause.PROVIDER_EXIT: (
        "The provider, or an administrator or receiver acting for it, decides to leave the "
        "market or change what it is registered to do."
    ),
    Cause.CQC_ENFORCEMENT: "CQC removes the registration or requires the service to close.",
    Cause.EMERGENCY: (
        "An outbreak, flood, fire, loss of power or collapse in staffing. It may be temporary."
    ),
}


class IncidentQuerySet(models.QuerySet):
    """Which incidents were open when."""

    def open_between(self, begins: datetime.datetime, ends: datetime.datetime) -> IncidentQuerySet:
        """Incidents open at some moment from ``begins`` until (not including) ``ends``: an
        incident is open from the moment notice was received until it is closed."""
        return self.filter(notice_at__lt=ends).filter(
            Q(closed_at__isnull=True) | Q(closed_at__gte=begins)
        )


@pghistory.track()
class Incident(TimeStampedModel):
    """A failure of one or more services, worked by a project team until a lessons-learned
    review closes it."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    services = models.ManyToManyField(Service, related_name="failure_incidents")
    cause = models.CharField(max_length=30, choices=Cause.choices)
    summary = models.TextField(blank=True)
    notice_at = models.DateTimeField("Notice received")
    is_emergency = models.BooleanField(
        "Emergency closure", default=False, help_text="Runs the 72-hour clock."
    )
    may_be_temporary = models.BooleanField(default=False)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="incidents_led"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The facts the section 48 temporary duty turns on (rules.section_48_decision).
    provider_registered = models.BooleanField("Provider registered with CQC", default=False)
    business_failure = models.BooleanField(
        "Unable to carry on because of business failure", default=False
    )
    activity_regulated = models.BooleanField("Activity is regulated", default=False)
    # Retention: when the people's details were deleted, and how many there were.
    people_purged_at = models.DateTimeField(null=True, blank=True)
    people_purged_count = models.PositiveIntegerField(default=0)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="incidents_opened",
        null=True,
        blank=True,
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-notice_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="open") & Q(closed_at__isnull=True))
                | (Q(status="closed") & Q(closed_at__isnull=False)),
                name="incident_closed_at_matches_status",
            ),
        ]
        indexes = [models.Index(fields=["status", "closed_at"])]
        permissions = [("export_affectedperson", "Can export the people affected by a failure")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def reference(self) -> str:
        return f"FI-{self.notice_at:%Y}-{self.pk:04d}" if self.pk else ""


@pghistory.track()
class TeamMember(TimeStampedModel):
    """Someone on an incident's project team, and what they do on it."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="incident_teams"
    )
    role_on_team = models.CharField(max_length=150)

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "user"], name="team_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role_on_team})"


@pghistory.track()
class ChecklistTask(TimeStampedModel):
    """One task of an incident's checklist, copied from the template when the incident opened."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        NOT_NEEDED = "not_needed", "Not needed"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="tasks")
    template = models.ForeignKey(
        TaskTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    area = models.CharField(max_length=20, choices=ChecklistArea.choices)
    title = models.CharField(max_length=255)
    guidance = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="failure_tasks",
    )
    planned_on = models.DateField("Date planned", null=True, blank=True)
    progress = models.TextField("Progress", blank=True)
    completed_on = models.DateField("Date completed", null=True, blank=True)

    OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "template"],
                condition=Q(template__isnull=False),
                name="checklist_task_once_per_template",
            ),
            # A completion date belongs to a task that is done, and a done task has one.
            models.CheckConstraint(
                condition=(Q(status="done") & Q(completed_on__isnull=False))
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="checklist_task_completed_on_when_done",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date) -> bool:
        return (
            self.status in self.OPEN_STATUSES
            and self.planned_on is not None
            and self.planned_on < today
        )


# --- communications and review ------------------------------------------------------------
class CommunicationKind(models.TextChoices):
    LETTER = "letter", "Letter to people and families"
    MEETING = "meeting", "Meeting with people and families"
    CABINET_BRIEFING = "cabinet_briefing", "Cabinet member briefing"
    PRESS = "press", "Press statement"
    PROVIDER = "provider", "Provider engagement"
    NEIGHBOURING_COUNCILS = "neighbouring_councils", "Neighbouring councils"
    STAFF = "staff", "Staff, unions and partners"
    OTHER = "other", "Other"


@pghistory.track()
class Communication(TimeStampedModel):
    """An entry in the incident's communications log."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="communications")
    kind = models.CharField(max_length=30, choices=CommunicationKind.choices)
    happened_on = models.DateField()
    summary = models.TextField()
    by_whom = models.CharField(max_length=150)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happened_on}"


@pghistory.track()
class LessonsReview(TimeStampedModel):
    """The lessons-learned review that closes an incident."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="lessons")
    warning_signs = models.TextField(blank=True)
    went_well = models.TextField()
    to_improve = models.TextField()
    actions = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "lessons-learned review"

    def __str__(self) -> str:
        return f"Lessons learned: {self.incident}"
