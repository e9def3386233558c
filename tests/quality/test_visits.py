"""Visits: planned, recorded as drafts, completed (locked), amended with a reason."""

from __future__ import annotations

import pghistory.models
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from escalation.models import ServiceState
from quality.models import (
    KEY_AREAS,
    AreaRating,
    Visit,
    VisitAmendment,
    VisitArea,
    VisitStatus,
    VisitType,
)
from quality.services import (
    visit_amend,
    visit_cancel,
    visit_complete,
    visit_plan,
    visit_record,
    visit_save_draft,
)
from tests.providers.factories import ServiceFactory
from tests.quality.factories import CompletedVisitFactory, PlannedVisitFactory, days_ago, days_ahead

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(officer, nurse):
    return ServiceFactory(name="Moorside House", contract_officer=officer, clinical_nurse=nurse)


def full_data(**overrides):
    data = {
        "visit_date": days_ago(1),
        "heard_manager": 1,
        "heard_staff": 4,
        "heard_people": 6,
        "heard_relatives": 2,
        "overall_rating": AreaRating.GOOD,
        "summary": "Settled home; staffing stable.",
        "follow_up": "",
        "areas": {
            area.value: {"rating": AreaRating.GOOD, "evidence": "Seen in records."}
            for area in KEY_AREAS
        },
    }
    data.update(overrides)
    return data


def form_data(intent="complete", *, date=None, **overrides):
    date = date or days_ago(1)
    data = {
        "intent": intent,
        "visit_date_day": str(date.day),
        "visit_date_month": str(date.month),
        "visit_date_year": str(date.year),
        "heard_manager": "1",
        "heard_staff": "3",
        "heard_people": "5",
        "heard_relatives": "2",
        "overall_rating": "good",
        "summary": "A calm, well-led home.",
        "follow_up": "",
    }
    for area in KEY_AREAS:
        data[f"{area.value}_rating"] = "good"
        data[f"{area.value}_evidence"] = f"What we saw about {area.label.lower()}."
    data.update(overrides)
    return data


# --- services ---------------------------------------------------------------------------------
def test_planning_needs_a_future_date(officer, service):
    with pytest.raises(ValidationError) as raised:
        visit_plan(
            acting_user=officer,
            service=service,
            visit_type=VisitType.MONITORING,
            planned_date=days_ago(0),
        )
    assert raised.value.message_dict == {"planned_date": ["The planned date must be in the future"]}
    visit = visit_plan(
        acting_user=officer,
        service=service,
        visit_type=VisitType.MONITORING,
        planned_date=days_ahead(7),
    )
    assert visit.status == VisitStatus.PLANNED
    assert visit.officer == officer


def test_a_nurse_may_plan_a_clinical_visit_but_not_a_monitoring_visit(nurse, service):
    with pytest.raises(ValidationError):
        visit_plan(
            acting_user=nurse,
            service=service,
            visit_type=VisitType.MONITORING,
            planned_date=days_ahead(3),
        )
    visit = visit_plan(
        acting_user=nurse,
        service=service,
        visit_type=VisitType.CLINICAL,
        planned_date=days_ahead(3),
    )
    assert visit.officer == nurse


def test_completing_a_visit_saves_every_area_and_marks_the_risk_score(officer, service):
    visit = visit_record(
        acting_user=officer,
        service=service,
        visit_type=VisitType.MONITORING,
        data=full_data(),
        complete=True,
    )
    visit.refresh_from_db()
    assert visit.status == VisitStatus.COMPLETED
    assert visit.completed_by == officer
    assert visit.areas.count() == 10
    assert visit.heard_total == 13
    state = ServiceState.objects.get(service=service)
    assert state.needs_recalculation
    assert state.recalculation_reason == "visit completed"


def test_a_draft_does_not_mark_the_risk_score(officer, service):
    visit_record(
        acting_user=officer,
        service=service,
        visit_type=VisitType.MONITORING,
        data={"visit_date": None, "areas": {"leadership": {"rating": "good", "evidence": ""}}},
        complete=False,
    )
    assert not ServiceState.objects.filter(service=service).exists()
    visit = Visit.objects.get(service=service)
    assert visit.status == VisitStatus.DRAFT
    assert visit.areas.count() == 10  # a row per area, rated or not yet


def test_a_visit_dated_in_the_future_is_not_completed_and_nothing_is_saved(officer, service):
    with pytest.raises(ValidationError) as raised:
        visit_record(
            acting_user=officer,
            service=service,
            visit_type=VisitType.MONITORING,
            data=full_data(visit_date=days_ahead(1)),
            complete=True,
        )
    assert raised.value.message_dict["visit_date"] == [
        "The visit date must be today or in the past"
    ]
    assert not Visit.objects.exists()
    assert not VisitArea.objects.exists()


def test_an_invalid_area_rating_saves_nothing(officer, service):
    data = full_data()
    data["areas"]["staffing"]["rating"] = "brilliant"
    with pytest.raises(ValidationError) as raised:
        visit_record(
            acting_user=officer,
            service=service,
            visit_type=VisitType.MONITORING,
            data=data,
            complete=False,
        )
    assert "staffing_rating" in raised.value.message_dict
    assert not Visit.objects.exists()
    assert not VisitArea.objects.exists()


def test_a_planned_visit_is_saved_as_a_draft_then_completed(officer, service):
    visit = PlannedVisitFactory(service=service, officer=officer)
    visit_save_draft(acting_user=officer, visit=visit, data={"summary": "Half done"})
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DRAFT
    visit_complete(acting_user=officer, visit=visit, data=full_data())
    visit.refresh_from_db()
    assert visit.status == VisitStatus.COMPLETED
    with pytest.raises(ValidationError):
        visit_save_draft(acting_user=officer, visit=visit, data={"summary": "changed"})


def test_an_amendment_keeps_the_reason_who_and_what_changed(officer, service):
    visit = CompletedVisitFactory(service=service, officer=officer)
    before_events = pghistory.models.Events.objects.tracks(visit).count()
    amendment = visit_amend(
        acting_user=officer,
        visit=visit,
        data={
            "areas": {"safeguarding": {"rating": "inadequate", "evidence": "Two alerts not raised"}}
        },
        reason="Safeguarding lead confirmed the alerts after the visit",
    )
    assert amendment.amended_by == officer
    assert {
        "field": "Safeguarding: rating",
        "before": "Good",
        "after": "Inadequate",
    } in amendment.changes
    assert VisitArea.objects.get(visit=visit, area="safeguarding").rating == "inadequate"
    assert ServiceState.objects.get(service=service).recalculation_reason == "visit amended"
    # pghistory keeps the row-level history too.
    assert pghistory.models.Events.objects.tracks(visit).count() >= before_events
    assert (
        pghistory.models.Events.objects.references(visit)
        .filter(pgh_model="quality.VisitAreaEvent")
        .exists()
    )


def test_an_amendment_needs_a_reason_and_a_change(officer, service):
    visit = CompletedVisitFactory(service=service, officer=officer)
    with pytest.raises(ValidationError) as raised:
        visit_amend(acting_user=officer, visit=visit, data={"summary": "New"}, reason=" ")
    assert raised.value.message_dict == {"reason": ["Enter the reason for the amendment"]}
    with pytest.raises(ValidationError) as raised:
        visit_amend(
            acting_user=officer, visit=visit, data={"summary": visit.summary}, reason="Typo"
        )
    assert "You have not changed anything" in raised.value.messages[0]
    assert not VisitAmendment.objects.exists()


def test_an_amendment_record_cannot_be_changed_or_deleted(officer, service):
    from django.db import ProgrammingError, transaction

    visit = CompletedVisitFactory(service=service, officer=officer)
    amendment = visit_amend(
        acting_user=officer, visit=visit, data={"summary": "Better"}, reason="Typo"
    )
    with pytest.raises(ProgrammingError), transaction.atomic():
        VisitAmendment.objects.filter(pk=amendment.pk).update(reason="Rewritten")
    with pytest.raises(ProgrammingError), transaction.atomic():
        VisitAmendment.objects.filter(pk=amendment.pk).delete()


def test_only_a_planned_visit_can_be_cancelled(officer, service):
    visit = PlannedVisitFactory(service=service, officer=officer)
    visit_cancel(acting_user=officer, visit=visit, reason="Home in outbreak")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CANCELLED
    with pytest.raises(ValidationError):
        visit_cancel(acting_user=officer, visit=visit, reason="Again")


# --- pages ------------------------------------------------------------------------------------
def test_an_officer_records_a_full_monitoring_visit_on_one_page(client, officer, service):
    client.force_login(officer)
    url = reverse("quality:visit-record", args=[service.pk, "monitoring"])
    page = client.get(url)
    assert page.status_code == 200
    for area in KEY_AREAS:
        assert area.label in page.content.decode()

    response = client.post(url, form_data(safeguarding_rating="requires_improvement"))

    visit = Visit.objects.get(service=service)
    assert response.status_code == 302
    assert response["Location"] == reverse("quality:visit-detail", args=[visit.pk])
    assert visit.status == VisitStatus.COMPLETED
    assert visit.areas.get(area="safeguarding").rating == "requires_improvement"
    assert (visit.heard_manager, visit.heard_staff, visit.heard_people, visit.heard_relatives) == (
        1,
        3,
        5,
        2,
    )


def test_an_invalid_area_rating_saves_no_visit_and_keeps_what_was_typed(client, officer, service):
    client.force_login(officer)
    url = reverse("quality:visit-record", args=[service.pk, "monitoring"])
    data = form_data(staffing_rating="brilliant", summary="Everything I typed")

    response = client.post(url, data)

    assert response.status_code == 200
    assert not Visit.objects.exists()
    assert not VisitArea.objects.exists()
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Select a rating for staffing levels and recruitment" in html
    assert 'href="#id_staffing_rating_1"' in html
    assert "Everything I typed" in html
    assert "What we saw about health and safety." in html
    assert 'value="good" checked' in html


def test_completing_without_ratings_lists_each_area(client, officer, service):
    client.force_login(officer)
    url = reverse("quality:visit-record", args=[service.pk, "monitoring"])
    data = form_data()
    del data["staffing_rating"]
    del data["summary"]
    response = client.post(url, data)
    html = response.content.decode()
    assert "Select a rating for staffing levels and recruitment" in html
    assert "Enter the overall outcome" in html
    assert not Visit.objects.exists()


def test_completing_a_visit_dated_in_the_future_is_refused_with_a_clear_message(
    client, officer, service
):
    client.force_login(officer)
    url = reverse("quality:visit-record", args=[service.pk, "monitoring"])
    response = client.post(url, form_data(date=days_ahead(2)))
    assert response.status_code == 200
    assert "The visit date must be today or in the past" in response.content.decode()
    assert not Visit.objects.exists()


def test_a_draft_can_be_saved_with_a_future_date_and_finished_later(client, officer, service):
    client.force_login(officer)
    url = reverse("quality:visit-record", args=[service.pk, "monitoring"])
    response = client.post(url, {"intent": "draft", "summary": "Started"})
    visit = Visit.objects.get()
    assert response["Location"] == reverse("quality:visit-edit", args=[visit.pk])
    assert visit.status == VisitStatus.DRAFT

    edit = client.get(response["Location"])
    assert "Started" in edit.content.decode()

    response = client.post(response["Location"], form_data())
    visit.refresh_from_db()
    assert visit.status == VisitStatus.COMPLETED


def test_save_and_attach_goes_to_the_file_page(client, officer, service):
    client.force_login(officer)
    url = reverse("quality:visit-record", args=[service.pk, "monitoring"])
    response = client.post(url, {"intent": "attach"})
    visit = Visit.objects.get()
    assert response["Location"] == reverse("quality:evidence-upload", args=[visit.pk])


def test_a_completed_visit_cannot_be_edited_only_amended(client, officer, service):
    visit = CompletedVisitFactory(service=service, officer=officer)
    client.force_login(officer)
    assert client.get(reverse("quality:visit-edit", args=[visit.pk])).status_code == 403
    url = reverse("quality:visit-amend", args=[visit.pk])
    data = form_data(reason="Manager's name was wrong", summary="Corrected summary")
    data["visit_date_day"], data["visit_date_month"], data["visit_date_year"] = (
        str(visit.visit_date.day),
        str(visit.visit_date.month),
        str(visit.visit_date.year),
    )
    data.pop("intent")
    response = client.post(url, data)
    assert response.status_code == 302
    amendment = VisitAmendment.objects.get(visit=visit)
    assert amendment.reason == "Manager's name was wrong"
    detail = client.get(reverse("quality:visit-detail", args=[visit.pk])).content.decode()
    assert "Manager&#x27;s name was wrong" in detail
    assert "Corrected summary" in detail


def test_amending_without_a_reason_is_refused(client, officer, service):
    visit = CompletedVisitFactory(service=service, officer=officer)
    client.force_login(officer)
    data = form_data(summary="Changed")
    data.pop("intent")
    response = client.post(reverse("quality:visit-amend", args=[visit.pk]), data)
    assert "Enter the reason for the amendment" in response.content.decode()
    assert not VisitAmendment.objects.exists()


def test_another_officer_may_read_but_not_record(client, other_officer, service):
    visit = CompletedVisitFactory(service=service)
    client.force_login(other_officer)
    assert client.get(reverse("quality:visit-detail", args=[visit.pk])).status_code == 200
    url = reverse("quality:visit-record", args=[service.pk, "monitoring"])
    assert client.post(url, form_data()).status_code == 403
    assert Visit.objects.count() == 1


def test_choosing_the_kind_of_visit_leads_to_its_page(client, officer, service):
    client.force_login(officer)
    url = reverse("quality:visit-new", args=[service.pk])
    response = client.get(url, {"visit_type": "clinical"})
    assert response["Location"] == reverse("quality:visit-record", args=[service.pk, "clinical"])
    response = client.get(url, {"visit_type": ""})
    assert "Select the kind of visit" in response.content.decode()


def test_a_clinical_visit_page_shows_the_seven_clinical_areas(client, nurse, service):
    client.force_login(nurse)
    html = client.get(
        reverse("quality:visit-record", args=[service.pk, "clinical"])
    ).content.decode()
    assert "Tissue viability and pressure ulcers" in html
    assert "Leadership and management" not in html


def test_a_desktop_review_records_the_host_councils_view(client, officer):
    service = ServiceFactory(contract_officer=officer, in_area=False)
    client.force_login(officer)
    url = reverse("quality:visit-record", args=[service.pk, "desktop_review"])
    date = days_ago(3)
    response = client.post(
        url,
        {
            "intent": "complete",
            "visit_date_day": date.day,
            "visit_date_month": date.month,
            "visit_date_year": date.year,
            "host_council_view": "No concerns from their safeguarding team",
            "cqc_report_checked_on_day": "4",
            "cqc_report_checked_on_month": "3",
            "cqc_report_checked_on_year": "2025",
            "overall_rating": "good",
            "summary": "Placement can continue",
            "heard_manager": "0",
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get(service=service)
    assert visit.visit_type == VisitType.DESKTOP_REVIEW
    assert visit.host_council_view == "No concerns from their safeguarding team"
    assert visit.cqc_report_checked_on.year == 2025
    assert not visit.areas.exists()


def test_viewing_a_completed_visit_is_recorded_in_the_access_log(client, director, service):
    from accounts.models import AccessLog

    visit = CompletedVisitFactory(service=service)
    client.force_login(director)
    client.get(reverse("quality:visit-detail", args=[visit.pk]))
    assert AccessLog.objects.filter(user=director, object_id=str(visit.pk)).exists()


def test_a_completed_visit_offers_an_action_for_each_finding(client, officer, service):
    visit = CompletedVisitFactory(
        service=service,
        officer=officer,
        ratings={"safeguarding": "inadequate", "staffing": "requires_improvement"},
    )
    client.force_login(officer)
    html = client.get(reverse("quality:visit-detail", args=[visit.pk])).content.decode()
    base = reverse("quality:action-create", args=[service.pk])
    assert f"{base}?visit={visit.pk}&amp;area=safeguarding" in html
    assert f"{base}?visit={visit.pk}&amp;area=staffing" in html
    assert f"{base}?visit={visit.pk}&amp;area=leadership" not in html
