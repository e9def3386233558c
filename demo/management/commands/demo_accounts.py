"""Create the demo accounts (one per role) when the database has no users, and list them."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from accounts.services import user_create
from demo.accounts import DEMO_ACCOUNTS


class Command(BaseCommand):
    help = "Create one demo account per role (outside production) when there are no users yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create any missing demo account even if other users exist.",
        )

    def handle(self, *args, force=False, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo accounts are never created in production.")
        password = settings.OVERSIGHT_DEMO_PASSWORD
        with transaction.atomic():
            if User.objects.exists() and not force:
                self.stdout.write("Users exist already: demo accounts left as they are.")
            else:
                for email, name, role, title, organisation in DEMO_ACCOUNTS:
                    if not User.objects.filter(email=email).exists():
                        user_create(
                            acting_user=None,
                            email=email,
                            full_name=name,
                            role=role,
                            password=password,
                            job_title=title,
                            organisation=organisation,
                        )
        if User.objects.filter(email__in=[a[0] for a in DEMO_ACCOUNTS]).exists():
            self.stdout.write("")
            self.stdout.write(f"Demo accounts (password: {password})")
            for email, _name, role, _title, _org in DEMO_ACCOUNTS:
                self.stdout.write(f"  {email:<22} {role.label}")
            self.stdout.write("")
