"""Risk scores: marking services for recalculation, recalculating them, revising weights."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

import pghistory
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from core.queue import enqueue
from escalation import risk
from escalation.models import RiskScore, ServiceState, WeightSet

logger = logging.getLogger(__name__)

RECALCULATION_LOCK_SECONDS = 60


def _lock_key(service_id: int) -> str:
    return f"escalation:risk-recalc:{service_id}"


def _enqueue_recalculation(service_id: int) -> None:
    """Queue one recalculation for the service unless one was queued in the last minute."""
    if cache.add(_lock_key(service_id), 1, timeout=RECALCULATION_LOCK_SECONDS):
        enqueue("escalation.tasks.risk_recalculate_service_task", service_id)


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


# A calculation that changes nothing is still recorded every four weeks, on the service's own
# night of the cycle (its id modulo 28), so each night re-records about a 28th of the services
# (see ``_RECORD``).
CHECKPOINT_DAYS = 28
STATEMENT_WORK_MEM = "32MB"

# The scoring statement (``escalation.risk.scoring_sql``) followed by its two writes, all in one
# statement, so they read one snapshot of the evidence and the states:
#
# * a new RiskScore row for each service that has no score yet, whose fingerprint differs from
#   its latest row's (the rules, weight set, score, suggested level, a value or a raw evidence
#   number changed), or whose checkpoint is due: tonight is its night of the four-week cycle
#   and its latest row is from an earlier day. History is one row per change plus one every
#   four weeks: a trend always has recent points and a steady score reads as steady (the
#   panels' briefings and the register's change since the last score read it too), without
#   25,000 identical rows a night. Only these rows build their breakdown.
# * one upsert of ServiceState for the services with no state, whose score changed, or whose
#   recalculation mark was made before the run started (the mark is cleared in the same
#   write). Every state write is an audit event, so states that nothing changed are left alone.
#
# Each write's ORDER BY is a barrier as well as tidy: the sort reads every row it will write
# (so every look-up of the table being written) before the first insert. Without it, on a
# first run, when statistics say the table is empty, each look-up scans the rows being
# inserted by the same statement and the run grows with the square of the services.
_RECORD = f""",
changed AS (
    SELECT f.* FROM fingerprinted f
    LEFT JOIN LATERAL (
        SELECT p.factors ->> 'fingerprint' AS fingerprint, p.calculated_at
        FROM {RiskScore._meta.db_table} p WHERE p.service_id = f.service_id
        ORDER BY p.calculated_at DESC, p.id DESC LIMIT 1
    ) latest ON true
    WHERE latest.calculated_at IS NULL
        OR latest.fingerprint IS DISTINCT FROM f.fingerprint::text
        OR (f.service_id %% %(checkpoint_days)s = %(checkpoint_night)s
            AND latest.calculated_at < %(today_began)s)
),
written AS (
    INSERT INTO {RiskScore._meta.db_table}
        (service_id, weight_set_id, score, suggested_level, calculated_at, factors)
    SELECT service_id, weight_set_id, score, suggested_level, %(now)s, {{breakdown}}
    FROM changed
    ORDER BY service_id
    RETURNING service_id
),
states AS (
    INSERT INTO {ServiceState._meta.db_table} AS state
        (created_at, updated_at, service_id, level, level_since, placement_rating, score,
         score_calculated_at, needs_recalculation, recalculation_requested_at,
         recalculation_reason, level_change_id)
    SELECT %(now)s, %(now)s, r.service_id, %(level)s, %(level_since)s, %(placement_rating)s,
        r.score, %(now)s, false, NULL, '', NULL
    FROM results r LEFT JOIN {ServiceState._meta.db_table} s ON s.service_id = r.service_id
    WHERE s.service_id IS NULL
        OR s.score IS DISTINCT FROM r.score
        OR (s.needs_recalculation
            AND NOT COALESCE(s.recalculation_requested_at > %(now)s, false))
    ORDER BY r.service_id
    ON CONFLICT (service_id) DO UPDATE SET
        score = EXCLUDED.score,
        score_calculated_at = EXCLUDED.score_calculated_at,
        needs_recalculation = state.needs_recalculation
            AND COALESCE(state.recalculation_requested_at > EXCLUDED.score_calculated_at, false),
        updated_at = EXCLUDED.updated_at
    RETURNING service_id
)
SELECT (SELECT count(*) FROM results), (SELECT count(*) FROM written),
    (SELECT count(*) FROM states)"""


def checkpoint_night(day: datetime.date) -> int:
    """Which services' checkpoint falls on ``day``: those whose id modulo
    CHECKPOINT_DAYS is this number."""
    return day.toordinal() % CHECKPOINT_DAYS


@dataclass(frozen=True)
class Recalculation:
    scored: int  # services scored
    recorded: int  # new RiskScore rows
    states: int  # ServiceState rows written


def _recalculate(
    *, today: datetime.date, now: datetime.datetime, service_ids: list[int] | None
) -> Recalculation:
    """Score the given services (every service when None) in one statement: evidence, values,
    points, scores, suggested levels and breakdowns in PostgreSQL, then the new history rows
    and state changes. The one code path of the per-service task and the nightly run."""
    defaults = ServiceState()
    params = {
        **risk.scoring_params(today=today),
        "now": now,
        "checkpoint_days": CHECKPOINT_DAYS,
        "checkpoint_night": checkpoint_night(today),
        "today_began": timezone.make_aware(datetime.datetime.combine(today, datetime.time.min)),
        "level": defaults.level,
        "level_since": today,
        "placement_rating": defaults.placement_rating,
    }
    if service_ids is not None:
        params["service_ids"] = list(service_ids)
    _statement_settings()
    sql = risk.scoring_sql(limited=service_ids is not None) + _RECORD.replace(
        "{breakdown}", risk.breakdown_sql()
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return Recalculation(*cursor.fetchone())


def _statement_settings() -> None:
    """Settings for the scoring statement, for this transaction only.

    * ``jit`` off: the statement is one large expression-heavy query whose cost estimate can
      pass the JIT threshold, and compiling it takes longer (about a second) than running it.
    * ``work_mem`` raised so the grouped evidence is hashed and sorted in memory.
    * ``pgtrigger.ignore`` defined (kept as it is when already set, else an empty list). The
      audit triggers (pgtrigger, pghistory) read it inside an exception block; while it is
      undefined every audited row raises and catches an error, which costs far more than the
      write (about 0.3 ms a row, with the pghistory context likewise). An empty list ignores
      no trigger: every state change is still an audit event.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('jit', 'off', true), set_config('work_mem', %s, true), "
            "set_config('pgtrigger.ignore', "
            "COALESCE(NULLIF(current_setting('pgtrigger.ignore', true), ''), '{}'), true)",
            [STATEMENT_WORK_MEM],
        )


def risk_recalculate_service(*, service_id: int, force: bool = False) -> RiskScore | None:
    """Recalculate one service's score if it is marked (or ``force``), and clear the mark.

    The same statement as the nightly run, limited to the service. Safe to run twice: the
    state row is locked, and a second run finds the mark cleared and does nothing. Returns the
    service's latest score row (a new one only when something changed, see ``_RECORD``), or
    None when there was nothing to do.
    """
    with transaction.atomic():
        state, _ = ServiceState.objects.get_or_create(service_id=service_id)
        state = ServiceState.objects.select_for_update().get(pk=state.pk)
        if not (state.needs_recalculation or force):
            return None
        result = _recalculate(
            today=timezone.localdate(), now=timezone.now(), service_ids=[service_id]
        )
        if not result.scored:
            return None
        latest = (
            RiskScore.objects.filter(service_id=service_id)
            .select_related("weight_set")
            .order_by("-calculated_at", "-pk")
            .first()
        )
    cache.delete(_lock_key(service_id))
    return latest


def risk_recalculate_all(*, today: datetime.date | None = None) -> int:
    """The nightly run: score every service, set-based, in one statement.

    Evidence, values, points, scores, suggested levels and breakdowns are computed in
    PostgreSQL for all services at once (``escalation.risk.scoring_sql``); a new history row
    is written only where something changed (or a four-weekly checkpoint is due), and only
    the states whose score changed or whose mark predates the run are written, in one upsert,
    so the number of queries never grows with the number of services. Marks made before the
    run started are cleared. State changes are audit events under the pghistory context
    ``{"source": "risk_recalculate_all"}``. Returns the number of services scored.
    """
    started = timezone.now()
    today = today or timezone.localdate()
    with transaction.atomic(), pghistory.context(source="risk_recalculate_all"):
        result = _recalculate(today=today, now=started, service_ids=None)
    logger.info(
        "Risk recalculation: %s services scored, %s new scores, %s states written",
        result.scored,
        result.recorded,
        result.states,
    )
    return result.scored


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
