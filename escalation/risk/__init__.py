"""The risk score: named rules, the evidence they read, and the set-based calculation in SQL.

Each factor turns one kind of evidence into a value from 0 to 1 (a named rule in ``rules``, tested on
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

The package: ``factors`` (the factors, their default weights and the evidence windows),
``rules`` (each named rule as SQL), ``statement`` (the scoring statement, its breakdown and
the rules digest) and ``display`` (a stored breakdown in words, for pages). Import from here:
``from escalation import risk``.
"""

from escalation.risk.display import (  # noqa: F401
    breakdown,
    by_points,
    factor_detail,
)
from escalation.risk.factors import (  # noqa: F401
    BELOW_GOOD,
    DEFAULT_THRESHOLDS,
    DEFAULT_WEIGHTS,
    FACTORS,
    POOR_AREA_RATINGS,
    RATED_AREA_RATINGS,
    RATING_VALUE,
    RECENT_DAYS,
    SEVERITY_POINTS,
    WINDOW_DAYS,
)
from escalation.risk.rules import (  # noqa: F401
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
    number,
    one_of,
    overdue_actions_value,
    placement_stops_value,
    points,
    rating_value,
    recent_weighted_count,
    safeguarding_value,
    sanction_ended_recently,
    sanction_in_force,
    severity_points,
    total_score,
    visit_ratings_value,
)
from escalation.risk.statement import (  # noqa: F401
    EVIDENCE_NUMBERS,
    FACTOR_VALUES,
    breakdown_sql,
    scoring_params,
    scoring_sql,
)
