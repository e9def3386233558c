"""The CQC sync: bring the market register in line with what CQC publishes for one area.

Decisions (someone would otherwise undo them):

* **Idempotent.** A field is written only when its value differs, a rating row only when the
  judgement or its publication date differs from the current row, so running the sync twice
  changes nothing the second time (no saves, no ``updated_at`` bumps, no history events).
  ``Service.cqc_synced_at`` therefore means "last changed by the CQC sync".
* **The whole local market.** Every registered adult social care location of the area becomes
  a service, contracted or not, so commissioners see the market they could buy from.
* **Deregistration closes, never deletes.** A known service whose location CQC deregistered is
  closed on the deregistration date; its visits, intelligence and history stay. A deregistered
  location the register never knew is not created: the register describes the current market.
  The sync never reopens a closed service (a closure recorded by hand stands).
* **Providers** are matched by CQC provider ID or created with CQC's name for them, scale
  "local" and size "small" (the model's defaults: CQC publishes neither, commissioners set
  them). When CQC has no provider detail (404), the first location's name stands in until a
  later sync finds the detail.
* **Incremental** runs ask CQC for the locations changed since the newest successful run for
  the same area started (or run in full when there is none). The changes feed covers all of
  England, so it is narrowed to the area's current location list plus services already in the
  register, then to the detail's ``localAuthority`` for new services.
* **One location, one transaction.** A failure never leaves a half-written service. API
  failures stop the run; a location whose data cannot be stored is logged and skipped, and the
  run is then recorded as failed so the next incremental run starts early enough to retry it.
* **One run per area at a time**, enforced with a PostgreSQL advisory lock that the database
  releases by itself if the worker dies.
"""

from __future__ import annotations

import logging

import pghistory
from django.utils import timezone

from accounts.models import User
from providers.cqc.client import CQCClient
from providers.cqc.locations import LocationSync, Progress
from providers.cqc.runs import (
    CQCSyncError,
    close_abandoned_runs,
    describe,
    one_run_per_area,
)
from providers.models import CQCSyncRun

logger = logging.getLogger(__name__)
MAX_ERRORS_KEPT = 10


def cqc_sync_run(
    *,
    acting_user: User | None,
    local_authority: str,
    mode: str = CQCSyncRun.Mode.FULL,
    progress: Progress | None = None,
    client: CQCClient | None = None,
) -> CQCSyncRun:
    """Import one local authority's adult social care services and ratings from CQC.

    ``mode`` is ``"full"`` (every location CQC lists for the area) or ``"incremental"`` (the
    locations CQC changed since the last successful run for the area; full if there is none).
    ``progress(done, total)`` is called as locations are processed. Returns the finished
    CQCSyncRun with its counts; raises CQCSyncError (carrying the run, recorded as failed) when
    CQC cannot be reached or a location could not be stored. See the module docstring for the
    rules it follows.
    """
    local_authority = " ".join((local_authority or "").split())
    if not local_authority:
        raise ValueError("Name the local authority to import, as CQC names it")
    if mode not in CQCSyncRun.Mode.values:
        raise ValueError(f"Unknown sync mode {mode!r}")
    client = client or CQCClient()
    with one_run_per_area(local_authority):
        close_abandoned_runs(local_authority)
        run = CQCSyncRun.objects.create(
            local_authority=local_authority, mode=mode, started_by=acting_user
        )
        sync = LocationSync(run=run, client=client, progress=progress)
        try:
            with pghistory.context(
                user=getattr(acting_user, "pk", None),
                user_email=getattr(acting_user, "email", None),
                source="cqc_sync",
                cqc_sync_run=run.pk,
            ):
                sync.execute()
        except Exception as exc:
            run.status = CQCSyncRun.Status.FAILED
            run.error = describe(exc)
            run.finished_at = timezone.now()
            run.save()
            logger.exception("CQC sync for %s failed", local_authority)
            raise CQCSyncError(run.error, run) from exc
        run.finished_at = timezone.now()
        if sync.errors:
            run.status = CQCSyncRun.Status.FAILED
            run.error = f"{len(sync.errors)} location(s) could not be imported: " + "; ".join(
                sync.errors[:MAX_ERRORS_KEPT]
            )
            run.save()
            raise CQCSyncError(run.error, run)
        run.status = CQCSyncRun.Status.SUCCEEDED
        run.save()
    return run
