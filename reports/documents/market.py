"""The monthly Market Management Group report."""

from __future__ import annotations

from providers.models import Scale, Size
from reports.documents.common import (
    NONE,
    Document,
    Section,
    Table,
    day,
    forum,
    num,
    pct,
    plural,
    short_day,
)
from reports.documents.sections import incidents_part, levels_part, sanctions_part
from reports.figures.common import Figures, level_label
from reports.rules import SERIOUS_SEVERITIES


def _significant_part(figures: Figures) -> Section:
    significant = figures["significant"]
    period = figures["period"]
    table = Table(
        caption=f"Services at levels 3 and 4 on {day(period['end'])}",
        columns=[
            "Service",
            "Provider",
            "Level",
            "Since",
            "Decided by",
            "Stops in force",
            "CQC rating",
            "Risk score",
            "Safeguarding concerns in the month",
        ],
        rows=[
            [
                row["name"],
                row["provider"],
                level_label(row["level"]),
                short_day(row["since"]),
                forum(row["authority"]),
                row["sanctions"],
                row["rating"],
                num(row["score"]),
                row["concerns"],
            ]
            for row in significant["services"]
        ],
        numeric=[False] * 5 + [True, False, True, True],
        empty="No services were at level 3 or 4.",
        sheet="Significant risk",
    )
    count = len(significant["services"])
    return Section(
        title="Services presenting significant risk",
        anchor="significant-risk",
        paragraphs=[
            f"{plural(count, 'service')} presented significant risk on {day(period['end'])}: "
            f"{significant['level_4']} at level 4 and {significant['level_3']} at level 3, "
            "overseen by the Provider Escalation Panel. A service is on this list because "
            "people decided its level, not because of its score. CQC ratings and risk scores "
            "are those that applied at the end of the month."
        ],
        tables=[table],
    )


def _new_risks_part(figures: Figures) -> Section:
    rows = figures["new_risks"]["services"]
    table = Table(
        caption="Services to target next month",
        columns=["Service", "Provider", "Type", "Level", "Risk score", "Why"],
        rows=[
            [
                row["name"],
                row["provider"],
                row["type"],
                level_label(row["level"]),
                num(row["score"]),
                "; ".join(row["reasons"]),
            ]
            for row in rows
        ],
        numeric=[False, False, False, False, True, False],
        empty="No new risks were found this month.",
        sheet="New risks",
    )
    severities = " or ".join(SERIOUS_SEVERITIES)
    return Section(
        title="New risks to target next month",
        anchor="new-risks",
        paragraphs=[
            f"{plural(len(rows), 'service')} below level 3 showed new signs of risk in the "
            f"month: an escalation, an escalation proposed and not yet decided, a CQC rating of "
            f"Requires improvement or Inadequate, a {severities} severity concern, or a risk "
            "score suggesting a higher level than the one decided. Most concerning first."
        ],
        tables=[table],
    )


def _market_part(figures: Figures) -> Section:
    market = figures["market"]
    keys = [
        "services",
        "in_area",
        "capacity",
        "good_percent",
        "inadequate",
        "level_2",
        "level_3_4",
        "stopped",
    ]
    by_type = Table(
        caption=f"The market on {day(figures['period']['end'])}, by type of service",
        columns=[
            "Type of service",
            "Services",
            "In the area",
            "Capacity",
            "Good or Outstanding",
            "Inadequate",
            "Level 2",
            "Levels 3 and 4",
            "With a placement stop",
        ],
        rows=[
            [
                row["type"],
                *(pct(row[k]) if k == "good_percent" else row[k] for k in keys),
            ]
            for row in market["types"]
        ],
        total=[
            "All services",
            market["totals"]["services"],
            market["totals"]["in_area"],
            NONE,
            pct(market["totals"]["good_percent"]),
            market["totals"]["inadequate"],
            market["totals"]["level_2"],
            market["totals"]["level_3_4"],
            market["totals"]["stopped"],
        ],
        sheet="Market by type",
    )
    groups = [("", 1), *((scale.label, 3) for scale in Scale), ("", 1)]
    size_labels = [size.label for size in Size]
    analysis = [
        Table(
            caption=f"{table['type']}: providers in the local market by scale and size",
            columns=[
                "Measure",
                *(f"{size}" for _scale in Scale for size in size_labels),
                "Total",
            ],
            groups=groups,
            rows=[[row["measure"], *row["values"], row["total"]] for row in table["rows"]],
            sheet=f"Market {table['type']}"[:31],
        )
        for table in market["analysis"]
    ]
    return Section(
        title="Whole-market analysis",
        anchor="market",
        paragraphs=[
            "Capacity is in each type's own unit (beds, hours a week, places or people). The "
            "tables by scale and size follow the council's market failure approach: the local "
            "market is every open service in the council's area; funded packages are people "
            "funded by the council, by health or jointly on live contracts; a service counts as "
            "Inadequate when its current CQC rating is Inadequate overall or in any key "
            "question. Those tables read the register as it was when this report was built."
        ],
        tables=[by_type, *analysis],
        new_page=True,
    )


def mmg_document(figures: Figures) -> Document:
    """The monthly Market Management Group report."""
    period = figures["period"]
    significant = figures["significant"]
    market = figures["market"]
    summary = [
        f"{plural(len(significant['services']), 'service')} presenting significant risk on "
        f"{day(period['end'])} ({significant['level_4']} at level 4, "
        f"{significant['level_3']} at level 3).",
        f"{plural(len(figures['new_risks']['services']), 'service')} to target next month.",
        f"{plural(figures['sanctions']['in_force'], 'placement stop or restriction', 'placement stops or restrictions')} "
        "in force.",
        f"{plural(figures['incidents']['open_at_end'], 'failure incident')} open at the end of "
        "the month.",
        f"{pct(market['totals']['good_percent'])} of rated services Good or Outstanding.",
    ]
    return Document(
        title="Market Management Group monthly report",
        subtitle=period["label"],
        council=period["council"],
        summary=summary,
        sections=[
            _significant_part(figures),
            _new_risks_part(figures),
            _market_part(figures),
            levels_part(figures, period_word="month"),
            sanctions_part(figures, period_word="month"),
            incidents_part(figures, period_word="month"),
        ],
        notes=[
            "Levels, placement stops, CQC ratings and risk scores are those that applied on "
            "the last day of the month, read from their history.",
            "New risks list services below level 3 only: services at levels 3 and 4 are in the "
            "first table.",
            "The market analysis by scale and size reads the register when the report was "
            "built; build the report soon after the month ends to keep the two in step.",
        ],
        audience="the group's members",
    )
