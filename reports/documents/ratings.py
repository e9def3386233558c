"""The quarterly report's CQC ratings: local shares beside the comparator group's and
England's, and the trend chart."""

from __future__ import annotations

import math
from collections.abc import Sequence

from core.charts import line_chart
from reports.documents.common import NONE, Chart, Section, Table, day, pct, plural
from reports.figures.common import Figures


def _rating_tables(figures: Figures) -> list[Table]:
    ratings = figures["ratings"]
    period = figures["period"]
    council = period["council"]
    comparator = ratings["comparator_name"] or "Comparator group"
    tables = []
    order = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
    for category in ratings["categories"]:
        lines = {line["rating"]: line for line in category["lines"]}
        local = [
            f"{lines[r]['count']} ({pct(lines[r]['percent'])})"
            if lines[r]["percent"] is not None
            else str(lines[r]["count"])
            for r in order
        ]
        rows = [[council, *local, category["rated"], pct(category["good_percent"])]]
        if any(lines[r]["comparator"] for r in order):
            rows.append(
                [
                    comparator,
                    *(pct(lines[r]["comparator"]) for r in order),
                    NONE,
                    pct(category["comparator_good"]),
                ]
            )
        if any(lines[r]["national"] for r in order):
            rows.append(
                [
                    "England",
                    *(pct(lines[r]["national"]) for r in order),
                    NONE,
                    pct(category["national_good"]),
                ]
            )
        tables.append(
            Table(
                caption=f"{category['label']}: overall CQC ratings on {day(period['end'])}",
                columns=["", *order, "Rated", "Good or Outstanding"],
                rows=rows,
                sheet=f"CQC {category['label'].lower()}",
            )
        )
    return tables


def _trend_chart(figures: Figures) -> tuple[Chart, Table]:
    trend = figures["ratings"]["trend"]
    labels = [point["period"] for point in trend]
    names = {
        "all": "All local services",
        "residential": "Residential",
        "nursing": "Nursing",
        "community": "Community",
    }
    series: dict[str, Sequence[float | None]] = {
        name: [math.nan if point[key] is None else point[key] for point in trend]
        for key, name in names.items()
    }
    svg = line_chart(
        [label.replace(" ", "\n", 1) for label in labels],
        series,
        ylabel="Good or Outstanding",
        ymax=100,
        percent=True,
        legend_below=True,
    )
    first, last = trend[0], trend[-1]
    alt = (
        "Line chart of the share of rated local services rated Good or Outstanding at the end "
        f"of each of the last {len(trend)} quarters, from {pct(first['all'])} in "
        f"{first['period']} to {pct(last['all'])} in {last['period']} for all local services, "
        "with lines for residential, nursing and community services. The table gives every "
        "figure."
    )
    table = Table(
        caption="Share of rated local services rated Good or Outstanding, at each quarter end",
        columns=["Quarter", *names.values(), "Rated services"],
        rows=[
            [point["period"], *(pct(point[key]) for key in names), point["rated"]]
            for point in trend
        ],
        sheet="Good or Outstanding",
    )
    return Chart(svg=svg, alt=alt), table


def ratings_part(figures: Figures) -> Section:
    ratings = figures["ratings"]
    chart, trend_table = _trend_chart(figures)
    sources = []
    if ratings["comparator_name"]:
        sources.append(
            f"{ratings['comparator_name']}: {ratings['comparator_source']}, as at "
            f"{day(ratings['comparator_as_of'])}."
        )
    if ratings["national_as_of"]:
        sources.append(
            f"England: {ratings['national_source']}, as at {day(ratings['national_as_of'])}."
        )
    return Section(
        title="CQC ratings compared",
        anchor="ratings",
        paragraphs=[
            f"{pct(ratings['good_percent'])} of the {plural(ratings['rated'], 'rated service')} "
            f"in {figures['period']['council']}'s area were rated Good or Outstanding overall "
            f"on {day(figures['period']['end'])}. Local figures count services in the area "
            "by the CQC rating that applied on that day, as a share of rated services; services "
            "not yet rated are left out of the shares.",
            *sources,
        ],
        tables=_rating_tables(figures),
        chart=chart,
        after_chart=[trend_table],
        new_page=True,
    )
