"""A meeting invitation in iCalendar (iTIP RFC 5546 METHOD:REQUEST): the meeting and its
attendees as an event, written by ``core.ical``."""

from __future__ import annotations

import datetime

from core.ical import Attendee, CalendarEvent, calendar

PRODUCT = "-//Oversight//Panels//EN"


def invitation(*, meeting, attendees, url: str, now: datetime.datetime) -> str:
    """The meeting as an invitation: the chair organises it; panel members are required,
    others optional, and anyone who sent apologies has declined."""
    chair = meeting.chair
    event = CalendarEvent(
        uid=f"meeting-{meeting.pk}@oversight",
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=meeting.get_panel_display(),
        organizer=Attendee(email=chair.email, name=chair.get_full_name() or chair.email),
        location=meeting.location,
        description=f"OFFICIAL-SENSITIVE. The agenda and briefing pack are at {url}",
        url=url,
        attendees=tuple(
            Attendee(
                email=attendee.user.email,
                name=f"{attendee.user.get_full_name() or attendee.user.email} ({attendee.agency})",
                role="REQ-PARTICIPANT" if attendee.is_member else "OPT-PARTICIPANT",
                partstat="DECLINED" if attendee.attendance == "apologies" else "NEEDS-ACTION",
            )
            for attendee in attendees
        ),
        status="CONFIRMED",
    )
    return calendar([event], product=PRODUCT, now=now, method="REQUEST")
