"""Demo data for the panels: the past meetings whose decisions the demo register holds, with
their minutes, and the next PEP and QPSG with agendas built from the register.
``seed_panels_demo`` calls ``seed_past_meetings`` and then ``seed_panels`` once
``seed_escalation_demo`` has set the levels."""

from __future__ import annotations

import datetime

from django.utils import timezone

from escalation.models import Authority, LevelChange, LevelChangeStatus
from panels.models import (
    ActionStatus,
    Attendance,
    Attendee,
    Decision,
    ItemKind,
    ItemOutcome,
    Meeting,
    MeetingStatus,
    Panel,
    PanelAction,
    PanelMember,
)
from panels.services import agenda_build, meeting_schedule, minutes_pdf_store

_PANEL_FOR: dict[str, str] = {Authority.PEP: Panel.PEP, Authority.QPSG: Panel.QPSG}


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def seed_past_meetings(*, chair, owner) -> list[Meeting]:
    """A published meeting for each date on which the demo register says PEP or QPSG decided,
    with the decided services as minuted items, the members present, the minutes PDF and the
    decision's authority naming the meeting. The last PEP meeting leaves one action open (for
    ``owner``), which comes back as a matter arising. Idempotent: does nothing once any
    meeting has been published."""
    if Meeting.objects.filter(status=MeetingStatus.PUBLISHED).exists():
        return []
    changes = (
        LevelChange.objects.filter(
            status=LevelChangeStatus.CONFIRMED, authority__in=list(_PANEL_FOR)
        )
        .select_related("service")
        .order_by("effective_on", "pk")
    )
    by_meeting: dict[tuple[str, datetime.date], list[LevelChange]] = {}
    for change in changes:
        assert change.effective_on is not None  # confirmed changes have the date (a constraint)
        by_meeting.setdefault((_PANEL_FOR[change.authority], change.effective_on), []).append(
            change
        )
    meetings = []
    for (panel, day), decided in by_meeting.items():
        meeting = Meeting.objects.create(
            panel=panel,
            starts_at=_at(day, 10),
            ends_at=_at(day, 12),
            location="Council House, Committee Room 2",
            status=MeetingStatus.PUBLISHED,
            chair=chair,
            agenda_built_at=_at(day - datetime.timedelta(days=7), 6),
            published_at=_at(day, 16),
            published_by=chair,
        )
        Attendee.objects.bulk_create(
            Attendee(
                meeting=meeting,
                user=member.user,
                agency=member.agency,
                attendance=Attendance.PRESENT,
            )
            for member in PanelMember.objects.filter(panel=panel).select_related("user")
        )
        for position, change in enumerate(decided, start=1):
            item = meeting.items.create(
                position=position,
                kind=ItemKind.REFERRAL if change.is_escalation else ItemKind.CANDIDATE_OUT,
                service=change.service,
                decision=Decision.ESCALATE if change.is_escalation else Decision.DE_ESCALATE,
                to_level=change.to_level,
                rationale=change.rationale,
                minutes_version=1,
                minutes_saved_by=chair,
                minutes_saved_at=_at(day, 12),
                outcome=ItemOutcome.CONFIRMED,
                level_change=change,
                proposal=change,
            )
            LevelChange.objects.filter(pk=change.pk).update(authority_reference=meeting.reference)
            PanelAction.objects.create(
                meeting=meeting,
                item=item,
                service=change.service,
                description="Unannounced visit and a report back to the panel",
                owner=owner,
                due_on=day + datetime.timedelta(days=14),
                status=ActionStatus.DONE,
                done_on=day + datetime.timedelta(days=12),
                done_note="Visited; findings in the visit record.",
                created_by=chair,
            )
        meetings.append(meeting)
    last_pep = next((m for m in reversed(meetings) if m.panel == Panel.PEP), None)
    if last_pep is not None:
        PanelAction.objects.filter(meeting=last_pep).update(
            status=ActionStatus.OPEN, done_on=None, done_note=""
        )
    for meeting in meetings:
        minutes_pdf_store(meeting_id=meeting.pk)
    return meetings


def seed_members(*, chair, members: list[tuple] | None = None) -> None:
    """Members are ``(user, panel, agency)``; the chair sits on both panels."""
    for user, panel, agency in [
        (chair, Panel.PEP, "Council commissioning"),
        (chair, Panel.QPSG, "Council commissioning"),
        *(members or []),
    ]:
        PanelMember.objects.get_or_create(panel=panel, user=user, defaults={"agency": agency})


def seed_panels(*, chair, members: list[tuple] | None = None) -> list[Meeting]:
    """The next PEP and QPSG, a week from today, with their agendas built. Idempotent: a
    panel that already has a meeting to come gets no new one."""
    seed_members(chair=chair, members=members)
    meetings = []
    today = timezone.localdate()
    for panel in (Panel.PEP, Panel.QPSG):
        if Meeting.objects.filter(panel=panel, status=MeetingStatus.SCHEDULED).exists():
            continue
        meeting = meeting_schedule(
            panel=panel, acting_user=chair, day=today + datetime.timedelta(days=7)
        )
        agenda_build(meeting=meeting, acting_user=chair)
        meetings.append(meeting)
    return meetings
