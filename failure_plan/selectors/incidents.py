"""Reads of incidents: the list, one incident with what every page of it needs, its summary
(the clock, the section 48 decision, progress and counts: never names), and the briefing."""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from failure_plan.models import Approach, Incident, LessonsReview, TeamMember
from failure_plan.rules.clock import EmergencyClock, emergency_clock
from failure_plan.rules.duties import approaches_for, section_48_decision
from failure_plan.selectors.checklist import (
    Progress,
    area_progress,
    checklist_progress,
    scenario_map,
)
from failure_plan.selectors.people import PeopleFigures, people_figures
from providers.models import Service


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


def team_for_choice(*, incident: Incident) -> QuerySet[User]:
    """Who may own a checklist task: the lead and the project team."""
    ids = {incident.lead_id, *incident.team.values_list("user_id", flat=True)}
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name")


def lead_candidates() -> QuerySet[User]:
    """People who may lead an incident: anyone whose role may open one."""
    return (
        User.objects.filter(is_active=True)
        .filter(groups__permissions__codename="add_incident")
        .distinct()
        .order_by("full_name")
    )


def users_for_team() -> QuerySet[User]:
    """Anyone with a role may be put on a project team."""
    return (
        User.objects.filter(is_active=True, groups__isnull=False).distinct().order_by("full_name")
    )


def approach_labels(*, incident: Incident) -> list[str]:
    """The approaches the incident's services call for, through the playbook's scenarios."""
    found = approaches_for({s.service_type for s in incident.services.all()}, scenario_map())
    return [Approach(a).label for a in found]


# --- the briefing -------------------------------------------------------------------------
def briefing_context(*, incident_id: int, now: datetime.datetime | None = None) -> dict:
    """What the cabinet member briefing PDF shows: counts, never names."""
    incident = incident_for(pk=incident_id)
    summary = incident_summary(incident=incident, now=now)
    return {"incident": incident, **summary}


def open_incidents_for_service(*, service: Service) -> QuerySet[Incident]:
    return service.failure_incidents.filter(status=Incident.Status.OPEN)
