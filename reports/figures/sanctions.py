"""Placement stops and restrictions of hours (both reports).

A sanction is in force on a day from its start date until its end date
(``Sanction.objects.in_force_on``).
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q

from escalation.models import (
    Sanction,
    SanctionImposition,
    SanctionKind,
    SanctionQuerySet,
    SanctionScope,
)
from escalation.selectors import level_on
from reports.figures.common import Figures, iso, service_row
from reports.rules import Period


def sanctions_section(period: Period) -> Figures:
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
                **service_row(sanction.service),
                "kind": sanction.get_kind_display(),
                "imposition": sanction.get_imposition_display(),
                "scope": sanction.scope_detail
                if sanction.scope == SanctionScope.PARTIAL
                else sanction.get_scope_display(),
                "since": iso(sanction.start_date),
                "review": iso(sanction.review_date),
                "level": sanction.level_end,
            }
            for sanction in in_force
        ],
    }
