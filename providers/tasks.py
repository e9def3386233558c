"""Background tasks of the market register."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from core.audit import acting_as
from core.jobs import job_fail, job_progress, job_start, job_succeed
from core.models import Job
from providers.cqc.runs import CQCSyncError, cqc_sync_summary
from providers.cqc.sync import cqc_sync_run
from providers.models import CQCSyncRun

logger = logging.getLogger(__name__)

# Under Redis's visibility timeout (3600s in config/celery.py): a late-acked task still running
# when it expires would be delivered to a second worker.
CQC_SYNC_SOFT_LIMIT = 50 * 60
CQC_SYNC_HARD_LIMIT = 55 * 60


@shared_task(acks_late=True, soft_time_limit=CQC_SYNC_SOFT_LIMIT, time_limit=CQC_SYNC_HARD_LIMIT)
def cqc_sync_task(
    job_id: str | None = None,
    local_authority: str | None = None,
    mode: str = CQCSyncRun.Mode.INCREMENTAL,
) -> dict:
    """Run the CQC sync; report progress on the Job when one was started from the browser.

    With no ``local_authority`` it syncs the council's own area
    (``OVERSIGHT_CQC_LOCAL_AUTHORITY``), which is what the nightly schedule does; with that
    setting empty it does nothing. Late acknowledgement is safe: the sync is idempotent.
    """
    local_authority = local_authority or settings.OVERSIGHT_CQC_LOCAL_AUTHORITY
    if not local_authority:
        logger.info("OVERSIGHT_CQC_LOCAL_AUTHORITY is empty: no CQC import to run")
        return {"status": "skipped"}
    acting_user = None
    if job_id:
        job = Job.objects.select_related("requested_by").get(pk=job_id)
        acting_user = job.requested_by
        job_start(job_id=job_id, message="Asking CQC for the area's locations")

    def progress(done: int, total: int) -> None:
        if job_id:
            job_progress(job_id=job_id, done=done, total=total, message="Checking CQC locations")

    try:
        # Not one transaction: the sync commits location by location, and the job's progress
        # must show while it runs.
        with acting_as(acting_user, process="providers.cqc_sync_task", atomic=False):
            run = cqc_sync_run(
                acting_user=acting_user,
                local_authority=local_authority,
                mode=mode,
                progress=progress,
            )
    except CQCSyncError as exc:
        # Recorded on the run and the job; not re-raised, so an eager run started from the
        # browser shows the job page with the error rather than a server error.
        if job_id:
            job_fail(job_id=job_id, error=str(exc))
        return {"status": "failed", "run": exc.run.pk if exc.run else None, "error": str(exc)}
    except Exception as exc:
        if job_id:
            job_fail(job_id=job_id, error=f"The import stopped unexpectedly: {exc}")
        raise
    if job_id:
        job_succeed(
            job_id=job_id,
            message=cqc_sync_summary(run, short=True),
            result_url=reverse("providers:cqc-sync"),
        )
    return {"status": "succeeded", "run": run.pk}
