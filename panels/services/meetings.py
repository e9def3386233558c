"""Scheduling meetings, who attends them, and the members' briefing pack."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.jobs import job_create
from core.models import Job
from core.queue import enqueue_on_commit
from panels import rules
from panels.models import Attendance, Attendee, Meeting, Panel, PanelMember
from panels.selectors import next_meeting_day, panel_settings


@transaction.atomic
def meeting_schedule(
    *,
    panel: str,
    acting_user,
    day: datetime.date | None = None,
    start_time: datetime.time | None = None,
    location: str | None = None,
) -> Meeting:
    """Schedule a meeting of a panel (the next default date unless ``day`` is given); its
    members are invited as attendees with their agencies."""
    rules.require_perm(acting_user, "panels.chair")
    if panel not in Panel.values:
        raise ValidationError({"panel": "Select the panel"})
    settings = panel_settings(panel=panel)
    day = day or next_meeting_day(panel=panel, after=timezone.localdate())
    starts_at = timezone.make_aware(
        datetime.datetime.combine(day, start_time or settings.start_time)
    )
    meeting = Meeting.objects.create(
        panel=panel,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=settings.duration_minutes),
        location=settings.location if location is None else location,
        chair=acting_user,
    )
    Attendee.objects.bulk_create(
        Attendee(meeting=meeting, user_id=member.user_id, agency=member.agency)
        for member in PanelMember.objects.filter(panel=panel)
    )
    return meeting


@transaction.atomic
def attendee_add(*, meeting: Meeting, user, agency: str, acting_user) -> Attendee:
    """Invite someone who is not a member (a presenting officer, say) to one meeting."""
    rules.require_perm(acting_user, "panels.run_meeting", meeting)
    if not agency.strip():
        raise ValidationError({"agency": "Enter the agency they represent"})
    if Attendee.objects.filter(meeting=meeting, user=user).exists():
        raise ValidationError({"user": f"{user} is already invited"})
    attendee = Attendee.objects.create(
        meeting=meeting, user=user, agency=agency.strip(), is_member=False
    )
    Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1)
    return attendee


@transaction.atomic
def attendance_record(*, attendee: Attendee, attendance: str, acting_user) -> Attendee:
    """Record that an attendee is present or sent apologies."""
    rules.require_perm(acting_user, "panels.run_meeting", attendee.meeting)
    if attendance not in Attendance.values:
        raise ValidationError({"attendance": "Select present or apologies"})
    attendee.attendance = attendance
    attendee.save(update_fields=["attendance", "updated_at"])
    return attendee


@transaction.atomic
def pack_request(*, meeting: Meeting, acting_user) -> Job:
    """Start making the members' briefing pack PDF in the background; the job tracks it."""
    rules.require_perm(acting_user, "panels.see_meeting", meeting)
    job = job_create(
        acting_user=acting_user,
        kind="panels.pack",
        title=f"Briefing pack: {meeting.reference}",
        params={"meeting": meeting.pk},
    )
    enqueue_on_commit("panels.tasks.pack_pdf_generate", str(job.pk), meeting.pk)
    return job
