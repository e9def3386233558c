"""Named rules of risk and escalation (DOMAIN.md, "Risk and escalation"), and permission
predicates for the escalation pages."""

from __future__ import annotations

import datetime

import rules

from accounts.rules import (
    has_model_perm,
    is_administrator,
    is_clinical_nurse,
    is_director,
    is_panel_chair,
)
from escalation.models import Authority, EscalationTaskKind, SanctionKind
from providers.levels import Level, PlacementRating
from providers.models import ServiceType
from providers.rules import is_portfolio_officer

# Default placement rating for each level (PlacementRatingRule rows hold the council's choice).
DEFAULT_PLACEMENT_RATINGS: dict[int, str] = {
    Level.ROUTINE: PlacementRating.GREEN,
    Level.ONE: PlacementRating.GREEN,
    Level.TWO: PlacementRating.AMBER,
    Level.THREE: PlacementRating.RED,
    Level.FOUR: PlacementRating.RED,
}


def forum_for_change(*, from_level: int, to_level: int) -> str:
    """The forum that confirms a change of level is the forum for the higher of the two levels:
    level 1 the lead officer, level 2 the Quality Peer Support Group, levels 3-4 the Provider
    Escalation Panel. So escalating to 3 and de-escalating from 3 both go to PEP."""
    top = max(from_level, to_level)
    if top >= Level.THREE:
        return Authority.PEP
    if top == Level.TWO:
        return Authority.QPSG
    return Authority.LEAD_OFFICER


def needs_meeting_or_urgent_reason(*, from_level: int, to_level: int) -> bool:
    """A change the Provider Escalation Panel owns is confirmed in a PEP meeting; outside one,
    only as an urgent decision with a recorded reason. Lead-officer and QPSG changes may be
    confirmed directly by a panel chair."""
    return forum_for_change(from_level=from_level, to_level=to_level) == Authority.PEP


def briefing_tasks_for_change(*, from_level: int, to_level: int) -> list[str]:
    """Escalation to level 3 means briefing the Director and the cabinet member; to level 4,
    also briefing the regional directors' association (ADASS) and readying the market failure
    playbook. Only what the new level adds: moving from 3 to 4 does not brief the Director
    again. De-escalation creates no tasks."""
    kinds: list[str] = []
    if to_level >= Level.THREE > from_level:
        kinds.append(EscalationTaskKind.BRIEF_DIRECTOR)
    if to_level >= Level.FOUR > from_level:
        kinds += [EscalationTaskKind.BRIEF_ADASS, EscalationTaskKind.READY_FAILURE_PLAN]
    return kinds


# Briefings are due quickly: the Director hears about a level 3 or 4 service within 2 working
# days (a council decision recorded in docs/adr/0007-level-decisions.md).
BRIEFING_DAYS = 2


def briefing_due_on(decided_on: datetime.date) -> datetime.date:
    """Two working days after the decision (weekends skipped; bank holidays are not)."""
    day, left = decided_on, BRIEFING_DAYS
    while left:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def sanction_kind_allowed(*, kind: str, service_type: str) -> bool:
    """A restriction of hours is a home support sanction; every service can have a
    placement stop."""
    return kind != SanctionKind.RESTRICTION_OF_HOURS or service_type == ServiceType.HOME_SUPPORT


def placement_rating_from_level(level: int, rules_by_level: dict[int, str] | None = None) -> str:
    """The placement rating a level gives, from the council's table (or the defaults)."""
    table = rules_by_level or DEFAULT_PLACEMENT_RATINGS
    return table.get(level, DEFAULT_PLACEMENT_RATINGS[Level(level)])


# --- permissions ---------------------------------------------------------------------------------
#
# Views and templates check these names (never a model permission directly):
#
#     escalation.view_register      the register, levels, ratings, sanctions (every role)
#     escalation.view_risk          scores and their factors, briefing tasks (council and ICB staff)
#     escalation.propose_level      propose a change of level (object: service) — the service's
#                                   contract officer, a clinical nurse, a chair or a director
#     escalation.decide_level       confirm or decline a proposal (panel chairs, directors)
#     escalation.manage_sanctions   record and end placement stops and restrictions
#     escalation.override_rating    override a placement rating, with a reason
#     escalation.view_letters       read letters to providers (council and ICB staff)
#     escalation.draft_letter       draft a letter (object: service)
#     escalation.issue_letter       issue a drafted letter (chairs, directors)
#     escalation.complete_task      mark a briefing task done (chairs, directors)

rules.add_perm("escalation.view_register", has_model_perm("escalation.view_servicestate"))
rules.add_perm("escalation.view_risk", has_model_perm("escalation.view_riskscore"))
rules.add_perm(
    "escalation.propose_level",
    has_model_perm("escalation.add_levelchange")
    & (is_portfolio_officer | is_clinical_nurse | is_panel_chair | is_director),
)
rules.add_perm("escalation.decide_level", has_model_perm("escalation.decide_levelchange"))
rules.add_perm("escalation.manage_sanctions", has_model_perm("escalation.add_sanction"))
rules.add_perm(
    "escalation.override_rating", has_model_perm("escalation.add_placementratingoverride")
)
rules.add_perm("escalation.view_letters", has_model_perm("escalation.view_letter"))
rules.add_perm(
    "escalation.draft_letter",
    has_model_perm("escalation.add_letter")
    & (is_portfolio_officer | is_panel_chair | is_director | is_administrator),
)


@rules.predicate
def _holds_issue_letter_permission(user) -> bool:
    """The model permission has the same name as the rule, so ``user.has_perm`` would ask this
    rule again; read the role's permissions from the model backend instead."""
    return bool(
        user and user.is_authenticated and "escalation.issue_letter" in user.get_all_permissions()
    )


rules.add_perm("escalation.issue_letter", _holds_issue_letter_permission)
rules.add_perm("escalation.complete_task", has_model_perm("escalation.change_escalationtask"))


# --- the risk register ---------------------------------------------------------------------------

# A sanction's review is "due" on the register from two weeks before its review date
# (docs/adr/0008-risk-register.md), so the panel can put it on the next agenda.
SANCTION_REVIEW_DUE_DAYS = 14


def sanction_review_due_by(today: datetime.date) -> datetime.date:
    """A sanction in force needs reviewing when its review date is on or before this day:
    within the next 14 days, or already passed (overdue)."""
    return today + datetime.timedelta(days=SANCTION_REVIEW_DUE_DAYS)


def sanction_review_overdue(review_date: datetime.date | None, *, today: datetime.date) -> bool:
    """A review is overdue once its date has passed and the sanction is still in force."""
    return review_date is not None and review_date < today
