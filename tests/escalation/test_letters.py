"""Letters to providers: drafted from templates administrators edit, issued as a PDF marked
OFFICIAL-SENSITIVE with page numbers, and kept against the service."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.timeline import service_timeline
from escalation.letters import PLACEHOLDERS, letter_context, render_text, unknown_placeholders
from escalation.models import Letter, LetterKind, LetterStatus, LetterTemplate
from escalation.services import (
    letter_discard,
    letter_draft,
    letter_issue,
    letter_update,
    level_change_confirm,
    level_change_propose,
)
from providers.levels import Level
from tests.providers.factories import ContractFactory, ProviderFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(officer):
    provider = ProviderFactory(
        name="Brookside Care Ltd",
        head_office_address="1 Mill Lane, Northmoor",
        head_office_postcode="NM1 1AA",
    )
    service = ServiceFactory(
        provider=provider,
        name="Willow Court",
        address_line_1="12 Orchard Road",
        town="Northmoor",
        postcode="NM2 2BB",
        contract_officer=officer,
    )
    ContractFactory(
        service=service,
        reference="OLD-2019",
        start_date=datetime.date(2019, 4, 1),
        end_date=datetime.date(2022, 3, 31),
    )
    ContractFactory(service=service, reference="NM-ASC-0042", start_date=datetime.date(2022, 4, 1))
    return service


def _pdf_text(letter: Letter) -> str:
    with letter.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


# --- placeholders ---------------------------------------------------------------------------------


def test_known_placeholders_are_filled_and_unknown_ones_reported():
    rendered = render_text(
        "Dear {provider_name}, about {service_name} {foo} and {0} and {service_name.__class__}",
        {"provider_name": "Brookside Care Ltd", "service_name": "Willow Court"},
    )
    assert rendered.text == (
        "Dear Brookside Care Ltd, about Willow Court {foo} and {0} and {service_name.__class__}"
    )
    assert rendered.unknown == ("foo", "0", "service_name.__class__")


def test_a_value_that_looks_like_a_placeholder_is_not_filled_again():
    rendered = render_text(
        "{service_name} / {officer_email}",
        {"service_name": "{officer_email}", "officer_email": "olu@council.test"},
    )
    assert rendered.text == "{officer_email} / olu@council.test"


def test_template_text_is_not_run_as_a_django_template():
    rendered = render_text("{% load static %}{{ settings.SECRET_KEY }}", {})
    assert rendered.text == "{% load static %}{{ settings.SECRET_KEY }}"


def test_the_context_describes_the_service(home, officer, chair):
    change = level_change_propose(
        service=home, to_level=Level.TWO, rationale="Concerns", acting_user=officer
    )
    level_change_confirm(change=change, acting_user=chair, note="Agreed")
    context = letter_context(home, today=datetime.date(2026, 11, 22))
    assert set(context) == set(PLACEHOLDERS)
    assert context == {
        "provider_name": "Brookside Care Ltd",
        "provider_address": "1 Mill Lane, Northmoor, NM1 1AA",
        "service_name": "Willow Court",
        "service_address": "12 Orchard Road, Northmoor, NM2 2BB",
        "contract_reference": "NM-ASC-0042",
        "level": "level 2",
        "officer_name": "Olu Officer",
        "officer_email": "olu.officer@council.test",
        "today": "22 November 2026",
    }


def test_without_a_live_contract_the_reference_is_empty():
    service = ServiceFactory()
    ContractFactory(
        service=service, start_date=datetime.date(2019, 1, 1), end_date=datetime.date(2020, 1, 1)
    )
    assert letter_context(service)["contract_reference"] == ""
    assert letter_context(service)["level"] == "routine monitoring"


# --- drafting, editing, issuing -------------------------------------------------------------------


def test_a_draft_copies_the_template_with_placeholders_filled(home, officer):
    letter = letter_draft(service=home, kind=LetterKind.NOTICE_OF_CONCERN, acting_user=officer)
    assert letter.status == LetterStatus.DRAFT
    assert letter.subject == "Notice of concern: Willow Court"
    assert letter.body.startswith("Dear Brookside Care Ltd,")
    assert "Contract reference: NM-ASC-0042" in letter.body
    assert "olu.officer@council.test" in letter.body
    assert "{" not in letter.body
    assert letter.signatory == "Head of Commissioning and Quality"
    assert letter.created_by == officer and not letter.pdf


def test_draft_issue_and_the_pdf_holds_the_service_marking_and_page_numbers(home, officer, chair):
    letter = letter_draft(service=home, kind=LetterKind.NOTICE_OF_CONCERN, acting_user=officer)
    letter_issue(letter=letter, acting_user=chair)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ISSUED
    assert letter.issued_by == chair and letter.issued_on == timezone.localdate()
    with letter.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    text = _pdf_text(letter)
    assert "Willow Court" in text
    assert "Brookside Care Ltd" in text
    assert "OFFICIAL-SENSITIVE" in text
    assert "Page 1 of" in text
    assert "Notice of concern: Willow Court" in text


def test_editing_the_template_after_issue_does_not_change_the_letter(home, officer, chair):
    letter = letter_draft(service=home, kind=LetterKind.FINAL_WARNING, acting_user=officer)
    letter_issue(letter=letter, acting_user=chair)
    letter.refresh_from_db()
    body, subject, pdf_name = letter.body, letter.subject, letter.pdf.name
    template = LetterTemplate.objects.get(kind=LetterKind.FINAL_WARNING)
    template.subject = "Something else entirely"
    template.body = "New wording for {service_name}"
    template.save()
    letter.refresh_from_db()
    assert (letter.body, letter.subject, letter.pdf.name) == (body, subject, pdf_name)
    assert "Something else entirely" not in _pdf_text(letter)


def test_issuing_twice_is_refused(home, officer, chair, director):
    letter = letter_draft(service=home, kind=LetterKind.NOTICE_OF_CONCERN, acting_user=officer)
    letter_issue(letter=letter, acting_user=chair)
    first = Letter.objects.get(pk=letter.pk)
    with pytest.raises(ValidationError) as refused:
        letter_issue(letter=letter, acting_user=director)
    assert "cannot be issued again" in str(refused.value)
    again = Letter.objects.get(pk=letter.pk)
    assert (again.issued_by, again.pdf.name) == (chair, first.pdf.name)


def test_an_issued_letter_cannot_be_edited_or_discarded(home, officer, chair):
    letter = letter_draft(service=home, kind=LetterKind.NOTICE_OF_CONCERN, acting_user=officer)
    letter_issue(letter=letter, acting_user=chair)
    with pytest.raises(ValidationError):
        letter_update(letter=letter, subject="Changed", body="Changed", acting_user=chair)
    with pytest.raises(ValidationError):
        letter_discard(letter=letter, acting_user=chair)
    assert Letter.objects.get(pk=letter.pk).subject == "Notice of concern: Willow Court"


def test_officer_cannot_issue(home, officer):
    letter = letter_draft(service=home, kind=LetterKind.NOTICE_OF_CONCERN, acting_user=officer)
    with pytest.raises(PermissionDenied):
        letter_issue(letter=letter, acting_user=officer)
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.DRAFT


def test_officers_draft_only_for_their_portfolio(home, other_officer, nurse, admin):
    for person in (other_officer, nurse, admin):
        with pytest.raises(PermissionDenied):
            letter_draft(service=home, kind=LetterKind.NOTICE_OF_CONCERN, acting_user=person)
    assert not Letter.objects.exists()


def test_a_letter_still_holding_an_unknown_placeholder_is_not_issued(home, officer, chair):
    letter = letter_draft(service=home, kind=LetterKind.NOTICE_OF_CONCERN, acting_user=officer)
    letter_update(letter=letter, subject="Notice", body="Dear {manager_name},", acting_user=officer)
    with pytest.raises(ValidationError) as refused:
        letter_issue(letter=letter, acting_user=chair)
    assert "Remove {manager_name}" in str(refused.value)
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.DRAFT


def test_a_draft_can_be_discarded(home, officer):
    letter = letter_draft(service=home, kind=LetterKind.NOTICE_OF_CONCERN, acting_user=officer)
    letter_discard(letter=letter, acting_user=officer)
    assert not Letter.objects.exists()


# --- the admin's template form ----------------------------------------------------------------------


def test_the_admin_form_refuses_unknown_placeholders():
    from escalation.admin import LetterTemplateAdminForm

    template = LetterTemplate.objects.get(kind=LetterKind.NOTICE_OF_CONCERN)
    form = LetterTemplateAdminForm(
        data={"subject": "Concern {service_name}", "body": "Dear {manager}", "signatory": "X"},
        instance=template,
    )
    assert not form.is_valid()
    message = form.errors["body"][0]
    assert message.startswith("Remove {manager}: it is not a placeholder Oversight knows.")
    assert "Use one of: {provider_name}, {provider_address}" in message
    assert "{provider_name}" in form.fields["body"].help_text
    assert unknown_placeholders("Dear {manager}") == ["manager"]


def test_an_administrator_edits_a_template_in_the_admin(admin, client):
    admin.is_staff = True  # as accounts.services makes administrators
    admin.save(update_fields=["is_staff"])
    client.force_login(admin)
    template = LetterTemplate.objects.get(kind=LetterKind.NOTICE_OF_CONCERN)
    url = f"/django-admin/escalation/lettertemplate/{template.pk}/change/"
    refused = client.post(url, {"subject": "Concern", "body": "Dear {foo}", "signatory": "X"})
    assert refused.status_code == 200
    assert "Remove {foo}: it is not a placeholder Oversight knows." in refused.content.decode()
    template.refresh_from_db()
    assert template.subject == "Notice of concern: {service_name}"
    saved = client.post(
        url,
        {"subject": "Concern at {service_name}", "body": "Dear {provider_name}", "signatory": "X"},
    )
    assert saved.status_code == 302
    template.refresh_from_db()
    assert template.body == "Dear {provider_name}"


# --- pages ------------------------------------------------------------------------------------------


def test_an_officer_drafts_edits_and_a_chair_issues_through_the_pages(home, officer, chair, client):
    client.force_login(officer)
    response = client.post(
        reverse("escalation:letter-draft", args=[home.pk]), {"kind": "potential_breach"}
    )
    letter = Letter.objects.get()
    assert response.url == reverse("escalation:letter-edit", args=[letter.pk])
    response = client.post(
        reverse("escalation:letter-edit", args=[letter.pk]),
        {"subject": "Potential breach: Willow Court", "body": "Dear Brookside,\n\nSecond part."},
    )
    assert response.url == reverse("escalation:letter-preview", args=[letter.pk])
    preview = client.get(response.url).content.decode()
    assert "Second part." in preview and "Issue the letter" not in preview
    assert client.post(reverse("escalation:letter-issue", args=[letter.pk])).status_code == 403

    client.force_login(chair)
    assert client.get(reverse("escalation:letter-issue", args=[letter.pk])).status_code == 200
    client.post(reverse("escalation:letter-issue", args=[letter.pk]))
    letter.refresh_from_db()
    assert (
        letter.status == LetterStatus.ISSUED and letter.subject == "Potential breach: Willow Court"
    )
    download = client.get(reverse("escalation:letter-pdf", args=[letter.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    listing = client.get(reverse("escalation:service-letters", args=[home.pk])).content.decode()
    assert "Potential breach: Willow Court" in listing and "Download PDF" in listing


def test_a_failed_form_changes_nothing(home, officer, client):
    letter = letter_draft(service=home, kind=LetterKind.NOTICE_OF_CONCERN, acting_user=officer)
    before = (letter.subject, letter.body)
    client.force_login(officer)
    response = client.post(
        reverse("escalation:letter-edit", args=[letter.pk]), {"subject": "", "body": "  "}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the subject of the letter" in page and "Enter the text of the letter" in page
    letter.refresh_from_db()
    assert (letter.subject, letter.body) == before
    response = client.post(reverse("escalation:letter-draft", args=[home.pk]), {})
    assert "Select the kind of letter" in response.content.decode()
    assert Letter.objects.count() == 1


def test_a_draft_has_no_pdf_to_download(home, officer, client):
    letter = letter_draft(service=home, kind=LetterKind.NOTICE_OF_CONCERN, acting_user=officer)
    client.force_login(officer)
    assert client.get(reverse("escalation:letter-pdf", args=[letter.pk])).status_code == 404


def test_partners_get_403_on_every_letter_page(home, officer, chair, partner, client):
    draft = letter_draft(service=home, kind=LetterKind.NOTICE_OF_CONCERN, acting_user=officer)
    issued = letter_draft(service=home, kind=LetterKind.FINAL_WARNING, acting_user=officer)
    letter_issue(letter=issued, acting_user=chair)
    client.force_login(partner)
    pages = [
        ("get", reverse("escalation:service-letters", args=[home.pk])),
        ("get", reverse("escalation:letter-draft", args=[home.pk])),
        ("get", reverse("escalation:letter-preview", args=[draft.pk])),
        ("get", reverse("escalation:letter-edit", args=[draft.pk])),
        ("get", reverse("escalation:letter-issue", args=[draft.pk])),
        ("post", reverse("escalation:letter-issue", args=[draft.pk])),
        ("post", reverse("escalation:letter-discard", args=[draft.pk])),
        ("get", reverse("escalation:letter-pdf", args=[issued.pk])),
    ]
    for method, url in pages:
        assert getattr(client, method)(url).status_code == 403, url
    assert Letter.objects.get(pk=draft.pk).status == LetterStatus.DRAFT


def test_issued_letters_show_on_the_timeline_for_staff_only(home, officer, chair, partner):
    draft = letter_draft(service=home, kind=LetterKind.NOTICE_OF_CONCERN, acting_user=officer)
    issued = letter_draft(service=home, kind=LetterKind.FINAL_WARNING, acting_user=officer)
    letter_issue(letter=issued, acting_user=chair)
    entries = [e for e in service_timeline(service=home, user=officer) if e.kind == "letter"]
    assert [entry.title for entry in entries] == ["Final warning issued"]
    assert entries[0].url == reverse("escalation:letter-preview", args=[issued.pk])
    assert str(draft.pk) not in " ".join(entry.url for entry in entries)
    assert all(entry.kind != "letter" for entry in service_timeline(service=home, user=partner))


def test_the_letters_page_runs_a_fixed_number_of_queries(
    home, officer, chair, client, django_assert_max_num_queries
):
    for kind in (LetterKind.NOTICE_OF_CONCERN, LetterKind.POTENTIAL_BREACH):
        letter_issue(
            letter=letter_draft(service=home, kind=kind, acting_user=officer), acting_user=chair
        )
    letter_draft(service=home, kind=LetterKind.FINAL_WARNING, acting_user=officer)
    client.force_login(officer)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("escalation:service-letters", args=[home.pk]))
    assert response.content.decode().count("Download PDF") == 2
