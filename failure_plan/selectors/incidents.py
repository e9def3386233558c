"""Every read the failure plan pages, exports, the briefing and the tasks need.

Each returns what its page shows with the joins it needs, so a page runs a fixed number of
queries however many people, tasks or services an incident has. Names of affected people
are read only by ``people_for`` and ``person_for``; views call them only after checking
``failure_plan.see_people`` and write the access log.
"""

from __future__ import annotations

import datetime
from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from failure_plan.models import (
    NEEDS_FLAGS,
    AffectedPerson,
    ChecklistArea,
    ChecklistTask,
    Funding,
    Incident,
    LessonsReview,
    Reservation,
    ReviewStatus,
    Scenario,
    StakeholderResponsibility,
    TaskTemplate,
    TeamMember,
    Vacancy,
)
from failure_plan.rules import (
    EmergencyClock,
    emergency_clock,
    responsibility_for,
    section_48_decision,
)
from providers.models import Service, ServiceQuerySet


# --- incidents ----------------------------------------------------------------------------
def incident_list(*, status: str | None = None) -> QuerySet[Incident]:
    """Incidents, newest notice first, with their services and the number of people."""
    incidents = (
        Incident.objects.select_related("lead")
        .prefetch_related(Prefetch("services", queryset=Service.objects.select_related("provider")))
        .annotate(people_count=Count("people", distinct=True))
    )
    if status in Incident.Status.values:
        incidents = incidents.filter(status=status)
    return incidents


def incident_for(*, pk: int) -> Incident:
    """One incident (404 if missing) with its services, lead and team, for any page of it."""
    return get_object_or_404(
        Incident.objects.select_related("lead", "opened_by").prefetch_related(
            Prefetch(
                "services",
                queryset=Service.objects.select_related("provider").order_by("name"),
            ),
            Prefetch("team", queryset=TeamMember.objects.select_related("user")),
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class Progress:
    total: int
    done: int
    not_needed: int
    in_progress: int
    overdue: int

    @property
    def finished(self) -> int:
        return self.done + self.not_needed

    @property
    def needed(self) -> int:
        """Tasks that count towards progress: a task marked "not needed" drops out."""
        return self.total - self.not_needed

    @property
    def headline(self) -> str:
        text = f"{self.done} of {self.needed} tasks done"
        if self.not_needed:
            text += f" ({self.not_needed} not needed)"
        return text

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.needed) if self.needed else 0


def _task_counts(incident: Incident, today: datetime.date, **filters) -> dict:
    open_statuses = ChecklistTask.OPEN_STATUSES
    return incident.tasks.filter(**filters).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=ChecklistTask.Status.DONE)),
        not_needed=Count("pk", filter=Q(status=ChecklistTask.Status.NOT_NEEDED)),
        in_progress=Count("pk", filter=Q(status=ChecklistTask.Status.IN_PROGRESS)),
        overdue=Count("pk", filter=Q(status__in=open_statuses, planned_on__lt=today)),
    )


def checklist_progress(*, incident: Incident, today: datetime.date) -> Progress:
    return Progress(**_task_counts(incident, today))


def _placed_q(today: datetime.date) -> Q:
    has_destination = ~Q(destination="") | Q(destination_service__isnull=False)
    return has_destination & Q(move_date__isnull=False, move_date__lte=today)


@dataclass(frozen=True)
class PeopleFigures:
    total: int
    placed: int
    reviewed: int
    reserved: int
    wellbeing_done: int
    wellbeing_due: int
    wellbeing_overdue: int
    by_funding: list[tuple[str, str, int]]  # (funding, label, count)
    by_responsibility: list[tuple[str, int]]
    needs: list[tuple[str, int]]

    @property
    def not_placed(self) -> int:
        return self.total - self.placed


def people_figures(*, incident: Incident, today: datetime.date) -> PeopleFigures:
    """Counts about the people affected, without reading a single name (one query)."""
    opens = today - datetime.timedelta(days=28)
    closes = today - datetime.timedelta(days=42)
    aggregates = {
        "total": Count("pk"),
        "placed": Count("pk", filter=_placed_q(today)),
        "reviewed": Count("pk", filter=Q(review_status=ReviewStatus.DONE)),
        "wellbeing_done": Count("pk", filter=Q(wellbeing_checked_on__isnull=False)),
        # Due: the window (28 to 42 days after the move) has opened and not yet closed.
        "wellbeing_due": Count(
            "pk",
            filter=Q(
                wellbeing_checked_on__isnull=True,
                move_date__lte=opens,
                move_date__gte=closes,
            ),
        ),
        "wellbeing_overdue": Count(
            "pk", filter=Q(wellbeing_checked_on__isnull=True, move_date__lt=closes)
        ),
    }
    for funding in Funding.values:
        aggregates[f"funding_{funding}"] = Count("pk", filter=Q(funding=funding))
    for flag in NEEDS_FLAGS:
        aggregates[f"flag_{flag}"] = Count("pk", filter=Q(**{flag: True}))
    row = AffectedPerson.objects.filter(incident=incident).aggregate(**aggregates)
    reserved = Reservation.objects.filter(
        person__incident=incident, released_at__isnull=True
    ).count()
    by_funding = [(value, label, row[f"funding_{value}"]) for value, label in Funding.choices]
    responsibility: OrderedDict[str, int] = OrderedDict()
    for value, _label, count in by_funding:
        if not count:
            continue
        who = responsibility_for(funding=value, placing_council="the placing council")
        if value in (Funding.SELF_FUNDER, Funding.OTHER_COUNCIL):
            payer = "the person" if value == Funding.SELF_FUNDER else "the placing council"
            key = f"The council co-ordinates; {payer} funds and plans"
        else:
            key = who.responsible
        responsibility[key] = responsibility.get(key, 0) + count
    return PeopleFigures(
        total=row["total"],
        placed=row["placed"],
        reviewed=row["reviewed"],
        reserved=reserved,
        wellbeing_done=row["wellbeing_done"],
        wellbeing_due=row["wellbeing_due"],
        wellbeing_overdue=row["wellbeing_overdue"],
        by_funding=by_funding,
        by_responsibility=list(responsibility.items()),
        needs=[(label, row[f"flag_{flag}"]) for flag, label in NEEDS_FLAGS.items()],
    )


def clock_for(
    *, incident: Incident, now: datetime.datetime, people: PeopleFigures, progress: Progress
) -> EmergencyClock | None:
    """The 72-hour clock of an open emergency closure (None for other incidents)."""
    if not (incident.is_emergency and incident.is_open):
        return None
    return emergency_clock(
        notice_at=incident.notice_at,
        now=now,
        people_total=people.total,
        people_not_placed=people.not_placed,
        overdue_tasks=progress.overdue,
    )


def incident_summary(*, incident: Incident, now: datetime.datetime | None = None) -> dict:
    """Everything the incident page and the briefing show, as counts: no names."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    progress = checklist_progress(incident=incident, today=today)
    people = people_figures(incident=incident, today=today)
    return {
        "now": now,
        "today": today,
        "progress": progress,
        "people": people,
        "clock": clock_for(incident=incident, now=now, people=people, progress=progress),
        "section_48": section_48_decision(
            provider_registered=incident.provider_registered,
            business_failure=incident.business_failure,
            activity_regulated=incident.activity_regulated,
        ),
        "communications": list(
            incident.communications.select_related("recorded_by").order_by("-happened_on", "-pk")
        ),
        "lessons": lessons_for(incident=incident),
        "areas": area_progress(incident=incident, today=today),
    }


def lessons_for(*, incident: Incident) -> LessonsReview | None:
    return LessonsReview.objects.filter(incident=incident).select_related("recorded_by").first()


def area_progress(*, incident: Incident, today: datetime.date) -> list[dict]:
    """Per checklist area: tasks finished (done or not needed) of the total (one query)."""
    rows = (
        incident.tasks.values("area")
        .annotate(
            total=Count("pk"),
            finished=Count(
                "pk",
                filter=Q(status__in=[ChecklistTask.Status.DONE, ChecklistTask.Status.NOT_NEEDED]),
            ),
            overdue=Count(
                "pk", filter=Q(status__in=ChecklistTask.OPEN_STATUSES, planned_on__lt=today)
            ),
        )
        .order_by()
    )
    found = {row["area"]: row for row in rows}
    return [
        {"area": area, "label": label, **found[area]}
        for area, label in ChecklistArea.choices
        if area in found
    ]


def checklist_for(*, incident: Incident) -> list[dict]:
    """The checklist grouped by area in the playbook's order: [{area, label, tasks}]."""
    tasks = incident.tasks.select_related("owner").order_by("order", "pk")
    groups: OrderedDict[str, list[ChecklistTask]] = OrderedDict(
        (area, []) for area in ChecklistArea.values
    )
    for task in tasks:
        groups[task.area].append(task)
    labels = dict(ChecklistArea.choices)
    return [
        {"area": area, "label": labels[area], "tasks": items}
        for area, items in groups.items()
        if items
    ]


def task_for(*, incident: Incident, pk: int) -> ChecklistTask:
    return get_object_or_404(incident.tasks.select_related("owner"), pk=pk)


def team_for_choice(*, incident: Incident) -> QuerySet[User]:
    """Who may own a checklist task: the lead and the project team."""
    ids = {incident.lead_id, *incident.team.values_list("user_id", flat=True)}
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name")


def users_for_team() -> QuerySet[User]:
    """Anyone with a role may be put on a project team."""
    return (
        User.objects.filter(is_active=True, groups__isnull=False).distinct().order_by("full_name")
    )


# --- people (names: check failure_plan.see_people first) ----------------------------------
def _live_reservations() -> Prefetch:
    return Prefetch(
        "reservations",
        queryset=Reservation.objects.filter(released_at__isnull=True).select_related(
            "vacancy__service"
        ),
        to_attr="live_reservations",
    )


PEOPLE_FILTERS = {
    "not_placed": "Not yet placed",
    "not_reviewed": "Not reviewed yet",
    "wellbeing_due": "Wellbeing check due or overdue",
}


def people_for(
    *, incident: Incident, show: str = "", today: datetime.date | None = None
) -> QuerySet[AffectedPerson]:
    """The incident's people with what the list shows (three queries however many)."""
    today = today or timezone.localdate()
    people = (
        incident.people.select_related("service", "placing_council", "destination_service")
        .prefetch_related(_live_reservations())
        .order_by("full_name", "pk")
    )
    if show == "not_placed":
        people = people.exclude(_placed_q(today))
    elif show == "not_reviewed":
        people = people.exclude(review_status=ReviewStatus.DONE)
    elif show == "wellbeing_due":
        people = people.filter(
            wellbeing_checked_on__isnull=True,
            move_date__lte=today - datetime.timedelta(days=28),
        )
    return people


def person_for(*, incident: Incident, pk: int) -> AffectedPerson:
    return get_object_or_404(
        incident.people.select_related(
            "service", "placing_council", "destination_service"
        ).prefetch_related(_live_reservations()),
        pk=pk,
    )


def reservation_for(*, person: AffectedPerson) -> Reservation | None:
    return (
        Reservation.objects.filter(person=person, released_at__isnull=True)
        .select_related("vacancy__service")
        .first()
    )


# --- capacity -----------------------------------------------------------------------------
def latest_vacancies() -> QuerySet[Vacancy]:
    """The newest vacancy record of each service (PostgreSQL DISTINCT ON)."""
    newest = (
        Vacancy.objects.order_by("service_id", "-recorded_on", "-pk")
        .distinct("service_id")
        .values("pk")
    )
    return Vacancy.objects.filter(pk__in=Subquery(newest))


def normalise_prefix(prefix: str) -> str:
    return "".join((prefix or "").split()).upper()


def vacancy_finder(
    *,
    service_type: str = "",
    client_group: str = "",
    area: str = "",
    postcode_prefix: str = "",
    exclude_service_ids: set[int] | None = None,
    only_free: bool = True,
) -> QuerySet[Vacancy]:
    """Services' latest vacancies, filtered by service type, client group and area (in the
    council's area or not, and a postcode district or area prefix like "NM3" or "NM"), most
    free first."""
    vacancies = (
        latest_vacancies()
        .select_related("service", "service__provider")
        .annotate(free=F("vacancies") - F("reserved"))
        .filter(ServiceQuerySet.open_q("service__"))
    )
    if only_free:
        vacancies = vacancies.filter(free__gt=0)
    if service_type:
        vacancies = vacancies.filter(service__service_type=service_type)
    if client_group:
        vacancies = vacancies.filter(service__client_group=client_group)
    if area == "in":
        vacancies = vacancies.filter(service__in_area=True)
    elif area == "out":
        vacancies = vacancies.filter(service__in_area=False)
    prefix = normalise_prefix(postcode_prefix)
    if prefix:
        if any(ch.isdigit() for ch in prefix):
            # A whole district ("NM3") must not match "NM31".
            vacancies = vacancies.filter(
                Q(service__postcode__istartswith=prefix + " ") | Q(service__postcode__iexact=prefix)
            )
        else:
            vacancies = vacancies.filter(service__postcode__istartswith=prefix)
    if exclude_service_ids:
        vacancies = vacancies.exclude(service_id__in=exclude_service_ids)
    return vacancies.order_by("-free", "service__name")


def vacancy_for_reserving(*, pk: int) -> Vacancy:
    return get_object_or_404(Vacancy.objects.select_related("service"), pk=pk)


def services_for_vacancies() -> QuerySet[Service]:
    return Service.objects.open().select_related("provider").order_by("name")


def recent_vacancies(*, limit: int = 20) -> QuerySet[Vacancy]:
    return Vacancy.objects.select_related("service", "recorded_by").order_by("-created_at")[:limit]


# --- playbook -----------------------------------------------------------------------------
def scenario_map() -> dict[str, str]:
    return dict(Scenario.objects.values_list("service_type", "approach"))


def playbook() -> dict:
    return {
        "scenarios": list(Scenario.objects.order_by("approach", "service_type")),
        "matrix": list(StakeholderResponsibility.objects.all()),
    }


def checklist_template() -> list[dict]:
    templates = TaskTemplate.objects.filter(is_active=True).order_by("order", "pk")
    labels = dict(ChecklistArea.choices)
    groups: OrderedDict[str, list[TaskTemplate]] = OrderedDict(
        (area, []) for area in ChecklistArea.values
    )
    for template in templates:
        groups[template.area].append(template)
    return [
        {"area": area, "label": labels[area], "tasks": items}
        for area, items in groups.items()
        if items
    ]


# --- the briefing -------------------------------------------------------------------------
def briefing_context(*, incident_id: int, now: datetime.datetime | None = None) -> dict:
    """What the cabinet member briefing PDF shows: counts, never names."""
    incident = incident_for(pk=incident_id)
    summary = incident_summary(incident=incident, now=now)
    return {"incident": incident, **summary}


def open_incidents_for_service(*, service: Service) -> QuerySet[Incident]:
    return service.failure_incidents.filter(status=Incident.Status.OPEN)
