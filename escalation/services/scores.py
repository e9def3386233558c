"""Every change the escalation app makes."""

from __future__ import annotations

import datetime
import json

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from escalation import risk
from escalation.models import RiskScore, ServiceState, WeightSet

RECALCULATION_LOCK_SECONDS = 60
BATCH_SIZE = 2000


def _lock_key(service_id: int) -> str:
    return f"escalation:risk-recalc:{service_id}"


def _enqueue_recalculation(service_id: int) -> None:
    """Queue one recalculation for the service unless one was queued in the last minute."""
    if cache.add(_lock_key(service_id), 1, timeout=RECALCULATION_LOCK_SECONDS):
        from escalation.tasks import risk_recalculate_service_task

        risk_recalculate_service_task.delay(service_id)


def risk_mark_for_recalculation(*, service_id: int, reason: str) -> None:
    """Mark a service's risk score as out of date because new evidence arrived.

    Every piece of evidence (a visit completed, intelligence added, monitoring data, an action
    gone overdue, a rating change) calls this one function. It is an idempotent upsert, safe
    inside the caller's transaction; once that transaction commits, a background recalculation
    of the service is queued (at most one a minute per service: marks in between are picked
    up by it, because it reads the flag, or by the nightly run).
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
    transaction.on_commit(lambda: _enqueue_recalculation(service_id))


def _score_rows(evidence, weight_sets, now) -> list[RiskScore]:
    rows = []
    for service_id, item in evidence.items():
        weight_set = risk.weight_set_for(item.service_type, weight_sets)
        result = risk.calculate(item, weight_set)
        rows.append(
            RiskScore(
                service_id=service_id,
                weight_set=weight_set,
                score=result.score,
                suggested_level=result.suggested_level,
                calculated_at=now,
                factors=result.factors,
            )
        )
    return rows


def _copy_scores(rows: list[RiskScore]) -> None:
    """Insert score rows with one COPY (PostgreSQL's bulk load): far faster than INSERTs with
    a JSON parameter per row, and still one statement however many services there are."""
    columns = "service_id, weight_set_id, score, suggested_level, calculated_at, factors"
    sql = f"COPY escalation_riskscore ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(
                (
                    row.service_id,
                    row.weight_set_id,
                    row.score,
                    row.suggested_level,
                    row.calculated_at,
                    json.dumps(row.factors),
                )
            )


def risk_recalculate_service(*, service_id: int, force: bool = False) -> RiskScore | None:
    """Recalculate one service's score if it is marked (or ``force``), and clear the mark.

    Safe to run twice: the state row is locked, and a second run finds the mark cleared and
    does nothing. Returns the new score row, or None when there was nothing to do.
    """
    with transaction.atomic():
        state, _ = ServiceState.objects.get_or_create(service_id=service_id)
        state = ServiceState.objects.select_for_update().get(pk=state.pk)
        if not (state.needs_recalculation or force):
            return None
        now = timezone.now()
        evidence = risk.gather_evidence(today=timezone.localdate(), service_ids=[service_id])
        if not evidence:
            return None
        (row,) = _score_rows(evidence, risk.current_weight_sets(), now)
        row.save()
        state.score = row.score
        state.score_calculated_at = now
        state.needs_recalculation = False
        state.save(
            update_fields=["score", "score_calculated_at", "needs_recalculation", "updated_at"]
        )
    cache.delete(_lock_key(service_id))
    return row


def risk_recalculate_all(*, today: datetime.date | None = None) -> int:
    """The nightly run: score every service, set-based.

    The evidence comes from one grouped query per factor family over all services, the scores
    are inserted with one COPY, and states whose score changed are upserted in batches
    (each write is an audit event, so unchanged states are left alone; the history rows say
    when each score was calculated). The number of queries does not grow with the number of
    services (apart from one upsert per batch of changed states). Marks made before the run started are cleared. Returns the
    number of services scored.
    """
    started = timezone.now()
    today = today or timezone.localdate()
    evidence = risk.gather_evidence(today=today)
    weight_sets = risk.current_weight_sets()
    rows = _score_rows(evidence, weight_sets, started)
    with transaction.atomic():
        _copy_scores(rows)
        # Only states whose score changed are written: each write is also an audit event.
        current = dict(ServiceState.objects.values_list("service_id", "score"))
        states = [
            ServiceState(
                service_id=row.service_id,
                score=row.score,
                score_calculated_at=started,
                needs_recalculation=False,
            )
            for row in rows
            if row.service_id not in current or current[row.service_id] != row.score
        ]
        ServiceState.objects.bulk_create(
            states,
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["service"],
            update_fields=["score", "score_calculated_at"],
        )
        ServiceState.objects.filter(
            needs_recalculation=True, recalculation_requested_at__lte=started
        ).update(needs_recalculation=False)
    return len(rows)


@transaction.atomic
def weight_set_revise(
    *,
    weight_set: WeightSet,
    weights: dict,
    thresholds: list[int],
    inadequate_floor: int,
    note: str = "",
    acting_user,
) -> WeightSet:
    """Save changed weights as a new current version; the old version is kept unchanged, so
    scores calculated with it still say which weights they used."""
    unknown = set(weights) - set(risk.FACTORS)
    if unknown:
        raise ValueError(f"Unknown factors: {sorted(unknown)}")
    if len(thresholds) != 4 or sorted(thresholds) != list(thresholds):
        raise ValueError("Give four thresholds, lowest first.")
    latest = (
        WeightSet.objects.select_for_update()
        .filter(service_type=weight_set.service_type)
        .aggregate(v=Max("version"))["v"]
        or 0
    )
    WeightSet.objects.filter(service_type=weight_set.service_type, is_current=True).update(
        is_current=False
    )
    return WeightSet.objects.create(
        service_type=weight_set.service_type,
        version=latest + 1,
        is_current=True,
        weights={key: weights.get(key, 0) for key in risk.FACTORS},
        thresholds=list(thresholds),
        inadequate_floor=inadequate_floor,
        note=note,
        created_by=acting_user,
    )
