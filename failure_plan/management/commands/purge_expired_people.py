"""Delete the people of failure incidents closed longer ago than the retention period."""

from django.conf import settings
from django.core.management.base import BaseCommand

from failure_plan.services import people_purge_expired


class Command(BaseCommand):
    help = (
        "Delete the affected people of incidents closed more than "
        "OVERSIGHT_AFFECTED_PEOPLE_RETENTION_DAYS days ago (the same as the nightly task)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Override the retention period (days) for this run",
        )

    def handle(self, *args, days=None, **options):
        days = settings.OVERSIGHT_AFFECTED_PEOPLE_RETENTION_DAYS if days is None else days
        deleted = people_purge_expired(days=days)
        self.stdout.write(
            f"Deleted {deleted} {'person' if deleted == 1 else 'people'} of incidents "
            f"closed more than {days} days ago"
        )
