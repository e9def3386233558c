"""The incident page and the people list run a fixed number of queries however many people,
tasks and communications an incident has."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from failure_plan import services
from failure_plan.models import Funding
from providers.models import LocalAuthority
from tests.failure_plan.factories import (
    AffectedPersonFactory,
    ServiceFactory,
    VacancyFactory,
    open_incident,
)

pytestmark = pytest.mark.django_db


def _incident_with(officer, nurse, people: int):
    incident = open_incident(
        lead=officer, services_=[ServiceFactory(), ServiceFactory()], team=[nurse]
    )
    council = LocalAuthority.objects.first()
    for index in range(people):
        funding = [Funding.COUNCIL, Funding.HEALTH, Funding.OTHER_COUNCIL][index % 3]
        person = AffectedPersonFactory(
            incident=incident,
            funding=funding,
            placing_council=council if funding == Funding.OTHER_COUNCIL else None,
            needs_medicines=index % 2 == 0,
        )
        if index % 4 == 0:
            services.vacancy_reserve(acting_user=officer, person=person, vacancy=VacancyFactory())
        services.communication_record(
            acting_user=officer,
            incident=incident,
            kind="letter",
            happened_on=timezone.localdate(),
            summary="Letters sent",
            by_whom="The provider",
        )
    for task in incident.tasks.all()[: people * 2]:
        services.checklist_task_update(acting_user=officer, task=task, status="done", owner=nurse)
    return incident


@pytest.mark.parametrize("people", [3, 30])
def test_the_incident_page_runs_a_fixed_number_of_queries(
    signed_in, officer, nurse, django_assert_max_num_queries, people
):
    incident = _incident_with(officer, nurse, people)
    client = signed_in(officer)
    url = reverse("failure_plan:incident-detail", args=[incident.pk])
    client.get(url)  # warm the session and permission caches

    with django_assert_max_num_queries(20):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("people", [3, 30])
def test_the_people_list_runs_a_fixed_number_of_queries(
    signed_in, officer, nurse, django_assert_max_num_queries, people
):
    incident = _incident_with(officer, nurse, people)
    client = signed_in(officer)
    url = reverse("failure_plan:people-list", args=[incident.pk])

    with django_assert_max_num_queries(18):
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count('href="/failures/') >= people


@pytest.mark.parametrize("people", [3, 30])
def test_the_checklist_runs_a_fixed_number_of_queries(
    signed_in, officer, nurse, django_assert_max_num_queries, people
):
    incident = _incident_with(officer, nurse, people)
    client = signed_in(officer)

    with django_assert_max_num_queries(15):
        response = client.get(reverse("failure_plan:checklist", args=[incident.pk]))

    assert response.status_code == 200


def test_the_people_figures_count_without_reading_names(officer, nurse):
    from failure_plan.selectors import people_figures

    incident = _incident_with(officer, nurse, 6)

    figures = people_figures(incident=incident, today=timezone.localdate())

    assert figures.total == 6
    assert figures.reserved == 2
    assert {value: count for value, _label, count in figures.by_funding}["health"] == 2
    assert dict(figures.needs)["Medicines continuity"] == 3
    assert figures.not_placed == 6
