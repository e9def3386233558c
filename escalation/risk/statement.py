"""The scoring statement: ``scoring_sql`` puts the named rules together into one statement
that gathers the evidence with one grouped CTE per factor family, joins it to the current
weight sets and computes every value, points, the score, the suggested level and the stored
breakdown (``breakdown_sql``), for one service or for every service through the same SQL.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json

from escalation.models import Sanction, WeightSet
from escalation.risk.factors import (
    BELOW_GOOD,
    DEFAULT_THRESHOLDS,
    FACTORS,
    POOR_AREA_RATINGS,
    RATED_AREA_RATINGS,
    RECENT_DAYS,
    WINDOW_DAYS,
)
from escalation.risk.rules import (
    Sql,
    action_overdue,
    apply_inadequate_floor,
    complaints_value,
    cqc_key_questions_value,
    cqc_overall_value,
    exposure_value,
    financial_value,
    intelligence_value,
    late_visits_value,
    level_for_score,
    literal,
    manager_vacancy_value,
    missed_visits_value,
    one_of,
    overdue_actions_value,
    placement_stops_value,
    points,
    safeguarding_value,
    sanction_ended_recently,
    sanction_in_force,
    severity_points,
    total_score,
    visit_ratings_value,
)
from providers.models import KEY_QUESTIONS, Contract, CQCRating, Service
from quality.models import (
    Action,
    Intelligence,
    IntelligenceSource,
    MonitoringFigures,
    Visit,
    VisitArea,
    VisitStatus,
)

# Each factor's value over the columns of the ``evidence`` CTE.
FACTOR_VALUES: dict[str, Sql] = {
    "cqc_overall": cqc_overall_value("overall"),
    "cqc_key_questions": cqc_key_questions_value(*KEY_QUESTIONS),
    "safeguarding": safeguarding_value("safeguarding_recent", "safeguarding_older"),
    "complaints": complaints_value("complaints_recent", "complaints_older"),
    "intelligence": intelligence_value("severity_points"),
    "visit_ratings": visit_ratings_value("rated_areas", "poor_areas"),
    "overdue_actions": overdue_actions_value("overdue_actions"),
    "placement_stops": placement_stops_value("sanctions_in_force", "sanctions_ended"),
    "manager_vacancy": manager_vacancy_value("registered_manager"),
    "exposure": exposure_value("people_funded", "annual_spend"),
    "financial": financial_value("financial_warnings"),
    "missed_visits": missed_visits_value("planned_visits", "missed_visits"),
    "late_visits": late_visits_value("delivered_visits", "late_visits"),
}
assert list(FACTOR_VALUES) == list(FACTORS)

# The raw evidence numbers kept with every score (columns of the ``evidence`` CTE, in this
# order); with the CQC overall rating (text) they are all ``factor_detail`` needs.
EVIDENCE_NUMBERS = (
    "key_questions_below_good",
    "safeguarding_recent",
    "safeguarding_older",
    "complaints_recent",
    "complaints_older",
    "severity_points",
    "rated_areas",
    "poor_areas",
    "overdue_actions",
    "sanctions_in_force",
    "sanctions_ended",
    "people_funded",
    "annual_spend",
    "financial_warnings",
    "planned_visits",
    "missed_visits",
    "delivered_visits",
    "late_visits",
)


def _table(model) -> Sql:
    """The model's table name as the statement writes it (from ``_meta``, so a renamed table
    follows; unquoted, as Django's names need no quoting and the rules' digest stays the same
    text)."""
    return model._meta.db_table


def _json_constant(value) -> Sql:
    return literal(json.dumps(value)) + "::jsonb"


def scoring_sql(*, limited: bool) -> Sql:
    """The scoring CTEs, see ``_scoring_sql``."""
    return _scoring_sql(limited=limited, rules=_rules_digest())


@functools.cache
def _rules_digest() -> str:
    """A digest of the scoring and breakdown SQL: part of every score's fingerprint, so a
    change to any rule (or to the breakdown's layout) records a new score for every service
    at the next run, even where the evidence did not change."""
    text = _scoring_sql(limited=False, rules="") + breakdown_sql()
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _scoring_sql(*, limited: bool, rules: str) -> Sql:
    """The CTEs (``WITH ... fingerprinted AS (...)``) that score services in one statement.

    ``fingerprinted`` has one row per service with ``service_id, weight_set_id, score,
    suggested_level, fingerprint`` and the columns ``breakdown_sql`` builds the stored
    breakdown from. ``fingerprint`` (a 64-bit hash of the rules, the weight set, every value
    and every raw evidence number) tells whether anything changed since a service's latest
    score without building its breakdown. Parameters: ``today``, ``since`` (12 months before),
    ``recent`` (3 months before) and, when ``limited``, ``service_ids`` (a list): only those
    services are read, through the indexes on ``service_id``, so one service costs a few index
    look-ups while the nightly run reads each evidence table once.

    What depends only on the weight set (weights, the level each score from 0 to 100
    suggests, the constant part of the breakdown) is computed once per weight set, not once
    per service.
    """

    def only(column: str) -> Sql:
        return f"AND {column} = ANY(%(service_ids)s)" if limited else ""

    weights = ",\n        ".join(
        f"COALESCE((weights ->> {literal(key)})::double precision, 0) AS w_{key}" for key in FACTORS
    )
    weight_array = ", ".join(f"w_{key}" for key in FACTORS)
    thresholds = (
        "CASE WHEN jsonb_typeof(thresholds) = 'array' AND jsonb_array_length(thresholds) > 0 "
        "THEN ARRAY(SELECT jsonb_array_elements_text(thresholds)::integer) "
        f"ELSE ARRAY{DEFAULT_THRESHOLDS}::integer[] END"
    )
    below_good = " + ".join(f"({one_of(q, BELOW_GOOD)})::integer" for q in KEY_QUESTIONS)
    values = ",\n        ".join(f"{sql} AS v_{key}" for key, sql in FACTOR_VALUES.items())
    score = total_score([points(f"v_{key}", f"w_{key}") for key in FACTORS])
    level = apply_inadequate_floor(
        "level_by_score[GREATEST(score, 0) + 1]", "overall", "inadequate_floor"
    )
    # What the score, its suggestion and its breakdown depend on: the rules, the weight set
    # (versions never change), every unrounded value and every raw evidence number.
    fingerprint_of = ", ".join(
        [
            literal(rules) + "::text",
            "weight_set_id",
            "score",
            "suggested_level",
            "overall",
            *(f"v_{key}" for key in FACTORS),
            *EVIDENCE_NUMBERS,
        ]
    )
    fingerprint = f"hash_record_extended(ROW({fingerprint_of}), 0)"
    return f"""
WITH weight_sets AS (
    SELECT id AS weight_set_id, inadequate_floor, {thresholds} AS thresholds,
        {weights}
    FROM {_table(WeightSet)} WHERE is_current
),
weights AS MATERIALIZED (
    SELECT weight_sets.*,
        ARRAY(SELECT {level_for_score("score", "thresholds")}
              FROM generate_series(0, 100) AS score ORDER BY score) AS level_by_score,
        jsonb_build_object(
            'keys', {_json_constant(list(FACTORS))},
            'weight', to_jsonb(ARRAY[{weight_array}]),
            'evidence_names', {_json_constant(list(EVIDENCE_NUMBERS))}
        ) AS breakdown_base
    FROM weight_sets
),
services AS (
    SELECT s.id AS service_id, s.registered_manager,
        COALESCE(own.id, fallback.id) AS weight_set_id
    FROM {_table(Service)} s
    LEFT JOIN {_table(WeightSet)} own ON own.is_current AND own.service_type = s.service_type
    LEFT JOIN {_table(WeightSet)} fallback ON fallback.is_current AND fallback.service_type = ''
    WHERE true {only("s.id")}
),
cqc AS (
    SELECT service_id, overall, {", ".join(KEY_QUESTIONS)},
        {below_good} AS key_questions_below_good
    FROM {_table(CQCRating)} WHERE is_current {only("service_id")}
),
intelligence AS (
    SELECT service_id,
        count(*) FILTER (WHERE source = {literal(IntelligenceSource.SAFEGUARDING)}
            AND received_on >= %(recent)s) AS safeguarding_recent,
        count(*) FILTER (WHERE source = {literal(IntelligenceSource.SAFEGUARDING)}
            AND received_on < %(recent)s) AS safeguarding_older,
        count(*) FILTER (WHERE source = {literal(IntelligenceSource.COMPLAINT)}
            AND received_on >= %(recent)s) AS complaints_recent,
        count(*) FILTER (WHERE source = {literal(IntelligenceSource.COMPLAINT)}
            AND received_on < %(recent)s) AS complaints_older,
        count(*) FILTER (WHERE source = {literal(IntelligenceSource.FINANCIAL)})
            AS financial_warnings,
        sum({severity_points("severity")}) AS severity_points
    FROM {_table(Intelligence)}
    WHERE received_on >= %(since)s AND received_on <= %(today)s {only("service_id")}
    GROUP BY service_id
),
latest_visit AS (
    SELECT DISTINCT ON (service_id) id, service_id FROM {_table(Visit)}
    WHERE status = {literal(VisitStatus.COMPLETED)} {only("service_id")}
    ORDER BY service_id, visit_date DESC NULLS LAST, id DESC
),
visit_areas AS (
    SELECT v.service_id, a.rated_areas, a.poor_areas
    FROM latest_visit v CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE {one_of("rating", RATED_AREA_RATINGS)}) AS rated_areas,
            count(*) FILTER (WHERE {one_of("rating", POOR_AREA_RATINGS)}) AS poor_areas
        FROM {_table(VisitArea)} WHERE visit_id = v.id
    ) a
),
actions AS (
    SELECT service_id, count(*) AS overdue_actions FROM {_table(Action)}
    WHERE {action_overdue("status", "due_on", "%(today)s")} {only("service_id")}
    GROUP BY service_id
),
contracts AS (
    SELECT service_id,
        sum(council_funded + health_funded + jointly_funded) AS people_funded,
        sum(annual_spend) AS annual_spend
    FROM {_table(Contract)}
    WHERE start_date <= %(today)s AND (end_date IS NULL OR end_date >= %(today)s)
        {only("service_id")}
    GROUP BY service_id
),
monitoring AS (
    SELECT DISTINCT ON (service_id) service_id, planned_visits, delivered_visits,
        missed_visits, late_visits
    FROM {_table(MonitoringFigures)} WHERE month <= %(today)s {only("service_id")}
    ORDER BY service_id, month DESC
),
sanctions AS (
    SELECT service_id,
        count(*) FILTER (WHERE {sanction_in_force("start_date", "end_date", "%(today)s")})
            AS sanctions_in_force,
        count(*) FILTER (WHERE {sanction_ended_recently("end_date", "%(today)s")})
            AS sanctions_ended
    FROM {_table(Sanction)}
    WHERE start_date <= %(today)s AND (end_date IS NULL OR end_date >= %(since)s)
        {only("service_id")}
    GROUP BY service_id
),
evidence AS (
    SELECT s.service_id, s.weight_set_id, s.registered_manager,
        c.overall, {", ".join(f"c.{q}" for q in KEY_QUESTIONS)}, c.key_questions_below_good,
        COALESCE(i.safeguarding_recent, 0) AS safeguarding_recent,
        COALESCE(i.safeguarding_older, 0) AS safeguarding_older,
        COALESCE(i.complaints_recent, 0) AS complaints_recent,
        COALESCE(i.complaints_older, 0) AS complaints_older,
        COALESCE(i.financial_warnings, 0) AS financial_warnings,
        COALESCE(i.severity_points, 0) AS severity_points,
        COALESCE(va.rated_areas, 0) AS rated_areas,
        COALESCE(va.poor_areas, 0) AS poor_areas,
        COALESCE(a.overdue_actions, 0) AS overdue_actions,
        COALESCE(ct.people_funded, 0) AS people_funded,
        COALESCE(ct.annual_spend, 0) AS annual_spend,
        m.planned_visits, m.delivered_visits, m.missed_visits, m.late_visits,
        COALESCE(sa.sanctions_in_force, 0) AS sanctions_in_force,
        COALESCE(sa.sanctions_ended, 0) AS sanctions_ended
    FROM services s
    LEFT JOIN cqc c ON c.service_id = s.service_id
    LEFT JOIN intelligence i ON i.service_id = s.service_id
    LEFT JOIN visit_areas va ON va.service_id = s.service_id
    LEFT JOIN actions a ON a.service_id = s.service_id
    LEFT JOIN contracts ct ON ct.service_id = s.service_id
    LEFT JOIN monitoring m ON m.service_id = s.service_id
    LEFT JOIN sanctions sa ON sa.service_id = s.service_id
),
valued AS MATERIALIZED (
    SELECT evidence.*, {values}
    FROM evidence
),
scored AS (
    SELECT valued.*, w.inadequate_floor, w.level_by_score, w.breakdown_base,
        {", ".join(f"w.w_{key}" for key in FACTORS)}, {score} AS score
    FROM valued JOIN weights w ON w.weight_set_id = valued.weight_set_id
),
results AS NOT MATERIALIZED (
    SELECT scored.*, {level} AS suggested_level
    FROM scored
),
fingerprinted AS (
    SELECT results.*, {fingerprint} AS fingerprint
    FROM results
)"""


def breakdown_sql() -> Sql:
    """The breakdown stored with a score (jsonb), over the columns of ``scoring_sql``'s
    ``fingerprinted`` rows; ``breakdown`` reads it back. Numbers in jsonb cost a conversion
    each, so only scores that are written build it."""
    value_array = ", ".join(f"round(v_{key}::numeric, 4)" for key in FACTORS)
    points_array = ", ".join(
        f"round({points(f'v_{key}', f'w_{key}')}::numeric, 2)" for key in FACTORS
    )
    evidence_array = ", ".join(f"({name})::numeric" for name in EVIDENCE_NUMBERS)
    return f"""breakdown_base || jsonb_build_object(
            'value', to_jsonb(ARRAY[{value_array}]),
            'points', to_jsonb(ARRAY[{points_array}]),
            'evidence', to_jsonb(ARRAY[{evidence_array}]),
            'cqc_rating', overall,
            'fingerprint', fingerprint::text
        )"""


def scoring_params(*, today: datetime.date) -> dict:
    """The dates ``scoring_sql`` reads: today, and the starts of the 12- and 3-month windows."""
    return {
        "today": today,
        "since": today - datetime.timedelta(days=WINDOW_DAYS),
        "recent": today - datetime.timedelta(days=RECENT_DAYS),
    }
