"""Background tasks of the failure plan: the cabinet member briefing PDF and the retention
purge. Thin: they take primary keys (never personal data) and call a service or selector, and
record their name on the history events they write (``core.audit.acting_as``)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from core.audit import acting_as
from core.jobs import job_pdf_make
from core.pdf import render_pdf
from failure_plan.selectors import briefing_context
from failure_plan.services import people_purge_expired

logger = logging.getLogger(__name__)


@shared_task(soft_time_limit=120, time_limit=150)
def briefing_pdf_generate(job_id: str, incident_id: int) -> None:
    """Render the incident summary for the cabinet member briefing and attach it to the job.
    Safe to run twice: it only reads the incident and overwrites the job's result."""

    def build(progress):
        context = briefing_context(incident_id=incident_id)
        progress(1, "Writing the PDF")
        incident = context["incident"]
        pdf = render_pdf(
            "pdf/failure_plan/briefing.html",
            context,
            title=f"Cabinet member briefing: {incident.title}",
        )
        stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
        return f"{incident.reference}-briefing-{stamp}.pdf", pdf

    # Not one transaction: the job's progress must show while the briefing is made.
    with acting_as(None, process="failure_plan.briefing_pdf_generate", atomic=False):
        job_pdf_make(
            job_id=job_id,
            total=2,
            message="Gathering the figures",
            failure="The briefing could not be made",
            ready="The briefing is ready to download",
            build=build,
        )


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def purge_expired_people() -> int:
    """Delete the people of incidents closed longer ago than the retention period. Run it
    nightly from Celery beat; it is idempotent."""
    # Each incident is purged in its own transaction (see people_purge_expired).
    with acting_as(None, process="failure_plan.purge_expired_people", atomic=False):
        deleted = people_purge_expired()
    logger.info("Retention: deleted %s people of closed failure incidents", deleted)
    return deleted
