"""Background tasks of the risk engine."""

from __future__ import annotations

from celery import shared_task

from core.audit import acting_as
from escalation.services import risk_recalculate_all, risk_recalculate_service


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def risk_recalculate_service_task(service_id: int) -> int | None:
    """Recalculate one service's score when its evidence changed, through the nightly run's
    statement limited to the service. Safe to run twice: it does nothing once the service's
    mark is cleared."""
    # The service commits before it clears its lock: not wrapped in a second transaction.
    with acting_as(None, process="escalation.risk_recalculate_service_task", atomic=False):
        row = risk_recalculate_service(service_id=service_id)
    return row.score if row else None


@shared_task(acks_late=True, soft_time_limit=600, time_limit=900)
def risk_recalculate_all_task() -> int:
    """Nightly: score every service in one set-based statement. Safe to run twice: a second
    run the same night finds nothing changed and writes nothing."""
    with acting_as(None, process="escalation.risk_recalculate_all_task", atomic=False):
        return risk_recalculate_all()
