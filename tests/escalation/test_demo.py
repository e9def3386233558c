"""The demo council's levels: a believable register whose state matches its own history."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from escalation.demo import PLAN
from escalation.models import (
    EscalationTask,
    LevelChange,
    LevelChangeStatus,
    Sanction,
    ServiceState,
)
from notifications.models import Notification
from panels.models import Meeting, Panel, PanelMember

pytestmark = pytest.mark.django_db


# Committing, as `make run` does, so the notifications the decisions raise are made.
@pytest.mark.django_db(transaction=True)
def test_the_demo_levels_match_their_history(capsys, settings):
    # As under `make run`: emails would print to the console.
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out_first = StringIO()
    for command in ("demo_accounts", "seed_demo", "seed_quality_demo", "seed_escalation_demo"):
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

    # The next PEP and QPSG are scheduled with their agendas built from those levels.
    pep = Meeting.objects.get(panel=Panel.PEP)
    on_agenda = set(pep.items.exclude(service=None).values_list("service_id", flat=True))
    assert set(high) <= on_agenda
    assert Meeting.objects.get(panel=Panel.QPSG).items.exists()
    assert PanelMember.objects.filter(panel=Panel.PEP).count() == 4
    # The demo accounts have notifications to read, and no email went to the console.
    assert Notification.objects.exists()
    assert "Subject:" not in out_first.getvalue() + capsys.readouterr().out

    out = StringIO()
    call_command("seed_escalation_demo", "--if-empty", stdout=out)
    assert "left as they are" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("seed_escalation_demo", stdout=StringIO())
