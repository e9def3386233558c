"""Every change the escalation app makes."""

from __future__ import annotations

from django.utils import timezone

from escalation.models import ServiceState


def risk_mark_for_recalculation(*, service_id: int, reason: str) -> None:
    """Mark a service's risk score as out of date because new evidence arrived.

    Every piece of evidence (a visit completed, intelligence added, monitoring data, an action
    gone overdue, a rating change) calls this one function. It is an idempotent upsert, safe
    inside the caller's transaction; the risk engine picks marked services up and recalculates.
    """
    now = timezone.now()
    updated = ServiceState.objects.filter(service_id=service_id).update(
        needs_recalculation=True, recalculation_requested_at=now, recalculation_reason=reason[:100]
    )
    if not updated:
        ServiceState.objects.get_or_create(
            service_id=service_id,
            defaults={
                "needs_recalculation": True,
                "recalculation_requested_at": now,
                "recalculation_reason": reason[:100],
            },
        )
