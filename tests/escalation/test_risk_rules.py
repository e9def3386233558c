"""Each threshold and weight rule of the risk score on its own (issue 5, item 8)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from escalation import risk
from escalation.models import Level
from providers.models import Rating


@pytest.mark.parametrize(
    ("overall", "value"),
    [
        (Rating.INADEQUATE, 1.0),
        (Rating.REQUIRES_IMPROVEMENT, 0.6),
        (Rating.GOOD, 0.0),
        (Rating.OUTSTANDING, 0.0),
        (Rating.NOT_RATED, 0.25),
        (None, 0.25),
    ],
)
def test_cqc_overall(overall, value):
    assert risk.cqc_overall_value(overall) == value


def test_cqc_key_questions_is_the_mean_of_five():
    ratings = {
        "safe": Rating.INADEQUATE,
        "effective": Rating.REQUIRES_IMPROVEMENT,
        "caring": Rating.GOOD,
        "responsive": Rating.NOT_RATED,
        "well_led": Rating.INADEQUATE,
    }
    assert risk.cqc_key_questions_value(ratings) == pytest.approx(2.6 / 5)
    assert risk.cqc_key_questions_value({}) == 0.0


def test_recent_evidence_counts_double():
    assert risk.recent_weighted_count(recent=2, older=1) == 5


def test_safeguarding_three_recent_concerns_reach_the_full_weight():
    assert risk.safeguarding_value(recent=3, older=0) == 1.0
    assert risk.safeguarding_value(recent=0, older=3) == 0.5
    assert risk.safeguarding_value(recent=10, older=10) == 1.0


def test_complaints():
    assert risk.complaints_value(recent=1, older=2) == 0.5
    assert risk.complaints_value(recent=0, older=0) == 0.0


def test_intelligence_severity_points():
    assert risk.intelligence_value(8) == 0.5
    assert risk.intelligence_value(40) == 1.0


def test_visit_ratings_share_of_poor_areas():
    assert risk.visit_ratings_value(rated_areas=10, poor_areas=4) == 0.4
    assert risk.visit_ratings_value(rated_areas=0, poor_areas=0) == 0.0


def test_overdue_actions():
    assert risk.overdue_actions_value(2) == 0.4
    assert risk.overdue_actions_value(9) == 1.0


def test_placement_stops_are_zero_until_sanctions_exist():
    assert risk.placement_stops_value() == 0.0


def test_manager_vacancy():
    assert risk.manager_vacancy_value("") == 1.0
    assert risk.manager_vacancy_value("   ") == 1.0
    assert risk.manager_vacancy_value("Sam Lee") == 0.0


def test_exposure_takes_the_larger_of_people_and_spend():
    assert risk.exposure_value(25, Decimal("200000")) == 0.5
    assert risk.exposure_value(5, Decimal("1500000")) == 0.75
    assert risk.exposure_value(500, Decimal("0")) == 1.0


def test_financial_warning_signs():
    assert risk.financial_value(1) == 0.5
    assert risk.financial_value(3) == 1.0


def test_missed_visits_five_percent_is_full():
    assert risk.missed_visits_value(planned=1000, missed=25) == pytest.approx(0.5)
    assert risk.missed_visits_value(planned=1000, missed=80) == 1.0
    assert risk.missed_visits_value(planned=None, missed=None) == 0.0


def test_late_visits_twenty_percent_is_full():
    assert risk.late_visits_value(delivered=1000, late=100) == pytest.approx(0.5)
    assert risk.late_visits_value(delivered=0, late=0) == 0.0


def test_points_are_value_times_weight():
    assert risk.points(0.5, 20) == 10


def test_total_score_rounds_and_caps_at_100():
    assert risk.total_score([10.4, 5.2]) == 16
    assert risk.total_score([60, 70]) == 100


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0, Level.ROUTINE),
        (19, Level.ROUTINE),
        (20, Level.ONE),
        (39, Level.ONE),
        (40, Level.TWO),
        (60, Level.THREE),
        (79, Level.THREE),
        (80, Level.FOUR),
        (100, Level.FOUR),
    ],
)
def test_level_thresholds(score, level):
    assert risk.level_for_score(score, [20, 40, 60, 80]) == level


def test_inadequate_rating_suggests_at_least_the_floor():
    assert risk.apply_inadequate_floor(Level.ONE, Rating.INADEQUATE, Level.THREE) == Level.THREE
    assert risk.apply_inadequate_floor(Level.FOUR, Rating.INADEQUATE, Level.THREE) == Level.FOUR
    assert risk.apply_inadequate_floor(Level.ONE, Rating.GOOD, Level.THREE) == Level.ONE


def test_default_weights_add_up_to_100():
    for weights in risk.DEFAULT_WEIGHTS.values():
        assert sum(weights.values()) == 100
        assert set(weights) == set(risk.FACTORS)
