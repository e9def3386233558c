"""A meeting invitation in iCalendar (RFC 5545 / iTIP RFC 5546 METHOD:REQUEST), written with
the quality feed's escaping and line folding."""

from __future__ import annotations

import datetime

from quality.ical import CRLF, escape_text, fold


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _cn(name: str) -> str:
    # A parameter value with : ; or , must be quoted; quotes themselves are not allowed.
    return '"' + name.replace('"', "'") + '"'


def invitation(*, meeting, attendees, url: str, now: datetime.datetime) -> str:
    chair = meeting.chair
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Oversight//Panels//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@oversight",
        f"SEQUENCE:{meeting.sequence}",
        f"DTSTAMP:{_utc(now)}",
        f"DTSTART:{_utc(meeting.starts_at)}",
        f"DTEND:{_utc(meeting.ends_at)}",
        f"SUMMARY:{escape_text(meeting.get_panel_display())}",
        f"ORGANIZER;CN={_cn(chair.get_full_name() or chair.email)}:mailto:{chair.email}",
    ]
    if meeting.location:
        lines.append(f"LOCATION:{escape_text(meeting.location)}")
    lines.append(
        "DESCRIPTION:"
        + escape_text(f"OFFICIAL-SENSITIVE. The agenda and briefing pack are at {url}")
    )
    lines.append(f"URL:{url}")
    for attendee in attendees:
        user = attendee.user
        role = "REQ-PARTICIPANT" if attendee.is_member else "OPT-PARTICIPANT"
        partstat = "DECLINED" if attendee.attendance == "apologies" else "NEEDS-ACTION"
        name = f"{user.get_full_name() or user.email} ({attendee.agency})"
        lines.append(
            f"ATTENDEE;CN={_cn(name)};ROLE={role};PARTSTAT={partstat};RSVP=TRUE:mailto:{user.email}"
        )
    lines += ["STATUS:CONFIRMED", "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + CRLF for line in lines)
