"""The whole market at the end of the month (monthly report)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce

from escalation.models import Sanction
from escalation.selectors import level_on
from providers.levels import Level
from providers.models import GOOD_OR_BETTER, Rating, Service, ServiceType
from providers.selectors import market_analysis, rating_on
from reports import rules
from reports.figures.common import RATED, Figures, percent
from reports.rules import Period


def market_section(period: Period, *, today: datetime.date | None = None) -> Figures:
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
                "good_percent": percent(row["good"], row["rated"]),
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
    totals["good_percent"] = percent(good, rated)
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
