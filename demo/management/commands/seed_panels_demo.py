"""Give the demo council's panels their members, the past meetings behind the demo register's
PEP and QPSG decisions (with minutes) and the next PEP and QPSG (demo/panels.py).

Run after ``seed_escalation_demo``: the past meetings minute the levels it decided, and the
next agendas are built from them. It lives in panels because it needs both panels and the
level history, and escalation must not import panels (docs/architecture.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from accounts.models import User
from accounts.roles import Role
from demo.panels import seed_members, seed_panels, seed_past_meetings
from panels.models import Meeting, Panel


class Command(BaseCommand):
    help = (
        "Create the demo council's panel members, the past PEP and QPSG meetings that took the "
        "demo register's decisions (with their minutes) and the next meetings with their "
        "agendas. Run after seed_escalation_demo. Never in production."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when panel meetings exist already.",
        )

    def handle(self, *args, if_empty=False, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo records are never created in production.")
        if Meeting.objects.exists():
            if if_empty:
                self.stdout.write("Panel meetings exist already: demo records left as they are.")
                return
            raise CommandError("Panel meetings exist already; use --if-empty to skip quietly.")
        # The agendas and minutes fill the demo accounts' notifications; their emails would
        # only flood the console, so they go to memory instead.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            chair = _first(Role.PANEL_CHAIR)
            seed_members(chair=chair, members=_members())
            past = seed_past_meetings(chair=chair, owner=_first(Role.CONTRACT_OFFICER))
            meetings = seed_panels(chair=chair)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo panel records created: {len(past)} past panel meetings with their "
                f"minutes; {len(meetings)} to come, with their agendas."
            )
        )


def _first(role: Role) -> User:
    return User.objects.active_with_role(role).order_by("pk")[0]


def _members() -> list[tuple]:
    """The demo's other accounts sit on the panels DOMAIN.md gives them."""
    members = []
    for role, panels, agency in [
        (Role.DIRECTOR, [Panel.PEP], "Council adult social care"),
        (Role.CLINICAL_NURSE, [Panel.PEP, Panel.QPSG], "Northmoor ICB"),
        (Role.PARTNER, [Panel.PEP], "Northmoor ICB safeguarding"),
        (Role.CONTRACT_OFFICER, [Panel.QPSG], "Council commissioning"),
    ]:
        user = User.objects.active_with_role(role).order_by("pk")
        if user:
            members += [(user[0], panel, agency) for panel in panels]
    return members
