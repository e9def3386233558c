"""The risk score: named rules, the evidence they read, and the set-based calculation.

Each factor turns one kind of evidence into a value from 0 to 1 (a named rule below, tested on
its own); the service type's current ``WeightSet`` gives the points the factor can add; the
score is ``min(100, round(sum(value x weight)))``. Thresholds then suggest a level.

The evidence is gathered in the database with one query per factor family for any number of
services (``gather_evidence``), so recalculating one service and the nightly run over every
service go through the same code and give the same numbers.

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
placement_stops      always 0 until the sanctions model exists                  5     5     5
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
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from escalation.models import Level, WeightSet
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


def _cap(value: float) -> float:
    return max(0.0, min(1.0, value))


# --- the named rules ----------------------------------------------------------------------------


def cqc_overall_value(overall: str | None) -> float:
    """CQC overall rating: Inadequate 1, Requires improvement 0.6, Good or Outstanding 0; a
    service never rated (or with no rating at all) 0.25, because nobody has judged it yet."""
    if not overall or overall == Rating.NOT_RATED:
        return 0.25
    return RATING_VALUE.get(overall, 0.0)


def cqc_key_questions_value(ratings: dict[str, str] | None) -> float:
    """CQC key questions: the mean of safe, effective, caring, responsive and well-led on the
    overall scale (Inadequate 1, Requires improvement 0.6); questions not rated count 0."""
    if not ratings:
        return 0.0
    return sum(RATING_VALUE.get(ratings.get(q), 0.0) for q in KEY_QUESTIONS) / len(KEY_QUESTIONS)


def recent_weighted_count(recent: int, older: int) -> int:
    """Recent evidence weighs more: an item from the last 3 months counts twice, an item from
    3 to 12 months ago once."""
    return 2 * recent + older


def safeguarding_value(recent: int, older: int) -> float:
    """Safeguarding concerns in 12 months, recent ones double: 6 weighted concerns (three in
    the last 3 months) reach the full weight."""
    return _cap(recent_weighted_count(recent, older) / 6)


def complaints_value(recent: int, older: int) -> float:
    """Complaints in 12 months, recent ones double: 8 weighted complaints reach the full
    weight."""
    return _cap(recent_weighted_count(recent, older) / 8)


def intelligence_value(severity_points: int) -> float:
    """Intelligence of every source in 12 months by severity (low 1, medium 2, high 4,
    critical 8 points): 16 points (two critical items) reach the full weight."""
    return _cap(severity_points / 16)


def visit_ratings_value(rated_areas: int, poor_areas: int) -> float:
    """The latest completed visit: the share of its rated areas (not "not assessed") that were
    Requires improvement or Inadequate. No completed visit, or no rated area, is 0."""
    if not rated_areas:
        return 0.0
    return _cap(poor_areas / rated_areas)


def overdue_actions_value(overdue: int) -> float:
    """Open or in-progress actions past their due date: 5 reach the full weight."""
    return _cap(overdue / 5)


def placement_stops_value() -> float:
    """Placement stop history. There is no sanctions model yet (issue 5, later items), so this
    factor is always 0; its weight is kept so scores stay comparable once stops are recorded."""
    return 0.0


def manager_vacancy_value(registered_manager: str) -> float:
    """A vacant registered manager post (the field left empty) scores 1."""
    return 0.0 if (registered_manager or "").strip() else 1.0


def exposure_value(people_funded: int, annual_spend: Decimal | float) -> float:
    """Exposure on live contracts: the larger of people funded (council, health and jointly
    funded) over 50 and annual spend over £2 million."""
    return _cap(max(people_funded / 50, float(annual_spend or 0) / 2_000_000))


def financial_value(warnings: int) -> float:
    """Intelligence from the source "financial warning sign" in 12 months: 2 reach the full
    weight."""
    return _cap(warnings / 2)


def missed_visits_value(planned: int | None, missed: int | None) -> float:
    """Home support, latest month of call monitoring: missed visits as a share of planned;
    5% missed reaches the full weight. No figures is 0."""
    if not planned:
        return 0.0
    return _cap((missed or 0) / planned / 0.05)


def late_visits_value(delivered: int | None, late: int | None) -> float:
    """Home support, latest month of call monitoring: late visits as a share of delivered;
    20% late reaches the full weight. No figures is 0."""
    if not delivered:
        return 0.0
    return _cap((late or 0) / delivered / 0.20)


def points(value: float, weight: float) -> float:
    """A factor's points: its value (0..1) times its weight."""
    return value * weight


def total_score(all_points: list[float]) -> int:
    """The score: the sum of every factor's points, rounded, never above 100."""
    return min(100, round(sum(all_points)))


def level_for_score(score: int, thresholds: list[int]) -> int:
    """The suggested level: the number of thresholds (the lowest scores for levels 1 to 4)
    the score reaches; below the first is routine."""
    return min(Level.FOUR, sum(1 for t in thresholds if score >= t))


def apply_inadequate_floor(level: int, overall: str | None, floor: int) -> int:
    """A service rated Inadequate overall by CQC is suggested at least the weight set's floor
    level (level 3 by default), whatever its score."""
    return max(level, floor) if overall == Rating.INADEQUATE else level


# --- evidence, gathered set-based -------------------------------------------------------------


@dataclass
class Evidence:
    """Everything the factors read about one service."""

    service_type: str = ""
    registered_manager: str = ""
    overall: str | None = None
    key_questions: dict[str, str] = field(default_factory=dict)
    safeguarding_recent: int = 0
    safeguarding_older: int = 0
    complaints_recent: int = 0
    complaints_older: int = 0
    severity_points: int = 0
    financial: int = 0
    rated_areas: int = 0
    poor_areas: int = 0
    overdue_actions: int = 0
    people_funded: int = 0
    annual_spend: Decimal = Decimal("0")
    planned: int | None = None
    delivered: int | None = None
    missed: int | None = None
    late: int | None = None


def _limit(queryset, service_ids, field_name="service_id"):
    return (
        queryset if service_ids is None else queryset.filter(**{f"{field_name}__in": service_ids})
    )


def gather_evidence(*, today: datetime.date, service_ids=None) -> dict[int, Evidence]:
    """Evidence for the given services (all when ``service_ids`` is None) in seven queries,
    whatever the number of services: one per factor family, each grouped by service."""
    evidence: dict[int, Evidence] = {}
    for pk, service_type, manager in _limit(Service.objects.all(), service_ids, "pk").values_list(
        "pk", "service_type", "registered_manager"
    ):
        evidence[pk] = Evidence(service_type=service_type, registered_manager=manager)

    for row in _limit(CQCRating.objects.filter(is_current=True), service_ids).values(
        "service_id", "overall", *KEY_QUESTIONS
    ):
        if item := evidence.get(row["service_id"]):
            item.overall = row["overall"]
            item.key_questions = {q: row[q] for q in KEY_QUESTIONS}

    since = today - datetime.timedelta(days=WINDOW_DAYS)
    recent = today - datetime.timedelta(days=RECENT_DAYS)
    is_recent = Q(received_on__gte=recent)
    severity = Case(
        *(When(severity=key, then=Value(p)) for key, p in SEVERITY_POINTS.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    intelligence = (
        _limit(
            Intelligence.objects.filter(received_on__gte=since, received_on__lte=today), service_ids
        )
        .values("service_id")
        .order_by()
        .annotate(
            sg_recent=Count("pk", filter=Q(source=IntelligenceSource.SAFEGUARDING) & is_recent),
            sg_older=Count("pk", filter=Q(source=IntelligenceSource.SAFEGUARDING) & ~is_recent),
            co_recent=Count("pk", filter=Q(source=IntelligenceSource.COMPLAINT) & is_recent),
            co_older=Count("pk", filter=Q(source=IntelligenceSource.COMPLAINT) & ~is_recent),
            financial=Count("pk", filter=Q(source=IntelligenceSource.FINANCIAL)),
            severity_points=Coalesce(Sum(severity), 0),
        )
    )
    for row in intelligence:
        if item := evidence.get(row["service_id"]):
            item.safeguarding_recent, item.safeguarding_older = row["sg_recent"], row["sg_older"]
            item.complaints_recent, item.complaints_older = row["co_recent"], row["co_older"]
            item.financial, item.severity_points = row["financial"], row["severity_points"]

    latest_visits = (
        _limit(Visit.objects.filter(status=VisitStatus.COMPLETED), service_ids)
        .order_by("service_id", F("visit_date").desc(nulls_last=True), "-pk")
        .distinct("service_id")
        .values("pk")
    )
    areas = (
        VisitArea.objects.filter(visit_id__in=latest_visits)
        .values("visit__service_id")
        .order_by()
        .annotate(
            rated=Count("pk", filter=Q(rating__in=RATED_AREA_RATINGS)),
            poor=Count("pk", filter=Q(rating__in=POOR_AREA_RATINGS)),
        )
    )
    for row in areas:
        if item := evidence.get(row["visit__service_id"]):
            item.rated_areas, item.poor_areas = row["rated"], row["poor"]

    overdue = (
        _limit(
            Action.objects.filter(status__in=OPEN_ACTION_STATUSES, due_on__lt=today), service_ids
        )
        .values("service_id")
        .order_by()
        .annotate(n=Count("pk"))
    )
    for row in overdue:
        if item := evidence.get(row["service_id"]):
            item.overdue_actions = row["n"]

    live = Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
    contracts = (
        _limit(Contract.objects.filter(live), service_ids)
        .values("service_id")
        .order_by()
        .annotate(
            people=Sum(F("council_funded") + F("health_funded") + F("jointly_funded")),
            spend=Sum("annual_spend"),
        )
    )
    for row in contracts:
        if item := evidence.get(row["service_id"]):
            item.people_funded, item.annual_spend = row["people"] or 0, row["spend"] or 0

    monitoring = (
        _limit(MonitoringFigures.objects.filter(month__lte=today), service_ids)
        .order_by("service_id", "-month")
        .distinct("service_id")
        .values("service_id", "planned_visits", "delivered_visits", "missed_visits", "late_visits")
    )
    for row in monitoring:
        if item := evidence.get(row["service_id"]):
            item.planned, item.delivered = row["planned_visits"], row["delivered_visits"]
            item.missed, item.late = row["missed_visits"], row["late_visits"]
    return evidence


# --- the calculation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    score: int
    suggested_level: int
    factors: list[dict]


def _detail(key: str, e: Evidence) -> str:
    if key == "cqc_overall":
        return Rating(e.overall).label if e.overall else "No rating"
    if key == "cqc_key_questions":
        below = sum(1 for q in KEY_QUESTIONS if RATING_VALUE.get(e.key_questions.get(q), 0))
        return f"{below} of 5 below Good" if e.key_questions else "No rating"
    if key == "safeguarding":
        return f"{e.safeguarding_recent} in 3 months, {e.safeguarding_older} earlier"
    if key == "complaints":
        return f"{e.complaints_recent} in 3 months, {e.complaints_older} earlier"
    if key == "intelligence":
        return f"{e.severity_points} severity points"
    if key == "visit_ratings":
        return f"{e.poor_areas} of {e.rated_areas} rated areas" if e.rated_areas else "No visit"
    if key == "overdue_actions":
        return str(e.overdue_actions)
    if key == "manager_vacancy":
        return "Vacant" if not e.registered_manager.strip() else "In post"
    if key == "exposure":
        return f"{e.people_funded} people, £{float(e.annual_spend):,.0f} a year"
    if key == "financial":
        return str(e.financial)
    if key == "missed_visits" and e.planned:
        return f"{e.missed} of {e.planned}"
    if key == "late_visits" and e.delivered:
        return f"{e.late} of {e.delivered}"
    if key == "placement_stops":
        return "Not recorded yet"
    return ""


def factor_values(e: Evidence) -> dict[str, float]:
    """Every factor's value (0..1) for one service's evidence."""
    return {
        "cqc_overall": cqc_overall_value(e.overall),
        "cqc_key_questions": cqc_key_questions_value(e.key_questions),
        "safeguarding": safeguarding_value(e.safeguarding_recent, e.safeguarding_older),
        "complaints": complaints_value(e.complaints_recent, e.complaints_older),
        "intelligence": intelligence_value(e.severity_points),
        "visit_ratings": visit_ratings_value(e.rated_areas, e.poor_areas),
        "overdue_actions": overdue_actions_value(e.overdue_actions),
        "placement_stops": placement_stops_value(),
        "manager_vacancy": manager_vacancy_value(e.registered_manager),
        "exposure": exposure_value(e.people_funded, e.annual_spend),
        "financial": financial_value(e.financial),
        "missed_visits": missed_visits_value(e.planned, e.missed),
        "late_visits": late_visits_value(e.delivered, e.late),
    }


def calculate(evidence: Evidence, weight_set: WeightSet) -> Result:
    """A service's score, suggested level and breakdown under one weight set."""
    values = factor_values(evidence)
    factors = []
    for key, label in FACTORS.items():
        weight = float(weight_set.weights.get(key, 0))
        factors.append(
            {
                "key": key,
                "label": label,
                "value": round(values[key], 4),
                "weight": weight,
                "points": round(points(values[key], weight), 2),
                "detail": _detail(key, evidence),
            }
        )
    score = total_score([points(values[k], float(weight_set.weights.get(k, 0))) for k in FACTORS])
    level = level_for_score(score, weight_set.thresholds or DEFAULT_THRESHOLDS)
    level = apply_inadequate_floor(level, evidence.overall, weight_set.inadequate_floor)
    return Result(score=score, suggested_level=level, factors=factors)


def current_weight_sets() -> dict[str, WeightSet]:
    """The current weight set of every service type ("" is the fallback), in one query."""
    return {w.service_type: w for w in WeightSet.objects.filter(is_current=True)}


def weight_set_for(service_type: str, weight_sets: dict[str, WeightSet]) -> WeightSet:
    """The service type's own current weight set, else the fallback."""
    return weight_sets.get(service_type) or weight_sets[""]


def by_points(factors: list[dict]) -> list[dict]:
    """A breakdown ordered biggest first (for pages)."""
    return sorted(factors, key=lambda f: -f["points"])
