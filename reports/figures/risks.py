"""Services presenting significant risk and new risks to target next month (monthly
report)."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q

from escalation.models import LevelChange, Sanction
from escalation.selectors import level_change_on, level_on, score_on
from providers.levels import Level
from providers.models import CQCRating, Rating, Service
from providers.selectors import rating_on
from quality.models import Intelligence, IntelligenceSource
from reports import rules
from reports.figures.common import (
    Figures,
    changes_behind,
    count_per_service,
    decision_row,
    level_label,
    service_row,
)
from reports.rules import Period


def significant_risk_section(period: Period) -> Figures:
    """Services presenting significant risk at the end of the month (``rules``: decided at
    level 3 or 4), with what the group needs beside each: since when and on whose decision,
    sanctions in force, CQC rating and risk score at the month's end, and concerns in it."""
    end = period.end
    in_force = Sanction.objects.in_force_on(end).filter(service=OuterRef("pk"))
    concerns = Intelligence.objects.filter(
        service=OuterRef("pk"),
        source=IntelligenceSource.SAFEGUARDING,
        received_on__gte=period.start,
        received_on__lte=end,
    )
    services = list(
        Service.objects.in_market_on(end)
        .annotate(level_end=level_on(end))
        .filter(level_end__in=rules.SIGNIFICANT_RISK_LEVELS)
        .annotate(
            change_id=level_change_on(end),
            rating_end=rating_on(end),
            score_end=score_on(end, "score"),
            n_sanctions=count_per_service(in_force),
            concerns=count_per_service(concerns),
        )
        .select_related("provider")
        .order_by("-level_end", "-score_end", "name", "pk")
    )
    changes = changes_behind(services)
    rows = [
        {
            **service_row(service),
            "level": service.level_end,
            **decision_row(changes.get(service.change_id)),
            "sanctions": service.n_sanctions,
            "rating": Rating(service.rating_end).label if service.rating_end else "Not rated",
            "score": service.score_end,
            "concerns": service.concerns,
        }
        for service in services
    ]
    return {
        "services": rows,
        "level_4": sum(1 for row in rows if row["level"] == Level.FOUR),
        "level_3": sum(1 for row in rows if row["level"] == Level.THREE),
    }


def new_risks_section(period: Period) -> Figures:
    """Services below level 3 at the end of the month that the group should target next month,
    each with why: escalated in the month, an escalation proposed and undecided at the month's
    end, rated Requires improvement or Inadequate by CQC in the month, a high or critical
    concern received in it, or a risk score suggesting a higher level than the one decided."""
    start, end = period.start, period.end
    escalated = LevelChange.objects.confirmed().filter(
        service=OuterRef("pk"),
        effective_on__gte=start,
        effective_on__lte=end,
        to_level__gt=F("from_level"),
    )
    proposed = LevelChange.objects.undecided_on(end).filter(
        service=OuterRef("pk"), to_level__gt=F("from_level")
    )
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
            serious=count_per_service(serious),
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
            reasons.append(f"Score suggests {level_label(service.suggested).lower()}")
        rows.append(
            {
                **service_row(service),
                "level": service.level_end,
                "score": service.score_end,
                "suggested": service.suggested,
                "reasons": reasons,
            }
        )
    return {"services": rows}
