"""Permission matrix rows for the failure plan (failure_plan:*).

The world: an open emergency closure of a care home led by ``officer``, with one person on
its register, a vacancy elsewhere and a team member (the lead's deputy, not a persona).
``other_officer`` and ``nurse`` are not on the project team, so they see the incident's
summary and checklist but not the people (docs/adr/0003-affected-people-access.md).
"""

from __future__ import annotations

from tests.accounts.factories import UserFactory
from tests.failure_plan.factories import AffectedPersonFactory, VacancyFactory, open_incident
from tests.matrix import Row, everyone, only

# Open incidents and record vacancies: every staff role that may lead.
OPENERS = ["officer", "other_officer", "chair", "director", "admin"]
# Work this incident and see its people: its lead and senior staff (not other officers,
# nurses or partners off the team).
WORKERS = ["officer", "chair", "director", "admin"]
CAPACITY = ["officer", "other_officer", "nurse", "chair", "director", "admin"]


def build_world(world):
    from accounts.roles import Role

    deputy = UserFactory(role=Role.CONTRACT_OFFICER, full_name="Dan Deputy")
    world.incident = open_incident(lead=world.officer, team=[deputy])
    world.member = world.incident.team.get()
    world.person = AffectedPersonFactory(incident=world.incident)
    world.task = world.incident.tasks.first()
    world.vacancy = VacancyFactory()


def _incident(world):
    return {"pk": world.incident.pk}


def _person(world):
    return {"pk": world.incident.pk, "person_pk": world.person.pk}


ROWS = [
    Row("failure_plan:incident-list", everyone(200)),
    Row("failure_plan:incident-create", only(200, OPENERS)),
    Row("failure_plan:playbook", everyone(200)),
    Row("failure_plan:checklist-template", everyone(200)),
    Row("failure_plan:capacity-finder", only(200, CAPACITY)),
    Row("failure_plan:vacancy-record", only(200, OPENERS)),
    Row("failure_plan:vacancy-import", only(200, OPENERS)),
    Row("failure_plan:vacancy-import-template", only(200, OPENERS)),
    Row("failure_plan:incident-detail", everyone(200), kwargs=_incident),
    Row("failure_plan:checklist", everyone(200), kwargs=_incident),
    Row("failure_plan:incident-update", only(200, WORKERS), kwargs=_incident),
    Row("failure_plan:team-member-add", only(200, WORKERS), kwargs=_incident),
    Row(
        "failure_plan:team-member-remove",
        only(302, WORKERS),
        kwargs=lambda w: {"pk": w.incident.pk, "member_pk": w.member.pk},
        method="post",
        note="removing someone already removed is a harmless redirect",
    ),
    Row(
        "failure_plan:task-update",
        only(200, WORKERS),
        kwargs=lambda w: {"pk": w.incident.pk, "task_pk": w.task.pk},
    ),
    Row("failure_plan:communication-add", only(200, WORKERS), kwargs=_incident),
    Row("failure_plan:incident-close", only(200, WORKERS), kwargs=_incident),
    Row(
        "failure_plan:briefing",
        only(302, WORKERS),
        kwargs=_incident,
        method="post",
        note="redirects to the job's progress page",
    ),
    # Names of people: the lead, the team (none of the personas here) and senior staff.
    Row("failure_plan:people-list", only(200, WORKERS), kwargs=_incident),
    Row("failure_plan:person-add", only(200, WORKERS), kwargs=_incident),
    Row("failure_plan:people-import", only(200, WORKERS), kwargs=_incident),
    Row("failure_plan:people-import-template", only(200, WORKERS), kwargs=_incident),
    Row("failure_plan:people-export", only(200, WORKERS), kwargs=_incident),
    Row("failure_plan:person-detail", only(200, WORKERS), kwargs=_person),
    Row("failure_plan:person-update", only(200, WORKERS), kwargs=_person),
    Row("failure_plan:person-wellbeing", only(200, WORKERS), kwargs=_person),
    Row("failure_plan:person-reserve", only(200, WORKERS), kwargs=_person),
    Row(
        "failure_plan:reservation-release",
        only(302, WORKERS),
        kwargs=_person,
        method="post",
        note="nothing reserved: back to the person",
    ),
]
