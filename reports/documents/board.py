"""The quarterly Safeguarding Adults Board report."""

from __future__ import annotations

from django.utils.formats import number_format

from panels.models import Decision
from quality.models import IntelligenceSource
from reports.documents.common import (
    Document,
    Section,
    Table,
    day,
    met,
    pct,
    plural,
    short_day,
    total_row,
)
from reports.documents.ratings import ratings_part
from reports.documents.sections import incidents_part, levels_part, sanctions_part
from reports.figures.common import Figures, level_label
from reports.figures.visits import VISIT_COUNTS


def _panels_part(figures: Figures) -> Section:
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


def _visits_part(figures: Figures) -> Section:
    visits = figures["visits"]
    keys = VISIT_COUNTS
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
        total=total_row("All visits", visits["totals"], keys),
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


def _concerns_part(figures: Figures) -> Section:
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
            [
                row["name"],
                row["provider"],
                row["concerns"],
                row["complaints"],
                level_label(row["level"]),
            ]
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


def _panels_line(panels: Figures) -> str:
    """ "PEP met 3 times (5 services discussed); QPSG met 6 times (9 services discussed)." """
    parts = []
    for key in ("pep", "qpsg"):
        row = panels[key]
        text = f"{row['short']} {met(row['held'])}"
        if row["held"]:
            text += f" ({plural(row['services'], 'service')} discussed)"
        parts.append(text)
    return "; ".join(parts) + "."


def sab_document(figures: Figures) -> Document:
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
            ratings_part(figures),
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
