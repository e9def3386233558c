"""Add made-up services, vacancies and an emergency closure to try the failure plan out."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from demo.failure_plan import demo_world
from failure_plan.models import Incident


class Command(BaseCommand):
    help = "Add a demo market and an emergency closure (development only; names are invented)."

    def add_arguments(self, parser):
        parser.add_argument("--as", dest="email", default="officer@demo.test")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if any incident exists already."
        )

    def handle(self, *args, email, if_empty=False, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is never added in production")
        if if_empty and Incident.objects.exists():
            self.stdout.write("Incidents exist already: failure plan demo left as it is.")
            return
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user {email}: run demo_accounts first")
        incident = demo_world(acting_user=user)
        self.stdout.write(f"Demo incident: /failures/{incident.pk}/")
