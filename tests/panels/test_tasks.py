"""The panels' background tasks say on the change history that they made the change."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from pghistory.models import Events

from panels.models import AgendaItem, Meeting, Panel
from panels.tasks import agendas_build_due_task
from tests.panels.factories import MeetingFactory, at, service_at

pytestmark = pytest.mark.django_db


def test_the_nightly_agenda_build_is_labelled_on_its_history_events(chair):
    service_at(3, by=chair, name="Ashgrove")
    # Two days away: well past the cut-off five working days before.
    day = timezone.localdate() + datetime.timedelta(days=2)
    meeting = MeetingFactory(panel=Panel.PEP, chair=chair, starts_at=at(day))

    assert agendas_build_due_task() == 1

    item = AgendaItem.objects.get(meeting=meeting)
    events = list(Events.objects.tracks(item)) + list(
        Events.objects.tracks(Meeting.objects.get(pk=meeting.pk)).filter(
            pgh_created_at__gte=item.created_at
        )
    )
    assert events
    for event in events:
        assert event.pgh_context["process"] == "panels.agendas_build_due_task"
        assert "user" not in event.pgh_context
