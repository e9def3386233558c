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

pytestmark = pytest.mark.django_db


def test_the_demo_levels_match_their_history():
    for command in ("demo_accounts", "seed_demo", "seed_quality_demo", "seed_escalation_demo"):
        call_command(command, stdout=StringIO())

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

    out = StringIO()
    call_command("seed_escalation_demo", "--if-empty", stdout=out)
    assert "left as they are" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("seed_escalation_demo", stdout=StringIO())
