"""Services by level at the start and end of the period, and the movements between levels
(both reports).

The level of a service on a day is the ``to_level`` of its last change confirmed with
``effective_on`` on or before that day (``escalation.selectors.level_on``); a service is in the
market from its registration until it closes (``Service.objects.in_market_on``).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q

from escalation.models import Authority, LevelChange
from escalation.selectors import level_change_on, level_on
from providers.levels import Level
from providers.models import Service, ServiceQuerySet
from reports import rules
from reports.figures.common import (
    LEVELS,
    ONE_DAY,
    Figures,
    authority_text,
    changes_behind,
    decision_row,
    iso,
    service_row,
)
from reports.rules import Period


def levels_section(period: Period) -> Figures:
    """Services by level at the start and end of the period, reconciled: start + new + moved
    in - moved out - closed = end, for each level. Movements are the confirmed decisions that
    took effect in the period. Two grouped queries and two lists."""
    start, end = period.start, period.end
    before = start - ONE_DAY
    # In the market at some time in the period, or closing in it (so in it the day before).
    in_period = Service.objects.in_market_between(before, end)
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
    counts = in_period.annotate(level_before=level_on(before), level_end=level_on(end)).aggregate(
        **aggregates
    )
    moves = list(
        LevelChange.objects.confirmed()
        .filter(
            effective_on__gte=start,
            effective_on__lte=end,
            service__in=in_period.values("pk"),
        )
        .order_by()
        .values("from_level", "to_level", "authority")
        .annotate(n=Count("pk"))
    )
    moved_in: defaultdict[int, int] = defaultdict(int)
    moved_out: defaultdict[int, int] = defaultdict(int)
    matrix: defaultdict[tuple[int, int], int] = defaultdict(int)
    by_authority: defaultdict[str, dict[str, int]] = defaultdict(lambda: {"up": 0, "down": 0})
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
    changes = changes_behind(top)
    at_top = [
        {
            **service_row(service),
            "level": service.level_end,
            **decision_row(changes.get(service.change_id)),
        }
        for service in top
    ]
    # Named movements: every decision to or from levels 3 and 4 (the PEP's) in the period.
    named = [
        {
            **service_row(change.service),
            "on": iso(change.effective_on),
            "from_level": change.from_level,
            "to_level": change.to_level,
            "authority": authority_text(change),
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
