"""Background work of the panels: the members' briefing pack and the minutes PDF. Thin: they
take primary keys and call a selector or service; both are safe to run twice."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from core.jobs import job_fail, job_progress, job_start, job_succeed

logger = logging.getLogger(__name__)


@shared_task(soft_time_limit=300, time_limit=330)
def pack_pdf_generate(job_id: str, meeting_id: int) -> None:
    """Render the briefing pack for a meeting and attach it to the job."""
    from panels.selectors import pack_context
    from reports.pdf import render_pdf

    job_start(job_id=job_id, total=3, message="Gathering the briefings")
    try:
        context = pack_context(meeting_id=meeting_id)
        job_progress(job_id=job_id, done=1, message="Writing the PDF")
        meeting = context["meeting"]
        pdf = render_pdf(
            "pdf/panels/pack.html", context, title=f"Briefing pack: {meeting.reference}"
        )
        job_progress(job_id=job_id, done=2, message="Saving the PDF")
    except Exception as error:
        logger.exception("Briefing pack for meeting %s failed", meeting_id)
        job_fail(job_id=job_id, error=f"The briefing pack could not be made: {error}")
        raise
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    job_succeed(
        job_id=job_id,
        message="The briefing pack is ready to download",
        file_name=f"{meeting.panel}-{meeting.date:%Y-%m-%d}-pack-{stamp}.pdf",
        content=pdf,
    )


@shared_task(soft_time_limit=300, time_limit=330)
def minutes_pdf_generate(meeting_id: int) -> None:
    """Render the published minutes to PDF and keep them on the meeting."""
    from panels.services import minutes_pdf_store

    minutes_pdf_store(meeting_id=meeting_id)


@shared_task(acks_late=True, soft_time_limit=300, time_limit=330)
def agendas_build_due_task() -> int:
    """Build the agendas whose cut-off has come (daily from Celery beat; idempotent)."""
    from panels.services import agendas_build_due

    built = agendas_build_due()
    logger.info("Panels: built %s agendas at their cut-off", built)
    return built
