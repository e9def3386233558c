"""Give the demo council's most worrying services levels, decisions and sanctions
(escalation/demo.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from accounts.models import User
from accounts.roles import GROUP_NAMES, Role
from escalation.demo import EscalationDemo
from escalation.models import LevelChange
from panels.demo import seed_members, seed_panels, seed_past_meetings


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
            chair = _first(Role.PANEL_CHAIR)
            seed_members(chair=chair, members=_members())
            past = seed_past_meetings(chair=chair, owner=_first(Role.CONTRACT_OFFICER))
            meetings = seed_panels(chair=chair)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo escalation records created: {levels} services given levels, "
                "{sanctions} sanctions, {proposals} open proposals; ".format(**counts)
                + f"{len(past)} past panel meetings with their minutes; "
                + f"{len(meetings)} to come, with their agendas."
            )
        )


def _first(role: Role) -> User:
    return User.objects.filter(groups__name=GROUP_NAMES[role], is_active=True).order_by("pk")[0]


def _members() -> list[tuple]:
    """The demo's other accounts sit on the panels DOMAIN.md gives them."""
    from panels.models import Panel

    members = []
    for role, panels, agency in [
        (Role.DIRECTOR, [Panel.PEP], "Council adult social care"),
        (Role.CLINICAL_NURSE, [Panel.PEP, Panel.QPSG], "Northmoor ICB"),
        (Role.PARTNER, [Panel.PEP], "Northmoor ICB safeguarding"),
        (Role.CONTRACT_OFFICER, [Panel.QPSG], "Council commissioning"),
    ]:
        user = User.objects.filter(groups__name=GROUP_NAMES[role], is_active=True).order_by("pk")
        if user:
            members += [(user[0], panel, agency) for panel in panels]
    return members
