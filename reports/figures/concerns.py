"""Safeguarding concerns, complaints and whistleblowing received (quarterly report)."""

from __future__ import annotations

from django.db.models import Count, F, Q

from escalation.selectors import level_on
from providers.models import RatingCategory, Service
from providers.selectors import rating_category_case
from quality.models import Intelligence, IntelligenceSource, Section42, Severity
from reports.figures.common import Figures, percent, service_row
from reports.rules import Period

CONCERN_SOURCES = (
    IntelligenceSource.SAFEGUARDING,
    IntelligenceSource.COMPLAINT,
    IntelligenceSource.WHISTLEBLOWING,
)


def concerns_section(period: Period, *, quarters: int = 4) -> Figures:
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

    def received(source: str) -> Count:
        """A service's intelligence from ``source`` received in the period."""
        return Count(
            "intelligence",
            filter=Q(
                intelligence__source=source,
                intelligence__received_on__gte=start,
                intelligence__received_on__lte=end,
            ),
        )

    frequent = (
        Service.objects.annotate(
            concerns=received(IntelligenceSource.SAFEGUARDING),
            complaints=received(IntelligenceSource.COMPLAINT),
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
        "section_42_percent": percent(counts[f"s42_{Section42.YES}"], safeguarding_total),
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
                **service_row(service),
                "concerns": service.concerns,
                "complaints": service.complaints,
                "level": service.level_end,
            }
            for service in frequent
        ],
    }
