"""The market analysis (seed 002, section 5) and the local CQC ratings against the national
benchmark: grouped queries whose figures are aggregated in the database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from providers.models import (
    Contract,
    CQCRating,
    Provider,
    Rating,
    RatingBenchmark,
    RatingCategory,
    Scale,
    Service,
    ServiceQuerySet,
    ServiceType,
    Size,
    rating_category_for,
)
from providers.selectors.register import inadequate_rating_q, people_funded_expression


# --- market analysis (seed 002, section 5) ----------------------------------------------------
@dataclass
class MarketCell:
    providers: int = 0
    funded_packages: int = 0
    with_inadequate: int = 0
    mostly_inadequate: int = 0


@dataclass
class MarketTable:
    service_type: str
    label: str
    cells: dict[tuple[str, str], MarketCell]
    total: MarketCell

    def cell(self, scale: str, size: str) -> MarketCell:
        return self.cells.get((scale, size), MarketCell())

    @property
    def rows(self) -> list[tuple[str, str, list[int], int]]:
        """(measure label, attribute, [value per scale and size], total) for the template."""
        measures = [
            ("Providers in the local market", "providers"),
            ("Funded packages (people funded on live contracts)", "funded_packages"),
            ("Providers with at least one service rated Inadequate", "with_inadequate"),
            ("Providers with 20% or more of their services rated Inadequate", "mostly_inadequate"),
        ]
        return [
            (
                label,
                attribute,
                [
                    getattr(self.cell(scale, size), attribute)
                    for scale in Scale.values
                    for size in Size.values
                ],
                getattr(self.total, attribute),
            )
            for label, attribute in measures
        ]


def local_market_services(*, today: datetime.date | None = None) -> QuerySet[Service]:
    """The local market: open services in the council's area."""
    return Service.objects.open().filter(in_area=True)


def market_table(*, service_type: str, today: datetime.date | None = None) -> MarketTable:
    """One seed-002 table: providers of ``service_type`` in the local market by scale and
    size, the people funded there on live contracts, and how many providers have Inadequate
    services. One grouped query; every figure is aggregated in the database.

    A service counts as Inadequate when its current CQC rating is Inadequate overall or in any
    key question; "20% or more" compares a provider's Inadequate services of this type with all
    its services of this type in the local market.
    """
    today = today or timezone.localdate()
    market = local_market_services().filter(service_type=service_type, provider=OuterRef("pk"))

    def count_of(services):
        return Coalesce(
            Subquery(
                services.order_by().values("provider").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        )

    inadequate = market.filter(
        Exists(CQCRating.objects.current().filter(inadequate_rating_q(), service=OuterRef("pk")))
    )
    funded = (
        Contract.objects.live_on(today)
        .filter(
            ServiceQuerySet.open_q("service__"),
            service__provider=OuterRef("pk"),
            service__service_type=service_type,
            service__in_area=True,
        )
        .order_by()
        .values("service__provider")
        .annotate(n=Sum(people_funded_expression()))
        .values("n")
    )
    rows = (
        Provider.objects.annotate(
            n_services=count_of(market),
            n_inadequate=count_of(inadequate),
            n_funded=Coalesce(Subquery(funded, output_field=IntegerField()), Value(0)),
        )
        .filter(n_services__gt=0)
        .annotate(n_inadequate_x5=F("n_inadequate") * 5)
        .order_by()
        .values("scale", "size")
        .annotate(
            providers=Count("pk"),
            funded_packages=Sum("n_funded"),
            with_inadequate=Count("pk", filter=Q(n_inadequate__gte=1)),
            mostly_inadequate=Count(
                "pk", filter=Q(n_inadequate__gte=1, n_inadequate_x5__gte=F("n_services"))
            ),
        )
    )
    cells = {}
    total = MarketCell()
    for row in rows:
        cell = MarketCell(
            providers=row["providers"],
            funded_packages=row["funded_packages"] or 0,
            with_inadequate=row["with_inadequate"],
            mostly_inadequate=row["mostly_inadequate"],
        )
        cells[(row["scale"], row["size"])] = cell
        for attribute in ("providers", "funded_packages", "with_inadequate", "mostly_inadequate"):
            setattr(total, attribute, getattr(total, attribute) + getattr(cell, attribute))
    return MarketTable(
        service_type=service_type,
        label=ServiceType(service_type).label,
        cells=cells,
        total=total,
    )


def market_analysis(*, today: datetime.date | None = None) -> list[MarketTable]:
    """A seed-002 table for each service type that has services in the local market."""
    present = set(
        local_market_services().order_by().values_list("service_type", flat=True).distinct()
    )
    return [
        market_table(service_type=value, today=today)
        for value in ServiceType.values
        if value in present
    ]


# --- local ratings against the national benchmark ---------------------------------------------
RATED = (Rating.OUTSTANDING, Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE)


def rating_category_case(field: str = "service_type"):
    """The RatingCategory of a service, computed in the database (rating_category_for)."""
    whens = [
        When(**{field: value}, then=Value(rating_category_for(value)))
        for value in ServiceType.values
        if rating_category_for(value) != RatingCategory.COMMUNITY
    ]
    return Case(*whens, default=Value(RatingCategory.COMMUNITY), output_field=CharField())


@dataclass
class RatingLine:
    rating: str
    label: str
    count: int
    percent: Decimal | None
    benchmark: Decimal | None


@dataclass
class RatingComparison:
    category: str
    label: str
    lines: list[RatingLine]
    rated: int
    not_rated: int
    benchmark_as_of: datetime.date | None
    benchmark_source: str

    @property
    def good_or_better_percent(self) -> Decimal | None:
        if not self.rated:
            return None
        good = sum(
            line.count for line in self.lines if line.rating in (Rating.OUTSTANDING, Rating.GOOD)
        )
        return (Decimal(100) * good / self.rated).quantize(Decimal("1"))


def rating_comparison() -> list[RatingComparison]:
    """Current CQC overall ratings of open in-area services by category, with the share of
    each rating among rated services, beside the national benchmark. One grouped query."""
    counts = {
        (row["category"], row["overall"]): row["n"]
        for row in CQCRating.objects.current()
        .filter(ServiceQuerySet.open_q("service__"), service__in_area=True)
        .annotate(category=rating_category_case("service__service_type"))
        .order_by()
        .values("category", "overall")
        .annotate(n=Count("pk"))
    }
    benchmarks = {(b.category, b.rating): b for b in RatingBenchmark.objects.all()}
    result = []
    for category in RatingCategory:
        rated = sum(counts.get((category.value, r), 0) for r in RATED)
        lines = []
        for rating in RATED:
            count = counts.get((category.value, rating), 0)
            benchmark = benchmarks.get((category.value, rating))
            lines.append(
                RatingLine(
                    rating=rating,
                    label=Rating(rating).label,
                    count=count,
                    percent=(Decimal(100) * count / rated).quantize(Decimal("1"))
                    if rated
                    else None,
                    benchmark=benchmark.percent if benchmark else None,
                )
            )
        any_benchmark = next((b for (c, _r), b in benchmarks.items() if c == category.value), None)
        result.append(
            RatingComparison(
                category=category.value,
                label=category.label,
                lines=lines,
                rated=rated,
                not_rated=counts.get((category.value, Rating.NOT_RATED), 0),
                benchmark_as_of=any_benchmark.as_of if any_benchmark else None,
                benchmark_source=any_benchmark.source if any_benchmark else "",
            )
        )
    return result
