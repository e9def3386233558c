"""The private calendar feed: RFC 5545 text at a secret address, nothing about any person."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from core.ical import CalendarEvent, calendar, escape_text, fold
from quality.models import CalendarFeed
from quality.services import calendar_feed_create
from quality.services.calendar import token_hash
from tests.providers.factories import ServiceFactory
from tests.quality.factories import PlannedVisitFactory, days_ahead

pytestmark = pytest.mark.django_db


def test_text_is_escaped_and_long_lines_folded_at_75_octets():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "é" * 80
    folded = fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode()) <= 75
    assert folded.replace("\r\n ", "") == line


def test_a_calendar_has_the_required_properties():
    text = calendar(
        [CalendarEvent(uid="visit-1@example", day=datetime.date(2026, 3, 4), summary="Visit")],
        name="Visits",
        product="-//Council//Oversight//EN",
        now=datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC),
    )
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert "PRODID:-//Council//Oversight//EN" in lines
    assert "DTSTAMP:20260301T120000Z" in lines
    assert "DTSTART;VALUE=DATE:20260304" in lines
    assert "DTEND;VALUE=DATE:20260305" in lines
    assert lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "\n" not in text.replace("\r\n", "")


def test_only_a_hash_of_the_token_is_stored_and_a_new_token_replaces_the_old(client, officer):
    first = calendar_feed_create(acting_user=officer)
    assert len(first) >= 43
    feed = CalendarFeed.objects.get(user=officer)
    assert feed.token_hash == token_hash(first)
    assert first not in feed.token_hash
    second = calendar_feed_create(acting_user=officer)
    assert client.get(reverse("quality:calendar-feed", args=[first])).status_code == 404
    assert client.get(reverse("quality:calendar-feed", args=[second])).status_code == 200


def test_the_feed_lists_the_persons_planned_visits_without_notes(client, officer, other_officer):
    service = ServiceFactory(contract_officer=officer, name="Moorside, House")
    mine = PlannedVisitFactory(
        service=service,
        officer=officer,
        planned_date=days_ahead(5),
        plan_notes="Check on Mrs Smith",
    )
    PlannedVisitFactory(service=service, officer=other_officer)
    token = calendar_feed_create(acting_user=officer)

    response = client.get(reverse("quality:calendar-feed", args=[token]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert text.count("BEGIN:VEVENT") == 1
    assert f"UID:visit-{mine.pk}@testserver" in text
    assert "SUMMARY:Planned monitoring visit: Moorside\\, House" in text
    assert f"DTSTART;VALUE=DATE:{mine.planned_date:%Y%m%d}" in text
    assert "Smith" not in text
    assert CalendarFeed.objects.get(user=officer).last_used_at is not None


def test_the_calendar_page_shows_the_address_once(client, officer):
    client.force_login(officer)
    url = reverse("quality:calendar")
    response = client.post(url, {"action": "create"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "/visits/calendar/" in page and ".ics" in page
    again = client.get(url).content.decode()
    assert ".ics" not in again
    client.post(url, {"action": "stop"})
    assert not CalendarFeed.objects.filter(user=officer).exists()
