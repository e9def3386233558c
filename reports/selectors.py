"""Every figure the board and management reports show, computed from history in PostgreSQL.

A report for a past period reads only dated history, never today's state: the level of a
service on a day is the ``to_level`` of its last change confirmed with ``effective_on`` on or
before that day (``escalation.selectors.level_on``); a sanction is in force on a day from its
start date until its end date (``Sanction.objects.in_force_on``); a CQC rating applies from its
publication date until a later one is published (``providers.selectors.rating_on``); a service
is in the market from its registration until it closes (``Service.objects.in_market_on``).
Each rule is defined once, by the app that owns the records, and only used here. So the
report for April to June is the same whenever it is built, however the register has moved
since (docs/adr/0012-board-reports.md).

Every count is a database aggregate (``Count(..., filter=...)`` over one grouped query per
table), so the number of queries does not grow with the number of services. Each function
returns JSON-ready values only (numbers, strings, ISO dates, lists and dicts): they are kept
on the ``Report`` as they were when it was built.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from escalation.models import (
    Authority,
    LevelChange,
    LevelChangeStatus,
    Sanction,
    SanctionImposition,
    SanctionKind,
    SanctionQuerySet,
    SanctionScope,
)
from escalation.selectors import level_change_on, level_on, score_on
from failure_plan.models import Incident
from panels.models import (
    PANEL_SHORT,
    SERVICE_KINDS,
    AgendaItem,
    Decision,
    ItemOutcome,
    Meeting,
    MeetingStatus,
    Panel,
    PanelAction,
)
from providers.levels import Level
from providers.models import (
    GOOD_OR_BETTER,
    CQCRating,
    Rating,
    RatingBenchmark,
    RatingCategory,
    Service,
    ServiceQuerySet,
    ServiceType,
)
from providers.selectors import market_analysis, rating_category_case, rating_on
from quality.models import (
    Intelligence,
    IntelligenceSource,
    Section42,
    Severity,
    Visit,
    VisitStatus,
    VisitType,
)
from reports import rules
from reports.models import ComparatorBenchmark, Report, ReportKind
from reports.rules import Period

LEVELS = list(Level)
RATED = (Rating.OUTSTANDING, Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE)
CONCERN_SOURCES = (
    IntelligenceSource.SAFEGUARDING,
    IntelligenceSource.COMPLAINT,
    IntelligenceSource.WHISTLEBLOWING,
)
ONE_DAY = datetime.timedelta(days=1)


# --- building blocks --------------------------------------------------------------------------
def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _moment(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day``, in the council's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _percent(part: int, whole: int) -> int | None:
    """A whole per cent, rounded half up (boards read 87%, not 86.96%)."""
    if not whole:
        return None
    return int((Decimal(100) * part / whole).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _service_row(service: Service) -> dict:
    return {
        "id": service.pk,
        "name": service.name,
        "provider": service.provider.name,
        "type": service.get_service_type_display(),
    }


def _level_label(level: int | None) -> str:
    return Level(level or 0).label


def _authority_text(change: LevelChange | None) -> str:
    if change is None:
        return ""
    authority = Authority(change.authority)
    text = authority.label
    if change.authority_reference and authority not in (Authority.URGENT, Authority.MIGRATED):
        text = change.authority_reference
    return text


# --- quarterly report: services by level and movements ------------------------------------------
def levels_section(period: Period) -> dict:
    """Services by level at the start and end of the period, reconciled: start + new + moved
    in - moved out - closed = end, for each level. Movements are the confirmed decisions that
    took effect in the period. Two grouped queries and two lists."""
    start, end = period.start, period.end
    before = start - ONE_DAY
    # In the market at some time in the period, or closing in it.
    in_period = (Q(registered_on__isnull=True) | Q(registered_on__lte=end)) & (
        ServiceQuerySet.open_q() | Q(closed_on__gte=start)
    )
    aggregates = {}
    for level in LEVELS:
        aggregates[f"start_{level}"] = Count(
            "pk", filter=Q(ServiceQuerySet.in_market_q(before), level_before=level)
        )
        aggregates[f"new_{level}"] = Count(
            "pk", filter=Q(registered_on__gte=start, registered_on__lte=end, level_before=level)
        )
        aggregates[f"closed_{level}"] = Count(
            "pk", filter=Q(closed_on__gte=start, closed_on__lte=end, level_end=level)
        )
        aggregates[f"end_{level}"] = Count(
            "pk", filter=Q(ServiceQuerySet.in_market_q(end), level_end=level)
        )
    counts = (
        Service.objects.filter(in_period)
        .annotate(level_before=level_on(before), level_end=level_on(end))
        .aggregate(**aggregates)
    )
    moves = list(
        LevelChange.objects.confirmed()
        .filter(
            effective_on__gte=start,
            effective_on__lte=end,
            service__in=Service.objects.filter(in_period).values("pk"),
        )
        .order_by()
        .values("from_level", "to_level", "authority")
        .annotate(n=Count("pk"))
    )
    moved_in, moved_out = defaultdict(int), defaultdict(int)
    matrix = defaultdict(int)
    by_authority = defaultdict(lambda: {"up": 0, "down": 0})
    for row in moves:
        moved_in[row["to_level"]] += row["n"]
        moved_out[row["from_level"]] += row["n"]
        matrix[(row["from_level"], row["to_level"])] += row["n"]
        direction = "up" if row["to_level"] > row["from_level"] else "down"
        by_authority[row["authority"]][direction] += row["n"]
    rows = [
        {
            "level": level.value,
            "label": level.label,
            "start": counts[f"start_{level}"],
            "new": counts[f"new_{level}"],
            "moved_in": moved_in[level.value],
            "moved_out": moved_out[level.value],
            "closed": counts[f"closed_{level}"],
            "end": counts[f"end_{level}"],
        }
        for level in LEVELS
    ]
    escalations = sum(n for (a, b), n in matrix.items() if b > a)
    de_escalations = sum(n for (a, b), n in matrix.items() if b < a)

    # Services at levels 3 and 4 at the end of the period, with the decision behind the level.
    top = list(
        Service.objects.in_market_on(end)
        .annotate(level_end=level_on(end), change_id=level_change_on(end))
        .filter(level_end__in=rules.SIGNIFICANT_RISK_LEVELS)
        .select_related("provider")
        .order_by("-level_end", "name", "pk")
    )
    changes = LevelChange.objects.in_bulk([s.change_id for s in top if s.change_id])
    at_top = []
    for service in top:
        change = changes.get(service.change_id)
        at_top.append(
            {
                **_service_row(service),
                "level": service.level_end,
                "since": _iso(change.effective_on if change else None),
                "authority": _authority_text(change),
            }
        )
    # Named movements: every decision to or from levels 3 and 4 (the PEP's) in the period.
    named = [
        {
            **_service_row(change.service),
            "on": _iso(change.effective_on),
            "from_level": change.from_level,
            "to_level": change.to_level,
            "authority": _authority_text(change),
        }
        for change in LevelChange.objects.confirmed()
        .filter(
            Q(from_level__gte=Level.THREE) | Q(to_level__gte=Level.THREE),
            effective_on__gte=start,
            effective_on__lte=end,
        )
        .select_related("service", "service__provider")
        .order_by("effective_on", "service__name", "pk")
    ]
    return {
        "rows": rows,
        "totals": {
            key: sum(row[key] for row in rows)
            for key in ("start", "new", "moved_in", "moved_out", "closed", "end")
        },
        "escalations": escalations,
        "de_escalations": de_escalations,
        "matrix": [
            {"from_level": a, "to_level": b, "count": n} for (a, b), n in sorted(matrix.items())
        ],
        "by_authority": [
            {
                "authority": Authority(key).label if key else "Not recorded",
                "up": value["up"],
                "down": value["down"],
            }
            for key, value in sorted(by_authority.items(), key=lambda item: item[0])
        ],
        "at_top": at_top,
        "named_moves": named,
    }


# --- placement stops -------------------------------------------------------------------------
def sanctions_section(period: Period) -> dict:
    """Placement stops and restrictions of hours: in force at the end of the period (by kind,
    imposition and scope, and each one named), started and lifted during it."""
    start, end = period.start, period.end
    aggregates = {
        "in_force": Count("pk", filter=SanctionQuerySet.in_force_q(end)),
        "started": Count("pk", filter=Q(start_date__gte=start, start_date__lte=end)),
        "lifted": Count("pk", filter=Q(end_date__gte=start, end_date__lte=end)),
        "services": Count("service", filter=SanctionQuerySet.in_force_q(end), distinct=True),
    }
    for kind in SanctionKind:
        for imposition in SanctionImposition:
            aggregates[f"{kind}_{imposition}"] = Count(
                "pk", filter=SanctionQuerySet.in_force_q(end) & Q(kind=kind, imposition=imposition)
            )
        aggregates[f"{kind}_partial"] = Count(
            "pk",
            filter=SanctionQuerySet.in_force_q(end) & Q(kind=kind, scope=SanctionScope.PARTIAL),
        )
    counts = Sanction.objects.aggregate(**aggregates)
    in_force = (
        Sanction.objects.in_force_on(end)
        .select_related("service", "service__provider")
        .annotate(level_end=level_on(end, OuterRef("service")))
        .order_by("start_date", "service__name", "pk")
    )
    return {
        "in_force": counts["in_force"],
        "services": counts["services"],
        "started": counts["started"],
        "lifted": counts["lifted"],
        "by_kind": [
            {
                "kind": kind.label,
                "imposed": counts[f"{kind}_{SanctionImposition.IMPOSED}"],
                "voluntary": counts[f"{kind}_{SanctionImposition.VOLUNTARY}"],
                "partial": counts[f"{kind}_partial"],
                "total": counts[f"{kind}_{SanctionImposition.IMPOSED}"]
                + counts[f"{kind}_{SanctionImposition.VOLUNTARY}"],
            }
            for kind in SanctionKind
        ],
        "list": [
            {
                **_service_row(sanction.service),
                "kind": sanction.get_kind_display(),
                "imposition": sanction.get_imposition_display(),
                "scope": sanction.scope_detail
                if sanction.scope == SanctionScope.PARTIAL
                else sanction.get_scope_display(),
                "since": _iso(sanction.start_date),
                "review": _iso(sanction.review_date),
                "level": sanction.level_end,
            }
            for sanction in in_force
        ],
    }


# --- PEP and QPSG ------------------------------------------------------------------------------
def panels_section(period: Period, *, now: datetime.datetime | None = None) -> dict:
    """Meetings of each panel in the period, what they discussed and decided (from published
    minutes), and their actions: agreed, done, and open at the end of the period."""
    now = now or timezone.now()
    begins, ends = _moment(period.start), _moment(period.end + ONE_DAY)
    meetings = Meeting.objects.filter(starts_at__gte=begins, starts_at__lt=ends)
    held_q = Q(starts_at__lte=now) & ~Q(status=MeetingStatus.CANCELLED)
    meeting_counts = {
        row["panel"]: row
        for row in meetings.order_by()
        .values("panel")
        .annotate(
            held=Count("pk", filter=held_q),
            published=Count("pk", filter=Q(status=MeetingStatus.PUBLISHED)),
            cancelled=Count("pk", filter=Q(status=MeetingStatus.CANCELLED)),
        )
    }
    published_items = AgendaItem.objects.filter(
        meeting__in=meetings.filter(status=MeetingStatus.PUBLISHED), kind__in=SERVICE_KINDS
    )
    decision_aggregates = {
        "services": Count("service", distinct=True),
        "referred": Count("pk", filter=Q(outcome=ItemOutcome.REFERRED)),
    }
    for decision in Decision:
        decision_aggregates[decision.value] = Count("pk", filter=Q(decision=decision))
    decisions = {
        row["meeting__panel"]: row
        for row in published_items.order_by()
        .values("meeting__panel")
        .annotate(**decision_aggregates)
    }
    open_at_end = Q(meeting__starts_at__lt=ends) & (
        Q(done_on__isnull=True) | Q(done_on__gt=period.end)
    )
    actions = {
        row["meeting__panel"]: row
        for row in PanelAction.objects.order_by()
        .values("meeting__panel")
        .annotate(
            agreed=Count(
                "pk", filter=Q(meeting__starts_at__gte=begins, meeting__starts_at__lt=ends)
            ),
            done=Count("pk", filter=Q(done_on__gte=period.start, done_on__lte=period.end)),
            open=Count("pk", filter=open_at_end),
            overdue=Count("pk", filter=open_at_end & Q(due_on__lte=period.end)),
        )
    }
    panels = []
    for panel in Panel:
        m, d, a = meeting_counts.get(panel, {}), decisions.get(panel, {}), actions.get(panel, {})
        panels.append(
            {
                "panel": panel.value,
                "label": panel.label,
                "short": PANEL_SHORT[panel],
                "held": m.get("held", 0),
                "published": m.get("published", 0),
                "cancelled": m.get("cancelled", 0),
                "services": d.get("services", 0),
                **{decision.value: d.get(decision.value, 0) for decision in Decision},
                "referred": d.get("referred", 0),
                "actions_agreed": a.get("agreed", 0),
                "actions_done": a.get("done", 0),
                "actions_open": a.get("open", 0),
                "actions_overdue": a.get("overdue", 0),
            }
        )
    listed = (
        meetings.filter(held_q)
        .annotate(
            services=Count("items", filter=Q(items__kind__in=SERVICE_KINDS), distinct=True),
            actions_agreed=Count("actions", distinct=True),
        )
        .order_by("starts_at", "pk")
    )
    return {
        "panels": panels,
        "meetings": [
            {
                "on": _iso(timezone.localtime(meeting.starts_at).date()),
                "panel": PANEL_SHORT[Panel(meeting.panel)],
                "services": meeting.services,
                "actions": meeting.actions_agreed,
                "minutes": "Published" if meeting.is_published else "Not yet published",
            }
            for meeting in listed
        ],
    }


# --- visits ------------------------------------------------------------------------------------
def visits_section(period: Period) -> dict:
    """Visits planned for the period (by planned date) and what became of them by its end
    (completed by then, cancelled, or not done), and every visit completed in it (by visit
    date), planned or not, by type, with the overall ratings."""
    start, end = period.start, period.end
    planned = Q(planned_date__gte=start, planned_date__lte=end)
    completed = Q(status=VisitStatus.COMPLETED, visit_date__gte=start, visit_date__lte=end)
    rows = {
        row["visit_type"]: row
        for row in Visit.objects.filter(planned | completed)
        .order_by()
        .values("visit_type")
        .annotate(
            planned=Count("pk", filter=planned),
            # Done by the end of the period, so a visit completed late does not change it.
            planned_done=Count(
                "pk",
                filter=planned & Q(status=VisitStatus.COMPLETED, visit_date__lte=end),
            ),
            planned_cancelled=Count("pk", filter=planned & Q(status=VisitStatus.CANCELLED)),
            completed=Count("pk", filter=completed),
            unplanned=Count("pk", filter=completed & Q(planned_date__isnull=True)),
            services=Count("service", filter=completed, distinct=True),
        )
    }
    types = []
    for visit_type in VisitType:
        row = rows.get(visit_type.value)
        if not row:
            continue
        types.append(
            {
                "type": visit_type.label,
                "planned": row["planned"],
                "planned_done": row["planned_done"],
                "planned_cancelled": row["planned_cancelled"],
                "planned_not_done": row["planned"] - row["planned_done"] - row["planned_cancelled"],
                "completed": row["completed"],
                "unplanned": row["unplanned"],
            }
        )
    totals = {
        key: sum(row[key] for row in types)
        for key in (
            "planned",
            "planned_done",
            "planned_cancelled",
            "planned_not_done",
            "completed",
            "unplanned",
        )
    }
    outcome_rows = dict(
        Visit.objects.filter(completed)
        .order_by()
        .values_list("overall_rating")
        .annotate(n=Count("pk"))
        .values_list("overall_rating", "n")
    )
    outcomes = [
        {"rating": label, "count": outcome_rows.get(value, 0)}
        for value, label in [
            *((r.value, r.label) for r in RATED),
            ("not_assessed", "Not assessed"),
        ]
    ]
    services_visited = (
        Visit.objects.filter(completed).order_by().values("service").distinct().count()
    )
    return {
        "types": types,
        "totals": totals,
        "outcomes": outcomes,
        "services_visited": services_visited,
        "done_percent": _percent(totals["planned_done"], totals["planned"]),
    }


# --- safeguarding concerns and complaints ------------------------------------------------------
def concerns_section(period: Period, *, quarters: int = 4) -> dict:
    """Safeguarding concerns, complaints and whistleblowing received in the period and the
    ``quarters - 1`` periods before it (for the trend); for the period itself, section 42
    enquiries, severity and category, and the services with three or more."""
    periods = [period]
    while len(periods) < quarters:
        periods.append(periods[-1].previous())
    periods.reverse()
    start, end = period.start, period.end
    this = Q(received_on__gte=start, received_on__lte=end)
    aggregates = {}
    for index, each in enumerate(periods):
        for source in CONCERN_SOURCES:
            aggregates[f"p{index}_{source}"] = Count(
                "pk",
                filter=Q(source=source, received_on__gte=each.start, received_on__lte=each.end),
            )
    safeguarding = this & Q(source=IntelligenceSource.SAFEGUARDING)
    for value in Section42.values:
        aggregates[f"s42_{value}"] = Count("pk", filter=safeguarding & Q(section_42=value))
    for severity in Severity.values:
        for source in CONCERN_SOURCES:
            aggregates[f"sev_{severity}_{source}"] = Count(
                "pk", filter=this & Q(source=source, severity=severity)
            )
    for category in RatingCategory.values:
        for source in CONCERN_SOURCES:
            aggregates[f"cat_{category}_{source}"] = Count(
                "pk", filter=this & Q(source=source, category=category)
            )
    aggregates["services"] = Count(
        "service", filter=this & Q(source__in=CONCERN_SOURCES), distinct=True
    )
    counts = (
        Intelligence.objects.filter(
            received_on__gte=periods[0].start, received_on__lte=end, source__in=CONCERN_SOURCES
        )
        .annotate(category=rating_category_case("service__service_type"))
        .aggregate(**aggregates)
    )
    last = len(periods) - 1
    trend = [
        {
            "source": IntelligenceSource(source).label,
            "counts": [counts[f"p{index}_{source}"] for index in range(len(periods))],
        }
        for source in CONCERN_SOURCES
    ]
    frequent = (
        Service.objects.annotate(
            concerns=Count(
                "intelligence",
                filter=Q(
                    intelligence__source=IntelligenceSource.SAFEGUARDING,
                    intelligence__received_on__gte=start,
                    intelligence__received_on__lte=end,
                ),
            ),
            complaints=Count(
                "intelligence",
                filter=Q(
                    intelligence__source=IntelligenceSource.COMPLAINT,
                    intelligence__received_on__gte=start,
                    intelligence__received_on__lte=end,
                ),
            ),
        )
        .annotate(together=F("concerns") + F("complaints"))
        .filter(together__gte=3)
        .annotate(level_end=level_on(end))
        .select_related("provider")
        .order_by("-together", "name", "pk")
    )
    safeguarding_total = counts[f"p{last}_{IntelligenceSource.SAFEGUARDING}"]
    return {
        "periods": [each.short_label for each in periods],
        "trend": trend,
        "safeguarding": safeguarding_total,
        "complaints": counts[f"p{last}_{IntelligenceSource.COMPLAINT}"],
        "whistleblowing": counts[f"p{last}_{IntelligenceSource.WHISTLEBLOWING}"],
        "services": counts["services"],
        "section_42": [
            {"answer": label, "count": counts[f"s42_{value}"]} for value, label in Section42.choices
        ],
        "section_42_percent": _percent(counts[f"s42_{Section42.YES}"], safeguarding_total),
        "by_severity": [
            {
                "severity": label,
                "counts": [counts[f"sev_{value}_{source}"] for source in CONCERN_SOURCES],
            }
            for value, label in Severity.choices
        ],
        "by_category": [
            {
                "category": label,
                "counts": [counts[f"cat_{value}_{source}"] for source in CONCERN_SOURCES],
            }
            for value, label in RatingCategory.choices
        ],
        "frequent": [
            {
                **_service_row(service),
                "concerns": service.concerns,
                "complaints": service.complaints,
                "level": service.level_end,
            }
            for service in frequent
        ],
    }


# --- failure incidents -------------------------------------------------------------------------
def incidents_section(period: Period) -> dict:
    """Every failure incident open at any time in the period: opened, closed, open at its end,
    and each one's outcome, with the people affected and how many had moved by the end
    (counts only: a board report never names people receiving care)."""
    begins, ends = _moment(period.start), _moment(period.end + ONE_DAY)
    placed = (~Q(people__destination="") | Q(people__destination_service__isnull=False)) & Q(
        people__move_date__isnull=False, people__move_date__lte=period.end
    )
    incidents = list(
        Incident.objects.filter(notice_at__lt=ends)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=begins))
        .annotate(
            people_now=Count("people", distinct=True),
            people_placed=Count("people", filter=placed, distinct=True),
        )
        .prefetch_related("services")
        .order_by("notice_at", "pk")
    )
    rows = []
    for incident in incidents:
        closed_in_time = incident.closed_at is not None and incident.closed_at < ends
        people = incident.people_now + incident.people_purged_count
        if closed_in_time:
            outcome = f"Closed on {timezone.localtime(incident.closed_at):%-d %B %Y}"
        else:
            outcome = "Open at the end of the period"
        rows.append(
            {
                "reference": incident.reference,
                "title": incident.title,
                "cause": incident.get_cause_display(),
                "emergency": incident.is_emergency,
                "services": ", ".join(s.name for s in incident.services.all()),
                "notice": _iso(timezone.localtime(incident.notice_at).date()),
                "opened_in_period": incident.notice_at >= begins,
                "closed_in_period": closed_in_time,
                "outcome": outcome,
                "people": people,
                # After the retention purge only the count is left, not where people went.
                "placed": None if incident.people_purged_at else incident.people_placed,
            }
        )
    return {
        "incidents": rows,
        "opened": sum(1 for row in rows if row["opened_in_period"]),
        "closed": sum(1 for row in rows if row["closed_in_period"]),
        "open_at_end": sum(1 for row in rows if not row["closed_in_period"]),
        "emergencies": sum(1 for row in rows if row["emergency"]),
        "people": sum(row["people"] for row in rows),
    }


# --- CQC ratings ------------------------------------------------------------------------------
def local_rating_counts(day: datetime.date) -> dict[tuple[str, str], int]:
    """(category, overall rating) -> services, for every in-area service in the market on
    ``day``, by the rating that applied that day; "not_rated" includes never inspected."""
    rows = (
        Service.objects.in_market_on(day)
        .filter(in_area=True)
        .annotate(rating_then=Coalesce(rating_on(day), Value(Rating.NOT_RATED)))
        .annotate(category=rating_category_case())
        .order_by()
        .values("category", "rating_then")
        .annotate(n=Count("pk"))
    )
    return {(row["category"], row["rating_then"]): row["n"] for row in rows}


def _good_share(counts: dict, categories) -> tuple[int, int]:
    good = sum(counts.get((c, r), 0) for c in categories for r in GOOD_OR_BETTER)
    rated = sum(counts.get((c, r), 0) for c in categories for r in RATED)
    return good, rated


def ratings_section(period: Period, *, trend_periods: int = rules.TREND_QUARTERS) -> dict:
    """Local CQC overall ratings at the end of the period by category, beside the comparator
    group's and England's shares; and the share rated Good or Outstanding at the end of each
    of the last ``trend_periods`` periods (one grouped query per period)."""
    counts = local_rating_counts(period.end)
    national = {(b.category, b.rating): b for b in RatingBenchmark.objects.all()}
    comparators = {(b.category, b.rating): b for b in ComparatorBenchmark.objects.all()}
    categories = []
    for category in RatingCategory:
        rated = sum(counts.get((category.value, r), 0) for r in RATED)
        lines = []
        for rating in RATED:
            count = counts.get((category.value, rating), 0)
            national_figure = national.get((category.value, rating))
            comparator = comparators.get((category.value, rating))
            lines.append(
                {
                    "rating": Rating(rating).label,
                    "count": count,
                    "percent": _percent(count, rated),
                    "national": str(national_figure.percent) if national_figure else None,
                    "comparator": str(comparator.percent) if comparator else None,
                }
            )
        good, _rated = _good_share(counts, [category.value])
        categories.append(
            {
                "category": category.value,
                "label": category.label,
                "lines": lines,
                "rated": rated,
                "not_rated": counts.get((category.value, Rating.NOT_RATED), 0),
                "good_percent": _percent(good, rated),
                "national_good": _sum_percent(national, category.value),
                "comparator_good": _sum_percent(comparators, category.value),
            }
        )
    any_national = next(iter(national.values()), None)
    any_comparator = next(iter(comparators.values()), None)

    trend_list = [period]
    while len(trend_list) < trend_periods:
        trend_list.append(trend_list[-1].previous())
    trend_list.reverse()
    trend = []
    for each in trend_list:
        each_counts = counts if each == period else local_rating_counts(each.end)
        point = {"period": each.short_label, "end": _iso(each.end)}
        good, rated = _good_share(each_counts, RatingCategory.values)
        point["all"] = _percent(good, rated)
        point["rated"] = rated
        for category in RatingCategory.values:
            good, rated = _good_share(each_counts, [category])
            point[category] = _percent(good, rated)
        trend.append(point)
    good, rated = _good_share(counts, RatingCategory.values)
    return {
        "categories": categories,
        "good_percent": _percent(good, rated),
        "rated": rated,
        "national_as_of": _iso(any_national.as_of) if any_national else None,
        "national_source": any_national.source if any_national else "",
        "comparator_name": any_comparator.group_name if any_comparator else "",
        "comparator_as_of": _iso(any_comparator.as_of) if any_comparator else None,
        "comparator_source": any_comparator.source if any_comparator else "",
        "trend": trend,
    }


def _sum_percent(benchmarks: dict, category: str) -> str | None:
    values = [benchmarks.get((category, r)) for r in GOOD_OR_BETTER]
    if not any(values):
        return None
    return str(sum((v.percent for v in values if v), Decimal(0)))


# --- the quarterly report ----------------------------------------------------------------------
SAB_STEPS = [
    ("levels", "Counting services by level", levels_section),
    ("sanctions", "Counting placement stops", sanctions_section),
    ("panels", "Counting PEP and QPSG meetings", panels_section),
    ("visits", "Counting visits", visits_section),
    ("concerns", "Counting safeguarding concerns and complaints", concerns_section),
    ("incidents", "Reading failure incidents", incidents_section),
    ("ratings", "Comparing CQC ratings", ratings_section),
]


def sab_figures(period: Period, *, progress=None) -> dict:
    """Every figure of the quarterly Safeguarding Adults Board report for ``period``.
    ``progress(done, total, message)`` is called before each part (for the job's bar)."""
    figures = {"period": _period_dict(period)}
    for index, (key, message, function) in enumerate(SAB_STEPS):
        if progress:
            progress(index, message)
        figures[key] = function(period)
    return figures


def _period_dict(period: Period) -> dict:
    return {
        "kind": period.kind,
        "start": _iso(period.start),
        "end": _iso(period.end),
        "label": period.label,
        "short": period.short_label,
        "council": settings.OVERSIGHT_COUNCIL_NAME,
    }


# --- the monthly Market Management Group report -----------------------------------------------
def significant_risk_section(period: Period) -> dict:
    """Services presenting significant risk at the end of the month (``rules``: decided at
    level 3 or 4), with what the group needs beside each: since when and on whose decision,
    sanctions in force, CQC rating and risk score at the month's end, and concerns in it."""
    end = period.end
    in_force = Sanction.objects.in_force_on(end).filter(service=OuterRef("pk")).order_by()
    concerns = Intelligence.objects.filter(
        service=OuterRef("pk"),
        source=IntelligenceSource.SAFEGUARDING,
        received_on__gte=period.start,
        received_on__lte=end,
    ).order_by()
    services = list(
        Service.objects.in_market_on(end)
        .annotate(level_end=level_on(end))
        .filter(level_end__in=rules.SIGNIFICANT_RISK_LEVELS)
        .annotate(
            change_id=level_change_on(end),
            rating_end=rating_on(end),
            score_end=score_on(end, "score"),
            n_sanctions=Coalesce(
                Subquery(
                    in_force.values("service").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
            concerns=Coalesce(
                Subquery(
                    concerns.values("service").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
        )
        .select_related("provider")
        .order_by("-level_end", "-score_end", "name", "pk")
    )
    changes = LevelChange.objects.in_bulk([s.change_id for s in services if s.change_id])
    rows = []
    for service in services:
        change = changes.get(service.change_id)
        rows.append(
            {
                **_service_row(service),
                "level": service.level_end,
                "since": _iso(change.effective_on if change else None),
                "authority": _authority_text(change),
                "sanctions": service.n_sanctions,
                "rating": Rating(service.rating_end).label if service.rating_end else "Not rated",
                "score": service.score_end,
                "concerns": service.concerns,
            }
        )
    return {
        "services": rows,
        "level_4": sum(1 for row in rows if row["level"] == Level.FOUR),
        "level_3": sum(1 for row in rows if row["level"] == Level.THREE),
    }


def new_risks_section(period: Period) -> dict:
    """Services below level 3 at the end of the month that the group should target next month,
    each with why: escalated in the month, an escalation proposed and undecided at the month's
    end, rated Requires improvement or Inadequate by CQC in the month, a high or critical
    concern received in it, or a risk score suggesting a higher level than the one decided."""
    start, end = period.start, period.end
    end_moment = _moment(end + ONE_DAY)
    escalated = LevelChange.objects.confirmed().filter(
        service=OuterRef("pk"),
        effective_on__gte=start,
        effective_on__lte=end,
        to_level__gt=F("from_level"),
    )
    proposed = LevelChange.objects.filter(
        Q(decided_at__isnull=True) | Q(decided_at__gte=end_moment),
        service=OuterRef("pk"),
        proposed_at__lt=end_moment,
        to_level__gt=F("from_level"),
    ).exclude(status=LevelChangeStatus.CONFIRMED, effective_on__lte=end)
    poor_rating = CQCRating.objects.filter(
        service=OuterRef("pk"),
        published_on__gte=start,
        published_on__lte=end,
        overall__in=(Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE),
    )
    serious = Intelligence.objects.filter(
        service=OuterRef("pk"),
        received_on__gte=start,
        received_on__lte=end,
        severity__in=rules.SERIOUS_SEVERITIES,
    )
    services = list(
        Service.objects.in_market_on(end)
        .annotate(level_end=level_on(end))
        .exclude(level_end__in=rules.SIGNIFICANT_RISK_LEVELS)
        .annotate(
            suggested=score_on(end, "suggested_level"),
            score_end=score_on(end, "score"),
            was_escalated=Exists(escalated),
            has_proposal=Exists(proposed),
            poor_rating=Exists(poor_rating),
            serious=Coalesce(
                Subquery(
                    serious.order_by().values("service").annotate(n=Count("pk")).values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
        )
        .filter(
            Q(was_escalated=True)
            | Q(has_proposal=True)
            | Q(poor_rating=True)
            | Q(serious__gt=0)
            | Q(suggested__gt=F("level_end"))
        )
        .select_related("provider")
        .order_by(
            F("suggested").desc(nulls_last=True), F("score_end").desc(nulls_last=True), "name"
        )
    )
    rows = []
    for service in services:
        reasons = []
        if service.was_escalated:
            reasons.append("Escalated in the month")
        if service.has_proposal:
            reasons.append("Escalation proposed, not yet decided")
        if service.poor_rating:
            reasons.append("Rated Requires improvement or Inadequate by CQC")
        if service.serious:
            reasons.append(
                f"{service.serious} high or critical concern{'s' if service.serious != 1 else ''}"
            )
        if service.suggested is not None and service.suggested > service.level_end:
            reasons.append(f"Score suggests {_level_label(service.suggested).lower()}")
        rows.append(
            {
                **_service_row(service),
                "level": service.level_end,
                "score": service.score_end,
                "suggested": service.suggested,
                "reasons": reasons,
            }
        )
    return {"services": rows}


def market_section(period: Period, *, today: datetime.date | None = None) -> dict:
    """The whole market at the end of the month by service type (services, capacity, share
    Good or Outstanding, levels, placement stops), and the seed-002 market analysis tables
    (``providers.selectors.market_analysis``), which read the register as it is when built."""
    end = period.end
    stops = Sanction.objects.in_force_on(end).filter(service=OuterRef("pk"))
    rows = {
        row["service_type"]: row
        for row in Service.objects.in_market_on(end)
        .annotate(
            level_end=level_on(end),
            rating_end=rating_on(end),
            has_stop=Exists(stops),
        )
        .order_by()
        .values("service_type")
        .annotate(
            services=Count("pk"),
            in_area=Count("pk", filter=Q(in_area=True)),
            capacity=Coalesce(Sum("capacity"), Value(0)),
            rated=Count("pk", filter=Q(rating_end__in=RATED)),
            good=Count("pk", filter=Q(rating_end__in=GOOD_OR_BETTER)),
            inadequate=Count("pk", filter=Q(rating_end=Rating.INADEQUATE)),
            level_2=Count("pk", filter=Q(level_end=Level.TWO)),
            level_3_4=Count("pk", filter=Q(level_end__in=rules.SIGNIFICANT_RISK_LEVELS)),
            stopped=Count("pk", filter=Q(has_stop=True)),
        )
    }
    types = []
    for service_type in ServiceType:
        row = rows.get(service_type.value)
        if not row:
            continue
        types.append(
            {
                "type": service_type.label,
                "services": row["services"],
                "in_area": row["in_area"],
                "capacity": row["capacity"],
                "good_percent": _percent(row["good"], row["rated"]),
                "inadequate": row["inadequate"],
                "level_2": row["level_2"],
                "level_3_4": row["level_3_4"],
                "stopped": row["stopped"],
            }
        )
    totals = {
        key: sum(row[key] for row in types)
        for key in ("services", "in_area", "inadequate", "level_2", "level_3_4", "stopped")
    }
    good = sum(row["good"] for row in rows.values())
    rated = sum(row["rated"] for row in rows.values())
    totals["good_percent"] = _percent(good, rated)
    analysis = [
        {
            "type": table.label,
            "rows": [
                {"measure": label, "values": values, "total": total}
                for label, _attribute, values, total in table.rows
            ],
        }
        for table in market_analysis(today=today)
    ]
    return {"types": types, "totals": totals, "analysis": analysis}


MMG_STEPS = [
    ("significant", "Listing services presenting significant risk", significant_risk_section),
    ("new_risks", "Finding new risks to target", new_risks_section),
    ("market", "Analysing the whole market", market_section),
    ("levels", "Counting services by level", levels_section),
    ("sanctions", "Counting placement stops", sanctions_section),
    ("incidents", "Reading failure incidents", incidents_section),
]


def mmg_figures(period: Period, *, progress=None) -> dict:
    """Every figure of the monthly Market Management Group report for ``period``."""
    figures = {"period": _period_dict(period)}
    for index, (key, message, function) in enumerate(MMG_STEPS):
        if progress:
            progress(index, message)
        figures[key] = function(period)
    return figures


STEPS = {ReportKind.SAB_QUARTERLY: SAB_STEPS, ReportKind.MMG_MONTHLY: MMG_STEPS}
FIGURES = {ReportKind.SAB_QUARTERLY: sab_figures, ReportKind.MMG_MONTHLY: mmg_figures}


# --- the reports pages --------------------------------------------------------------------------
def reports_of_kind(*, kind: str, limit: int = 40) -> QuerySet[Report]:
    """Built reports of a kind, newest period first, then newest version, with who asked."""
    return (
        Report.objects.filter(kind=kind)
        .select_related("requested_by")
        .defer("figures")
        .order_by("-period_start", "-version")[:limit]
    )


def latest_ready(*, kind: str) -> Report | None:
    """The newest ready build of the newest period of a kind (None before the first)."""
    return (
        Report.objects.filter(kind=kind, status="ready")
        .defer("figures")
        .order_by("-period_start", "-version")
        .first()
    )


def report_for(*, pk: int) -> Report:
    """One built report (404 when there is none); views check ``reports.see_report`` on it."""
    return get_object_or_404(Report.objects.select_related("requested_by").defer("figures"), pk=pk)


def report_figures(*, report: Report) -> dict:
    """The figures kept on a built report (read only when a spreadsheet is asked for)."""
    return Report.objects.values_list("figures", flat=True).get(pk=report.pk)
