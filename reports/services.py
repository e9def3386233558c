"""Building the board and management reports: ask for one, build it, build the due ones.

A build is a ``Report`` row (every build is kept, numbered per period) made by a Celery task:
the task counts the figures from history (``reports.figures``), draws the document
(``reports.documents``), renders the PDF (``core.pdf``) and stores both the PDF and the
figures on the row. Someone who asks from the browser follows it on the shared job page
(``core.jobs``); the scheduled build after each period ends has no job.
"""

from __future__ import annotations

import datetime
import io
import logging
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import User
from core.jobs import job_create, job_succeed, job_tracked
from core.models import Job
from core.pdf import render_pdf
from core.queue import enqueue_on_commit
from reports import rules
from reports.documents import document_for
from reports.figures import FIGURES, STEPS
from reports.models import Report, ReportKind, ReportStatus
from reports.rules import PERMISSION_FOR_KIND, Period

logger = logging.getLogger(__name__)


def _next_version(kind: str, period: Period) -> int:
    latest = Report.objects.filter(kind=kind, period_start=period.start).aggregate(
        v=Max("version")
    )["v"]
    return (latest or 0) + 1


def _check_period(kind: str, period: Period | None, today: datetime.date) -> Period:
    word = rules.PERIOD_WORD[kind]
    if period is None:
        raise ValidationError({"period": f"Select a {word}"})
    if period != rules.period_of(kind, period.start):
        raise ValidationError({"period": f"Select a {word}"})
    if not period.is_finished(today):
        raise ValidationError(
            {"period": f"Select a {word} that has ended: the report covers a whole {word}"}
        )
    return period


@transaction.atomic
def report_request(
    *,
    kind: str,
    period: Period | None,
    acting_user: User,
    today: datetime.date | None = None,
) -> Report:
    """Ask for a report of ``kind`` for a finished ``period``; it is built in the background
    and ``report.job`` shows its progress. Pressing the button again while the same person's
    build of that period is still running returns that build rather than starting another."""
    if kind not in ReportKind.values:
        raise ValidationError("Unknown kind of report")
    if not acting_user.has_perm(PERMISSION_FOR_KIND[kind]):
        raise PermissionDenied("You cannot build this report.")
    period = _check_period(kind, period, today or timezone.localdate())
    running = (
        Report.objects.select_for_update()
        .filter(
            kind=kind,
            period_start=period.start,
            status=ReportStatus.BUILDING,
            requested_by=acting_user,
            created_at__gte=timezone.now() - rules.BUILD_ABANDONED_AFTER,
            job__isnull=False,
        )
        .select_related("job")
        .first()
    )
    if running:
        return running
    return _start(kind=kind, period=period, requested_by=acting_user)


@transaction.atomic
def report_schedule(*, kind: str, period: Period, queue: bool = True) -> Report:
    """Record a build of ``kind`` for ``period`` that nobody asked for (the schedule, or an
    operator's ``manage.py build_report``); ``queue`` enqueues its build after commit."""
    return _start(kind=kind, period=period, requested_by=None, queue=queue)


def _start(*, kind: str, period: Period, requested_by: User | None, queue: bool = True) -> Report:
    report = Report.objects.create(
        kind=kind,
        period_start=period.start,
        period_end=period.end,
        version=_next_version(kind, period),
        requested_by=requested_by,
    )
    if requested_by is not None:
        report.job = job_create(
            acting_user=requested_by,
            kind=f"reports.{kind}",
            title=report.title,
            params={"report": report.pk},
        )
        report.save(update_fields=["job", "updated_at"])
    if queue:
        enqueue_on_commit("reports.tasks.report_build_task", report.pk)
    return report


def report_build(*, report_id: int) -> Report | None:
    """Count, draw and render one report and keep its PDF and figures (safe to run twice: a
    report already ready or failed is left as it is; None when there is no such report).
    Progress goes to its job, if any. Not one transaction: the job's progress must show while
    the report is built, so callers record who acts with ``acting_as(..., atomic=False)``."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status != ReportStatus.BUILDING:
            return report
    job_id = report.job_id
    steps = STEPS[report.kind]
    started = time.perf_counter()
    try:
        with job_tracked(
            job_id=job_id,
            total=len(steps) + 2,
            message=steps[0][1],
            failure="The report could not be built",
        ) as progress:
            figures = FIGURES[report.kind](report.period, progress=progress)
            progress(len(steps), "Writing the PDF")
            document = document_for(report.kind, figures)
            built_at = timezone.now()
            pdf = render_pdf(
                "pdf/reports/report.html",
                {
                    "document": document,
                    "built_at": built_at,
                    "requested_by": report.requested_by,
                    "version": report.version,
                },
                title=report.title,
            )
            progress(len(steps) + 1, "Saving the PDF")
            pages = _page_count(pdf)
    except Exception as error:
        logger.exception("Report %s could not be built", report_id)
        Report.objects.filter(pk=report_id).update(
            status=ReportStatus.FAILED, error=str(error)[:2000], updated_at=timezone.now()
        )
        # Not raised again: the report and its job say what went wrong, and without a worker
        # (tasks run in the request) the person would otherwise see an error page instead.
        return Report.objects.get(pk=report_id)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status != ReportStatus.BUILDING:  # another run finished it meanwhile
            return report
        report.pdf.save(f"{report.file_stem}.pdf", ContentFile(pdf), save=False)
        report.figures = figures
        report.pages = pages
        report.built_at = built_at
        report.build_seconds = round(time.perf_counter() - started, 2)
        report.status = ReportStatus.READY
        report.save()
    if job_id:
        # The job page offers the same file, to the person who asked.
        Job.objects.filter(pk=job_id).update(result_file=report.pdf.name)
        job_succeed(
            job_id=job_id,
            message=f"{report.title} is ready: {pages} pages.",
            result_url=reverse(_list_url(report.kind)),
        )
    return report


def _list_url(kind: str) -> str:
    return "reports:board" if kind == ReportKind.SAB_QUARTERLY else "reports:market"


def _page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def reports_build_due(*, today: datetime.date | None = None) -> list[Report]:
    """Start the scheduled build of the latest finished quarter's board report and the
    latest finished month's Market Management Group report, unless one is already built or
    being built (daily from Celery beat, so a missed day catches up; idempotent). A build
    left "being built" for longer than ``rules.BUILD_ABANDONED_AFTER`` is marked failed."""
    today = today or timezone.localdate()
    stale = timezone.now() - rules.BUILD_ABANDONED_AFTER
    started = []
    for kind in ReportKind.values:
        period = rules.latest_finished(kind, today)
        with transaction.atomic():
            existing = Report.objects.select_for_update().filter(
                kind=kind, period_start=period.start
            )
            existing.filter(status=ReportStatus.BUILDING, created_at__lt=stale).update(
                status=ReportStatus.FAILED,
                error="The build did not finish (the worker stopped).",
                updated_at=timezone.now(),
            )
            if existing.filter(status__in=(ReportStatus.BUILDING, ReportStatus.READY)).exists():
                continue
            started.append(report_schedule(kind=kind, period=period))
    return started
