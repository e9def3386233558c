"""Build a board or management report now, in this process (for a backfill or a rerun).

    python manage.py build_report board [--period 2026-04-01]
    python manage.py build_report market [--period 2026-11-01]

The build is recorded like the scheduled one (no person asked for it) and kept with the
others on the Reports pages. Without --period: the last period that has ended.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.audit import acting_as
from reports import rules
from reports.models import ReportKind, ReportStatus
from reports.services import report_build, report_schedule

KINDS = {"board": ReportKind.SAB_QUARTERLY, "market": ReportKind.MMG_MONTHLY}


class Command(BaseCommand):
    help = "Build the Safeguarding Adults Board (board) or Market Management Group (market) report."

    def add_arguments(self, parser):
        parser.add_argument("report", choices=sorted(KINDS))
        parser.add_argument("--period", help="the period's first day, e.g. 2026-04-01")

    def handle(self, *args, report: str, period: str | None, **options):
        kind = KINDS[report]
        today = timezone.localdate()
        chosen = (
            rules.period_from_key(kind, period) if period else rules.latest_finished(kind, today)
        )
        if chosen is None:
            word = rules.PERIOD_WORD[kind]
            raise CommandError(f"--period must be the first day of a {word}, like 2026-04-01")
        if not chosen.is_finished(today):
            raise CommandError(f"{chosen.label} has not ended yet")
        with acting_as(None, process="reports.build_report"):
            scheduled = report_schedule(kind=kind, period=chosen, queue=False)
        # Not one transaction, as in the task: the build commits as it goes.
        with acting_as(None, process="reports.build_report", atomic=False):
            built = report_build(report_id=scheduled.pk)
        if built is None or built.status != ReportStatus.READY:
            raise CommandError(
                f"The report could not be built: {built.error if built else 'it was deleted'}"
            )
        self.stdout.write(
            f"{built}: {built.pages} pages, {built.build_seconds} s, {built.pdf.name}"
        )
