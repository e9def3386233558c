"""Services for background jobs: create one, report progress, finish or fail it.

Progress is written with single UPDATE statements outside any surrounding transaction's
rows, so a person watching the progress page sees it move while the task works.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.models import Job


def job_create(*, acting_user, kind: str, title: str, params: dict | None = None) -> Job:
    """Record a job for ``acting_user``; the caller enqueues the task with the job's id."""
    return Job.objects.create(requested_by=acting_user, kind=kind, title=title, params=params or {})


def job_start(*, job_id, total: int = 0, message: str = "") -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), total=total, done=0, message=message
    )


def job_progress(
    *, job_id, done: int, total: int | None = None, message: str | None = None
) -> None:
    values = {"done": done}
    if total is not None:
        values["total"] = total
    if message is not None:
        values["message"] = message[:255]
    Job.objects.filter(pk=job_id).update(**values)


def job_succeed(
    *,
    job_id,
    message: str = "",
    file_name: str | None = None,
    content: bytes | None = None,
    result_url: str = "",
) -> Job:
    """Mark the job finished, storing a result file (e.g. a PDF) if one is given."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if file_name and content is not None:
            job.result_file.save(file_name, ContentFile(content), save=False)
        job.status = Job.Status.SUCCEEDED
        job.done = job.total or job.done
        job.message = message[:255]
        job.result_url = result_url
        job.finished_at = timezone.now()
        job.save()
    return job


def job_fail(*, job_id, error: str) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )
