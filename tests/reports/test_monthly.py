"""The monthly Market Management Group report: services presenting significant risk, new risks
to target next month and the whole market, against the known month in factories.py."""

from __future__ import annotations

import pytest
from django.utils import timezone

from core.pdf import render_pdf
from reports import rules
from reports.documents.market import mmg_document
from reports.figures import mmg_figures
from tests.reports.conftest import pdf_text
from tests.reports.factories import days, month_world


@pytest.fixture
def month():
    return rules.latest_finished(rules.MMG_MONTHLY, timezone.localdate()).previous()


@pytest.fixture
def world(db, month, chair, officer):
    return month_world(month, chair=chair, officer=officer)


@pytest.fixture
def figures(world):
    return mmg_figures(world.period)


@pytest.fixture
def text(figures):
    pdf = render_pdf(
        "pdf/reports/report.html",
        {
            "document": mmg_document(figures),
            "built_at": timezone.now(),
            "requested_by": None,
            "version": 1,
        },
        title=f"Market Management Group report: {figures['period']['label']}",
    )
    return " ".join(pdf_text(pdf).split())


def test_services_presenting_significant_risk_are_those_decided_at_levels_3_and_4(figures, world):
    rows = figures["significant"]["services"]
    got = [
        (r["name"], r["level"], r["sanctions"], r["rating"], r["score"], r["concerns"])
        for r in rows
    ]
    assert got == [
        ("Service Q", 4, 0, "Not rated", None, 0),
        ("Service P", 3, 1, "Inadequate", 72, 2),  # the score at the month's end, not today's
    ]
    assert rows[0]["since"] == (world.start + days(5)).isoformat()
    assert (figures["significant"]["level_4"], figures["significant"]["level_3"]) == (1, 1)


def test_new_risks_say_why_and_leave_out_levels_3_and_4(figures):
    got = [(r["name"], r["reasons"]) for r in figures["new_risks"]["services"]]
    assert got == [
        ("Service V", ["Score suggests level 2"]),
        ("Service R", ["Escalated in the month"]),
        ("Service S", ["Escalation proposed, not yet decided"]),
        ("Service T", ["Rated Requires improvement or Inadequate by CQC"]),
        ("Service U", ["1 high or critical concern"]),
    ]


def test_the_whole_market_at_the_months_end(figures):
    market = figures["market"]
    (residential,) = market["types"]
    assert residential == {
        "type": "Residential care home",
        "services": 9,  # Y closed in the month
        "in_area": 9,
        "capacity": 270,
        "good_percent": 0,  # P Inadequate, T Requires improvement
        "inadequate": 1,
        "level_2": 1,  # X
        "level_3_4": 2,  # P, Q
        "stopped": 1,  # P
    }
    assert [table["type"] for table in market["analysis"]] == ["Residential care home"]


def test_levels_in_the_month_reconcile(figures):
    rows = [
        (r["label"], r["start"], r["new"], r["moved_in"], r["moved_out"], r["closed"], r["end"])
        for r in figures["levels"]["rows"]
    ]
    assert rows == [
        ("Routine", 6, 0, 0, 2, 0, 4),  # Q and R leave
        ("Level 1", 1, 0, 1, 0, 0, 2),  # T; R arrives
        ("Level 2", 0, 0, 1, 0, 0, 1),  # X arrives
        ("Level 3", 3, 0, 0, 1, 1, 1),  # P, X, Y; X leaves; Y closes
        ("Level 4", 0, 0, 1, 0, 0, 1),  # Q
    ]


def test_the_pdf_shows_the_lists_and_the_market(text, world):
    assert "Market Management Group monthly report" in text
    assert f"2 services presenting significant risk on {world.end:%-d %B %Y}" in text
    assert "(1 at level 4, 1 at level 3)" in text
    assert "5 services to target next month" in text
    for reason in (
        "Score suggests level 2",
        "Escalated in the month",
        "Escalation proposed, not yet decided",
        "Rated Requires improvement or Inadequate by CQC",
        "1 high or critical concern",
    ):
        assert reason in text
    assert "Residential care home 9 9 270 0% 1 1 2 1" in text
    assert "All services 9 9 — 0% 1 1 2 1" in text
    assert "Providers in the local market" in text
    assert "OFFICIAL-SENSITIVE: share only with the group's members" in text
    assert "Service W" not in text.split("Whole-market analysis")[0].split("New risks")[1]


def test_the_figures_take_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        mmg_figures(world.period)
