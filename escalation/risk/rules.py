"""The named rules of the risk score, each a small Python function that takes SQL expressions
for its inputs and returns the SQL expression of its result, with the rule in its docstring
(``tests/escalation/test_risk_rules.py`` evaluates every one in PostgreSQL with literal inputs).
"""

from __future__ import annotations

from decimal import Decimal

from escalation.risk.factors import RATING_VALUE, SEVERITY_POINTS, WINDOW_DAYS
from providers.levels import Level
from providers.models import Rating
from quality.models import OPEN_ACTION_STATUSES

Sql = str  # an SQL expression (built from code constants and column names, never user input)


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


def one_of(expression: Sql, values) -> Sql:
    """The expression is one of the values (code constants)."""
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
    unjudged = f"{overall} IS NULL OR {one_of(overall, ('', Rating.NOT_RATED))}"
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
    return f"({one_of(status, OPEN_ACTION_STATUSES)} AND {due_on} < {today})"


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
