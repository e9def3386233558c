"""The risk section of the service page: the score, what drove it, the suggested and decided
levels and the trend. templates/providers/service_detail.html includes it, so the service
view need not know about the risk engine."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from escalation import selectors
from escalation.charts import score_trend_chart
from escalation.models import Level
from escalation.risk import by_points

register = template.Library()

LEVEL_COLOURS = {
    Level.ROUTINE: "govuk-tag--grey",
    Level.ONE: "govuk-tag--yellow",
    Level.TWO: "govuk-tag--orange",
    Level.THREE: "govuk-tag--red",
    Level.FOUR: "govuk-tag--purple",
}


@register.filter
def risk_level_tag(level):
    """A level as a GOV.UK tag."""
    if level is None:
        return ""
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        LEVEL_COLOURS.get(level, "govuk-tag--grey"),
        Level(level).label,
    )


@register.filter
def percent(value):
    """A factor value (0..1) as a whole percentage."""
    return f"{round(float(value) * 100)}%"


def risk_context(service, *, limit: int = 12) -> dict:
    """What the risk section and the risk page show, in two queries."""
    scores = selectors.recent_scores(service=service, limit=limit)
    latest = scores[0] if scores else None
    return {
        "service": service,
        "latest": latest,
        "factors": by_points(latest.factors) if latest else [],
        "scores": scores,
        "decided_level": selectors.decided_level(service=service),
        "chart": score_trend_chart(scores),
    }


@register.inclusion_tag("escalation/includes/service_risk.html")
def escalation_service_risk(service):
    """The risk section of the service page."""
    return {**risk_context(service), "summary": True}
