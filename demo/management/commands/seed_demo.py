"""Fill an empty register with the demo council's market (demo/providers.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.providers import SEED, DemoCouncil
from providers.models import Service


class Command(BaseCommand):
    help = (
        "Create the demo council's fictional market: about 130 services from about 60 "
        "providers, with ratings, contracts and BCP checks. Never in production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the register already has services.",
        )
        parser.add_argument(
            "--seed", type=int, default=SEED, help="Random seed (default %(default)s)"
        )

    def handle(self, *args, if_empty=False, seed=SEED, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo council is never created in production.")
        if Service.objects.exists():
            if if_empty:
                self.stdout.write("The register has services already: demo council left as it is.")
                return
            raise CommandError(
                "The register has services already. seed_demo fills an empty register only; "
                "use --if-empty to skip quietly."
            )
        counts = DemoCouncil(seed=seed).build()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo council created: {counts['providers']} providers, "
                f"{counts['services']} services."
            )
        )
