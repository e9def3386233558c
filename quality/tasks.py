"""Background tasks of quality assurance."""

from __future__ import annotations

from celery import shared_task

from core.audit import acting_as
from quality.services import actions_mark_overdue


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180)
def actions_mark_overdue_task() -> int:
    """Daily: mark services whose actions newly went overdue for risk recalculation.

    Safe to run twice (an action is marked once); late acknowledgement is therefore safe.
    """
    with acting_as(None, process="quality.actions_mark_overdue_task"):
        return actions_mark_overdue()
