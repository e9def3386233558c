"""The sections both reports have: services by level, placement stops and failure
incidents (``period_word`` is "quarter" or "month")."""

from __future__ import annotations

from reports.documents.common import (
    Section,
    Table,
    day,
    forum,
    num,
    plural,
    short_day,
    total_row,
)
from reports.figures.common import Figures, level_label


def levels_part(figures: Figures, *, period_word: str) -> Section:
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
        total=total_row("All services", levels["totals"], keys),
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
                level_label(row["level"]),
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
                level_label(row["from_level"]),
                level_label(row["to_level"]),
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


def sanctions_part(figures: Figures, *, period_word: str) -> Section:
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


def incidents_part(figures: Figures, *, period_word: str) -> Section:
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
