"""Background work of the panels: the members' briefing pack, the minutes PDF and the nightly
agenda build. Thin: they take primary keys and call a selector or service; all are safe to run
twice. Each records its name on the history events it writes (``core.audit.acting_as``)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from core.audit import acting_as
from core.jobs import job_pdf_make
from core.pdf import render_pdf
from panels.selectors import pack_context
from panels.services import agendas_build_due, minutes_pdf_store

logger = logging.getLogger(__name__)


@shared_task(soft_time_limit=300, time_limit=330)
def pack_pdf_generate(job_id: str, meeting_id: int) -> None:
    """Render the briefing pack for a meeting and attach it to the job."""

    def build(progress):
        context = pack_context(meeting_id=meeting_id)
        progress(1, "Writing the PDF")
        meeting = context["meeting"]
        pdf = render_pdf(
            "pdf/panels/pack.html", context, title=f"Briefing pack: {meeting.reference}"
        )
        progress(2, "Saving the PDF")
        stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
        return f"{meeting.panel}-{meeting.date:%Y-%m-%d}-pack-{stamp}.pdf", pdf

    # Not one transaction: the job's progress must show while the pack is made.
    with acting_as(None, process="panels.pack_pdf_generate", atomic=False):
        job_pdf_make(
            job_id=job_id,
            total=3,
            message="Gathering the briefings",
            failure="The briefing pack could not be made",
            ready="The briefing pack is ready to download",
            build=build,
        )


@shared_task(soft_time_limit=300, time_limit=330)
def minutes_pdf_generate(meeting_id: int) -> None:
    """Render the published minutes to PDF and keep them on the meeting."""
    with acting_as(None, process="panels.minutes_pdf_generate"):
        minutes_pdf_store(meeting_id=meeting_id)


@shared_task(acks_late=True, soft_time_limit=300, time_limit=330)
def agendas_build_due_task() -> int:
    """Build the agendas whose cut-off has come (daily from Celery beat; idempotent)."""
    # Each agenda is its own transaction, so one that fails leaves the others built.
    with acting_as(None, process="panels.agendas_build_due_task", atomic=False):
        built = agendas_build_due()
    logger.info("Panels: built %s agendas at their cut-off", built)
    return built
