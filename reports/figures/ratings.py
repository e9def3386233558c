"""Local CQC ratings beside the comparator group's and England's, and their trend (quarterly
report). A CQC rating applies from its publication date until a later one is published
(``providers.selectors.rating_on``)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Value
from django.db.models.functions import Coalesce

from providers.models import GOOD_OR_BETTER, Rating, RatingBenchmark, RatingCategory, Service
from providers.selectors import rating_category_case, rating_on
from reports import rules
from reports.figures.common import RATED, Figures, iso, percent
from reports.models import ComparatorBenchmark
from reports.rules import Period


def local_rating_counts(day: datetime.date) -> dict[tuple[str, str], int]:
    """(category, overall rating) -> services, for every in-area service in the market on
    ``day``, by the rating that applied that day; "not_rated" includes never inspected."""
    rows = (
        Service.objects.in_market_on(day)
        .filter(in_area=True)
        .annotate(rating_then=Coalesce(rating_on(day), Value(Rating.NOT_RATED)))
        .annotate(category=rating_category_case())
        .order_by()
        .values("category", "rating_then")
        .annotate(n=Count("pk"))
    )
    return {(row["category"], row["rating_then"]): row["n"] for row in rows}


def _good_share(counts: dict, categories) -> tuple[int, int]:
    good = sum(counts.get((c, r), 0) for c in categories for r in GOOD_OR_BETTER)
    rated = sum(counts.get((c, r), 0) for c in categories for r in RATED)
    return good, rated


def ratings_section(period: Period, *, trend_periods: int = rules.TREND_QUARTERS) -> Figures:
    """Local CQC overall ratings at the end of the period by category, beside the comparator
    group's and England's shares; and the share rated Good or Outstanding at the end of each
    of the last ``trend_periods`` periods (one grouped query per period)."""
    counts = local_rating_counts(period.end)
    national = {(b.category, b.rating): b for b in RatingBenchmark.objects.all()}
    comparators = {(b.category, b.rating): b for b in ComparatorBenchmark.objects.all()}
    categories = []
    for category in RatingCategory:
        rated = sum(counts.get((category.value, r), 0) for r in RATED)
        lines = []
        for rating in RATED:
            count = counts.get((category.value, rating), 0)
            national_figure = national.get((category.value, rating))
            comparator = comparators.get((category.value, rating))
            lines.append(
                {
                    "rating": Rating(rating).label,
                    "count": count,
                    "percent": percent(count, rated),
                    "national": str(national_figure.percent) if national_figure else None,
                    "comparator": str(comparator.percent) if comparator else None,
                }
            )
        good, _rated = _good_share(counts, [category.value])
        categories.append(
            {
                "category": category.value,
                "label": category.label,
                "lines": lines,
                "rated": rated,
                "not_rated": counts.get((category.value, Rating.NOT_RATED), 0),
                "good_percent": percent(good, rated),
                "national_good": _sum_percent(national, category.value),
                "comparator_good": _sum_percent(comparators, category.value),
            }
        )
    any_national = next(iter(national.values()), None)
    any_comparator = next(iter(comparators.values()), None)

    trend_list = [period]
    while len(trend_list) < trend_periods:
        trend_list.append(trend_list[-1].previous())
    trend_list.reverse()
    trend = []
    for each in trend_list:
        each_counts = counts if each == period else local_rating_counts(each.end)
        point: Figures = {"period": each.short_label, "end": iso(each.end)}
        good, rated = _good_share(each_counts, RatingCategory.values)
        point["all"] = percent(good, rated)
        point["rated"] = rated
        for value in RatingCategory.values:
            good, rated = _good_share(each_counts, [value])
            point[value] = percent(good, rated)
        trend.append(point)
    good, rated = _good_share(counts, RatingCategory.values)
    return {
        "categories": categories,
        "good_percent": percent(good, rated),
        "rated": rated,
        "national_as_of": iso(any_national.as_of) if any_national else None,
        "national_source": any_national.source if any_national else "",
        "comparator_name": any_comparator.group_name if any_comparator else "",
        "comparator_as_of": iso(any_comparator.as_of) if any_comparator else None,
        "comparator_source": any_comparator.source if any_comparator else "",
        "trend": trend,
    }


def _sum_percent(benchmarks: dict, category: str) -> str | None:
    values = [benchmarks.get((category, r)) for r in GOOD_OR_BETTER]
    if not any(values):
        return None
    return str(sum((v.percent for v in values if v), Decimal(0)))
