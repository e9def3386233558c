"""Tags and filters for the market register's pages: ratings as GOV.UK tags, money."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html

from providers.models import Rating

register = template.Library()

RATING_TAG_COLOURS = {
    Rating.OUTSTANDING: "govuk-tag--blue",
    Rating.GOOD: "govuk-tag--green",
    Rating.REQUIRES_IMPROVEMENT: "govuk-tag--yellow",
    Rating.INADEQUATE: "govuk-tag--red",
    Rating.NOT_RATED: "govuk-tag--grey",
}


@register.filter
def rating_label(value) -> str:
    if not value:
        return "Not yet rated"
    try:
        return Rating(value).label
    except ValueError:
        return str(value)


@register.filter
def rating_tag(value):
    """A CQC rating as a GOV.UK tag: "Good" in green, "Inadequate" in red, and so on."""
    colour = RATING_TAG_COLOURS.get(value or Rating.NOT_RATED, "govuk-tag--grey")
    return format_html(
        '<strong class="govuk-tag app-rating-tag {}">{}</strong>', colour, rating_label(value)
    )


@register.filter
def money(value) -> str:
    """£1,234,567 (pence shown only when there are any)."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    if amount == amount.to_integral_value():
        return f"£{intcomma(int(amount))}"
    return f"£{intcomma(f'{amount:.2f}')}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""
