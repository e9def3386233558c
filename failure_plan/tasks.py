"""Background tasks of the failure plan: the cabinet member briefing PDF and the retention
purge. Thin: they take primary keys (never personal data) and call a service or selector."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from core.jobs import job_fail, job_progress, job_start, job_succeed

logger = logging.getLogger(__name__)


@shared_task(soft_time_limit=120, time_limit=150)
def briefing_pdf_generate(job_id: str, incident_id: int) -> None:
    """Render the incident summary for the cabinet member briefing and attach it to the job.
    Safe to run twice: it only reads the incident and overwrites the job's result."""
    from failure_plan.selectors import briefing_context
    from reports.pdf import render_pdf

    job_start(job_id=job_id, total=2, message="Gathering the figures")
    try:
        context = briefing_context(incident_id=incident_id)
        job_progress(job_id=job_id, done=1, message="Writing the PDF")
        incident = context["incident"]
        pdf = render_pdf(
            "pdf/failure_plan/briefing.html",
            context,
            title=f"Cabinet member briefing: {incident.title}",
        )
    except Exception as error:
        logger.exception("Briefing for incident %s failed", incident_id)
        job_fail(job_id=job_id, error=f"The briefing could not be made: {error}")
        raise
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    job_succeed(
        job_id=job_id,
        message="The briefing is ready to download",
        file_name=f"{incident.reference}-briefing-{stamp}.pdf",
        content=pdf,
    )


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def purge_expired_people() -> int:
    """Delete the people of incidents closed longer ago than the retention period. Run it
    nightly from Celery beat; it is idempotent."""
    from failure_plan.services import people_purge_expired

    deleted = people_purge_expired()
    logger.info("Retention: deleted %s people of closed failure incidents", deleted)
    return deleted
