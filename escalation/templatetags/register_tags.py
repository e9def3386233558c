"""Tags for the risk register page (templates/escalation/register.html)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from escalation.models import PlacementRating

register = template.Library()

RATING_COLOURS = {
    PlacementRating.GREEN: "govuk-tag--green",
    PlacementRating.AMBER: "govuk-tag--yellow",
    PlacementRating.RED: "govuk-tag--red",
}


@register.filter
def placement_rating_tag(rating):
    """A placement rating as a GOV.UK tag: the colour and the word, never the colour alone."""
    if not rating:
        return ""
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        RATING_COLOURS.get(rating, "govuk-tag--grey"),
        PlacementRating(rating).label,
    )
