"""Give the demo council's most worrying services levels, decisions and sanctions
(demo/escalation.py). The panels' demo meetings that took those decisions follow with
``seed_panels_demo``."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from demo.escalation import EscalationDemo
from escalation.models import LevelChange


class Command(BaseCommand):
    help = (
        "Create the demo council's levels with their history, open proposals, sanctions and "
        "briefing tasks, from the risk scores of the demo evidence. Never in production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when levels have been decided already.",
        )

    def handle(self, *args, if_empty=False, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo records are never created in production.")
        if LevelChange.objects.exists():
            if if_empty:
                self.stdout.write("Levels are decided already: demo records left as they are.")
                return
            raise CommandError("Levels are decided already; use --if-empty to skip quietly.")
        # The demo's decisions fill the demo accounts' notifications; their emails would only
        # flood the console, so they go to memory instead.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            counts = EscalationDemo().build()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo escalation records created: {levels} services given levels, "
                "{sanctions} sanctions, {proposals} open proposals.".format(**counts)
            )
        )
