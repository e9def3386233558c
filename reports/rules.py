"""Named rules of the board and management reports (DOMAIN.md, "Reporting";
docs/adr/0012-board-reports.md), and who may read and build them.

Permissions (views and templates check these names):

    reports.view_reports   the Reports page (anyone who may use one of the reports)
    reports.board_report   build and download the quarterly Safeguarding Adults Board report
                           (directors)
    reports.market_report  build and download the monthly Market Management Group report
                           (directors and panel chairs)
    reports.see_report     download one built report (object: the report; by its kind)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import rules

from accounts.rules import has_model_perm

SAB_QUARTERLY = "sab_quarterly"
MMG_MONTHLY = "mmg_monthly"

# What the period of each kind of report is called: also the ``Period.kind`` of its periods.
PERIOD_WORD: dict[str, str] = {SAB_QUARTERLY: "quarter", MMG_MONTHLY: "month"}


# --- periods ----------------------------------------------------------------------------------
def _month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """A reporting period: a financial-year quarter or a calendar month, first to last day."""

    kind: str  # "quarter" or "month"
    start: datetime.date
    end: datetime.date

    @property
    def key(self) -> str:
        """What forms and URLs carry: "2026-04-01"."""
        return self.start.isoformat()

    @property
    def financial_year(self) -> str:
        """The council's financial year (April to March) the period falls in: "2026/27"."""
        first = self.start.year if self.start.month >= 4 else self.start.year - 1
        return f"{first}/{str(first + 1)[-2:]}"

    @property
    def quarter_number(self) -> int:
        """Quarter 1 is April to June (the financial year)."""
        return ((self.start.month - 4) % 12) // 3 + 1

    @property
    def label(self) -> str:
        """ "Quarter 1 2026/27 (April to June 2026)" or "June 2026"."""
        if self.kind == "month":
            return f"{self.start:%B %Y}"
        months = f"{self.start:%B} to {self.end:%B %Y}"
        if self.start.year != self.end.year:
            months = f"{self.start:%B %Y} to {self.end:%B %Y}"
        return f"Quarter {self.quarter_number} {self.financial_year} ({months})"

    @property
    def short_label(self) -> str:
        """ "Q1 2026/27" or "Jun 2026", for chart axes and file names."""
        if self.kind == "month":
            return f"{self.start:%b %Y}"
        return f"Q{self.quarter_number} {self.financial_year}"

    @property
    def slug(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        return f"{self.financial_year.replace('/', '-')}-q{self.quarter_number}"

    def previous(self) -> Period:
        day = self.start - datetime.timedelta(days=1)
        return quarter_of(day) if self.kind == "quarter" else month_of(day)

    def is_finished(self, today: datetime.date) -> bool:
        return self.end < today


def quarter_of(day: datetime.date) -> Period:
    """The quarter ``day`` falls in. Quarters end on 30 June, 30 September, 31 December and
    31 March, so the board's quarters are the council's financial-year quarters."""
    first_month = (day.month - 1) // 3 * 3 + 1
    start = datetime.date(day.year, first_month, 1)
    return Period("quarter", start, _month_end(day.year, first_month + 2))


def month_of(day: datetime.date) -> Period:
    return Period("month", day.replace(day=1), _month_end(day.year, day.month))


def period_of(kind: str, day: datetime.date) -> Period:
    """The period of a report kind that contains ``day``."""
    return quarter_of(day) if kind == SAB_QUARTERLY else month_of(day)


def latest_finished(kind: str, today: datetime.date) -> Period:
    """The last period of ``kind`` that ended before ``today``: the one a scheduled build
    makes. On 1 July that is April to June; on 30 June it is January to March."""
    return period_of(kind, today).previous()


def finished_periods(kind: str, today: datetime.date, count: int) -> list[Period]:
    """The ``count`` most recent finished periods of ``kind``, newest first (what people may
    choose from: a board report is about a period that has ended)."""
    periods = [latest_finished(kind, today)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods


def period_from_key(kind: str, key: str) -> Period | None:
    """The period a form's value names, or None when the value is not a period's first day."""
    try:
        day = datetime.date.fromisoformat(key)
    except (TypeError, ValueError):
        return None
    period = period_of(kind, day)
    return period if period.start == day else None


# How many past periods people may choose from (the chart goes back as far as the quarters).
QUARTERS_OFFERED = 8
MONTHS_OFFERED = 12
TREND_QUARTERS = 8

# A build still "building" after this long was lost (a worker died): the scheduled check may
# build the period again.
BUILD_ABANDONED_AFTER = datetime.timedelta(minutes=30)


# --- what counts ------------------------------------------------------------------------------
# Both rules are stated in the reports' "How the figures are counted" section as well.


SIGNIFICANT_RISK_LEVELS = (3, 4)


def presents_significant_risk(level: int) -> bool:
    """A service presents significant risk when people have decided it is at level 3
    (persistent serious concerns, enforcement) or level 4 (risk of urgent closure or failure,
    or significant risk to people): the services the Provider Escalation Panel oversees.
    The score alone never puts a service on this list; it can put it on "new risks"."""
    return level in SIGNIFICANT_RISK_LEVELS


# A concern is "serious" for the Market Management Group's list of new risks when it is
# logged as high or critical severity.
SERIOUS_SEVERITIES = ("high", "critical")


# --- permissions ------------------------------------------------------------------------------
rules.add_perm("reports.board_report", has_model_perm("reports.build_sab_report"))
rules.add_perm("reports.market_report", has_model_perm("reports.build_mmg_report"))
rules.add_perm(
    "reports.view_reports",
    has_model_perm("reports.build_sab_report") | has_model_perm("reports.build_mmg_report"),
)

PERMISSION_FOR_KIND = {SAB_QUARTERLY: "reports.board_report", MMG_MONTHLY: "reports.market_report"}


@rules.predicate
def may_use_kind(user, report) -> bool:
    if report is None:
        return False
    kind = report if isinstance(report, str) else report.kind
    permission = PERMISSION_FOR_KIND.get(kind)
    return bool(permission and user.has_perm(permission))


rules.add_perm("reports.see_report", may_use_kind)
