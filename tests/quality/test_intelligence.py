"""Intelligence: logged by officers, nurses and partner members; read with care."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import AccessLog
from escalation.models import ServiceState
from quality.models import Intelligence
from quality.services import intelligence_add
from tests.providers.factories import ServiceFactory
from tests.quality.factories import IntelligenceFactory, days_ago, days_ahead

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(officer):
    return ServiceFactory(contract_officer=officer)


def _add(user, service, **overrides):
    values = {
        "source": "safeguarding",
        "received_on": days_ago(2),
        "severity": "high",
        "section_42": "yes",
        "summary": "Unexplained bruising reported by a district nurse",
        "details": "Mr A. in room 4",
    }
    values.update(overrides)
    return intelligence_add(acting_user=user, service=service, **values)


def test_a_partner_member_logs_intelligence_and_the_risk_score_is_marked(partner, service):
    item = _add(partner, service)
    assert item.logged_by == partner
    state = ServiceState.objects.get(service=service)
    assert state.needs_recalculation
    assert state.recalculation_reason == "intelligence added"


def test_intelligence_cannot_be_dated_in_the_future(officer, service):
    with pytest.raises(ValidationError) as raised:
        _add(officer, service, received_on=days_ahead(1))
    assert raised.value.message_dict == {
        "received_on": ["The date received must be today or in the past"]
    }
    assert not Intelligence.objects.exists()


def test_the_form_names_each_missing_answer(client, nurse, service):
    client.force_login(nurse)
    response = client.post(reverse("quality:intelligence-add", args=[service.pk]), {})
    html = response.content.decode()
    for message in (
        "Select where the intelligence came from",
        "Enter the date received",
        "Select the severity",
        "Select whether a section 42 safeguarding enquiry followed",
        "Enter a summary",
    ):
        assert message in html
    assert not Intelligence.objects.exists()


def test_a_nurse_logs_clinical_intelligence_about_any_service(client, nurse):
    service = ServiceFactory()  # not in the nurse's portfolio
    client.force_login(nurse)
    response = client.post(
        reverse("quality:intelligence-add", args=[service.pk]),
        {
            "source": "district_nurse",
            "received_on_day": "3",
            "received_on_month": "2",
            "received_on_year": "2025",
            "severity": "medium",
            "section_42": "not_known",
            "clinical_area": "tissue_viability",
            "summary": "Two new grade 3 pressure ulcers",
        },
    )
    assert response.status_code == 302
    assert Intelligence.objects.get().clinical_area == "tissue_viability"


def test_reading_the_details_is_logged_and_partners_read_only_their_own(
    client, officer, partner, service
):
    theirs = IntelligenceFactory(service=service, logged_by=partner)
    ours = IntelligenceFactory(service=service, logged_by=officer)
    client.force_login(partner)
    assert client.get(reverse("quality:intelligence-detail", args=[theirs.pk])).status_code == 200
    assert client.get(reverse("quality:intelligence-detail", args=[ours.pk])).status_code == 403
    assert AccessLog.objects.filter(user=partner, object_id=str(theirs.pk)).count() == 1


def test_the_timeline_shows_the_summary_but_links_details_only_for_those_who_may_read_them(
    client, officer, partner, service
):
    item = IntelligenceFactory(service=service, logged_by=officer, summary="Staffing complaint")
    url = reverse("quality:service-timeline", args=[service.pk])
    detail = reverse("quality:intelligence-detail", args=[item.pk])
    client.force_login(partner)
    html = client.get(url).content.decode()
    assert "Staffing complaint" in html
    assert detail not in html
    assert "Details that may name a person" not in html
    client.force_login(officer)
    assert detail in client.get(url).content.decode()
