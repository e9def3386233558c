"""The risk section of the service page and the risk page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from escalation.models import ServiceState
from escalation.services import risk_recalculate_service
from providers.levels import Level
from providers.models import Rating
from quality.models import IntelligenceSource
from tests.providers.factories import CQCRatingFactory, ServiceFactory
from tests.quality.factories import IntelligenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(officer):
    service = ServiceFactory(contract_officer=officer, registered_manager="")
    CQCRatingFactory(service=service, overall=Rating.REQUIRES_IMPROVEMENT)
    risk_recalculate_service(service_id=service.pk, force=True)
    IntelligenceFactory(service=service, source=IntelligenceSource.SAFEGUARDING)
    risk_recalculate_service(service_id=service.pk, force=True)
    ServiceState.objects.filter(service=service).update(level=Level.ONE)
    return service


def test_service_page_shows_the_score_and_what_drove_it(client, officer, scored):
    client.force_login(officer)
    response = client.get(reverse("providers:service-detail", args=[scored.pk]))
    html = response.content.decode()
    score = ServiceState.objects.get(service=scored).score
    assert response.status_code == 200
    assert "Risk score" in html
    assert f">{score}</span> out of 100" in html
    assert "Registered manager vacancy" in html
    assert "Decided level" in html
    assert 'class="app-chart" src="data:image/svg+xml' in html
    assert "The last 2 scores as a table" in html
    assert reverse("escalation:service-risk", args=[scored.pk]) in html


def test_risk_page_lists_every_factor_and_the_history(client, partner, scored):
    client.force_login(partner)
    response = client.get(reverse("escalation:service-risk", args=[scored.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Placement stop history" in html  # factors scoring 0 are shown here too
    assert "Score history (the last 2 calculations)" in html


def test_a_service_never_scored(client, officer):
    service = ServiceFactory()
    client.force_login(officer)
    response = client.get(reverse("escalation:service-risk", args=[service.pk]))
    assert "No risk score has been calculated yet" in response.content.decode()


def _page_queries(client, service):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("escalation:service-risk", args=[service.pk]))
    assert response.status_code == 200
    return len(queries)


def test_risk_page_queries_do_not_grow_with_history(client, officer, scored):
    client.force_login(officer)
    few = _page_queries(client, scored)
    for _ in range(10):
        risk_recalculate_service(service_id=scored.pk, force=True)
    assert _page_queries(client, scored) == few
    assert few <= 12


def test_service_page_risk_section_adds_few_queries(client, officer, scored):
    client.force_login(officer)
    url = reverse("providers:service-detail", args=[scored.pk])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for _ in range(10):
        risk_recalculate_service(service_id=scored.pk, force=True)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)
