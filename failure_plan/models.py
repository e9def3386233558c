"""Market and provider failure: the playbook, incidents, their checklists, the people affected
and the alternative capacity found for them (DOMAIN.md, "Market and provider failure").

The **playbook** (scenarios, the stakeholder matrix and the checklist template) is maintained
by administrators in the Django admin and seeded by migration 0002. An **incident** is a failure
of one or more services; opening one copies the template tasks for its approach(es) into its
own **checklist**. The **affected people** are special category personal data: who may see them
is decided in ``rules.py`` (docs/adr/0003-affected-people-access.md), every view is written to
the access log, and they are deleted a set time after the incident closes.
"""

from __future__ import annotations

import datetime

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from core.models import TimeStampedModel
from providers.models import LocalAuthority, Service, ServiceType


class Approach(models.TextChoices):
    """The two ways of responding to a failure (seed 001, section 9)."""

    BUILDING = "building", "Approach 1: building-based"
    HOME = "home", "Approach 2: home-based"


class ChecklistArea(models.TextChoices):
    """The eight areas of the provider failure checklist, in the order they are worked."""

    COMMUNICATIONS = "communications", "Communications"
    PROVIDER = "provider", "Provider"
    MANAGEMENT = "management", "Management"
    DATA = "data", "Data"
    FINANCE = "finance", "Finance"
    LEGAL = "legal", "Legal"
    MARKET_SHAPING = "market_shaping", "Market shaping"
    REVIEW = "review", "Review"


AREA_ORDER = {value: index for index, value in enumerate(ChecklistArea.values)}


# --- the playbook -------------------------------------------------------------------------
@pghistory.track()
class Scenario(TimeStampedModel):
    """Which approach a failure of one type of service calls for."""

    service_type = models.CharField(max_length=30, choices=ServiceType.choices, unique=True)
    approach = models.CharField(max_length=20, choices=Approach.choices)
    key_factors = models.CharField(
        max_length=255,
        blank=True,
        help_text="What usually shapes the response, such as whether the building stays open.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["approach", "service_type"]

    def __str__(self) -> str:
        return f"{self.get_service_type_display()}: {self.get_approach_display()}"


@pghistory.track()
class StakeholderResponsibility(TimeStampedModel):
    """One row of the stakeholder matrix: what the council, the ICB and CQC each bring when a
    service of this type fails (financial, operational, oversight, information, or none)."""

    service_type = models.CharField(max_length=30, choices=ServiceType.choices, unique=True)
    council = models.CharField("Council", max_length=150)
    icb = models.CharField("Integrated care board (ICB)", max_length=150)
    cqc = models.CharField("Care Quality Commission (CQC)", max_length=150)
    notes = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "service_type"]
        verbose_name = "stakeholder matrix row"
        verbose_name_plural = "stakeholder matrix"

    def __str__(self) -> str:
        return self.get_service_type_display()


@pghistory.track()
class TaskTemplate(TimeStampedModel):
    """A task of the provider failure checklist template, for one or both approaches."""

    area = models.CharField(max_length=20, choices=ChecklistArea.choices)
    title = models.CharField(max_length=255)
    guidance = models.TextField(blank=True)
    for_building = models.BooleanField("Approach 1 (building-based)", default=True)
    for_home = models.BooleanField("Approach 2 (home-based)", default=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(
        "In use", default=True, help_text="Tasks not in use are left out of new checklists."
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "checklist template task"
        constraints = [
            models.UniqueConstraint(fields=["area", "title"], name="task_template_unique_title"),
            models.CheckConstraint(
                condition=Q(for_building=True) | Q(for_home=True),
                name="task_template_has_an_approach",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def approaches(self) -> list[str]:
        return [
            approach
            for approach, flag in (
                (Approach.BUILDING, self.for_building),
                (Approach.HOME, self.for_home),
            )
            if flag
        ]


# --- incidents ----------------------------------------------------------------------------
class Cause(models.TextChoices):
    """Why a provider fails (seed 001, section 3)."""

    BUSINESS_FAILURE = "business_failure", "Business failure"
    PROVIDER_EXIT = "provider_exit", "Provider exit or change of registration"
    CQC_ENFORCEMENT = "cqc_enforcement", "CQC enforcement"
    EMERGENCY = "emergency", "Emergency"


CAUSE_HINTS = {
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


class Funding(models.TextChoices):
    COUNCIL = "council", "Council funded"
    HEALTH = "health", "Health funded (continuing health care)"
    JOINT = "joint", "Jointly or part funded"
    SELF_FUNDER = "self_funder", "Self-funder"
    OTHER_COUNCIL = "other_council", "Placed by another council"


class ReviewStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not reviewed yet"
    BOOKED = "booked", "Review booked"
    DONE = "done", "Reviewed"


NEEDS_FLAGS = {
    "needs_advocate": "Advocate",
    "needs_imca": "IMCA",
    "needs_dols": "DoLS or LPS",
    "needs_medicines": "Medicines continuity",
    "needs_transport": "Transport",
}


@pghistory.track()
class AffectedPerson(TimeStampedModel):
    """Someone receiving care at a failed service. Special category personal data.

    ``__str__`` deliberately leaves the name out: it is what the access log and the history
    keep, and those outlive the retention period.
    """

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="people")
    full_name = models.CharField("Full name", max_length=150)
    date_of_birth = models.DateField(null=True, blank=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    funding = models.CharField(max_length=20, choices=Funding.choices)
    placing_council = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    needs_advocate = models.BooleanField("Needs an advocate", default=False)
    needs_imca = models.BooleanField("Needs an IMCA", default=False)
    needs_dols = models.BooleanField("DoLS or LPS authorisation", default=False)
    needs_medicines = models.BooleanField("Medicines continuity", default=False)
    needs_transport = models.BooleanField("Needs transport", default=False)
    review_status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.NOT_STARTED
    )
    destination = models.CharField("Where they are going", max_length=255, blank=True)
    destination_service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    move_date = models.DateField(null=True, blank=True)
    wellbeing_checked_on = models.DateField("Wellbeing check done on", null=True, blank=True)
    wellbeing_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = "affected person"
        verbose_name_plural = "affected people"
        constraints = [
            models.CheckConstraint(
                condition=(Q(funding="other_council") & Q(placing_council__isnull=False))
                | (~Q(funding="other_council") & Q(placing_council__isnull=True)),
                name="person_placing_council_for_other_council_only",
            ),
            models.CheckConstraint(
                condition=Q(wellbeing_checked_on__isnull=True)
                | (Q(move_date__isnull=False) & Q(wellbeing_checked_on__gte=F("move_date"))),
                name="person_wellbeing_check_after_move",
            ),
        ]
        indexes = [models.Index(fields=["incident", "full_name"])]

    def __str__(self) -> str:
        return f"Person {self.pk} affected by incident {self.incident_id}"

    @property
    def needs(self) -> list[str]:
        return [label for name, label in NEEDS_FLAGS.items() if getattr(self, name)]

    @property
    def destination_label(self) -> str:
        parts = [
            self.destination_service.name if self.destination_service else "",
            self.destination,
        ]
        return ", ".join(p for p in parts if p)

    @property
    def has_destination(self) -> bool:
        return bool(self.destination.strip() or self.destination_service_id)

    @property
    def wellbeing_window(self) -> tuple[datetime.date, datetime.date] | None:
        from failure_plan.rules import wellbeing_check_window

        return wellbeing_check_window(self.move_date) if self.move_date else None


# --- capacity -----------------------------------------------------------------------------
@pghistory.track()
class Vacancy(TimeStampedModel):
    """How many vacancies a service reported on a day. The newest record is the current one.

    ``reserved`` counts the live reservations made against this record; the database refuses
    more reservations than vacancies, and services lock the row before reserving.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="vacancies")
    vacancies = models.PositiveIntegerField()
    recorded_on = models.DateField()
    notes = models.TextField(blank=True)
    reserved = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name_plural = "vacancies"
        constraints = [
            models.CheckConstraint(
                condition=Q(reserved__lte=F("vacancies")), name="vacancy_not_over_reserved"
            ),
        ]
        indexes = [models.Index(fields=["service", "-recorded_on", "-id"])]

    def __str__(self) -> str:
        return f"{self.service}: {self.vacancies} on {self.recorded_on}"

    @property
    def available(self) -> int:
        return self.vacancies - self.reserved


@pghistory.track()
class Reservation(TimeStampedModel):
    """A vacancy held for one affected person. Released reservations are kept as history."""

    person = models.ForeignKey(
        AffectedPerson, on_delete=models.CASCADE, related_name="reservations"
    )
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="reservations")
    reserved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(released_at__isnull=True),
                name="one_live_reservation_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Reservation {self.pk} at {self.vacancy.service}"


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
