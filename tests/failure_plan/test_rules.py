"""The named rules of market and provider failure, each on its own (failure_plan/rules/)."""

from __future__ import annotations

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest

from failure_plan.models import Approach, Funding
from failure_plan.rules.clock import ClockState, emergency_clock
from failure_plan.rules.dates import (
    WellbeingState,
    person_is_placed,
    retention_cutoff,
    wellbeing_check_state,
    wellbeing_check_window,
)
from failure_plan.rules.duties import approaches_for, responsibility_for, section_48_decision

LONDON = ZoneInfo("Europe/London")
NOTICE = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=LONDON)


# --- section 48 ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("registered", "business_failure", "regulated"),
    list(itertools.product([True, False], repeat=3)),
)
def test_the_section_48_duty_applies_only_when_all_three_facts_hold(
    registered, business_failure, regulated
):
    decision = section_48_decision(
        provider_registered=registered,
        business_failure=business_failure,
        activity_regulated=regulated,
    )

    assert decision.applies is (registered and business_failure and regulated)
    if decision.applies:
        assert decision.headline.endswith("applies because:")
        assert decision.reasons == (
            "the provider is registered with CQC",
            "it is unable to carry on the activity because of business failure",
            "the activity is a regulated activity",
        )
    else:
        assert decision.headline.endswith("does not apply because:")
        failing = [not registered, not business_failure, not regulated].count(True)
        assert len(decision.reasons) == failing


def test_the_section_48_decision_names_each_fact_that_fails():
    decision = section_48_decision(
        provider_registered=False, business_failure=True, activity_regulated=False
    )

    assert decision.headline == (
        "The temporary duty under section 48 of the Care Act 2014 does not apply because:"
    )
    assert decision.reasons == (
        "the provider is not registered with CQC",
        "the activity is not a regulated activity",
    )


# --- who is responsible -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("funding", "responsible", "welfare", "funding_and_planning"),
    [
        (Funding.COUNCIL, "The council", "The council", "The council"),
        (Funding.JOINT, "The council", "The council", "The council"),
        (Funding.HEALTH, "The ICB", "The ICB, working with the council", "The ICB"),
        (
            Funding.SELF_FUNDER,
            "The council co-ordinates",
            "The council",
            "The person, or whoever acts for them",
        ),
        (Funding.OTHER_COUNCIL, "The council co-ordinates", "The council", "Birmingham"),
    ],
)
def test_responsibility_follows_how_care_is_funded(
    funding, responsible, welfare, funding_and_planning
):
    who = responsibility_for(funding=funding, placing_council="Birmingham")

    assert (who.responsible, who.welfare, who.funding_and_planning) == (
        responsible,
        welfare,
        funding_and_planning,
    )


def test_people_placed_by_another_council_stay_that_councils_to_fund_and_plan_for():
    who = responsibility_for(funding=Funding.OTHER_COUNCIL, placing_council="Birmingham")

    assert who.explanation == (
        "The council co-ordinates their immediate welfare and the move. Funding and long-term "
        "planning stay with Birmingham."
    )


def test_an_unknown_funding_is_refused():
    with pytest.raises(ValueError):
        responsibility_for(funding="lottery")


# --- approach -----------------------------------------------------------------------------
SCENARIOS = {
    "residential": Approach.BUILDING,
    "nursing": Approach.BUILDING,
    "home_support": Approach.HOME,
    "community_meals": Approach.HOME,
}


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        ({"residential"}, ["building"]),
        ({"residential", "nursing"}, ["building"]),
        ({"home_support", "community_meals"}, ["home"]),
        ({"residential", "home_support"}, ["building", "home"]),
        ({"sheltered_housing"}, ["building", "home"]),
        (set(), []),
    ],
)
def test_the_approach_follows_the_service_types_through_the_scenarios(types, expected):
    assert approaches_for(types, SCENARIOS) == expected


# --- people -------------------------------------------------------------------------------
def test_the_wellbeing_check_is_due_four_to_six_weeks_after_the_move():
    assert wellbeing_check_window(datetime.date(2026, 3, 5)) == (
        datetime.date(2026, 4, 2),
        datetime.date(2026, 4, 16),
    )


@pytest.mark.parametrize(
    ("move", "checked", "today", "state"),
    [
        (None, None, datetime.date(2026, 3, 5), WellbeingState.NOT_MOVED),
        (datetime.date(2026, 3, 5), None, datetime.date(2026, 4, 1), WellbeingState.UPCOMING),
        (datetime.date(2026, 3, 5), None, datetime.date(2026, 4, 2), WellbeingState.DUE),
        (datetime.date(2026, 3, 5), None, datetime.date(2026, 4, 16), WellbeingState.DUE),
        (datetime.date(2026, 3, 5), None, datetime.date(2026, 4, 17), WellbeingState.OVERDUE),
        (
            datetime.date(2026, 3, 5),
            datetime.date(2026, 4, 20),
            datetime.date(2026, 5, 1),
            WellbeingState.DONE,
        ),
    ],
)
def test_the_wellbeing_check_state(move, checked, today, state):
    assert wellbeing_check_state(move_date=move, checked_on=checked, today=today) == state


@pytest.mark.parametrize(
    ("has_destination", "move", "placed"),
    [
        (False, None, False),
        (True, None, False),
        (False, datetime.date(2026, 3, 1), False),
        (True, datetime.date(2026, 3, 6), False),  # moving tomorrow
        (True, datetime.date(2026, 3, 5), True),
    ],
)
def test_a_person_is_placed_once_they_have_somewhere_and_the_move_date_has_come(
    has_destination, move, placed
):
    assert (
        person_is_placed(
            has_destination=has_destination, move_date=move, today=datetime.date(2026, 3, 5)
        )
        is placed
    )


# --- the 72-hour clock --------------------------------------------------------------------
def _clock(hours_after_notice: float, *, total=40, not_placed=40, overdue=0):
    return emergency_clock(
        notice_at=NOTICE,
        now=NOTICE + datetime.timedelta(hours=hours_after_notice),
        people_total=total,
        people_not_placed=not_placed,
        overdue_tasks=overdue,
    )


def test_the_clock_is_on_track_early_on():
    clock = _clock(10)

    assert clock.state == ClockState.ON_TRACK
    assert (clock.hours_elapsed, clock.hours_remaining) == (10, 62)
    assert clock.deadline == NOTICE + datetime.timedelta(hours=72)


def test_an_overdue_task_puts_the_clock_at_risk_at_any_time():
    clock = _clock(5, overdue=2)

    assert clock.state == ClockState.AT_RISK
    assert "2 checklist tasks are overdue" in clock.reasons


def test_the_clock_is_at_risk_with_under_24_hours_left():
    assert _clock(48.5).state == ClockState.AT_RISK
    assert _clock(47.5).state == ClockState.ON_TRACK


def test_the_clock_is_critical_with_under_6_hours_left_and_people_not_placed():
    clock = _clock(66.5, not_placed=3)

    assert clock.state == ClockState.CRITICAL
    assert clock.hours_remaining == 5
    assert clock.reasons[0] == "fewer than 6 hours remain"
    assert "3 people are not yet placed" in clock.reasons


def test_under_6_hours_left_with_everyone_placed_but_a_task_overdue_is_at_risk_not_critical():
    assert _clock(70, not_placed=0, overdue=1).state == ClockState.AT_RISK


def test_the_clock_is_overdue_once_72_hours_have_passed():
    clock = _clock(72, not_placed=1)

    assert clock.state == ClockState.OVERDUE
    assert clock.hours_remaining == 0
    assert clock.reasons[0] == "the 72 hours have passed"


def test_the_clock_is_met_once_everyone_recorded_is_placed_and_nothing_is_overdue():
    assert _clock(30, not_placed=0).state == ClockState.MET
    assert _clock(80, not_placed=0).state == ClockState.MET


def test_nobody_recorded_is_never_met_and_turns_critical_near_the_deadline():
    assert _clock(10, total=0, not_placed=0).state == ClockState.ON_TRACK
    assert _clock(67, total=0, not_placed=0).state == ClockState.CRITICAL
    assert _clock(73, total=0, not_placed=0).state == ClockState.OVERDUE


def test_the_clock_does_not_count_backwards_before_the_notice():
    clock = _clock(-1)

    assert clock.hours_elapsed == 0
    assert clock.hours_remaining == 73


# --- retention ----------------------------------------------------------------------------
def test_the_retention_cutoff_is_the_period_before_now():
    now = datetime.datetime(2026, 6, 1, 3, 0, tzinfo=LONDON)

    assert retention_cutoff(now=now, days=365) == datetime.datetime(2025, 6, 1, 3, 0, tzinfo=LONDON)
