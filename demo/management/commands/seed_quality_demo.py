"""Fill the demo council with visits, intelligence, call monitoring and actions
(demo/quality.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.quality import SEED, QualityDemo
from quality.models import Visit


class Command(BaseCommand):
    help = (
        "Create the demo council's quality records for the services seed_demo made: visits, "
        "intelligence, call monitoring figures and action plans. Never in production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when visits have been recorded already.",
        )
        parser.add_argument("--seed", type=int, default=SEED, help="Random seed")

    def handle(self, *args, if_empty=False, seed=SEED, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo records are never created in production.")
        if Visit.objects.exists():
            if if_empty:
                self.stdout.write("Visits are recorded already: demo records left as they are.")
                return
            raise CommandError("Visits are recorded already; use --if-empty to skip quietly.")
        counts = QualityDemo(seed=seed).build()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo quality records created: {visits} visits, {planned} planned, "
                "{intelligence} items of intelligence, {months} months of call monitoring, "
                "{actions} actions.".format(**counts)
            )
        )
