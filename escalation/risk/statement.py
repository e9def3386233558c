"""The risk score: named rules, the evidence they read, and the set-based calculation in SQL.

Each factor turns one kind of evidence into a value from 0 to 1 (a named rule below, tested on
its own); the service type's current ``WeightSet`` gives the points the factor can add; the
score is ``min(100, round(sum(value x weight)))``. Thresholds then suggest a level.

The rules are written as SQL: each rule is a small Python function that takes SQL expressions
for its inputs and returns the SQL expression of its result, with the rule in its docstring
(``tests/escalation/test_risk_rules.py`` evaluates every one in PostgreSQL with literal
inputs). ``scoring_sql`` puts them together into one statement that gathers the evidence with
one grouped CTE per factor family, joins it to the current weight sets and computes every
value, points, the score, the suggested level and the stored breakdown — for one service (the
task queued when evidence changes) or for every service (the nightly run), through the same
SQL, so both give the same numbers. Nothing is scored row by row in Python.

The breakdown stored on each ``RiskScore`` (``breakdown_sql``) records, in factor order, every
factor's ``value``, ``weight`` and ``points`` (arrays beside ``keys``), the raw evidence numbers
the factors read (``evidence`` beside ``evidence_names``, e.g. safeguarding concerns in the
last 3 months and before), the CQC rating, and a ``fingerprint`` of all of it. The words a
page shows ("1 in 3 months, 2 earlier") are made from the raw numbers in Python only when a
page shows the breakdown (``breakdown``): arrays because every number put into jsonb costs a
conversion, and per-factor objects cost several times more (docs/adr/0006-risk-score.md).

Factor table (defaults, migration 0003; points for care homes / home support / other types):

===================  ======================================================  ====  ====  =====
key                  value 0..1                                              home  HS    other
===================  ======================================================  ====  ====  =====
cqc_overall          Inadequate 1, Requires improvement 0.6, not rated 0.25    20    15    20
cqc_key_questions    mean of the five key questions on the same scale          10     5    10
safeguarding         concerns in 12 months (last 3 count double) / 6           20    15    20
complaints           complaints in 12 months (last 3 count double) / 8          5     5     5
intelligence         severity points in 12 months (1/2/4/8) / 16               10    10    10
visit_ratings        share of rated areas RI or Inadequate, latest visit       15    10    15
overdue_actions      open actions past their due date / 5                       5     5     5
placement_stops      a placement stop or restriction of hours in force         5     5     5
                     today 1; else one ended in the last 12 months 0.5
manager_vacancy      1 when the registered manager post is empty                4     4     4
exposure             max(people funded / 50, spend / £2m) on live contracts     3     3     3
financial            financial warning signs in 12 months / 2                   3     3     3
missed_visits        latest month's missed visits % / 5 (home support)          0    12     0
late_visits          latest month's late visits % / 20 (home support)           0     8     0
===================  ======================================================  ====  ====  =====

Default thresholds: below 20 routine, 20-39 level 1, 40-59 level 2, 60-79 level 3, 80 and over
level 4; a service rated Inadequate overall by CQC is suggested level 3 at least.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
from decimal import Decimal

from escalation.models import Sanction, WeightSet
from providers.levels import Level
from providers.models import KEY_QUESTIONS, Contract, CQCRating, Rating, Service
from quality.models import (
    OPEN_ACTION_STATUSES,
    Action,
    AreaRating,
    Intelligence,
    IntelligenceSource,
    MonitoringFigures,
    Severity,
    Visit,
    VisitArea,
    VisitStatus,
)

Sql = str  # an SQL expression (built from code constants and column names, never user input)

# --- the factors --------------------------------------------------------------------------------

FACTORS: dict[str, str] = {
    "cqc_overall": "CQC overall rating",
    "cqc_key_questions": "CQC key question ratings",
    "safeguarding": "Safeguarding concerns (12 months)",
    "complaints": "Complaints (12 months)",
    "intelligence": "Intelligence severity (12 months)",
    "visit_ratings": "Latest visit's area ratings",
    "overdue_actions": "Overdue actions",
    "placement_stops": "Placement stop history",
    "manager_vacancy": "Registered manager vacancy",
    "exposure": "Exposure (people funded, spend)",
    "financial": "Financial warning signs (12 months)",
    "missed_visits": "Missed visits (latest month)",
    "late_visits": "Late visits (latest month)",
}

_BASE = {
    "cqc_overall": 20,
    "cqc_key_questions": 10,
    "safeguarding": 20,
    "complaints": 5,
    "intelligence": 10,
    "visit_ratings": 15,
    "overdue_actions": 5,
    "placement_stops": 5,
    "manager_vacancy": 4,
    "exposure": 3,
    "financial": 3,
    "missed_visits": 0,
    "late_visits": 0,
}
DEFAULT_WEIGHTS: dict[str, dict[str, int]] = {
    "": _BASE,
    "home_support": {
        **_BASE,
        "cqc_overall": 15,
        "cqc_key_questions": 5,
        "safeguarding": 15,
        "visit_ratings": 10,
        "missed_visits": 12,
        "late_visits": 8,
    },
}
DEFAULT_THRESHOLDS = [20, 40, 60, 80]

RECENT_DAYS = 91  # "the last 3 months" count double
WINDOW_DAYS = 365  # "the last 12 months"
SEVERITY_POINTS = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 4, Severity.CRITICAL: 8}
RATING_VALUE = {
    Rating.INADEQUATE: 1.0,
    Rating.REQUIRES_IMPROVEMENT: 0.6,
    Rating.GOOD: 0.0,
    Rating.OUTSTANDING: 0.0,
}
POOR_AREA_RATINGS = (AreaRating.REQUIRES_IMPROVEMENT, AreaRating.INADEQUATE)
RATED_AREA_RATINGS = (
    AreaRating.OUTSTANDING,
    AreaRating.GOOD,
    AreaRating.REQUIRES_IMPROVEMENT,
    AreaRating.INADEQUATE,
)
BELOW_GOOD = (Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE)


# --- SQL building blocks ------------------------------------------------------------------------


def literal(value) -> Sql:
    """A code constant as an SQL literal (text quoted, numbers as written, None as NULL)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return repr(value) if isinstance(value, int) else str(Decimal(str(value)))
    return "'" + str(value).replace("'", "''") + "'"


def _in(expression: Sql, values) -> Sql:
    return f"{expression} IN ({', '.join(literal(v) for v in values)})"


def number(value) -> Sql:
    """A constant as a double precision number: the type of every value and points."""
    return f"{literal(value)}::double precision"


def _cap(expression: Sql) -> Sql:
    """Between 0 and 1."""
    return f"LEAST({number(1)}, GREATEST({number(0)}, {expression}))"


def _ratio(numerator: Sql, denominator: Sql) -> Sql:
    """Numerator over denominator in double precision (as the score always was; never integer
    division)."""
    return f"(({numerator})::double precision / ({denominator}))"


# --- the named rules (each returns the SQL of its result) ---------------------------------------


def rating_value(rating: Sql) -> Sql:
    """A CQC rating on the risk scale: Inadequate 1, Requires improvement 0.6, Good or
    Outstanding 0; anything else (not rated, no rating) 0."""
    whens = " ".join(
        f"WHEN {literal(key)} THEN {number(value)}" for key, value in RATING_VALUE.items()
    )
    return f"(CASE {rating} {whens} ELSE {number(0)} END)"


def cqc_overall_value(overall: Sql) -> Sql:
    """CQC overall rating: Inadequate 1, Requires improvement 0.6, Good or Outstanding 0; a
    service never rated (or with no rating at all) 0.25, because nobody has judged it yet."""
    unjudged = f"{overall} IS NULL OR {_in(overall, ('', Rating.NOT_RATED))}"
    return f"(CASE WHEN {unjudged} THEN {number(0.25)} ELSE {rating_value(overall)} END)"


def cqc_key_questions_value(
    safe: Sql, effective: Sql, caring: Sql, responsive: Sql, well_led: Sql
) -> Sql:
    """CQC key questions: the mean of safe, effective, caring, responsive and well-led on the
    overall scale (Inadequate 1, Requires improvement 0.6); questions not rated, and services
    with no rating, count 0."""
    questions = (safe, effective, caring, responsive, well_led)
    total = " + ".join(rating_value(q) for q in questions)
    return _ratio(total, literal(len(questions)))


def recent_weighted_count(recent: Sql, older: Sql) -> Sql:
    """Recent evidence weighs more: an item from the last 3 months counts twice, an item from
    3 to 12 months ago once."""
    return f"(2 * ({recent}) + ({older}))"


def safeguarding_value(recent: Sql, older: Sql) -> Sql:
    """Safeguarding concerns in 12 months, recent ones double: 6 weighted concerns (three in
    the last 3 months) reach the full weight."""
    return _cap(_ratio(recent_weighted_count(recent, older), "6"))


def complaints_value(recent: Sql, older: Sql) -> Sql:
    """Complaints in 12 months, recent ones double: 8 weighted complaints reach the full
    weight."""
    return _cap(_ratio(recent_weighted_count(recent, older), "8"))


def severity_points(severity: Sql) -> Sql:
    """An item of intelligence adds points by its severity: low 1, medium 2, high 4,
    critical 8."""
    whens = " ".join(f"WHEN {literal(key)} THEN {value}" for key, value in SEVERITY_POINTS.items())
    return f"(CASE {severity} {whens} ELSE 0 END)"


def intelligence_value(points_in_window: Sql) -> Sql:
    """Intelligence of every source in 12 months by severity points: 16 points (two critical
    items) reach the full weight."""
    return _cap(_ratio(points_in_window, "16"))


def visit_ratings_value(rated_areas: Sql, poor_areas: Sql) -> Sql:
    """The latest completed visit: the share of its rated areas (not "not assessed") that were
    Requires improvement or Inadequate. No completed visit, or no rated area, is 0."""
    share = _cap(_ratio(poor_areas, rated_areas))
    return f"(CASE WHEN COALESCE({rated_areas}, 0) = 0 THEN {number(0)} ELSE {share} END)"


def overdue_actions_value(overdue: Sql) -> Sql:
    """Open or in-progress actions past their due date: 5 reach the full weight."""
    return _cap(_ratio(overdue, "5"))


def action_overdue(status: Sql, due_on: Sql, today: Sql) -> Sql:
    """An action is overdue when it is open or in progress and its due date has passed."""
    return f"({_in(status, OPEN_ACTION_STATUSES)} AND {due_on} < {today})"


def sanction_in_force(start_date: Sql, end_date: Sql, day: Sql) -> Sql:
    """A placement stop or restriction of hours is in force from its start date until its end
    date (the end date itself is the first day without it; open-ended while empty)."""
    return f"({start_date} <= {day} AND ({end_date} IS NULL OR {end_date} > {day}))"


def sanction_ended_recently(end_date: Sql, day: Sql) -> Sql:
    """A sanction ended "in the last 12 months" when its end date is on or before the day and
    no more than 12 months (365 days) before it."""
    return f"({end_date} <= {day} AND {end_date} >= {day} - {WINDOW_DAYS})"


def placement_stops_value(in_force: Sql, ended_recently: Sql) -> Sql:
    """Placement stop history: 1 while a placement stop or restriction of hours (voluntary or
    imposed, whole or partial) is in force; 0.5 when none is in force but one ended in the
    last 12 months; otherwise 0."""
    return (
        f"(CASE WHEN COALESCE({in_force}, 0) > 0 THEN {number(1)} "
        f"WHEN COALESCE({ended_recently}, 0) > 0 THEN {number(0.5)} ELSE {number(0)} END)"
    )


def manager_vacancy_value(registered_manager: Sql) -> Sql:
    """A vacant registered manager post (the field empty or only spaces) scores 1."""
    vacant = f"COALESCE({registered_manager}, '') ~ '^[[:space:]]*$'"
    return f"(CASE WHEN {vacant} THEN {number(1)} ELSE {number(0)} END)"


def exposure_value(people_funded: Sql, annual_spend: Sql) -> Sql:
    """Exposure on live contracts: the larger of people funded (council, health and jointly
    funded) over 50 and annual spend over £2 million."""
    people = _ratio(f"COALESCE({people_funded}, 0)", "50")
    spend = _ratio(f"COALESCE({annual_spend}, 0)", "2000000")
    return _cap(f"GREATEST({people}, {spend})")


def financial_value(warnings: Sql) -> Sql:
    """Intelligence from the source "financial warning sign" in 12 months: 2 reach the full
    weight."""
    return _cap(_ratio(warnings, "2"))


def missed_visits_value(planned: Sql, missed: Sql) -> Sql:
    """Home support, latest month of call monitoring: missed visits as a share of planned;
    5% missed reaches the full weight. No figures is 0."""
    share = _cap(_ratio(_ratio(f"COALESCE({missed}, 0)", planned), "0.05"))
    return f"(CASE WHEN COALESCE({planned}, 0) = 0 THEN {number(0)} ELSE {share} END)"


def late_visits_value(delivered: Sql, late: Sql) -> Sql:
    """Home support, latest month of call monitoring: late visits as a share of delivered;
    20% late reaches the full weight. No figures is 0."""
    share = _cap(_ratio(_ratio(f"COALESCE({late}, 0)", delivered), "0.20"))
    return f"(CASE WHEN COALESCE({delivered}, 0) = 0 THEN {number(0)} ELSE {share} END)"


def points(value: Sql, weight: Sql) -> Sql:
    """A factor's points: its value (0..1) times its weight."""
    return f"(({value}) * ({weight}))"


def total_score(all_points: list[Sql]) -> Sql:
    """The score: the sum of every factor's points (unrounded), rounded to the nearest whole
    number (a half to the even one, as Python's ``round``), never above 100."""
    return f"LEAST(100, round({' + '.join(all_points)}))::integer"


def level_for_score(score: Sql, thresholds: Sql) -> Sql:
    """The suggested level: the number of thresholds (the lowest scores for levels 1 to 4,
    an integer array) the score reaches; below the first is routine."""
    reached = f"(SELECT count(*) FROM unnest({thresholds}) AS threshold WHERE {score} >= threshold)"
    return f"LEAST({int(Level.FOUR)}, {reached})::integer"


def apply_inadequate_floor(level: Sql, overall: Sql, floor: Sql) -> Sql:
    """A service rated Inadequate overall by CQC is suggested at least the weight set's floor
    level (level 3 by default), whatever its score."""
    inadequate = f"{overall} IS NOT DISTINCT FROM {literal(Rating.INADEQUATE)}"
    return f"(CASE WHEN {inadequate} THEN GREATEST({level}, {floor}) ELSE {level} END)"


# --- the statement ------------------------------------------------------------------------------

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
    below_good = " + ".join(f"({_in(q, BELOW_GOOD)})::integer" for q in KEY_QUESTIONS)
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
        SELECT count(*) FILTER (WHERE {_in("rating", RATED_AREA_RATINGS)}) AS rated_areas,
            count(*) FILTER (WHERE {_in("rating", POOR_AREA_RATINGS)}) AS poor_areas
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


# --- the breakdown, for pages -------------------------------------------------------------------


def factor_detail(key: str, evidence: dict) -> str:
    """The evidence a factor read, in words, from the raw numbers stored with the score."""
    e = evidence or {}

    def n(name: str) -> int:
        return int(e.get(name) or 0)

    if key == "cqc_overall":
        return Rating(e["cqc_rating"]).label if e.get("cqc_rating") else "No rating"
    if key == "cqc_key_questions":
        below = e.get("key_questions_below_good")
        return "No rating" if below is None else f"{int(below)} of 5 below Good"
    if key in ("safeguarding", "complaints"):
        return f"{n(key + '_recent')} in 3 months, {n(key + '_older')} earlier"
    if key == "intelligence":
        return f"{n('severity_points')} severity points"
    if key == "visit_ratings":
        rated = n("rated_areas")
        return f"{n('poor_areas')} of {rated} rated areas" if rated else "No visit"
    if key == "overdue_actions":
        return str(n("overdue_actions"))
    if key == "placement_stops":
        parts = []
        if n("sanctions_in_force"):
            parts.append(f"{n('sanctions_in_force')} in force")
        if n("sanctions_ended"):
            parts.append(f"{n('sanctions_ended')} ended in the last 12 months")
        return ", ".join(parts) if parts else "None in the last 12 months"
    if key == "manager_vacancy":
        return "Vacant" if e.get("vacant") else "In post"
    if key == "exposure":
        spend = float(e.get("annual_spend") or 0)
        return f"{n('people_funded')} people, £{spend:,.0f} a year"
    if key == "financial":
        return str(n("financial_warnings"))
    if key == "missed_visits":
        planned = n("planned_visits")
        return f"{n('missed_visits')} of {planned}" if planned else "No figures"
    if key == "late_visits":
        delivered = n("delivered_visits")
        return f"{n('late_visits')} of {delivered}" if delivered else "No figures"
    return ""


def breakdown(factors) -> list[dict]:
    """A stored breakdown as pages show it, biggest first: one dict per factor with its
    ``key``, ``label``, ``value``, ``weight``, ``points`` and ``detail`` (the evidence in
    words, made here from the raw numbers).

    A score's ``factors`` holds, in factor order, ``keys``, ``value``, ``weight`` and
    ``points`` (arrays), ``evidence_names`` and ``evidence`` (the raw numbers) and
    ``cqc_rating``. Scores calculated before that format are a list of per-factor dicts that
    carry their own label and detail, shown as they were.
    """
    if isinstance(factors, dict):
        evidence = dict(
            zip(factors.get("evidence_names", []), factors.get("evidence", []), strict=True)
        )
        evidence["cqc_rating"] = factors.get("cqc_rating")
        rows = []
        for key, value, weight, pts in zip(
            factors["keys"], factors["value"], factors["weight"], factors["points"], strict=True
        ):
            if key == "manager_vacancy":
                evidence["vacant"] = bool(value)
            rows.append(
                {
                    "key": key,
                    "label": FACTORS.get(key, key),
                    "value": value,
                    "weight": weight,
                    "points": pts,
                    "detail": factor_detail(key, evidence),
                }
            )
        return by_points(rows)
    rows = [
        {**factor, "label": FACTORS.get(factor.get("key"), factor.get("label", ""))}
        for factor in factors or []
    ]
    return by_points(rows)


def by_points(factors: list[dict]) -> list[dict]:
    """A breakdown ordered biggest first (for pages)."""
    return sorted(factors, key=lambda f: -float(f.get("points") or 0))
