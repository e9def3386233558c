"""iCalendar (RFC 5545) for the private visit feeds and meeting invitations, written with the
``icalendar`` package.

An app describes its events as ``CalendarEvent``s (all-day with ``day``, or timed with
``starts_at`` and ``ends_at``) and ``calendar`` writes them: lines end with CRLF and are folded
at 75 octets, TEXT values are escaped, and every moment (DTSTAMP, DTSTART/DTEND of a timed
event, LAST-MODIFIED) is written in UTC ("...Z"), so no VTIMEZONE is needed and every client
shows the same local time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from icalendar import Calendar, Event, vCalAddress, vText
from icalendar.parser import Contentline


@dataclass(frozen=True)
class Attendee:
    """Someone invited to an event (or its organiser): RFC 5545 ATTENDEE/ORGANIZER."""

    email: str
    name: str = ""
    role: str = "REQ-PARTICIPANT"
    partstat: str = "NEEDS-ACTION"


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT: all-day (``day``) or timed (``starts_at`` to ``ends_at``).

    An all-day event is marked TRANSPARENT (it does not make the person busy); a timed one is
    not. ``organizer``, ``attendees``, ``sequence`` and ``status`` are for invitations.
    """

    uid: str
    summary: str
    day: datetime.date | None = None
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    location: str = ""
    description: str = ""
    url: str = ""
    last_modified: datetime.datetime | None = None
    sequence: int | None = None
    organizer: Attendee | None = None
    attendees: tuple[Attendee, ...] = ()
    status: str = ""


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def _address(person: Attendee) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = person.name
    return address


def _event(event: CalendarEvent, *, stamp: datetime.datetime) -> Event:
    vevent = Event()
    vevent.add("uid", event.uid)
    if event.sequence is not None:
        vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", stamp)
    if event.day is not None:
        vevent.add("dtstart", event.day)
        vevent.add("dtend", event.day + datetime.timedelta(days=1))
    else:
        # A timed event has both times (the docstring's contract); narrowing for the types.
        assert event.starts_at is not None and event.ends_at is not None
        vevent.add("dtstart", _utc(event.starts_at))
        vevent.add("dtend", _utc(event.ends_at))
    vevent.add("summary", event.summary)
    if event.organizer:
        vevent.add("organizer", _address(event.organizer))
    if event.location:
        vevent.add("location", event.location)
    if event.description:
        vevent.add("description", event.description)
    if event.url:
        vevent.add("url", event.url)
    if event.last_modified:
        vevent.add("last-modified", _utc(event.last_modified))
    for person in event.attendees:
        address = _address(person)
        address.params["ROLE"] = person.role
        address.params["PARTSTAT"] = person.partstat
        address.params["RSVP"] = "TRUE"
        vevent.add("attendee", address)
    if event.status:
        vevent.add("status", event.status)
    if event.day is not None:
        vevent.add("transp", "TRANSPARENT")
    return vevent


def calendar(
    events: Iterable[CalendarEvent],
    *,
    product: str,
    now: datetime.datetime,
    name: str = "",
    method: str = "PUBLISH",
) -> str:
    """A VCALENDAR holding ``events``, as text ready to send. ``product`` is the PRODID,
    ``now`` the DTSTAMP of every event, ``name`` the calendar's name in the person's
    calendar app, ``method`` PUBLISH for a feed or REQUEST for an invitation."""
    vcalendar = Calendar()
    vcalendar.add("version", "2.0")
    vcalendar.add("prodid", product)
    vcalendar.add("calscale", "GREGORIAN")
    vcalendar.add("method", method)
    if name:
        # Added as TEXT so it is escaped like every other text value.
        vcalendar.add("x-wr-calname", vText(name))
    stamp = _utc(now)
    for event in events:
        vcalendar.add_component(_event(event, stamp=stamp))
    # Unsorted: properties and parameters keep the order above, the order RFC 5545 shows.
    return vcalendar.to_ical(sorted=False).decode("utf-8")


def escape_text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 section 3.3.11 asks (backslash, ; , and new lines)."""
    return vText(value).to_ical().decode("utf-8")


def fold(line: str) -> str:
    """A content line folded into lines of at most 75 octets (never inside a UTF-8
    character); continuation lines start with one space."""
    return Contentline(line).to_ical().decode("utf-8")
