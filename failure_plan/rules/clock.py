"""The 72-hour clock of an emergency closure and how it escalates (``emergency_clock``).

A pure function of the notice, the time now and the incident's counts, so it is the same at
any time of day and in tests. It needs no model.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models

EMERGENCY_CLOCK_HOURS = 72
AT_RISK_HOURS = 24
CRITICAL_HOURS = 6


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
