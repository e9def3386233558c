"""Background work of the reports. Thin: they take primary keys and call a service; both are
safe to run twice (a report already built is left alone; due builds are checked first). Each
records its name on the history events it writes (``core.audit.acting_as``)."""

from __future__ import annotations

import logging

from celery import shared_task

from core.audit import acting_as
from reports.services import report_build, reports_build_due

logger = logging.getLogger(__name__)


# 25,000 services build in well under a minute (bench/reports.py); the limit leaves room for
# a busy database without letting a stuck build hold a worker for long.
@shared_task(soft_time_limit=600, time_limit=660)
def report_build_task(report_id: int) -> str:
    """Build one report (its figures, the PDF) and keep it."""
    # Not one transaction: the job's progress must show while the report is built.
    with acting_as(None, process="reports.report_build_task", atomic=False):
        report = report_build(report_id=report_id)
    return report.status if report else "missing"


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def reports_build_due_task() -> int:
    """Start the scheduled builds of the periods that have ended (daily from Celery beat)."""
    with acting_as(None, process="reports.reports_build_due_task", atomic=False):
        started = reports_build_due()
    logger.info("Reports: started %s scheduled builds", len(started))
    return len(started)
