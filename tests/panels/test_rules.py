"""The panels' named rules: when meetings fall, when agendas close, which decisions stand."""

from __future__ import annotations

import datetime

import pytest

from panels import rules
from panels.models import Decision, Panel


def test_the_second_tuesday_of_december_2026_is_the_8th():
    assert rules.nth_weekday(2026, 12, 1, 2) == datetime.date(2026, 12, 8)


def test_a_fifth_weekday_the_month_lacks_falls_back_to_the_last():
    # February 2027 has four Mondays: the "fifth" is the last, 22 February.
    assert rules.nth_weekday(2027, 2, 0, 5) == datetime.date(2027, 2, 22)


def test_pep_meets_on_the_second_tuesday_of_the_next_month_once_this_months_has_passed():
    after = datetime.date(2026, 11, 22)  # after 10 November, November's second Tuesday
    assert rules.next_meeting_date(weekday=1, week_of_month=2, after=after) == datetime.date(
        2026, 12, 8
    )
    assert rules.next_meeting_date(
        weekday=1, week_of_month=2, after=datetime.date(2026, 11, 1)
    ) == datetime.date(2026, 11, 10)


def test_qpsg_meets_two_weeks_after_its_last_meeting():
    last = datetime.date(2026, 11, 19)
    assert rules.next_meeting_date(
        weekday=3, interval_weeks=2, after=datetime.date(2026, 11, 22), last_meeting=last
    ) == datetime.date(2026, 12, 3)
    # Without a last meeting: the next Thursday.
    assert rules.next_meeting_date(
        weekday=3, interval_weeks=2, after=datetime.date(2026, 11, 22)
    ) == datetime.date(2026, 11, 26)


def test_the_agenda_closes_five_working_days_before_skipping_the_weekend():
    # Tuesday 8 December 2026: five working days back is Tuesday 1 December.
    assert rules.agenda_cutoff(datetime.date(2026, 12, 8)) == datetime.date(2026, 12, 1)
    assert rules.agenda_cutoff(datetime.date(2026, 12, 7), 1) == datetime.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("panel", "from_level", "to_level", "expected"),
    [
        (Panel.PEP, 2, 3, True),
        (Panel.PEP, 4, 2, True),
        (Panel.PEP, 1, 2, False),
        (Panel.QPSG, 1, 2, True),
        (Panel.QPSG, 2, 1, True),
        (Panel.QPSG, 2, 3, False),
    ],
)
def test_a_proposal_comes_to_the_panel_that_is_its_forum(panel, from_level, to_level, expected):
    assert (
        rules.proposal_is_for_panel(panel=panel, from_level=from_level, to_level=to_level)
        is expected
    )


def test_decisions_must_move_the_level_the_way_they_say():
    check = rules.decision_errors
    assert check(panel=Panel.PEP, decision=Decision.MAINTAIN, current_level=3, to_level=None) == {}
    assert check(panel=Panel.PEP, decision=Decision.ESCALATE, current_level=3, to_level=4) == {}
    assert "to_level" in check(
        panel=Panel.PEP, decision=Decision.ESCALATE, current_level=3, to_level=2
    )
    assert "to_level" in check(
        panel=Panel.PEP, decision=Decision.ESCALATE, current_level=3, to_level=None
    )
    assert "decision" in check(panel=Panel.PEP, decision="", current_level=3, to_level=None)


def test_closing_means_leaving_the_panels_levels():
    check = rules.decision_errors
    assert check(panel=Panel.PEP, decision=Decision.CLOSE, current_level=3, to_level=2) == {}
    assert check(panel=Panel.PEP, decision=Decision.CLOSE, current_level=4, to_level=3) == {
        "to_level": "To close, select a level below level 3"
    }
    assert check(panel=Panel.QPSG, decision=Decision.CLOSE, current_level=2, to_level=1) == {}


def test_pep_does_not_decide_changes_below_level_three():
    errors = rules.decision_errors(
        panel=Panel.PEP, decision=Decision.DE_ESCALATE, current_level=2, to_level=1
    )
    assert errors == {"to_level": "Changes below level 3 are for the Quality Peer Support Group"}


def test_a_qpsg_decision_that_pep_owns_is_a_referral():
    assert rules.decision_is_referral(panel=Panel.QPSG, from_level=2, to_level=3)
    assert not rules.decision_is_referral(panel=Panel.QPSG, from_level=2, to_level=1)
    assert not rules.decision_is_referral(panel=Panel.PEP, from_level=3, to_level=4)
