"""The named rules of level decisions, each on its own."""

from __future__ import annotations

import datetime

import pytest

from escalation import rules
from escalation.models import Authority, EscalationTaskKind
from escalation.templatetags.escalation_tags import time_at_level
from providers.levels import Level, PlacementRating
from providers.models import ServiceType


@pytest.mark.parametrize(
    ("from_level", "to_level", "forum"),
    [
        (Level.ROUTINE, Level.ONE, Authority.LEAD_OFFICER),
        (Level.ONE, Level.ROUTINE, Authority.LEAD_OFFICER),
        (Level.ONE, Level.TWO, Authority.QPSG),
        (Level.TWO, Level.ONE, Authority.QPSG),
        (Level.ROUTINE, Level.TWO, Authority.QPSG),
        (Level.TWO, Level.THREE, Authority.PEP),
        (Level.THREE, Level.TWO, Authority.PEP),
        (Level.THREE, Level.FOUR, Authority.PEP),
        (Level.FOUR, Level.ROUTINE, Authority.PEP),
        (Level.ROUTINE, Level.FOUR, Authority.PEP),
    ],
)
def test_the_forum_is_the_one_for_the_higher_level(from_level, to_level, forum):
    assert rules.forum_for_change(from_level=from_level, to_level=to_level) == forum


def test_only_pep_changes_need_a_meeting_or_an_urgent_reason():
    assert rules.needs_meeting_or_urgent_reason(from_level=2, to_level=3)
    assert rules.needs_meeting_or_urgent_reason(from_level=4, to_level=2)
    assert not rules.needs_meeting_or_urgent_reason(from_level=1, to_level=2)
    assert not rules.needs_meeting_or_urgent_reason(from_level=0, to_level=1)


@pytest.mark.parametrize(
    ("from_level", "to_level", "kinds"),
    [
        (2, 3, [EscalationTaskKind.BRIEF_DIRECTOR]),
        (0, 3, [EscalationTaskKind.BRIEF_DIRECTOR]),
        (3, 4, [EscalationTaskKind.BRIEF_ADASS, EscalationTaskKind.READY_FAILURE_PLAN]),
        (
            2,
            4,
            [
                EscalationTaskKind.BRIEF_DIRECTOR,
                EscalationTaskKind.BRIEF_ADASS,
                EscalationTaskKind.READY_FAILURE_PLAN,
            ],
        ),
        (1, 2, []),
        (4, 3, []),
        (3, 2, []),
    ],
)
def test_escalation_to_three_and_four_creates_briefing_tasks(from_level, to_level, kinds):
    assert rules.briefing_tasks_for_change(from_level=from_level, to_level=to_level) == kinds


def test_briefings_are_due_two_working_days_later():
    friday = datetime.date(2026, 11, 20)
    assert rules.briefing_due_on(friday) == datetime.date(2026, 11, 24)  # Tuesday
    monday = datetime.date(2026, 11, 23)
    assert rules.briefing_due_on(monday) == datetime.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("level", "rating"),
    [
        (0, PlacementRating.GREEN),
        (1, PlacementRating.GREEN),
        (2, PlacementRating.AMBER),
        (3, PlacementRating.RED),
        (4, PlacementRating.RED),
    ],
)
def test_the_default_placement_rating_follows_the_level(level, rating):
    assert rules.placement_rating_from_level(level) == rating


def test_the_councils_table_overrides_the_default_rating():
    table = {1: PlacementRating.AMBER}
    assert rules.placement_rating_from_level(1, table) == PlacementRating.AMBER
    assert rules.placement_rating_from_level(3, table) == PlacementRating.RED


def test_a_restriction_of_hours_is_for_home_support_only():
    assert rules.sanction_kind_allowed(
        kind="restriction_of_hours", service_type=ServiceType.HOME_SUPPORT
    )
    assert not rules.sanction_kind_allowed(
        kind="restriction_of_hours", service_type=ServiceType.NURSING
    )
    assert rules.sanction_kind_allowed(kind="placement_stop", service_type=ServiceType.NURSING)


@pytest.mark.parametrize(
    ("since", "words"),
    [
        (datetime.date(2026, 11, 22), "today"),
        (datetime.date(2026, 11, 21), "1 day"),
        (datetime.date(2026, 10, 1), "52 days"),
        (datetime.date(2026, 8, 22), "3 months"),
        (datetime.date(2024, 11, 23), "23 months"),
        (datetime.date(2023, 11, 22), "3 years"),
    ],
)
def test_time_at_level_in_words(since, words):
    assert time_at_level(since, datetime.date(2026, 11, 22)) == words
