"""Services for background jobs: create one, report progress, finish or fail it.

Progress is written with single UPDATE statements outside any surrounding transaction's
rows, so a person watching the progress page sees it move while the task works.

A task that makes a document runs its work inside ``job_tracked`` (start, progress, mark
failed with the error) or, for the usual "build a PDF and attach it", ``job_pdf_make``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.models import Job

logger = logging.getLogger(__name__)

# progress(done, message): how far a job has gone, shown on its page.
Progress = Callable[[int, str], None]


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
    values: dict[str, int | str] = {"done": done}
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


@contextlib.contextmanager
def job_tracked(*, job_id, total: int, message: str, failure: str) -> Iterator[Progress]:
    """Start the job and hand the work a ``progress(done, message)`` callback. If the work
    raises, the job is marked failed ("``failure``: the error") and the error raised again.
    With no ``job_id`` (a scheduled run nobody watches) progress goes nowhere."""

    def progress(done: int, message: str) -> None:
        if job_id:
            job_progress(job_id=job_id, done=done, total=total, message=message)

    if job_id:
        job_start(job_id=job_id, total=total, message=message)
    try:
        yield progress
    except Exception as error:
        if job_id:
            job_fail(job_id=job_id, error=f"{failure}: {error}")
        raise


def job_pdf_make(
    *,
    job_id,
    total: int,
    message: str,
    failure: str,
    ready: str,
    build: Callable[[Progress], tuple[str, bytes]],
) -> Job:
    """Run ``build(progress)``, which returns (file name, PDF bytes), under ``job_tracked``
    and attach the PDF to the job, marked done with the ``ready`` message."""
    try:
        with job_tracked(job_id=job_id, total=total, message=message, failure=failure) as progress:
            file_name, content = build(progress)
    except Exception:
        logger.exception("%s (job %s)", failure, job_id)
        raise
    return job_succeed(job_id=job_id, message=ready, file_name=file_name, content=content)
