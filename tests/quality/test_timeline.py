"""One timeline of every kind of evidence about a service, newest first, filterable by kind."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from core import timeline
from core.timeline import TimelineEntry, service_timeline
from tests.providers.factories import CQCRatingFactory, ServiceFactory
from tests.quality.factories import (
    CompletedVisitFactory,
    IntelligenceFactory,
    MonitoringFiguresFactory,
    PlannedVisitFactory,
    days_ago,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(officer):
    return ServiceFactory(contract_officer=officer)


def test_visits_intelligence_and_ratings_are_merged_newest_first(officer, service):
    CompletedVisitFactory(service=service, visit_date=days_ago(10))
    IntelligenceFactory(service=service, received_on=days_ago(3))
    CQCRatingFactory(service=service, published_on=days_ago(200), is_current=False, overall="good")
    CQCRatingFactory(service=service, published_on=days_ago(20), overall="requires_improvement")
    PlannedVisitFactory(service=service)  # not evidence yet

    entries = service_timeline(service=service, user=officer)

    assert [e.kind for e in entries] == ["intelligence", "visit", "rating", "rating"]
    assert entries[2].title == "CQC rating: Requires improvement"
    assert entries[2].description.startswith("Previously Good.")


def test_the_timeline_filters_by_kind_and_limits(officer, service):
    for days in range(5):
        IntelligenceFactory(service=service, received_on=days_ago(days))
    CompletedVisitFactory(service=service)
    assert {e.kind for e in service_timeline(service=service, user=officer, kind="visit")} == {
        "visit"
    }
    assert len(service_timeline(service=service, user=officer, kind="intelligence", limit=3)) == 3
    # An unknown kind shows everything.
    assert len(service_timeline(service=service, user=officer, kind="nonsense")) == 6


def test_another_app_can_add_its_own_entries(officer, service):
    def decisions(*, service, user, limit):
        return [
            TimelineEntry(
                kind="level",
                date=datetime.date(2030, 1, 1),
                title="Level 2 confirmed by QPSG",
            )
        ]

    timeline.register("level", "Level decisions", decisions, order=40)
    try:
        entries = service_timeline(service=service, user=officer)
        assert entries[0].title == "Level 2 confirmed by QPSG"
        assert ("level", "Level decisions") in timeline.kinds()
    finally:
        timeline._SOURCES.pop("level")


def test_the_filter_works_without_javascript_on_the_service_page(client, officer, service):
    CompletedVisitFactory(service=service, summary="Visit summary text")
    IntelligenceFactory(service=service, summary="Intelligence summary text")
    client.force_login(officer)
    url = reverse("providers:service-detail", args=[service.pk])
    html = client.get(url, {"kind": "intelligence"}).content.decode()
    assert "Intelligence summary text" in html
    assert "Visit summary text" not in html
    assert '<div class="moj-timeline">' in html
    assert f'action="{url}#timeline"' in html


def test_the_timeline_page_pages_through_older_entries(client, officer, service):
    for days in range(30):
        IntelligenceFactory(service=service, received_on=days_ago(days), summary=f"Item {days}")
    client.force_login(officer)
    url = reverse("quality:service-timeline", args=[service.pk])
    first = client.get(url).content.decode()
    assert "Item 24" in first and "Item 25" not in first
    assert "?page=2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "Item 25" in second and "Item 29" in second


def test_the_timeline_page_runs_a_fixed_number_of_queries(
    client, officer, service, django_assert_max_num_queries
):
    for days in range(15):
        CompletedVisitFactory(service=service, visit_date=days_ago(days + 1))
        IntelligenceFactory(service=service, received_on=days_ago(days))
    for days in range(5):
        CQCRatingFactory(
            service=service, published_on=days_ago(100 * (days + 1)), is_current=days == 0
        )
    client.force_login(officer)
    url = reverse("quality:service-timeline", args=[service.pk])
    client.get(url)
    # Session, user, its permissions (2) and roles; the service; one query per timeline source
    # (visits, intelligence, CQC ratings, level decisions, sanctions, panel decisions); saving
    # the session (3).
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert response.status_code == 200


def test_the_service_page_with_quality_sections_runs_a_bounded_number_of_queries(
    client, officer, django_assert_max_num_queries
):
    from tests.quality.factories import ActionFactory, HomeSupportServiceFactory

    service = HomeSupportServiceFactory(contract_officer=officer)
    for days in range(10):
        CompletedVisitFactory(service=service, visit_date=days_ago(days + 1))
        IntelligenceFactory(service=service, received_on=days_ago(days))
        ActionFactory(service=service, due_on=days_ago(days - 5))
    for months in range(12):
        MonitoringFiguresFactory(
            service=service, month=(days_ago(31 * (months + 1))).replace(day=1)
        )
    client.force_login(officer)
    url = reverse("providers:service-detail", args=[service.pk])
    client.get(url)
    with django_assert_max_num_queries(30):
        response = client.get(url)
    assert response.status_code == 200
