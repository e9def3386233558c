"""Named rules of market and provider failure, and who may do what with an incident.

Domain rules (DOMAIN.md, "Market and provider failure"), each tested on its own:

    section_48_decision     is the Care Act 2014 s48 temporary duty engaged?
    responsibility_for      who is responsible for a person, by how their care is funded
    approaches_for          approach 1 (building-based), 2 (home-based) or both
    wellbeing_check_window  4 to 6 weeks after the move
    person_is_placed        has somewhere to go and has moved
    emergency_clock         the 72-hour clock of an emergency closure and how it escalates
    retention_cutoff        when the people of a closed incident are deleted

Permissions (django-rules). Views and templates check these names, never the predicates:

    failure_plan.view_incidents   the incident list and summaries (every role)
    failure_plan.view_playbook    scenarios, the stakeholder matrix, the checklist template
    failure_plan.open_incident    open an incident (officers, chairs, directors, administrators)
    failure_plan.edit_incident    change its details and team, close it (its lead, or senior staff)
    failure_plan.work_incident    work the checklist and the communications log (the team too)
    failure_plan.brief_incident   make the cabinet member briefing (team, lead, senior staff)
    failure_plan.see_people       the names of the people affected (docs/adr/0003)
    failure_plan.change_people    add, import and change them
    failure_plan.export_people    download them as CSV
    failure_plan.view_capacity    the vacancy finder
    failure_plan.record_vacancy   record vacancies, by form or CSV

"Senior staff" are panel chairs, directors and administrators: they may step into any incident.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import rules
from django.db import models

from accounts.roles import Role
from accounts.rules import has_model_perm
from failure_plan.models import Approach, Funding

EMERGENCY_CLOCK_HOURS = 72
AT_RISK_HOURS = 24
CRITICAL_HOURS = 6
WELLBEING_CHECK_FROM_DAYS = 28
WELLBEING_CHECK_BY_DAYS = 42


# --- the section 48 temporary duty --------------------------------------------------------
@dataclass(frozen=True)
class Section48Decision:
    applies: bool
    reasons: tuple[str, ...]

    @property
    def headline(self) -> str:
        verb = "applies" if self.applies else "does not apply"
        return f"The temporary duty under section 48 of the Care Act 2014 {verb} because:"


def section_48_decision(
    *, provider_registered: bool, business_failure: bool, activity_regulated: bool
) -> Section48Decision:
    """The Care Act 2014 section 48 temporary duty is engaged when the provider is registered
    with CQC, AND it is unable to carry on the activity because of business failure, AND the
    activity is a regulated activity. All three must hold.

    When it applies, the reasons are the three facts; when it does not, the reasons are the
    facts that fail. Once engaged, the duty covers everyone receiving care from the service in
    the council's area, whoever pays and whichever council arranged it.
    """
    facts = (
        (
            provider_registered,
            "the provider is registered with CQC",
            "the provider is not registered with CQC",
        ),
        (
            business_failure,
            "it is unable to carry on the activity because of business failure",
            "it has not become unable to carry on the activity because of business failure",
        ),
        (
            activity_regulated,
            "the activity is a regulated activity",
            "the activity is not a regulated activity",
        ),
    )
    applies = all(holds for holds, _yes, _no in facts)
    if applies:
        reasons = tuple(yes for _holds, yes, _no in facts)
    else:
        reasons = tuple(no for holds, _yes, no in facts if not holds)
    return Section48Decision(applies=applies, reasons=reasons)


# --- who is responsible for a person ------------------------------------------------------
@dataclass(frozen=True)
class Responsibility:
    responsible: str  # who leads on this person's care and move
    welfare: str  # who co-ordinates their immediate welfare and the move
    funding_and_planning: str  # who pays and plans for the longer term

    @property
    def explanation(self) -> str:
        if self.welfare == self.funding_and_planning:
            return (
                f"{self.responsible} is responsible for their care and move, its funding and "
                "their long-term plan."
            )
        if self.responsible.startswith("The ICB"):
            return (
                "The ICB is responsible for their care, its funding and their long-term plan. "
                "The council helps find somewhere and manage the move."
            )
        who = self.funding_and_planning
        if who.startswith("The "):
            who = "the " + who[4:]
        return (
            "The council co-ordinates their immediate welfare and the move. Funding and "
            f"long-term planning stay with {who}."
        )


def responsibility_for(*, funding: str, placing_council: str = "") -> Responsibility:
    """Who is responsible for a person affected by a failure follows how their care is funded:

    - council-funded, and jointly or part-funded people: the council;
    - fully health-funded people (continuing health care): the ICB, with the council helping
      to find somewhere and manage the move;
    - self-funders and people placed by other councils: the council co-ordinates their
      immediate welfare and the move, but funding and long-term planning stay with the person
      (self-funders) or the placing council.
    """
    if funding in (Funding.COUNCIL, Funding.JOINT):
        return Responsibility(
            responsible="The council",
            welfare="The council",
            funding_and_planning="The council",
        )
    if funding == Funding.HEALTH:
        return Responsibility(
            responsible="The ICB",
            welfare="The ICB, working with the council",
            funding_and_planning="The ICB",
        )
    if funding == Funding.SELF_FUNDER:
        return Responsibility(
            responsible="The council co-ordinates",
            welfare="The council",
            funding_and_planning="The person, or whoever acts for them",
        )
    if funding == Funding.OTHER_COUNCIL:
        placer = placing_council or "The placing council"
        return Responsibility(
            responsible="The council co-ordinates",
            welfare="The council",
            funding_and_planning=placer,
        )
    raise ValueError(f"Unknown funding {funding!r}")


# --- approach -----------------------------------------------------------------------------
def approaches_for(service_types: Iterable[str], scenarios: Mapping[str, str]) -> list[str]:
    """The approach to a failure follows the failed services' types through the playbook's
    scenarios (``scenarios`` maps a service type to its approach). Services of both kinds
    call for both approaches. A type the playbook has no scenario for calls for both, so no
    task is left out; tasks that do not fit are marked "not needed".
    """
    found: set[str] = set()
    for service_type in service_types:
        approach = scenarios.get(service_type)
        if approach is None:
            found.update(Approach.values)
        else:
            found.add(approach)
    return [approach for approach in Approach.values if approach in found]


# --- people -------------------------------------------------------------------------------
def wellbeing_check_window(move_date: datetime.date) -> tuple[datetime.date, datetime.date]:
    """A social worker checks on each person's wellbeing four to six weeks after they move:
    the window opens 28 days after the move and closes 42 days after it."""
    return (
        move_date + datetime.timedelta(days=WELLBEING_CHECK_FROM_DAYS),
        move_date + datetime.timedelta(days=WELLBEING_CHECK_BY_DAYS),
    )


class WellbeingState(models.TextChoices):
    NOT_MOVED = "not_moved", "Not moved yet"
    UPCOMING = "upcoming", "Not due yet"
    DUE = "due", "Due"
    OVERDUE = "overdue", "Overdue"
    DONE = "done", "Done"


def wellbeing_check_state(
    *, move_date: datetime.date | None, checked_on: datetime.date | None, today: datetime.date
) -> str:
    """Where a person's wellbeing check stands: done once recorded; otherwise not due before
    the window opens, due within it, overdue after it closes."""
    if checked_on is not None:
        return WellbeingState.DONE
    if move_date is None:
        return WellbeingState.NOT_MOVED
    opens, closes = wellbeing_check_window(move_date)
    if today < opens:
        return WellbeingState.UPCOMING
    if today <= closes:
        return WellbeingState.DUE
    return WellbeingState.OVERDUE


def person_is_placed(
    *, has_destination: bool, move_date: datetime.date | None, today: datetime.date
) -> bool:
    """A person is safe and placed once they have somewhere to go (a service or a
    description) and their move date has come."""
    return has_destination and move_date is not None and move_date <= today


# --- the 72-hour clock --------------------------------------------------------------------
class ClockState(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    CRITICAL = "critical", "Critical"
    OVERDUE = "overdue", "Overdue"
    MET = "met", "Everyone placed"


CLOCK_TAG_COLOURS = {
    ClockState.ON_TRACK: "govuk-tag--green",
    ClockState.AT_RISK: "govuk-tag--yellow",
    ClockState.CRITICAL: "govuk-tag--red",
    ClockState.OVERDUE: "govuk-tag--red",
    ClockState.MET: "govuk-tag--green",
}


@dataclass(frozen=True)
class EmergencyClock:
    state: str
    deadline: datetime.datetime
    hours_elapsed: int
    hours_remaining: int
    people_total: int
    people_not_placed: int
    overdue_tasks: int
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return ClockState(self.state).label

    @property
    def tag_class(self) -> str:
        return CLOCK_TAG_COLOURS[ClockState(self.state)]


def emergency_clock(
    *,
    notice_at: datetime.datetime,
    now: datetime.datetime,
    people_total: int,
    people_not_placed: int,
    overdue_tasks: int,
) -> EmergencyClock:
    """An emergency closure has 72 hours from notice to find, review and move (or keep safe)
    everyone affected. Its state, checked in this order:

    - everyone placed: at least one person is recorded, all of them are placed, and no
      checklist task is overdue;
    - overdue: the 72 hours have passed;
    - critical: under 6 hours remain and someone is not yet placed;
    - at risk: under 24 hours remain, or a checklist task is overdue;
    - on track: otherwise.

    ``now`` is passed in, so the rule is the same at any time of day and in tests.
    """
    deadline = notice_at + datetime.timedelta(hours=EMERGENCY_CLOCK_HOURS)
    elapsed = max(datetime.timedelta(0), now - notice_at)
    remaining = deadline - now
    hours_elapsed = int(elapsed.total_seconds() // 3600)
    hours_remaining = max(0, int(remaining.total_seconds() // 3600))
    reasons: list[str] = []
    if people_not_placed:
        reasons.append(
            f"{people_not_placed} {'person is' if people_not_placed == 1 else 'people are'} "
            "not yet placed"
        )
    if people_total == 0:
        reasons.append("nobody affected has been recorded yet")
    if overdue_tasks:
        reasons.append(
            f"{overdue_tasks} checklist {'task is' if overdue_tasks == 1 else 'tasks are'} overdue"
        )

    if people_total > 0 and people_not_placed == 0 and overdue_tasks == 0:
        state = ClockState.MET
    elif remaining <= datetime.timedelta(0):
        state = ClockState.OVERDUE
        reasons.insert(0, "the 72 hours have passed")
    elif remaining < datetime.timedelta(hours=CRITICAL_HOURS) and (
        people_not_placed or people_total == 0
    ):
        state = ClockState.CRITICAL
        reasons.insert(0, f"fewer than {CRITICAL_HOURS} hours remain")
    elif remaining < datetime.timedelta(hours=AT_RISK_HOURS) or overdue_tasks:
        state = ClockState.AT_RISK
        if remaining < datetime.timedelta(hours=AT_RISK_HOURS):
            reasons.insert(0, f"fewer than {AT_RISK_HOURS} hours remain")
    else:
        state = ClockState.ON_TRACK
    return EmergencyClock(
        state=state,
        deadline=deadline,
        hours_elapsed=hours_elapsed,
        hours_remaining=hours_remaining,
        people_total=people_total,
        people_not_placed=people_not_placed,
        overdue_tasks=overdue_tasks,
        reasons=tuple(reasons),
    )


# --- retention ----------------------------------------------------------------------------
def retention_cutoff(*, now: datetime.datetime, days: int) -> datetime.datetime:
    """The people affected by an incident are deleted once the incident has been closed for
    longer than the retention period (OVERSIGHT_AFFECTED_PEOPLE_RETENTION_DAYS): incidents
    closed before this moment have their people deleted."""
    return now - datetime.timedelta(days=days)


# --- permissions --------------------------------------------------------------------------
SENIOR_ROLES = (Role.PANEL_CHAIR, Role.DIRECTOR, Role.ADMINISTRATOR)


@rules.predicate
def is_senior(user) -> bool:
    """Panel chairs, directors and administrators may step into any incident."""
    return bool(
        user and user.is_authenticated and any(user.has_role(role) for role in SENIOR_ROLES)
    )


@rules.predicate
def is_incident_lead(user, incident) -> bool:
    return bool(incident is not None and user and incident.lead_id == user.pk)


def team_user_ids(incident) -> set[int]:
    """The ids of the project team, read once per incident object (pages check several
    permissions against the same incident)."""
    if not hasattr(incident, "_team_user_ids"):
        cache = getattr(incident, "_prefetched_objects_cache", {})
        if "team" in cache:
            incident._team_user_ids = {member.user_id for member in cache["team"]}
        else:
            incident._team_user_ids = set(incident.team.values_list("user_id", flat=True))
    return incident._team_user_ids


@rules.predicate
def is_on_team(user, incident) -> bool:
    return bool(incident is not None and user and user.pk in team_user_ids(incident))


@rules.predicate
def incident_is_open(user, incident) -> bool:
    return bool(incident is not None and incident.is_open)


is_lead_or_team = is_incident_lead | is_on_team

rules.add_perm("failure_plan.view_incidents", has_model_perm("failure_plan.view_incident"))
rules.add_perm("failure_plan.view_playbook", has_model_perm("failure_plan.view_scenario"))
rules.add_perm("failure_plan.open_incident", has_model_perm("failure_plan.add_incident"))
rules.add_perm(
    "failure_plan.edit_incident",
    has_model_perm("failure_plan.change_incident")
    & (is_senior | is_incident_lead)
    & incident_is_open,
)
rules.add_perm(
    "failure_plan.work_incident",
    has_model_perm("failure_plan.change_checklisttask")
    & (is_senior | is_lead_or_team)
    & incident_is_open,
)
rules.add_perm(
    "failure_plan.brief_incident",
    has_model_perm("failure_plan.view_incident")
    & has_model_perm("failure_plan.change_checklisttask")
    & (is_senior | is_lead_or_team),
)
rules.add_perm(
    "failure_plan.see_people",
    has_model_perm("failure_plan.view_affectedperson") & (is_senior | is_lead_or_team),
)
rules.add_perm(
    "failure_plan.change_people",
    has_model_perm("failure_plan.change_affectedperson")
    & has_model_perm("failure_plan.view_affectedperson")
    & (is_senior | is_lead_or_team)
    & incident_is_open,
)
rules.add_perm(
    "failure_plan.export_people",
    has_model_perm("failure_plan.export_affectedperson")
    & has_model_perm("failure_plan.view_affectedperson")
    & (is_senior | is_lead_or_team),
)
rules.add_perm("failure_plan.view_capacity", has_model_perm("failure_plan.view_vacancy"))
rules.add_perm("failure_plan.record_vacancy", has_model_perm("failure_plan.add_vacancy"))
