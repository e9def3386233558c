"""Named rules of the panels (DOMAIN.md, "Panels"; docs/adr/0011-panels.md) and who may do what.

Permissions (views and templates check these names):

    panels.view_meetings   the list of meetings (every role; partners see their panels only)
    panels.see_meeting     a meeting's agenda, briefing pack and minutes (object: meeting) —
                           council and ICB staff, and partner members who sit on that panel
    panels.chair           schedule meetings (panel chairs and directors)
    panels.run_meeting     build the agenda, record minutes and decisions, publish
                           (object: meeting not yet published; chairs and directors)
    panels.complete_action mark a panel action done (object: action; its owner or a chair)

A partner who does not sit on a panel is given 404 for its meetings (selectors scope them).
"""

from __future__ import annotations

import datetime

import rules
from django.core.exceptions import PermissionDenied

from accounts.rules import has_model_perm, is_council_or_icb_staff
from escalation.rules import forum_for_change
from panels.models import PANEL_AUTHORITY, PANEL_LEVELS, Decision, Panel
from providers.levels import Level


# --- scheduling -----------------------------------------------------------------------------
def nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    """The ``n``-th ``weekday`` (0 Monday) of a month: the second Tuesday, say."""
    first = datetime.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    day = first + datetime.timedelta(days=offset + 7 * (n - 1))
    if day.month != month:  # a fifth weekday that the month lacks: the last one instead
        day -= datetime.timedelta(days=7)
    return day


def next_meeting_date(
    *,
    weekday: int,
    after: datetime.date,
    week_of_month: int | None = None,
    interval_weeks: int | None = None,
    last_meeting: datetime.date | None = None,
) -> datetime.date:
    """The next meeting day strictly after ``after``. A monthly panel (PEP) meets on the
    ``week_of_month``-th ``weekday`` of each month; a fortnightly one (QPSG) ``interval_weeks``
    after its last meeting, or on the next ``weekday`` when it has none yet."""
    if week_of_month:
        year, month = after.year, after.month
        while True:
            day = nth_weekday(year, month, weekday, week_of_month)
            if day > after:
                return day
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if last_meeting:
        day = last_meeting + datetime.timedelta(weeks=interval_weeks or 2)
        while day <= after:
            day += datetime.timedelta(weeks=interval_weeks or 2)
        return day
    day = after + datetime.timedelta(days=1)
    while day.weekday() != weekday:
        day += datetime.timedelta(days=1)
    return day


def agenda_cutoff(meeting_day: datetime.date, working_days: int = 5) -> datetime.date:
    """The agenda closes ``working_days`` working days (Monday to Friday; bank holidays are
    not known) before the meeting: papers reach members a week ahead."""
    day, left = meeting_day, working_days
    while left:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


# --- the agenda -----------------------------------------------------------------------------
def proposal_is_for_panel(*, panel: str, from_level: int, to_level: int) -> bool:
    """A proposal comes to the panel that is the forum for it (escalation.rules): PEP takes
    proposals to escalate to 3-4 and to de-escalate from them; QPSG the same for level 2."""
    return forum_for_change(from_level=from_level, to_level=to_level) == PANEL_AUTHORITY[panel]


# --- decisions ------------------------------------------------------------------------------
def decision_errors(
    *, panel: str, decision: str, current_level: int, to_level: int | None
) -> dict[str, str]:
    """What is wrong with a decision, keyed by form field. Empty: it can stand.

    Maintain keeps the level. Escalate moves up, de-escalate down. Close means the service
    leaves the panel's oversight: de-escalate below the panel's lowest level, with the level
    chosen. A PEP decision must involve levels 3-4 (a lower change is for QPSG)."""
    levels = PANEL_LEVELS[Panel(panel)]
    if decision not in Decision.values:
        return {"decision": "Select the panel's decision"}
    if decision == Decision.MAINTAIN:
        return {}
    if to_level is None or to_level not in Level.values:
        return {"to_level": "Select the new level"}
    if decision == Decision.ESCALATE and to_level <= current_level:
        return {"to_level": "To escalate, select a level above the current one"}
    if decision in (Decision.DE_ESCALATE, Decision.CLOSE) and to_level >= current_level:
        return {"to_level": "To de-escalate, select a level below the current one"}
    if decision == Decision.CLOSE and to_level >= min(levels):
        return {"to_level": f"To close, select a level below {Level(min(levels)).label.lower()}"}
    if panel == Panel.PEP and max(current_level, to_level) < Level.THREE:
        return {"to_level": "Changes below level 3 are for the Quality Peer Support Group"}
    return {}


def decision_is_referral(*, panel: str, from_level: int, to_level: int) -> bool:
    """A QPSG cannot confirm a change the Provider Escalation Panel owns (to or from levels
    3-4): its decision becomes a referral — a proposal left open for PEP."""
    return (
        panel == Panel.QPSG
        and forum_for_change(from_level=from_level, to_level=to_level) != PANEL_AUTHORITY[panel]
    )


# --- permissions ----------------------------------------------------------------------------
@rules.predicate
def sits_on_panel(user, meeting) -> bool:
    if meeting is None:
        return False
    return user.panel_memberships.filter(panel=meeting.panel).exists()


@rules.predicate
def meeting_is_open(user, meeting) -> bool:
    return meeting is not None and not meeting.is_published


_views_meetings = has_model_perm("panels.view_meeting")
rules.add_perm("panels.view_meetings", _views_meetings)
rules.add_perm("panels.see_meeting", _views_meetings & (is_council_or_icb_staff | sits_on_panel))
rules.add_perm("panels.chair", has_model_perm("panels.chair_meeting"))
rules.add_perm("panels.run_meeting", has_model_perm("panels.chair_meeting") & meeting_is_open)


@rules.predicate
def owns_action(user, action) -> bool:
    return action is not None and action.owner_id == user.pk


rules.add_perm(
    "panels.complete_action",
    _views_meetings & (has_model_perm("panels.chair_meeting") | owns_action),
)


def require_perm(acting_user, perm: str, obj=None) -> None:
    """Refuse (``PermissionDenied``) unless the user has the panel permission: the services
    check it themselves as well as the pages, since tasks and commands call them too."""
    if not acting_user.has_perm(perm, obj):
        raise PermissionDenied("Only a panel chair can do this.")
