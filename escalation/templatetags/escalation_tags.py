"""The risk section of the service page: the score, what drove it, the suggested and decided
levels and the trend. templates/providers/service_detail.html includes it, so the service
view need not know about the risk engine."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.html import format_html

from escalation import selectors
from escalation.charts import score_trend_chart
from escalation.risk import breakdown
from providers.levels import Level, PlacementRating

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


PLACEMENT_COLOURS = {
    PlacementRating.GREEN: "govuk-tag--green",
    PlacementRating.AMBER: "govuk-tag--yellow",
    PlacementRating.RED: "govuk-tag--red",
}


@register.filter
def placement_rating_tag(rating):
    """A placement rating as a GOV.UK tag: the colour and the word, never colour alone."""
    if not rating:
        return ""
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        PLACEMENT_COLOURS.get(rating, "govuk-tag--grey"),
        PlacementRating(rating).label,
    )


@register.filter
def time_at_level(since, today=None):
    """How long since a date, in words people use: "today", "12 days", "3 months", "2 years"."""
    if not since:
        return ""
    today = today or timezone.localdate()
    days = (today - since).days
    if days <= 0:
        return "today"
    if days < 60:
        return f"{days} day{'s' if days != 1 else ''}"
    months = (today.year - since.year) * 12 + today.month - since.month - (today.day < since.day)
    if months < 24:
        return f"{months} months"
    return f"{months // 12} years"


@register.inclusion_tag("escalation/includes/service_level.html", takes_context=True)
def escalation_service_level(context, service):
    """The level section of the service page."""
    request = context["request"]
    data = selectors.service_level_page(service=service)
    return {
        **data,
        "service": service,
        "request": request,
        "perms": context.get("perms"),
        "can_propose": request.user.has_perm("escalation.propose_level", service),
    }


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
        # The stored breakdown keeps raw evidence numbers; the words are made here.
        "factors": breakdown(latest.factors) if latest else [],
        "scores": scores,
        "decided_level": selectors.decided_level(service=service),
        "chart": score_trend_chart(scores),
    }


@register.inclusion_tag("escalation/includes/service_risk.html")
def escalation_service_risk(service):
    """The risk section of the service page."""
    return {**risk_context(service), "summary": True}
