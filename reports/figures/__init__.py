"""Every figure the board and management reports show, computed from history in PostgreSQL.

A report for a past period reads only dated history, never today's state: the level of a
service on a day is the ``to_level`` of its last change confirmed with ``effective_on`` on or
before that day (``escalation.selectors.level_on``); a sanction is in force on a day from its
start date until its end date (``Sanction.objects.in_force_on``); a CQC rating applies from its
publication date until a later one is published (``providers.selectors.rating_on``); a service
is in the market from its registration until it closes (``Service.objects.in_market_on``).
Each rule is defined once, by the app that owns the records, and only used here. So the
report for April to June is the same whenever it is built, however the register has moved
since (docs/adr/0012-board-reports.md).

Every count is a database aggregate (``Count(..., filter=...)`` over one grouped query per
table), so the number of queries does not grow with the number of services. Each part returns
JSON-ready values only (numbers, strings, ISO dates, lists and dicts): they are kept on the
``Report`` as they were when it was built. One module a part; this one lists the parts of each
report, in order (``STEPS``), and counts them all (``FIGURES``).
"""

from __future__ import annotations

from collections.abc import Callable

from core.jobs import Progress
from reports.figures.common import Figures, period_dict
from reports.figures.concerns import concerns_section
from reports.figures.failure import incidents_section
from reports.figures.levels import levels_section
from reports.figures.market import market_section
from reports.figures.panels import panels_section
from reports.figures.ratings import ratings_section
from reports.figures.risks import new_risks_section, significant_risk_section
from reports.figures.sanctions import sanctions_section
from reports.figures.visits import visits_section
from reports.models import ReportKind
from reports.rules import Period

# (key in the figures, what the job's progress bar says, the function that counts it)
Step = tuple[str, str, Callable[[Period], Figures]]

SAB_STEPS: list[Step] = [
    ("levels", "Counting services by level", levels_section),
    ("sanctions", "Counting placement stops", sanctions_section),
    ("panels", "Counting PEP and QPSG meetings", panels_section),
    ("visits", "Counting visits", visits_section),
    ("concerns", "Counting safeguarding concerns and complaints", concerns_section),
    ("incidents", "Reading failure incidents", incidents_section),
    ("ratings", "Comparing CQC ratings", ratings_section),
]

MMG_STEPS: list[Step] = [
    ("significant", "Listing services presenting significant risk", significant_risk_section),
    ("new_risks", "Finding new risks to target", new_risks_section),
    ("market", "Analysing the whole market", market_section),
    ("levels", "Counting services by level", levels_section),
    ("sanctions", "Counting placement stops", sanctions_section),
    ("incidents", "Reading failure incidents", incidents_section),
]


def figures_count(steps: list[Step], period: Period, *, progress: Progress | None) -> Figures:
    """Count each part of ``steps`` for ``period``; ``progress(done, message)`` is called
    before each part (for the job's bar)."""
    figures = {"period": period_dict(period)}
    for index, (key, message, function) in enumerate(steps):
        if progress:
            progress(index, message)
        figures[key] = function(period)
    return figures


def sab_figures(period: Period, *, progress: Progress | None = None) -> Figures:
    """Every figure of the quarterly Safeguarding Adults Board report for ``period``."""
    return figures_count(SAB_STEPS, period, progress=progress)


def mmg_figures(period: Period, *, progress: Progress | None = None) -> Figures:
    """Every figure of the monthly Market Management Group report for ``period``."""
    return figures_count(MMG_STEPS, period, progress=progress)


STEPS: dict[str, list[Step]] = {
    ReportKind.SAB_QUARTERLY: SAB_STEPS,
    ReportKind.MMG_MONTHLY: MMG_STEPS,
}
FIGURES: dict[str, Callable[..., Figures]] = {
    ReportKind.SAB_QUARTERLY: sab_figures,
    ReportKind.MMG_MONTHLY: mmg_figures,
}
