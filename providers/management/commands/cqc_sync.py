"""``python manage.py cqc_sync --local-authority Oldham [--incremental]``: import from CQC."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.audit import acting_as
from providers.cqc.runs import CQCSyncError, cqc_sync_summary
from providers.cqc.sync import cqc_sync_run
from providers.models import CQCSyncRun


class Command(BaseCommand):
    help = (
        "Import a local authority's adult social care services and CQC ratings from the CQC "
        "API. Safe to run again: a second run changes nothing unless CQC has."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--local-authority",
            default=settings.OVERSIGHT_CQC_LOCAL_AUTHORITY,
            help="The area as CQC names it, e.g. Oldham (default: OVERSIGHT_CQC_LOCAL_AUTHORITY).",
        )
        parser.add_argument(
            "--incremental",
            action="store_true",
            help="Only the locations CQC changed since the last successful run for the area.",
        )

    def handle(self, *args, local_authority="", incremental=False, verbosity=1, **options):
        if not (local_authority or "").strip():
            raise CommandError(
                "Name the area to import with --local-authority (as CQC names it, e.g. Oldham), "
                "or set OVERSIGHT_CQC_LOCAL_AUTHORITY."
            )
        if not settings.CQC_API_KEY:
            self.stderr.write(
                self.style.WARNING(
                    "CQC_API_KEY is empty: the live CQC API refuses requests without a "
                    "subscription key (fine for a recorded test server)."
                )
            )
        mode = CQCSyncRun.Mode.INCREMENTAL if incremental else CQCSyncRun.Mode.FULL
        self.stdout.write(
            f"CQC {mode} import for {local_authority.strip()} from {settings.CQC_API_BASE_URL}"
        )

        def progress(done: int, total: int) -> None:
            if verbosity >= 2 and total and (done == total or done % 50 == 0):
                self.stdout.write(f"  {done} of {total} locations")

        try:
            # Not one transaction: the sync commits location by location (as the task does).
            with acting_as(None, process="providers.cqc_sync", atomic=False):
                run = cqc_sync_run(
                    acting_user=None, local_authority=local_authority, mode=mode, progress=progress
                )
        except CQCSyncError as exc:
            raise CommandError(f"The CQC import did not finish: {exc}")
        if run.mode != mode:
            self.stdout.write("No earlier successful import for this area, so it ran in full.")
        self.stdout.write(self.style.SUCCESS(cqc_sync_summary(run)))
