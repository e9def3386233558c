"""The reports' named rules: financial-year quarters, months, what may be chosen and built."""

import datetime

import pytest

from reports import rules
from reports.rules import MMG_MONTHLY, SAB_QUARTERLY, Period

D = datetime.date


@pytest.mark.parametrize(
    ("day", "start", "end", "label"),
    [
        (D(2026, 4, 1), D(2026, 4, 1), D(2026, 6, 30), "Quarter 1 2026/27 (April to June 2026)"),
        (
            D(2026, 9, 30),
            D(2026, 7, 1),
            D(2026, 9, 30),
            "Quarter 2 2026/27 (July to September 2026)",
        ),
        (
            D(2026, 12, 25),
            D(2026, 10, 1),
            D(2026, 12, 31),
            "Quarter 3 2026/27 (October to December 2026)",
        ),
        (
            D(2027, 2, 28),
            D(2027, 1, 1),
            D(2027, 3, 31),
            "Quarter 4 2026/27 (January to March 2027)",
        ),
    ],
)
def test_quarters_are_the_councils_financial_year_quarters(day, start, end, label):
    quarter = rules.quarter_of(day)
    assert (quarter.start, quarter.end, quarter.label) == (start, end, label)


def test_short_labels_and_slugs_name_the_financial_year():
    quarter = rules.quarter_of(D(2027, 3, 31))
    assert quarter.short_label == "Q4 2026/27"
    assert quarter.slug == "2026-27-q4"
    assert rules.month_of(D(2024, 2, 10)) == Period("month", D(2024, 2, 1), D(2024, 2, 29))
    assert rules.month_of(D(2026, 12, 31)).label == "December 2026"


def test_the_latest_finished_period_is_the_one_before_today():
    assert rules.latest_finished(SAB_QUARTERLY, D(2026, 7, 1)).label.startswith("Quarter 1")
    assert rules.latest_finished(SAB_QUARTERLY, D(2026, 6, 30)).start == D(2026, 1, 1)
    assert rules.latest_finished(MMG_MONTHLY, D(2026, 1, 1)) == Period(
        "month", D(2025, 12, 1), D(2025, 12, 31)
    )


def test_people_choose_from_finished_periods_only_newest_first():
    quarters = rules.finished_periods(SAB_QUARTERLY, D(2026, 12, 1), 8)
    assert [q.short_label for q in quarters[:3]] == ["Q2 2026/27", "Q1 2026/27", "Q4 2025/26"]
    assert len(quarters) == 8 and all(q.is_finished(D(2026, 12, 1)) for q in quarters)
    assert len(rules.finished_periods(MMG_MONTHLY, D(2026, 12, 1), 12)) == 12


def test_a_period_key_must_be_a_periods_first_day():
    assert rules.period_from_key(SAB_QUARTERLY, "2026-04-01") == rules.quarter_of(D(2026, 4, 1))
    assert rules.period_from_key(SAB_QUARTERLY, "2026-05-01") is None
    assert rules.period_from_key(MMG_MONTHLY, "2026-05-01").end == D(2026, 5, 31)
    for bad in ("", "next quarter", None, "2026-13-01"):
        assert rules.period_from_key(SAB_QUARTERLY, bad) is None


def test_significant_risk_is_a_decided_level_of_three_or_four():
    assert [level for level in range(5) if rules.presents_significant_risk(level)] == [3, 4]


@pytest.mark.django_db
def test_directors_use_both_reports_and_chairs_the_market_report(
    officer, nurse, chair, director, partner, admin
):
    table = {
        person: (
            person.has_perm("reports.board_report"),
            person.has_perm("reports.market_report"),
            person.has_perm("reports.view_reports"),
        )
        for person in (officer, nurse, chair, director, partner, admin)
    }
    assert table == {
        officer: (False, False, False),
        nurse: (False, False, False),
        chair: (False, True, True),
        director: (True, True, True),
        partner: (False, False, False),
        admin: (False, False, False),
    }
    assert chair.has_perm("reports.see_report", SAB_QUARTERLY) is False
    assert chair.has_perm("reports.see_report", MMG_MONTHLY) is True
