"""The demo council's levels: a believable register whose state matches its own history."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from demo.escalation import PLAN
from escalation.models import (
    EscalationTask,
    LevelChange,
    LevelChangeStatus,
    Sanction,
    ServiceState,
)
from notifications.models import Notification
from panels.models import AgendaItem, Meeting, MeetingStatus, Panel, PanelMember

pytestmark = pytest.mark.django_db


# Committing, as `make run` does, so the notifications the decisions raise are made.
@pytest.mark.django_db(transaction=True)
def test_the_demo_levels_match_their_history(capsys, settings):
    # As under `make run`: emails would print to the console.
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out_first = StringIO()
    for command in (
        "demo_accounts",
        "seed_demo",
        "seed_quality_demo",
        "seed_escalation_demo",
        "seed_panels_demo",
    ):
        call_command(command, stdout=out_first)

    by_level = dict(
        ServiceState.objects.filter(level__gt=0).values_list("level").annotate(n=Count("pk"))
    )
    assert by_level == {int(level): count for level, count in PLAN}
    for state in ServiceState.objects.filter(level__gt=0):
        last = (
            LevelChange.objects.filter(service_id=state.service_id, status="confirmed")
            .order_by("-effective_on", "-decided_at", "-pk")
            .first()
        )
        assert last.to_level == state.level and last == state.level_change
        assert state.level_since == last.effective_on
    assert LevelChange.objects.filter(status=LevelChangeStatus.PROPOSED).count() == 3
    high = ServiceState.objects.filter(level__gte=3).values_list("service_id", flat=True)
    assert set(Sanction.objects.filter(end_date=None).values_list("service_id", flat=True)) >= set(
        high
    )
    assert EscalationTask.objects.count() == 4 + 2 * 2  # four at level 3, two at level 4

    # Every PEP or QPSG decision in the demo history was taken at a published meeting that
    # minutes it and that its authority names; each has its minutes PDF.
    panel_decisions = LevelChange.objects.filter(status="confirmed", authority__in=["pep", "qpsg"])
    published = Meeting.objects.filter(status=MeetingStatus.PUBLISHED)
    assert published.count() == len(set(panel_decisions.values_list("authority", "effective_on")))
    for change in panel_decisions:
        item = AgendaItem.objects.select_related("meeting").get(level_change=change)
        assert item.meeting.panel == change.authority and item.meeting.date == change.effective_on
        assert change.authority_reference == item.meeting.reference
        assert item.outcome == "confirmed" and item.to_level == change.to_level
    assert all(m.minutes_pdf for m in published)

    # The next PEP and QPSG are scheduled with their agendas built from those levels; the
    # action left open at the last PEP comes first as a matter arising.
    pep = Meeting.objects.get(panel=Panel.PEP, status=MeetingStatus.SCHEDULED)
    on_agenda = set(pep.items.exclude(service=None).values_list("service_id", flat=True))
    assert set(high) <= on_agenda
    first = pep.items.order_by("position").first()
    assert first.kind == "matters_arising" and first.action.status == "open"
    assert Meeting.objects.get(panel=Panel.QPSG, status=MeetingStatus.SCHEDULED).items.exists()
    assert PanelMember.objects.filter(panel=Panel.PEP).count() == 4
    # The demo accounts have notifications to read, and no email went to the console.
    assert Notification.objects.exists()
    assert "Subject:" not in out_first.getvalue() + capsys.readouterr().out

    out = StringIO()
    call_command("seed_escalation_demo", "--if-empty", stdout=out)
    assert "left as they are" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("seed_escalation_demo", stdout=StringIO())
