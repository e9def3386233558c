"""Each threshold and weight rule of the risk score on its own (issue 5, item 8).

The rules are SQL expressions (escalation/risk/rules.py), so each is evaluated here in PostgreSQL
with literal inputs: ``evaluate(risk.safeguarding_value("3", "0"))`` runs
``SELECT <the rule's SQL>`` and returns the value.
"""

from __future__ import annotations

import pytest
from django.db import connection

from escalation import risk
from providers.levels import Level

pytestmark = pytest.mark.django_db

TODAY = "'2026-11-22'::date"


def evaluate(sql: str):
    """The value of one SQL expression, evaluated in PostgreSQL."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}")
        (value,) = cursor.fetchone()
    return value


def text(value: str | None) -> str:
    return "NULL::varchar" if value is None else risk.literal(value) + "::varchar"


def date(value: str | None) -> str:
    return "NULL::date" if value is None else f"'{value}'::date"


@pytest.mark.parametrize(
    ("rating", "value"),
    [
        ("inadequate", 1.0),
        ("requires_improvement", 0.6),
        ("good", 0.0),
        ("outstanding", 0.0),
        ("not_rated", 0.0),
        (None, 0.0),
    ],
)
def test_rating_value_on_the_risk_scale(rating, value):
    assert evaluate(risk.rating_value(text(rating))) == pytest.approx(value)


@pytest.mark.parametrize(
    ("overall", "value"),
    [
        ("inadequate", 1.0),
        ("requires_improvement", 0.6),
        ("good", 0.0),
        ("outstanding", 0.0),
        ("not_rated", 0.25),
        ("", 0.25),
        (None, 0.25),
    ],
)
def test_cqc_overall(overall, value):
    assert evaluate(risk.cqc_overall_value(text(overall))) == pytest.approx(value)


def test_cqc_key_questions_is_the_mean_of_five():
    questions = ["inadequate", "requires_improvement", "good", "not_rated", "inadequate"]
    assert evaluate(risk.cqc_key_questions_value(*map(text, questions))) == pytest.approx(2.6 / 5)
    assert evaluate(risk.cqc_key_questions_value(*[text(None)] * 5)) == 0.0  # no rating


def test_recent_evidence_counts_double():
    assert evaluate(risk.recent_weighted_count("2", "1")) == 5


def test_safeguarding_three_recent_concerns_reach_the_full_weight():
    assert evaluate(risk.safeguarding_value("3", "0")) == 1.0
    assert evaluate(risk.safeguarding_value("0", "3")) == 0.5
    assert evaluate(risk.safeguarding_value("1", "0")) == pytest.approx(1 / 3)
    assert evaluate(risk.safeguarding_value("10", "10")) == 1.0


def test_complaints():
    assert evaluate(risk.complaints_value("1", "2")) == 0.5
    assert evaluate(risk.complaints_value("0", "0")) == 0.0


@pytest.mark.parametrize(
    ("severity", "points"), [("low", 1), ("medium", 2), ("high", 4), ("critical", 8), ("", 0)]
)
def test_severity_points(severity, points):
    assert evaluate(risk.severity_points(text(severity))) == points


def test_intelligence_severity_points():
    assert evaluate(risk.intelligence_value("8")) == 0.5
    assert evaluate(risk.intelligence_value("40")) == 1.0


def test_visit_ratings_share_of_poor_areas():
    assert evaluate(risk.visit_ratings_value("10", "4")) == pytest.approx(0.4)
    assert evaluate(risk.visit_ratings_value("0", "0")) == 0.0
    assert evaluate(risk.visit_ratings_value("NULL::bigint", "NULL::bigint")) == 0.0


def test_overdue_actions():
    assert evaluate(risk.overdue_actions_value("2")) == pytest.approx(0.4)
    assert evaluate(risk.overdue_actions_value("9")) == 1.0


@pytest.mark.parametrize(
    ("status", "due_on", "overdue"),
    [
        ("open", "2026-11-21", True),
        ("in_progress", "2026-11-01", True),
        ("open", "2026-11-22", False),  # due today is not overdue yet
        ("done", "2026-11-01", False),
        ("cancelled", "2026-11-01", False),
    ],
)
def test_an_action_is_overdue_when_open_and_past_due(status, due_on, overdue):
    assert evaluate(risk.action_overdue(text(status), date(due_on), TODAY)) is overdue


@pytest.mark.parametrize(
    ("start", "end", "in_force"),
    [
        ("2026-11-22", None, True),  # from its start date
        ("2026-10-01", "2026-11-23", True),
        ("2026-10-01", "2026-11-22", False),  # the end date is the first day without it
        ("2026-11-23", None, False),  # not started yet
    ],
)
def test_a_sanction_is_in_force_from_start_until_end(start, end, in_force):
    assert evaluate(risk.sanction_in_force(date(start), date(end), TODAY)) is in_force


@pytest.mark.parametrize(
    ("end", "ended_recently"),
    [
        ("2026-11-22", True),
        ("2025-11-22", True),  # 365 days before
        ("2025-11-21", False),
        ("2026-11-23", False),  # ends tomorrow: still in force
    ],
)
def test_a_sanction_ended_in_the_last_12_months(end, ended_recently):
    assert evaluate(risk.sanction_ended_recently(date(end), TODAY)) is ended_recently
    assert not evaluate(f"COALESCE({risk.sanction_ended_recently('NULL::date', TODAY)}, false)")


@pytest.mark.parametrize(
    ("in_force", "ended", "value"),
    [("1", "0", 1.0), ("1", "2", 1.0), ("0", "1", 0.5), ("0", "0", 0.0)],
)
def test_placement_stops_in_force_or_ended_in_the_last_12_months(in_force, ended, value):
    assert evaluate(risk.placement_stops_value(in_force, ended)) == value


@pytest.mark.parametrize(
    ("manager", "value"),
    [("", 1.0), ("   ", 1.0), ("\t\n", 1.0), (None, 1.0), ("Sam Lee", 0.0)],
)
def test_manager_vacancy(manager, value):
    assert evaluate(risk.manager_vacancy_value(text(manager))) == value


def test_exposure_takes_the_larger_of_people_and_spend():
    assert evaluate(risk.exposure_value("25", "200000::numeric")) == 0.5
    assert evaluate(risk.exposure_value("5", "1500000::numeric")) == 0.75
    assert evaluate(risk.exposure_value("500", "0::numeric")) == 1.0
    assert evaluate(risk.exposure_value("NULL::bigint", "NULL::numeric")) == 0.0


def test_financial_warning_signs():
    assert evaluate(risk.financial_value("1")) == 0.5
    assert evaluate(risk.financial_value("3")) == 1.0


def test_missed_visits_five_percent_is_full():
    assert evaluate(risk.missed_visits_value("1000", "25")) == pytest.approx(0.5)
    assert evaluate(risk.missed_visits_value("1000", "80")) == 1.0
    assert evaluate(risk.missed_visits_value("NULL::integer", "NULL::integer")) == 0.0


def test_late_visits_twenty_percent_is_full():
    assert evaluate(risk.late_visits_value("1000", "100")) == pytest.approx(0.5)
    assert evaluate(risk.late_visits_value("0", "0")) == 0.0


def test_points_are_value_times_weight():
    assert evaluate(risk.points(risk.number(0.5), "20")) == 10


def test_total_score_rounds_and_caps_at_100():
    assert evaluate(risk.total_score(["10.4::float8", "5.2::float8"])) == 16
    assert evaluate(risk.total_score(["12.5::float8"])) == 12  # a half goes to the even one
    assert evaluate(risk.total_score(["13.5::float8"])) == 14
    assert evaluate(risk.total_score(["60::float8", "70::float8"])) == 100


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
    assert evaluate(risk.level_for_score(str(score), "ARRAY[20, 40, 60, 80]")) == level


def test_level_thresholds_come_from_the_weight_set():
    assert evaluate(risk.level_for_score("30", "ARRAY[10, 25, 50, 90]")) == Level.TWO


def test_inadequate_rating_suggests_at_least_the_floor():
    floor = risk.apply_inadequate_floor
    assert evaluate(floor("1", text("inadequate"), "3")) == Level.THREE
    assert evaluate(floor("4", text("inadequate"), "3")) == Level.FOUR
    assert evaluate(floor("1", text("good"), "3")) == Level.ONE
    assert evaluate(floor("1", text(None), "3")) == Level.ONE


def test_literals_are_quoted():
    assert evaluate(risk.literal("O'Brien")) == "O'Brien"
    assert risk.literal(None) == "NULL"


def test_default_weights_add_up_to_100():
    for weights in risk.DEFAULT_WEIGHTS.values():
        assert sum(weights.values()) == 100
        assert set(weights) == set(risk.FACTORS)


# --- the breakdown's words, made from the raw evidence when a page shows it ---------------------


def _stored(**evidence):
    keys = list(risk.FACTORS)
    return {
        "keys": keys,
        "value": [0.0] * len(keys),
        "weight": [1] * len(keys),
        "points": [float(i) for i in range(len(keys))],
        "evidence_names": list(evidence),
        "evidence": list(evidence.values()),
        "cqc_rating": "requires_improvement",
    }


def test_breakdown_puts_evidence_into_words_biggest_first():
    stored = _stored(
        safeguarding_recent=1,
        safeguarding_older=2,
        rated_areas=5,
        poor_areas=2,
        sanctions_in_force=0,
        sanctions_ended=1,
        people_funded=30,
        annual_spend=1250000.5,
        key_questions_below_good=None,
        planned_visits=None,
    )
    rows = risk.breakdown(stored)
    assert [r["points"] for r in rows] == sorted((r["points"] for r in rows), reverse=True)
    detail = {r["key"]: r["detail"] for r in rows}
    label = {r["key"]: r["label"] for r in rows}
    assert detail["cqc_overall"] == "Requires improvement"
    assert detail["cqc_key_questions"] == "No rating"
    assert detail["safeguarding"] == "1 in 3 months, 2 earlier"
    assert detail["visit_ratings"] == "2 of 5 rated areas"
    assert detail["placement_stops"] == "1 ended in the last 12 months"
    assert detail["exposure"] == "30 people, £1,250,000 a year"
    assert detail["manager_vacancy"] == "In post"
    assert detail["missed_visits"] == "No figures"
    assert label["placement_stops"] == "Placement stop history"


def test_breakdown_of_a_score_stored_before_raw_evidence_keeps_its_words():
    old = [
        {"key": "cqc_overall", "label": "CQC overall rating", "value": 1.0, "weight": 20.0,
         "points": 20.0, "detail": "Inadequate"},
        {"key": "placement_stops", "label": "Placement stop history", "value": 0.0,
         "weight": 5.0, "points": 0.0, "detail": "Not recorded yet"},
    ]  # fmt: skip
    rows = risk.breakdown(list(reversed(old)))
    assert [r["detail"] for r in rows] == ["Inadequate", "Not recorded yet"]
