"""Visits planned for the period and visits completed in it (quarterly report)."""

from __future__ import annotations

from django.db.models import Count, Q

from quality.models import Visit, VisitStatus, VisitType
from reports.figures.common import RATED, Figures, percent
from reports.rules import Period

# The counts of each type of visit, in the order the report's table shows them.
VISIT_COUNTS = (
    "planned",
    "planned_done",
    "planned_cancelled",
    "planned_not_done",
    "completed",
    "unplanned",
)


def visits_section(period: Period) -> Figures:
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
    totals = {key: sum(row[key] for row in types) for key in VISIT_COUNTS}
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
        "done_percent": percent(totals["planned_done"], totals["planned"]),
    }
