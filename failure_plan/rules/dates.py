"""The date rules of the people affected by a failure. They need no model, so the models
import them (``AffectedPerson.wellbeing_window``) without a cycle:

    wellbeing_check_window  4 to 6 weeks after the move
    wellbeing_check_state   where a person's wellbeing check stands on a day
    person_is_placed        has somewhere to go and has moved
    retention_cutoff        when the people of a closed incident are deleted
"""

from __future__ import annotations

import datetime

from django.db import models

WELLBEING_CHECK_FROM_DAYS = 28
WELLBEING_CHECK_BY_DAYS = 42


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


# --- retention ----------------------------------------------------------------------------
def retention_cutoff(*, now: datetime.datetime, days: int) -> datetime.datetime:
    """The people affected by an incident are deleted once the incident has been closed for
    longer than the retention period (OVERSIGHT_AFFECTED_PEOPLE_RETENTION_DAYS): incidents
    closed before this moment have their people deleted."""
    return now - datetime.timedelta(days=days)
