"""Incidents: opening and changing them, the project team, the checklist, the communications
log, the lessons-learned review that closes them, and the cabinet member briefing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.audit import acting_as
from core.jobs import job_create
from core.models import Job
from core.queue import enqueue_on_commit
from failure_plan.models import (
    Cause,
    ChecklistTask,
    Communication,
    CommunicationKind,
    Incident,
    LessonsReview,
    Scenario,
    TaskTemplate,
    TeamMember,
)
from failure_plan.rules.duties import approaches_for
from failure_plan.selectors.incidents import lead_candidates
from failure_plan.services.common import Errors, check_open
from providers.models import Service

INCIDENT_FIELDS = (
    "title",
    "services",
    "cause",
    "summary",
    "notice_at",
    "is_emergency",
    "may_be_temporary",
    "lead",
    "provider_registered",
    "business_failure",
    "activity_regulated",
)
TASK_STATUSES = set(ChecklistTask.Status.values)


def _validate_incident(data: dict, *, now: datetime.datetime) -> Errors:
    errors = Errors()
    if not (data.get("title") or "").strip():
        errors.add("title", "Enter a name for the incident")
    services = list(data.get("services") or [])
    if not services:
        errors.add("services", "Select the services that have failed")
    if data.get("cause") not in Cause.values:
        errors.add("cause", "Select the cause of the failure")
    notice_at = data.get("notice_at")
    if notice_at is None:
        errors.add("notice_at", "Enter the notice date")
    elif notice_at > now + datetime.timedelta(minutes=5):
        errors.add("notice_at", "The notice date and time must be now or in the past")
    lead = data.get("lead")
    if lead is None:
        errors.add("lead", "Select who leads the response")
    elif not lead_candidates().filter(pk=lead.pk).exists():
        errors.add("lead", "Select someone who may lead an incident")
    return errors


def incident_open(
    *,
    acting_user: User,
    title: str,
    services: Iterable[Service],
    cause: str,
    notice_at: datetime.datetime | None,
    lead: User | None,
    is_emergency: bool = False,
    may_be_temporary: bool = False,
    summary: str = "",
    provider_registered: bool = False,
    business_failure: bool = False,
    activity_regulated: bool = False,
    now: datetime.datetime | None = None,
) -> Incident:
    """Open an incident against one or more services and copy the checklist template for its
    approach(es) into the incident's own checklist."""
    services = list(services or [])
    data = {
        "title": title,
        "services": services,
        "cause": cause,
        "notice_at": notice_at,
        "lead": lead,
    }
    _validate_incident(data, now=now or timezone.now()).raise_if_any()
    # The validation refused a missing notice or lead.
    assert notice_at is not None and lead is not None
    with acting_as(acting_user):
        incident = Incident.objects.create(
            title=title.strip(),
            cause=cause,
            summary=summary.strip(),
            notice_at=notice_at,
            is_emergency=is_emergency,
            may_be_temporary=may_be_temporary,
            lead=lead,
            provider_registered=provider_registered,
            business_failure=business_failure,
            activity_regulated=activity_regulated,
            opened_by=acting_user,
        )
        incident.services.set(services)
        checklist_sync(incident=incident, services=services)
    return incident


def incident_update(*, acting_user: User, incident: Incident, **changes) -> Incident:
    """Change an open incident's details. Adding services of another kind adds the tasks of
    that approach to the checklist; tasks already there are never removed."""
    unknown = set(changes) - set(INCIDENT_FIELDS)
    if unknown:
        raise TypeError(f"Incident has no editable field(s) {sorted(unknown)}")
    check_open(incident)
    current = {name: getattr(incident, name) for name in INCIDENT_FIELDS if name != "services"}
    current["services"] = list(incident.services.all())
    data = {**current, **changes}
    data["services"] = list(data["services"] or [])
    _validate_incident(data, now=timezone.now()).raise_if_any()
    with acting_as(acting_user):
        for name in INCIDENT_FIELDS:
            if name == "services":
                continue
            value = data[name]
            setattr(incident, name, value.strip() if isinstance(value, str) else value)
        incident.save()
        incident.services.set(data["services"])
        checklist_sync(incident=incident, services=data["services"])
    return incident


def checklist_sync(*, incident: Incident, services: Iterable[Service]) -> int:
    """Copy into the checklist every template task in use for the incident's approaches that
    it does not have yet. Returns how many were added."""
    scenarios = dict(Scenario.objects.values_list("service_type", "approach"))
    approaches = approaches_for({s.service_type for s in services}, scenarios)
    templates = TaskTemplate.objects.filter(is_active=True)
    wanted = [
        t
        for t in templates
        if ("building" in approaches and t.for_building) or ("home" in approaches and t.for_home)
    ]
    have = set(incident.tasks.exclude(template=None).values_list("template_id", flat=True))
    new = [
        ChecklistTask(
            incident=incident,
            template=t,
            area=t.area,
            title=t.title,
            guidance=t.guidance,
            order=t.order,
        )
        for t in wanted
        if t.pk not in have
    ]
    ChecklistTask.objects.bulk_create(new)
    return len(new)


# --- the project team ---------------------------------------------------------------------
def team_member_add(
    *, acting_user: User, incident: Incident, user: User | None, role_on_team: str
) -> TeamMember:
    """Put someone on the incident's project team."""
    check_open(incident)
    errors = Errors()
    if user is None:
        errors.add("user", "Select a person")
    elif incident.team.filter(user=user).exists():
        errors.add("user", f"{user} is already on the project team")
    if not (role_on_team or "").strip():
        errors.add("role_on_team", "Enter what they do on the team")
    errors.raise_if_any()
    assert user is not None  # refused above
    with acting_as(acting_user):
        return TeamMember.objects.create(
            incident=incident, user=user, role_on_team=role_on_team.strip()
        )


def team_member_remove(*, acting_user: User, member: TeamMember) -> None:
    """Take someone off the project team (they keep their history)."""
    check_open(member.incident)
    with acting_as(acting_user):
        member.delete()


# --- the checklist ------------------------------------------------------------------------
def checklist_task_update(
    *,
    acting_user: User,
    task: ChecklistTask,
    status: str,
    owner: User | None = None,
    planned_on: datetime.date | None = None,
    progress: str = "",
    completed_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> ChecklistTask:
    """Record a checklist task's owner, dates, progress and status. A task marked done with
    no date completed is completed today."""
    incident = task.incident
    check_open(incident)
    today = today or timezone.localdate()
    notice_day = timezone.localtime(incident.notice_at).date()
    errors = Errors()
    if status not in TASK_STATUSES:
        errors.add("status", "Select the status of the task")
    if status == ChecklistTask.Status.DONE and completed_on is None:
        completed_on = today
    if completed_on is not None:
        if status != ChecklistTask.Status.DONE:
            errors.add("completed_on", "Only enter a date completed when the task is done")
        elif completed_on > today:
            errors.add("completed_on", "Date completed must be today or in the past")
        elif completed_on < notice_day:
            errors.add("completed_on", "Date completed must be on or after the notice date")
    errors.raise_if_any()
    with acting_as(acting_user):
        task.status = status
        task.owner = owner
        task.planned_on = planned_on
        task.progress = (progress or "").strip()
        task.completed_on = completed_on
        task.save()
    return task


# --- communications -----------------------------------------------------------------------
def communication_record(
    *,
    acting_user: User,
    incident: Incident,
    kind: str,
    happened_on: datetime.date | None,
    summary: str,
    by_whom: str,
) -> Communication:
    """Add an entry to the incident's communications log."""
    check_open(incident)
    errors = Errors()
    if kind not in CommunicationKind.values:
        errors.add("kind", "Select the kind of communication")
    if happened_on is None:
        errors.add("happened_on", "Enter the date")
    elif happened_on > timezone.localdate():
        errors.add("happened_on", "The date must be today or in the past")
    if not (by_whom or "").strip():
        errors.add("by_whom", "Enter who it was from or who led it")
    if not (summary or "").strip():
        errors.add("summary", "Enter a summary")
    errors.raise_if_any()
    assert happened_on is not None  # refused above
    with acting_as(acting_user):
        return Communication.objects.create(
            incident=incident,
            kind=kind,
            happened_on=happened_on,
            summary=summary.strip(),
            by_whom=by_whom.strip(),
            recorded_by=acting_user,
        )


# --- closing ------------------------------------------------------------------------------
def lessons_record(
    *,
    acting_user: User,
    incident: Incident,
    went_well: str,
    to_improve: str,
    actions: str,
    warning_signs: str = "",
    now: datetime.datetime | None = None,
) -> LessonsReview:
    """Record the lessons-learned review and close the incident with it."""
    check_open(incident)
    errors = Errors()
    if not (went_well or "").strip():
        errors.add("went_well", "Enter what went well")
    if not (to_improve or "").strip():
        errors.add("to_improve", "Enter what could be better next time")
    if not (actions or "").strip():
        errors.add("actions", "Enter the actions agreed")
    errors.raise_if_any()
    with acting_as(acting_user):
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        check_open(locked)
        review = LessonsReview.objects.create(
            incident=locked,
            warning_signs=(warning_signs or "").strip(),
            went_well=went_well.strip(),
            to_improve=to_improve.strip(),
            actions=actions.strip(),
            recorded_by=acting_user,
        )
        locked.status = Incident.Status.CLOSED
        locked.closed_at = now or timezone.now()
        locked.save(update_fields=["status", "closed_at", "updated_at"])
    # The caller's copy (and the tasks and people that point at it) is closed too.
    incident.status, incident.closed_at = locked.status, locked.closed_at
    return review


incident_close = lessons_record


# --- the briefing -------------------------------------------------------------------------
def briefing_request(*, acting_user: User, incident: Incident) -> Job:
    """Start making the cabinet member briefing PDF in the background; the job tracks it."""
    with transaction.atomic():
        job = job_create(
            acting_user=acting_user,
            kind="failure_plan.briefing",
            title=f"Cabinet member briefing: {incident.title}",
            params={"incident": incident.pk},
        )
        enqueue_on_commit("failure_plan.tasks.briefing_pdf_generate", str(job.pk), incident.pk)
    return job
