"""The quarterly Safeguarding Adults Board report: every figure against a count made by hand
from the known quarter in tests/reports/factories.py, in the figures and in the PDF's text,
and the same report for a past quarter after today's levels have moved on."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from core.pdf import render_pdf
from reports.documents.board import sab_document
from reports.documents.common import Document
from reports.figures import sab_figures
from tests.reports.conftest import pdf_pages, pdf_text
from tests.reports.factories import days, decide

# (level, start, new, moved in, moved out, closed, end): see the services in factories.py.
LEVEL_ROWS = [
    ("Routine", 2, 1, 0, 1, 0, 2),  # D and G; E is new; D moves to 2
    ("Level 1", 2, 0, 1, 1, 1, 1),  # A and F; B comes down; A goes up; F closes
    ("Level 2", 1, 0, 2, 1, 0, 2),  # B; D and H arrive; B leaves
    ("Level 3", 1, 0, 1, 1, 0, 1),  # H; A arrives; H leaves
    ("Level 4", 1, 0, 0, 0, 0, 1),  # C
]
LEVEL_TOTALS = ("All services", 7, 1, 4, 4, 1, 7)


def _render(figures: dict) -> bytes:
    return render_pdf(
        "pdf/reports/report.html",
        {
            "document": sab_document(figures),
            "built_at": timezone.now(),
            "requested_by": None,
            "version": 1,
        },
        title=f"Safeguarding Adults Board report: {figures['period']['label']}",
    )


@pytest.fixture
def figures(world):
    return sab_figures(world.period)


@pytest.fixture
def text(figures):
    return pdf_text(_render(figures))


def _row(text: str, *cells) -> bool:
    """Is there a line that is these cells, in order? A label too long for its column wraps,
    so the line may hold only the label's first words before the other cells."""
    wanted = " ".join(str(cell) for cell in cells)
    label, rest = str(cells[0]), " ".join(str(cell) for cell in cells[1:])
    lines = text.splitlines()
    for index, line in enumerate(lines):
        # A wrapped label comes out as lines of its own, then the rest of the row.
        for size in (1, 2, 3):
            if " ".join(lines[index : index + size]) == wanted:
                return True
        if rest and line.endswith(" " + rest):
            start = line[: -len(rest) - 1]
            if start and label.startswith(start):
                return True
    return False


def _day(value: datetime.date) -> str:
    return f"{value:%-d %b %Y}"


# --- services by level ---------------------------------------------------------------------------
def test_levels_at_the_start_and_end_reconcile_with_the_moves(figures):
    levels = figures["levels"]
    got = [
        (r["label"], r["start"], r["new"], r["moved_in"], r["moved_out"], r["closed"], r["end"])
        for r in levels["rows"]
    ]
    assert got == LEVEL_ROWS
    assert tuple(levels["totals"].values()) == LEVEL_TOTALS[1:]
    for row in levels["rows"]:
        assert (
            row["start"] + row["new"] + row["moved_in"] - row["moved_out"] - row["closed"]
            == row["end"]
        )
    assert (levels["escalations"], levels["de_escalations"]) == (2, 2)  # A, D up; B, H down
    assert levels["by_authority"] == [
        {"authority": "Provider Escalation Panel", "up": 1, "down": 1},  # A up, H down
        {"authority": "Quality Peer Support Group", "up": 1, "down": 1},  # D up, B down
    ]


def test_levels_three_and_four_are_named_with_the_decision_behind_them(figures, world):
    at_top = figures["levels"]["at_top"]
    assert [(r["name"], r["level"], r["since"]) for r in at_top] == [
        ("Service C", 4, (world.before - days(30)).isoformat()),
        ("Service A", 3, (world.start + days(10)).isoformat()),
    ]
    assert at_top[0]["authority"] == "Carried over from the previous register"
    assert (
        at_top[1]["authority"] == f"Provider Escalation Panel, {world.start + days(10):%-d %B %Y}"
    )
    moves = figures["levels"]["named_moves"]
    assert [(m["name"], m["from_level"], m["to_level"]) for m in moves] == [
        ("Service A", 1, 3),
        ("Service H", 3, 2),
    ]


def test_the_pdf_shows_every_level_figure(text, world):
    for row in [*LEVEL_ROWS, LEVEL_TOTALS]:
        assert _row(text, *row), row
    assert _row(text, "Provider Escalation Panel", 1, 1)
    assert _row(text, "Quality Peer Support Group", 1, 1)
    assert _row(text, "All decisions", 2, 2)
    assert f"Services at levels 3 and 4 on {world.end:%-d %B %Y}" in text
    assert "Service C" in text and "Carried over" in text
    assert f"PEP, {world.start + days(10):%-d %B %Y}" in " ".join(text.split())
    assert "2 services were at levels 3 and 4" in " ".join(text.split())


# --- the past stays the past ---------------------------------------------------------------------
def test_a_past_quarter_is_the_same_after_todays_levels_change(world, figures, chair):
    before = _render(figures)
    today = timezone.localdate()
    decide(world.services["D"], 3, on=today, chair=chair)  # today D is at level 3 …
    decide(world.services["C"], 2, on=today, chair=chair)  # … and C at level 2
    from escalation.models import ServiceState

    assert ServiceState.objects.get(service=world.services["D"]).level == 3
    again = sab_figures(world.period)
    assert again == figures
    assert (
        pdf_text(_render(again)).split("Key figures")[1] == pdf_text(before).split("Key figures")[1]
    )


# --- placement stops -----------------------------------------------------------------------------
def test_placement_stops_in_force_started_and_lifted(figures, world, text):
    sanctions = figures["sanctions"]
    assert (sanctions["in_force"], sanctions["services"]) == (2, 2)  # A's stop, H's restriction
    assert (sanctions["started"], sanctions["lifted"]) == (2, 2)  # A, B started; C, B lifted
    assert [
        (k["kind"], k["imposed"], k["voluntary"], k["partial"], k["total"])
        for k in sanctions["by_kind"]
    ] == [
        ("Placement stop", 1, 0, 0, 1),
        ("Restriction of hours", 1, 0, 0, 1),
    ]
    assert [row["name"] for row in sanctions["list"]] == ["Service H", "Service A"]
    assert _row(text, "Placement stop", 1, 0, 0, 1)
    assert _row(text, "Restriction of hours", 1, 0, 0, 1)
    assert _row(text, "All", 2, 0, 0, 2)
    flat = " ".join(text.split())
    assert "2 placement stops or restrictions were in force at 2 services" in flat
    assert "2 sanctions started and 2 sanctions were lifted in the quarter" in flat


# --- PEP and QPSG --------------------------------------------------------------------------------
PANEL_ROWS = [
    ("Meetings held", 2, 1),  # PEP: M1 and M4 (minutes not published); QPSG: M2 (M3 cancelled)
    ("Minutes published", 1, 1),
    ("Meetings cancelled", 0, 1),
    ("Services discussed", 2, 2),  # A and C; D and B
    ("Decisions: maintain the level", 1, 0),  # C (M4's H is not published)
    ("Decisions: escalate", 1, 1),  # A; D
    ("Decisions: de-escalate", 0, 1),  # B
    ("Decisions: close", 0, 0),
    ("Referred to the Provider Escalation Panel", 0, 0),
    ("Actions agreed", 2, 1),
    ("Actions done in the quarter", 2, 0),  # M1's first, M5's second
    ("Actions open at the end of the quarter", 2, 1),  # M1's second, M5's first; M2's
    ("Of which past their due date", 2, 0),
]


def test_panel_activity(figures, text, world):
    pep, qpsg = figures["panels"]["panels"]
    keys = [
        "held",
        "published",
        "cancelled",
        "services",
        "maintain",
        "escalate",
        "de_escalate",
        "close",
        "referred",
        "actions_agreed",
        "actions_done",
        "actions_open",
        "actions_overdue",
    ]
    assert [
        (label, pep[key], qpsg[key]) for (label, *_), key in zip(PANEL_ROWS, keys, strict=True)
    ] == (PANEL_ROWS)
    assert [
        (m["panel"], m["services"], m["actions"], m["minutes"])
        for m in figures["panels"]["meetings"]
    ] == [
        ("PEP", 2, 2, "Published"),
        ("QPSG", 2, 1, "Published"),
        ("PEP", 1, 0, "Not yet published"),
    ]
    for row in PANEL_ROWS:
        assert _row(text, *row), row
    flat = " ".join(text.split())
    assert "PEP met 2 times (2 services discussed); QPSG met once (2 services discussed)." in flat
    assert _row(text, _day(world.start + days(10)), "PEP", 2, 2, "Published")
    assert _row(text, _day(world.start + days(50)), "PEP", 1, 0, "Not yet published")


# --- visits --------------------------------------------------------------------------------------
VISIT_ROWS = [
    # type, planned, planned: completed, cancelled, not done, completed in the quarter, unplanned
    ("Planned monitoring visit", 3, 1, 1, 1, 1, 0),  # A done; B cancelled; H done after the end
    ("Unannounced visit", 1, 0, 0, 1, 0, 0),  # C not done
    ("Reactive visit (after a concern)", 0, 0, 0, 0, 1, 1),  # D
]


def test_visits_planned_and_done(figures, text):
    visits = figures["visits"]
    got = [
        (
            r["type"],
            r["planned"],
            r["planned_done"],
            r["planned_cancelled"],
            r["planned_not_done"],
            r["completed"],
            r["unplanned"],
        )
        for r in visits["types"]
    ]
    assert got == VISIT_ROWS
    assert visits["done_percent"] == 25
    assert visits["services_visited"] == 2
    assert [(o["rating"], o["count"]) for o in visits["outcomes"]] == [
        ("Outstanding", 0),
        ("Good", 1),
        ("Requires improvement", 1),
        ("Inadequate", 0),
        ("Not assessed", 0),
    ]
    for row in VISIT_ROWS[:2]:
        assert _row(text, *row), row
    assert _row(text, "All visits", 4, 1, 1, 2, 2, 1)
    assert _row(text, "Requires improvement", 1)
    assert _row(text, "All completed visits", 2)
    flat = " ".join(text.split())
    assert "4 visits were planned for the quarter and 1 of them completed (25%)" in flat


# --- safeguarding concerns and complaints -------------------------------------------------------
def test_concerns_and_complaints(figures, text):
    concerns = figures["concerns"]
    assert [(t["source"], t["counts"]) for t in concerns["trend"]] == [
        ("Safeguarding concern", [0, 0, 1, 3]),
        ("Complaint", [0, 1, 0, 2]),
        ("Whistleblowing", [0, 0, 0, 1]),
    ]
    assert [(r["answer"], r["count"]) for r in concerns["section_42"]] == [
        ("Yes", 1),
        ("No", 1),
        ("Not known yet", 1),
    ]
    assert concerns["section_42_percent"] == 33
    assert concerns["services"] == 4  # A, B, G, H
    assert [(r["severity"], r["counts"]) for r in concerns["by_severity"]] == [
        ("Low", [0, 1, 0]),
        ("Medium", [1, 1, 0]),
        ("High", [1, 0, 1]),
        ("Critical", [1, 0, 0]),
    ]
    assert [(r["category"], r["counts"]) for r in concerns["by_category"]] == [
        ("Residential", [3, 1, 0]),
        ("Nursing", [0, 1, 0]),
        ("Community", [0, 0, 1]),
    ]
    assert [
        (r["name"], r["concerns"], r["complaints"], r["level"]) for r in concerns["frequent"]
    ] == [("Service A", 3, 0, 3)]
    assert _row(text, "Safeguarding concern", 0, 0, 1, 3)
    assert _row(text, "Complaint", 0, 1, 0, 2)
    assert _row(text, "Whistleblowing", 0, 0, 0, 1)
    assert _row(text, "All safeguarding concerns", 3)
    assert _row(text, "Medium", 1, 1, 0)
    assert _row(text, "Critical", 1, 0, 0)
    assert _row(text, "Residential", 3, 1, 0)
    assert _row(text, "Community", 0, 0, 1)
    assert _row(text, "Service A", "Acme Care", 3, 0, "Level 3")


# --- failure incidents ---------------------------------------------------------------------------
def test_failure_incidents_and_their_outcome(figures, text, world):
    incidents = figures["incidents"]
    rows = [(r["title"], r["people"], r["placed"], r["outcome"]) for r in incidents["incidents"]]
    closed_on = world.start + days(60)
    assert rows == [
        ("Acme Care finances", 1, 0, "Open at the end of the period"),
        ("Service F closure", 3, 2, f"Closed on {closed_on:%-d %B %Y}"),
    ]
    assert (incidents["opened"], incidents["closed"], incidents["open_at_end"]) == (1, 1, 1)
    assert incidents["people"] == 4
    flat = " ".join(text.split())
    assert "1 incident opened and 1 incident closed in the quarter" in flat
    assert "Service F closure (emergency closure)" in flat
    assert f"Closed on {closed_on:%-d %B %Y}" in flat
    assert "Resident Number" not in flat  # people are counted, never named


# --- CQC ratings ---------------------------------------------------------------------------------
def test_local_ratings_at_the_quarter_end_against_comparators_and_england(figures, text):
    ratings = figures["ratings"]
    residential, nursing, community = ratings["categories"]
    assert [(line["rating"], line["count"], line["percent"]) for line in residential["lines"]] == [
        ("Outstanding", 1, 33),  # B
        ("Good", 0, 0),  # A was Inadequate by then; C's Good came later
        ("Requires improvement", 1, 33),  # C
        ("Inadequate", 1, 33),  # A
    ]
    assert (residential["rated"], residential["not_rated"]) == (3, 2)  # D never; E entered later
    assert residential["good_percent"] == 33
    assert (nursing["rated"], nursing["good_percent"]) == (1, 100)  # G
    assert (community["rated"], community["good_percent"]) == (1, 100)  # H
    assert (ratings["rated"], ratings["good_percent"]) == (5, 60)
    # England (providers migration 0004) and comparators (reports migration 0002).
    assert [line["national"] for line in residential["lines"]] == ["2.0", "80.0", "17.0", "1.0"]
    assert [line["comparator"] for line in residential["lines"]] == ["2.0", "83.0", "13.0", "1.0"]
    assert _row(text, "Northmoor Council", "1 (33%)", "0 (0%)", "1 (33%)", "1 (33%)", 3, "33%")
    assert _row(text, "Comparator councils", "2%", "83%", "13%", "1%", "—", "85%")
    assert _row(text, "England", "2%", "80%", "17%", "1%", "—", "82%")
    assert _row(text, "Northmoor Council", "0 (0%)", "1 (100%)", "0 (0%)", "0 (0%)", 1, "100%")


def _rating_at(history: list[tuple[datetime.date, str]], day: datetime.date) -> str | None:
    known = [overall for published, overall in sorted(history) if published <= day]
    return known[-1] if known else None


def test_the_share_good_or_outstanding_over_time_counts_each_quarter_end(figures, world, text):
    before, start = world.before, world.start
    history = {  # service: (category, [(published on, overall)])
        "A": ("residential", [(before - days(200), "good"), (start + days(30), "inadequate")]),
        "B": ("residential", [(before - days(400), "outstanding")]),
        "C": ("residential", [(before - days(10), "requires_improvement")]),
        "G": ("nursing", [(before - days(50), "good")]),
        "H": ("community", [(before - days(100), "good")]),
        "I": ("residential", [(before - days(300), "good")]),  # until it closed
    }
    trend = figures["ratings"]["trend"]
    assert len(trend) == 8
    assert trend[-1]["period"] == world.period.short_label
    for point in trend:
        end = datetime.date.fromisoformat(point["end"])
        rated = {key: (cat, _rating_at(h, end)) for key, (cat, h) in history.items()}
        if end >= before - days(10):  # I closed then
            rated.pop("I")
        rated = {k: v for k, v in rated.items() if v[1]}
        good = [k for k, (_c, r) in rated.items() if r in ("good", "outstanding")]
        expected = round(100 * len(good) / len(rated)) if rated else None
        assert (point["all"], point["rated"]) == (expected, len(rated)), point
    assert (trend[-1]["all"], trend[-2]["all"]) == (60, 80)
    assert "Share rated Good or Outstanding over time" in text
    assert _row(text, world.period.short_label, "60%", "33%", "100%", "100%", 5)


# --- the document as a whole ------------------------------------------------------------------
def test_every_page_is_marked_numbered_and_repeats_its_table_headings(figures, world):
    from tests.reports.factories import ServiceFactory

    # Enough services at level 4 to carry the levels 3 and 4 table over a page.
    for index in range(45):
        service = ServiceFactory(name=f"Extra home {index:02d}")
        from escalation.services import level_set_initial

        level_set_initial(
            service=service, level=4, since=world.before, acting_user=world.chair, note="Kept"
        )
    pages = pdf_pages(_render(sab_figures(world.period)))
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        assert "OFFICIAL-SENSITIVE" in page
        assert f"Page {number} of {len(pages)}" in page
        assert "Safeguarding Adults Board report" in page
    carried = [" ".join(p.split()) for p in pages if "Extra home" in p]
    assert len(carried) >= 2  # the table runs over a page break …
    for page in carried:  # … and its headings are on every page it is on
        assert "Service Provider Type Level Since Decided by" in page


def test_the_chart_is_svg_with_searchable_text(figures):
    document: Document = sab_document(figures)
    chart = next(section.chart for section in document.sections if section.chart)
    assert chart.svg.startswith("<svg")
    assert "Residential" in chart.svg and "%" in chart.svg
    assert "60%" in chart.alt


def test_every_table_row_of_the_document_is_in_the_pdf(figures):
    """Each figure the document holds reaches the PDF: every single-line row of every table
    (wrapped name columns are checked cell by cell)."""
    document = sab_document(figures)
    text = pdf_text(_render(figures))
    flat = " ".join(text.split())
    for table in document.tables:
        assert table.caption in flat, table.caption
        for row in [*table.rows, *([table.total] if table.total else [])]:
            if all(table.numeric[1:]):
                assert _row(text, *row), (table.caption, row)
            else:
                for cell in row:
                    words = str(cell).split()
                    assert re.search(r"\s+".join(map(re.escape, words)), flat), (
                        table.caption,
                        cell,
                    )


def test_the_figures_take_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        sab_figures(world.period)
