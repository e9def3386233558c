"""Demo data for the panels: one PEP and one QPSG meeting, with agendas built from whatever
levels the demo register holds. The lead calls ``seed_panels(chair=...)`` from the demo
seeding after the levels are set."""

from __future__ import annotations

import datetime

from django.utils import timezone

from panels.models import Meeting, Panel, PanelMember
from panels.services import agenda_build, meeting_schedule


def seed_panels(*, chair, members: list[tuple] | None = None) -> list[Meeting]:
    """Members are ``(user, panel, agency)``; the chair sits on both panels. Idempotent: a
    panel that already has a meeting gets no new one."""
    for user, panel, agency in [
        (chair, Panel.PEP, "Council commissioning"),
        (chair, Panel.QPSG, "Council commissioning"),
        *(members or []),
    ]:
        PanelMember.objects.get_or_create(panel=panel, user=user, defaults={"agency": agency})
    meetings = []
    today = timezone.localdate()
    for panel in (Panel.PEP, Panel.QPSG):
        if Meeting.objects.filter(panel=panel).exists():
            continue
        meeting = meeting_schedule(
            panel=panel, acting_user=chair, day=today + datetime.timedelta(days=7)
        )
        agenda_build(meeting=meeting, acting_user=chair)
        meetings.append(meeting)
    return meetings
