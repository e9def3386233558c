"""The panels' pages: two people editing the same minutes, query counts, what partners see,
the invitation, the briefing pack and the minutes PDF, keyboard links."""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from core.models import Job
from panels import services
from panels.models import AgendaItem, Decision, Panel
from tests.panels.factories import MeetingFactory, PanelMemberFactory, service_at
from tests.quality.factories import ActionFactory, CompletedVisitFactory, IntelligenceFactory

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes, name: str = "") -> str:
    # Look at it: OVERSIGHT_PDF_PNG=dir keeps the PDF there to render with pdftoppm.
    if name and (target := os.environ.get("OVERSIGHT_PDF_PNG")):
        Path(target).mkdir(parents=True, exist_ok=True)
        (Path(target) / f"{name}.pdf").write_bytes(content)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _item_url(item):
    return reverse("panels:item", args=[item.meeting_id, item.pk])


def _minutes(version, text, decision=Decision.MAINTAIN, to_level=""):
    return {"version": version, "decision": decision, "to_level": to_level, "rationale": text}


def test_two_people_saving_the_same_minutes_never_silently_overwrite(chair, director):
    meeting = MeetingFactory(chair=chair)
    service = service_at(3, by=chair)
    item = services.agenda_item_add(meeting=meeting, service=service, acting_user=chair)
    first, second = Client(), Client()
    first.force_login(chair)
    second.force_login(director)
    # Both open the item at version 0.
    assert first.get(_item_url(item)).context["form"].initial["version"] == 0
    assert second.get(_item_url(item)).context["form"].initial["version"] == 0

    saved = first.post(_item_url(item), _minutes(0, "Chair's record of the discussion"))
    assert saved.status_code == 302

    stale = second.post(_item_url(item), _minutes(0, "Director's own notes"))
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "Someone else saved these minutes while you were editing" in page
    assert "Chair&#x27;s record of the discussion" in page  # the newer text is shown
    form = stale.context["form"]
    assert form["rationale"].value() == "Director's own notes"  # and theirs is kept
    assert form["version"].value() == "1"
    item.refresh_from_db()
    assert item.rationale == "Chair's record of the discussion"

    # Saving again, knowingly, replaces the newer text.
    again = second.post(_item_url(item), _minutes(1, "Director's own notes"))
    assert again.status_code == 302
    item.refresh_from_db()
    assert (item.rationale, item.minutes_version) == ("Director's own notes", 2)


def test_a_failed_save_changes_nothing_and_says_what_to_fix(signed_in, chair):
    meeting = MeetingFactory(chair=chair)
    item = services.agenda_item_add(
        meeting=meeting, service=service_at(3, by=chair), acting_user=chair
    )
    response = signed_in(chair).post(
        _item_url(item), _minutes(0, "Worse", decision=Decision.ESCALATE, to_level="2")
    )
    assert response.status_code == 200
    assert "To escalate, select a level above the current one" in response.content.decode()
    item.refresh_from_db()
    assert item.minutes_version == 0 and item.rationale == ""


def _agenda_of(size, chair):
    meeting = MeetingFactory(panel=Panel.PEP, chair=chair)
    for n in range(size):
        service = service_at(3 + n % 2, by=chair, name=f"Home {n:02d}")
        IntelligenceFactory(service=service)
        CompletedVisitFactory(service=service)
        ActionFactory(service=service)
    services.agenda_build(meeting=meeting, acting_user=chair)
    services.agenda_item_add(meeting=meeting, title="Other business", acting_user=chair)
    return meeting


@pytest.mark.parametrize("size", [2, 8])
def test_the_agenda_page_does_not_query_per_item(
    size, signed_in, chair, django_assert_max_num_queries
):
    meeting = _agenda_of(size, chair)
    client = signed_in(chair)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("panels:meeting-detail", args=[meeting.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("Home ") >= size


@pytest.mark.parametrize("size", [2, 8])
def test_the_run_meeting_item_page_does_not_query_per_item_or_record(
    size, signed_in, chair, django_assert_max_num_queries
):
    meeting = _agenda_of(size, chair)
    service = AgendaItem.objects.filter(meeting=meeting, service__isnull=False).first().service
    for _ in range(size):
        IntelligenceFactory(service=service)
    item = meeting.items.get(service=service)
    client = signed_in(chair)
    with django_assert_max_num_queries(23):
        response = client.get(_item_url(item))
    assert response.status_code == 200


def test_a_partner_sees_only_the_meetings_of_panels_they_sit_on(signed_in, chair, partner):
    PanelMemberFactory(panel=Panel.QPSG, user=partner)
    pep = MeetingFactory(panel=Panel.PEP, chair=chair)
    qpsg = MeetingFactory(panel=Panel.QPSG, chair=chair)
    client = signed_in(partner)
    listing = client.get(reverse("panels:meeting-list"))
    assert list(listing.context["upcoming"]) == [qpsg]
    assert client.get(reverse("panels:meeting-detail", args=[pep.pk])).status_code == 404
    assert client.get(reverse("panels:meeting-detail", args=[qpsg.pk])).status_code == 200


def test_the_invitation_is_an_icalendar_request_with_attendees(signed_in, chair, partner):
    PanelMemberFactory(panel=Panel.PEP, user=partner, agency="Northmoor ICB; quality")
    meeting = services.meeting_schedule(panel=Panel.PEP, acting_user=chair)
    response = signed_in(chair).get(reverse("panels:invitation", args=[meeting.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "METHOD:REQUEST\r\n" in body
    assert f"UID:meeting-{meeting.pk}@oversight\r\n" in body
    assert f'ORGANIZER;CN="{chair.full_name}":mailto:{chair.email}' in body
    unfolded = body.replace("\r\n ", "")
    assert (
        f'ATTENDEE;CN="{partner.full_name} (Northmoor ICB; quality)";ROLE=REQ-PARTICIPANT;'
        f"PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{partner.email}" in unfolded
    )
    assert f"DTSTART:{meeting.starts_at.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_the_briefing_pack_is_made_in_the_background(
    signed_in, chair, django_capture_on_commit_callbacks
):
    meeting = _agenda_of(2, chair)
    client = signed_in(chair)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("panels:pack", args=[meeting.pk]))
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED
    text = _pdf_text(job.result_file.read(), "pack")
    assert "OFFICIAL-SENSITIVE" in text
    assert "Page 1 of" in text
    assert "Briefing pack" in text
    assert "Home 00" in text and "Intelligence since the last meeting" in text


def test_publishing_makes_the_minutes_pdf(signed_in, chair, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(panel=Panel.PEP, chair=chair)
    service = service_at(3, by=chair, name="Ashgrove")
    item = services.agenda_item_add(meeting=meeting, service=service, acting_user=chair)
    client = signed_in(chair)
    client.post(
        _item_url(item),
        _minutes(0, "Escalated: serious concerns.", decision=Decision.ESCALATE, to_level="4"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("panels:publish", args=[meeting.pk]))
    assert response.status_code == 302
    pdf = client.get(reverse("panels:minutes-pdf", args=[meeting.pk]))
    text = _pdf_text(b"".join(pdf.streaming_content), "minutes")
    assert "OFFICIAL-SENSITIVE" in text
    assert "Minutes" in text and "Ashgrove" in text
    assert "Decision: Escalate to level 4" in text
    assert "Level change confirmed" in text


def test_items_link_to_their_neighbours_for_the_keyboard(signed_in, chair):
    meeting = MeetingFactory(chair=chair)
    first, middle, last = (
        services.agenda_item_add(meeting=meeting, title=t, acting_user=chair)
        for t in ("One", "Two", "Three")
    )
    page = signed_in(chair).get(_item_url(middle)).content.decode()
    assert f'rel="prev" href="{_item_url(first)}"' in page
    assert f'rel="next" href="{_item_url(last)}"' in page
    assert "js/panels" in page and "nonce=" in page
