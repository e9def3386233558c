"""Background work of the reports. Thin: they take primary keys and call a service; both are
safe to run twice (a report already built is left alone; due builds are checked first)."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


# 25,000 services build in well under a minute (bench/reports.py); the limit leaves room for
# a busy database without letting a stuck build hold a worker for long.
@shared_task(soft_time_limit=600, time_limit=660)
def report_build_task(report_id: int) -> str:
    """Build one report (its figures, the PDF) and keep it."""
    from reports.services import report_build

    report = report_build(report_id=report_id)
    return report.status if report else "missing"


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def reports_build_due_task() -> int:
    """Start the scheduled builds of the periods that have ended (daily from Celery beat)."""
    from reports.services import reports_build_due

    started = reports_build_due()
    logger.info("Reports: started %s scheduled builds", len(started))
    return len(started)
