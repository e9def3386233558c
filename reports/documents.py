"""Turn a report's figures into a document: sections of sentences, tables and a chart.

The PDF (``templates/pdf/reports/report.html``) and the spreadsheet of the same figures
(``reports.exports``) are both drawn from the one ``Document``, so they can never disagree;
and because a document is built from the figures kept on the ``Report``, the spreadsheet of a
report built in July shows what the board was told in July.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.utils.formats import number_format

from core.charts import line_chart
from panels.models import Decision
from providers.levels import Level
from providers.models import Scale, Size
from quality.models import IntelligenceSource
from reports.models import ReportKind
from reports.rules import SERIOUS_SEVERITIES

NONE = "—"


# --- the shapes -------------------------------------------------------------------------------
@dataclass
class Table:
    """A table with a caption, column headings and rows of cells (text or whole numbers).

    ``numeric`` marks the columns to right-align; ``total`` is an optional last row in bold;
    ``groups`` an optional row of headings above the columns, as ``(label, span)``."""

    caption: str
    columns: list[str]
    rows: list[list]
    numeric: list[bool] = field(default_factory=list)
    total: list | None = None
    groups: list[tuple[str, int]] = field(default_factory=list)
    empty: str = "None."
    sheet: str = ""  # the spreadsheet tab (31 characters at most)

    def __post_init__(self):
        if not self.numeric:
            self.numeric = [False] + [True] * (len(self.columns) - 1)

    @property
    def cells(self) -> list[list[tuple]]:
        """Rows as (value, numeric) pairs, for the template."""
        return [list(zip(row, self.numeric, strict=True)) for row in self.rows]

    @property
    def total_cells(self) -> list[tuple]:
        return list(zip(self.total, self.numeric, strict=True)) if self.total else []

    @property
    def headings(self) -> list[tuple]:
        return list(zip(self.columns, self.numeric, strict=True))


@dataclass
class Chart:
    svg: str
    alt: str


@dataclass
class Section:
    title: str
    anchor: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    chart: Chart | None = None
    after_chart: list[Table] = field(default_factory=list)
    new_page: bool = False


@dataclass
class Document:
    title: str
    subtitle: str
    council: str
    summary: list[str]
    sections: list[Section]
    notes: list[str]
    audience: str = "the board's members"

    @property
    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in (*s.tables, *s.after_chart)]


# --- words and numbers ------------------------------------------------------------------------
def day(value: str | None) -> str:
    """ "2026-06-30" as "30 June 2026"."""
    if not value:
        return NONE
    return f"{datetime.date.fromisoformat(value):%-d %B %Y}"


def short_day(value: str | None) -> str:
    if not value:
        return NONE
    return f"{datetime.date.fromisoformat(value):%-d %b %Y}"


def num(value) -> str | int:
    if value is None:
        return NONE
    return value


def pct(value) -> str:
    """A share as "87%"; benchmark shares kept as text ("2.0") lose a trailing ".0"."""
    if value is None:
        return NONE
    if isinstance(value, str) and value.endswith(".0"):
        value = value[:-2]
    return f"{value}%"


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{number_format(count, force_grouping=True)} {word if count == 1 else (words or word + 's')}"


ABBREVIATIONS = {
    "Provider Escalation Panel": "PEP",
    "Quality Peer Support Group": "QPSG",
    "Carried over from the previous register": "Carried over",
}


def forum(text: str) -> str:
    """Who decided, short enough for a table column: "PEP, 8 December 2026"."""
    for long, short in ABBREVIATIONS.items():
        text = text.replace(long, short)
    return text


def met(count: int) -> str:
    """ "did not meet", "met once", "met 3 times"."""
    if count == 0:
        return "did not meet"
    return "met once" if count == 1 else f"met {count} times"


def level(value: int | None) -> str:
    return Level(value or 0).label


def _total_row(label: str, totals: dict, keys: list[str]) -> list:
    return [label, *(totals[key] for key in keys)]


# --- sections shared by both reports ---------------------------------------------------------
def levels_part(figures: dict, *, period_word: str) -> Section:
    levels = figures["levels"]
    period = figures["period"]
    keys = ["start", "new", "moved_in", "moved_out", "closed", "end"]
    table = Table(
        caption=f"Services by level, {day(period['start'])} to {day(period['end'])}",
        columns=[
            "Level",
            f"Start of {period_word}",
            "New services",
            "Moved in",
            "Moved out",
            "Closed",
            f"End of {period_word}",
        ],
        rows=[[row["label"], *(row[key] for key in keys)] for row in levels["rows"]],
        total=_total_row("All services", levels["totals"], keys),
        sheet="Services by level",
    )
    authorities = Table(
        caption=f"Decisions that took effect in the {period_word}, by who decided",
        columns=["Decided by", "Escalations", "De-escalations"],
        rows=[[row["authority"], row["up"], row["down"]] for row in levels["by_authority"]],
        total=["All decisions", levels["escalations"], levels["de_escalations"]]
        if levels["by_authority"]
        else None,
        empty=f"No level decisions took effect in the {period_word}.",
        sheet="Decisions by forum",
    )
    at_top = Table(
        caption=f"Services at levels 3 and 4 on {day(period['end'])}",
        columns=["Service", "Provider", "Type", "Level", "Since", "Decided by"],
        rows=[
            [
                row["name"],
                row["provider"],
                row["type"],
                level(row["level"]),
                short_day(row["since"]),
                forum(row["authority"]),
            ]
            for row in levels["at_top"]
        ],
        numeric=[False] * 6,
        empty="No services were at level 3 or 4.",
        sheet="Levels 3 and 4",
    )
    moves = Table(
        caption=f"Moves to or from levels 3 and 4 in the {period_word}",
        columns=["Date", "Service", "Provider", "From", "To", "Decided by"],
        rows=[
            [
                short_day(row["on"]),
                row["name"],
                row["provider"],
                level(row["from_level"]),
                level(row["to_level"]),
                forum(row["authority"]),
            ]
            for row in levels["named_moves"]
        ],
        numeric=[False] * 6,
        empty=f"No service moved to or from level 3 or 4 in the {period_word}.",
        sheet="Moves at levels 3 and 4",
    )
    end_row = {row["level"]: row["end"] for row in levels["rows"]}
    return Section(
        title="Services by level",
        anchor="levels",
        paragraphs=[
            f"At {day(period['end'])}, {plural(end_row[4] + end_row[3], 'service')} "
            f"{'was' if end_row[4] + end_row[3] == 1 else 'were'} at levels 3 and 4, overseen "
            f"by the Provider Escalation Panel ({end_row[4]} at level 4), and "
            f"{plural(end_row[2], 'service')} at level 2, overseen by the Quality Peer Support "
            f"Group. {plural(levels['escalations'], 'escalation')} and "
            f"{plural(levels['de_escalations'], 'de-escalation')} took effect in the "
            f"{period_word}.",
            "Levels are decisions people made, read from the level history: a service's level "
            "on a day is the one last confirmed with effect on or before that day. Each row "
            f"reconciles: the start of the {period_word}, plus new services and moves in, less "
            f"moves out and closures, gives the end of the {period_word}. In the lists, PEP is "
            "the Provider Escalation Panel and QPSG the Quality Peer Support Group.",
        ],
        tables=[table, authorities, at_top, moves],
    )


def sanctions_part(figures: dict, *, period_word: str) -> Section:
    sanctions = figures["sanctions"]
    period = figures["period"]
    by_kind = Table(
        caption=f"Placement stops and restrictions in force on {day(period['end'])}",
        columns=["Kind", "Imposed", "Voluntary", "Of which partial", "In force"],
        rows=[
            [row["kind"], row["imposed"], row["voluntary"], row["partial"], row["total"]]
            for row in sanctions["by_kind"]
        ],
        total=[
            "All",
            sum(r["imposed"] for r in sanctions["by_kind"]),
            sum(r["voluntary"] for r in sanctions["by_kind"]),
            sum(r["partial"] for r in sanctions["by_kind"]),
            sanctions["in_force"],
        ],
        sheet="Placement stops",
    )
    listed = Table(
        caption=f"Each placement stop or restriction in force on {day(period['end'])}",
        columns=[
            "Service",
            "Provider",
            "Kind",
            "Imposed or voluntary",
            "Covers",
            "Since",
            "Review",
        ],
        rows=[
            [
                row["name"],
                row["provider"],
                row["kind"],
                row["imposition"],
                row["scope"],
                short_day(row["since"]),
                short_day(row["review"]),
            ]
            for row in sanctions["list"]
        ],
        numeric=[False] * 7,
        empty="No placement stops or restrictions were in force.",
        sheet="Stops in force",
    )
    return Section(
        title="Placement stops",
        anchor="placement-stops",
        paragraphs=[
            f"{plural(sanctions['in_force'], 'placement stop or restriction', 'placement stops or restrictions')} "
            f"{'was' if sanctions['in_force'] == 1 else 'were'} in force at "
            f"{plural(sanctions['services'], 'service')} on {day(period['end'])}. "
            f"{plural(sanctions['started'], 'sanction')} started and "
            f"{plural(sanctions['lifted'], 'sanction')} "
            f"{'was' if sanctions['lifted'] == 1 else 'were'} lifted in the {period_word}."
        ],
        tables=[by_kind, listed],
    )


def incidents_part(figures: dict, *, period_word: str) -> Section:
    incidents = figures["incidents"]
    table = Table(
        caption=f"Failure incidents open at any time in the {period_word}",
        columns=[
            "Reference",
            "Incident",
            "Cause",
            "Notice received",
            "People affected",
            "Moved by the end",
            "Outcome",
        ],
        rows=[
            [
                row["reference"],
                row["title"] + (" (emergency closure)" if row["emergency"] else ""),
                row["cause"],
                short_day(row["notice"]),
                row["people"],
                num(row["placed"]),
                row["outcome"],
            ]
            for row in incidents["incidents"]
        ],
        numeric=[False, False, False, False, True, True, False],
        empty=f"No failure incidents were open in the {period_word}.",
        sheet="Failure incidents",
    )
    return Section(
        title="Market and provider failure",
        anchor="failure",
        paragraphs=[
            f"{plural(incidents['opened'], 'incident')} opened and "
            f"{plural(incidents['closed'], 'incident')} closed in the {period_word}; "
            f"{plural(incidents['open_at_end'], 'incident')} "
            f"{'was' if incidents['open_at_end'] == 1 else 'were'} open at its end. "
            f"{plural(incidents['people'], 'person', 'people')} were receiving care at the "
            "services concerned. People are counted, never named, in this report."
        ],
        tables=[table],
    )


# --- the quarterly Safeguarding Adults Board report -------------------------------------------
def _panels_part(figures: dict) -> Section:
    panels = figures["panels"]
    by = {row["panel"]: row for row in panels["panels"]}
    measures = [
        ("Meetings held", "held"),
        ("Minutes published", "published"),
        ("Meetings cancelled", "cancelled"),
        ("Services discussed", "services"),
        (f"Decisions: {Decision.MAINTAIN.label.lower()}", Decision.MAINTAIN.value),
        ("Decisions: escalate", Decision.ESCALATE.value),
        ("Decisions: de-escalate", Decision.DE_ESCALATE.value),
        ("Decisions: close", Decision.CLOSE.value),
        ("Referred to the Provider Escalation Panel", "referred"),
        ("Actions agreed", "actions_agreed"),
        ("Actions done in the quarter", "actions_done"),
        ("Actions open at the end of the quarter", "actions_open"),
        ("Of which past their due date", "actions_overdue"),
    ]
    activity = Table(
        caption="Panel activity in the quarter",
        columns=["Measure", "PEP", "QPSG"],
        rows=[[label, by["pep"][key], by["qpsg"][key]] for label, key in measures],
        sheet="Panel activity",
    )
    meetings = Table(
        caption="Meetings held in the quarter",
        columns=["Date", "Panel", "Services discussed", "Actions agreed", "Minutes"],
        rows=[
            [short_day(m["on"]), m["panel"], m["services"], m["actions"], m["minutes"]]
            for m in panels["meetings"]
        ],
        numeric=[False, False, True, True, False],
        empty="No meetings were held in the quarter.",
        sheet="Meetings",
    )
    return Section(
        title="Provider Escalation Panel and Quality Peer Support Group",
        anchor="panels",
        paragraphs=[
            f"The Provider Escalation Panel (PEP) {met(by['pep']['held'])} in the quarter and "
            f"the Quality Peer Support Group (QPSG) {met(by['qpsg']['held'])}. "
            "Decisions are counted from published minutes only: a decision takes effect when "
            "its meeting's minutes are published."
        ],
        tables=[activity, meetings],
    )


def _visits_part(figures: dict) -> Section:
    visits = figures["visits"]
    keys = [
        "planned",
        "planned_done",
        "planned_cancelled",
        "planned_not_done",
        "completed",
        "unplanned",
    ]
    by_type = Table(
        caption="Visits planned for the quarter and visits completed in it, by type",
        columns=[
            "Type of visit",
            "Planned",
            "Planned: completed",
            "Planned: cancelled",
            "Planned: not done",
            "Completed in the quarter",
            "Of which unplanned",
        ],
        rows=[[row["type"], *(row[key] for key in keys)] for row in visits["types"]],
        total=_total_row("All visits", visits["totals"], keys),
        empty="No visits were planned or completed in the quarter.",
        sheet="Visits",
    )
    outcomes = Table(
        caption="Overall rating of the visits completed in the quarter",
        columns=["Overall rating", "Visits"],
        rows=[[row["rating"], row["count"]] for row in visits["outcomes"]],
        total=["All completed visits", visits["totals"]["completed"]],
        sheet="Visit outcomes",
    )
    totals = visits["totals"]
    if totals["planned"]:
        planned = (
            f"{plural(totals['planned'], 'visit')} {'was' if totals['planned'] == 1 else 'were'} "
            f"planned for the quarter and {number_format(totals['planned_done'])} of them "
            f"completed ({pct(visits['done_percent'])}). "
        )
    else:
        planned = "No visits had a planned date in the quarter. "
    return Section(
        title="Visits planned and done",
        anchor="visits",
        paragraphs=[
            planned + f"{plural(totals['completed'], 'visit')} "
            f"{'was' if totals['completed'] == 1 else 'were'} completed in the quarter at "
            f"{plural(visits['services_visited'], 'service')}, "
            f"{number_format(totals['unplanned'])} of them unplanned (reactive visits after a "
            "concern, for example)."
        ],
        tables=[by_type, outcomes],
    )


def _concerns_part(figures: dict) -> Section:
    concerns = figures["concerns"]
    sources = [IntelligenceSource(s).label for s in ("safeguarding", "complaint", "whistleblowing")]
    trend = Table(
        caption="Received in the quarter and the three before it",
        columns=["Received", *concerns["periods"]],
        rows=[[row["source"], *row["counts"]] for row in concerns["trend"]],
        sheet="Concerns over time",
    )
    section_42 = Table(
        caption="Safeguarding concerns in the quarter: did a section 42 enquiry follow?",
        columns=["Section 42 enquiry", "Concerns"],
        rows=[[row["answer"], row["count"]] for row in concerns["section_42"]],
        total=["All safeguarding concerns", concerns["safeguarding"]],
        sheet="Section 42",
    )
    severity = Table(
        caption="By severity",
        columns=["Severity", *sources],
        rows=[[row["severity"], *row["counts"]] for row in concerns["by_severity"]],
        sheet="Concerns by severity",
    )
    category = Table(
        caption="By category of service",
        columns=["Category", *sources],
        rows=[[row["category"], *row["counts"]] for row in concerns["by_category"]],
        sheet="Concerns by category",
    )
    frequent = Table(
        caption="Services with three or more safeguarding concerns and complaints in the quarter",
        columns=["Service", "Provider", "Safeguarding concerns", "Complaints", "Level at the end"],
        rows=[
            [row["name"], row["provider"], row["concerns"], row["complaints"], level(row["level"])]
            for row in concerns["frequent"]
        ],
        numeric=[False, False, True, True, False],
        empty="No service had three or more.",
        sheet="Frequent concerns",
    )
    return Section(
        title="Safeguarding concerns and complaints",
        anchor="concerns",
        paragraphs=[
            f"{plural(concerns['safeguarding'], 'safeguarding concern')} "
            f"{'was' if concerns['safeguarding'] == 1 else 'were'} received in the quarter"
            + (
                f", and a section 42 enquiry followed {pct(concerns['section_42_percent'])} of "
                "them; "
                if concerns["safeguarding"]
                else "; "
            )
            + f"{plural(concerns['complaints'], 'complaint')} and "
            f"{plural(concerns['whistleblowing'], 'whistleblowing report')} were received, about "
            f"{plural(concerns['services'], 'service')} in all."
        ],
        tables=[trend, section_42, severity, category, frequent],
    )


def _rating_tables(figures: dict) -> list[Table]:
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


def _trend_chart(figures: dict) -> tuple[Chart, Table]:
    trend = figures["ratings"]["trend"]
    labels = [point["period"] for point in trend]
    names = {
        "all": "All local services",
        "residential": "Residential",
        "nursing": "Nursing",
        "community": "Community",
    }
    series = {
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


def _ratings_part(figures: dict) -> Section:
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


def _panels_line(panels: dict) -> str:
    """ "PEP met 3 times (5 services discussed); QPSG met 6 times (9 services discussed)." """
    parts = []
    for key in ("pep", "qpsg"):
        row = panels[key]
        text = f"{row['short']} {met(row['held'])}"
        if row["held"]:
            text += f" ({plural(row['services'], 'service')} discussed)"
        parts.append(text)
    return "; ".join(parts) + "."


def sab_document(figures: dict) -> Document:
    """The quarterly Safeguarding Adults Board report."""
    period = figures["period"]
    levels = {row["level"]: row["end"] for row in figures["levels"]["rows"]}
    sanctions = figures["sanctions"]
    panels = {row["panel"]: row for row in figures["panels"]["panels"]}
    visits = figures["visits"]
    concerns = figures["concerns"]
    incidents = figures["incidents"]
    ratings = figures["ratings"]
    summary = [
        f"{plural(levels[3] + levels[4], 'service')} at levels 3 and 4 and "
        f"{plural(levels[2], 'service')} at level 2 on {day(period['end'])}; "
        f"{plural(figures['levels']['escalations'], 'escalation')} and "
        f"{plural(figures['levels']['de_escalations'], 'de-escalation')} in the quarter.",
        f"{plural(sanctions['in_force'], 'placement stop or restriction', 'placement stops or restrictions')} "
        f"in force at {plural(sanctions['services'], 'service')}; "
        f"{sanctions['started']} started and {sanctions['lifted']} lifted in the quarter.",
        _panels_line(panels),
        (
            f"{visits['totals']['planned_done']} of "
            f"{plural(visits['totals']['planned'], 'planned visit')} completed "
            f"({pct(visits['done_percent'])}); "
            if visits["totals"]["planned"]
            else "No visits planned for the quarter; "
        )
        + f"{plural(visits['totals']['completed'], 'visit')} completed in all.",
        f"{plural(concerns['safeguarding'], 'safeguarding concern')}"
        + (
            f" ({pct(concerns['section_42_percent'])} followed by a section 42 enquiry)"
            if concerns["safeguarding"]
            else ""
        )
        + f" and {plural(concerns['complaints'], 'complaint')}.",
        f"{plural(len(incidents['incidents']), 'failure incident')} "
        f"open during the quarter; {incidents['closed']} closed.",
        f"{pct(ratings['good_percent'])} of rated local services Good or Outstanding.",
    ]
    return Document(
        title="Safeguarding Adults Board quarterly report",
        subtitle=period["label"],
        council=period["council"],
        summary=summary,
        sections=[
            levels_part(figures, period_word="quarter"),
            sanctions_part(figures, period_word="quarter"),
            _panels_part(figures),
            _visits_part(figures),
            _concerns_part(figures),
            incidents_part(figures, period_word="quarter"),
            _ratings_part(figures),
        ],
        notes=[
            "Levels on a day come from the level history: the level last confirmed with effect "
            "on or before that day. A service counts from its registration date (or always, "
            "when it has none) until the day it closed.",
            "A placement stop or restriction is in force from its start date until its end "
            "date; one that ends on a day is no longer in force that day.",
            "Meetings count when they were held (not cancelled) in the quarter; decisions come "
            "from published minutes. An action is open at the end of the quarter when it was "
            "agreed by then and not done by then; past its due date when due on or before the "
            "last day of the quarter.",
            "Visits planned for the quarter are those with a planned date in it, whatever "
            "became of them; visits completed in the quarter are those with a visit date in "
            "it, planned or not.",
            "Safeguarding concerns, complaints and whistleblowing are counted by the date they "
            "were received. Severity is as logged.",
            "Failure incidents count from the day notice was received to the day they closed. "
            "People affected include any whose details were deleted at the end of the retention "
            "period; where they were, where people moved to is no longer known (shown as —).",
            "CQC ratings count open services in the council's area by the rating published on or "
            "before the last day of the quarter. Comparator and England figures are the shares "
            "an administrator has entered, with their dates and sources above.",
            "A report built again for the same quarter gives the same figures unless something "
            "dated in the quarter was recorded or corrected since; every build is kept.",
        ],
    )


# --- the monthly Market Management Group report -----------------------------------------------
def _significant_part(figures: dict) -> Section:
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
                level(row["level"]),
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


def _new_risks_part(figures: dict) -> Section:
    rows = figures["new_risks"]["services"]
    table = Table(
        caption="Services to target next month",
        columns=["Service", "Provider", "Type", "Level", "Risk score", "Why"],
        rows=[
            [
                row["name"],
                row["provider"],
                row["type"],
                level(row["level"]),
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


def _market_part(figures: dict) -> Section:
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


def mmg_document(figures: dict) -> Document:
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


DOCUMENTS = {ReportKind.SAB_QUARTERLY: sab_document, ReportKind.MMG_MONTHLY: mmg_document}


def document_for(kind: str, figures: dict) -> Document:
    return DOCUMENTS[kind](figures)
