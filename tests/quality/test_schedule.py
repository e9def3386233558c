"""The visit schedule: computed in the database from each service's level and last visit."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from escalation.models import ServiceState
from providers.levels import Level
from quality.models import VisitFrequency, VisitStatus
from quality.selectors import next_visit, schedule, schedule_counts
from quality.services import visit_frequency_update
from tests.providers.factories import ServiceFactory
from tests.quality.factories import CompletedVisitFactory, PlannedVisitFactory, days_ago

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 10)


def _visited(service, on):
    return CompletedVisitFactory(service=service, visit_date=on)


def _level(service, level):
    ServiceState.objects.update_or_create(service=service, defaults={"level": level})


def test_the_default_frequencies_follow_the_domain(db):
    rows = {
        f.level: (f.interval_months, f.interval_days, f.unannounced)
        for f in VisitFrequency.objects.all()
    }
    assert rows == {
        0: (12, 0, False),
        1: (3, 0, False),
        2: (1, 0, False),
        3: (0, 14, True),
        4: (0, 7, True),
    }


@pytest.mark.parametrize(
    ("level", "due"),
    [
        (Level.ROUTINE, datetime.date(2027, 1, 31)),
        (Level.ONE, datetime.date(2026, 4, 30)),  # 31 January + 3 months: end of April
        (Level.TWO, datetime.date(2026, 2, 28)),
        (Level.THREE, datetime.date(2026, 2, 14)),
        (Level.FOUR, datetime.date(2026, 2, 7)),
    ],
)
def test_next_due_is_the_last_visit_plus_the_interval_for_the_current_level(level, due):
    service = ServiceFactory()
    _visited(service, datetime.date(2026, 1, 31))
    _visited(service, datetime.date(2025, 6, 1))
    if level:
        _level(service, level)
    row = next_visit(service=service, today=TODAY)
    assert row.last_visit_on == datetime.date(2026, 1, 31)
    assert row.next_due == due
    assert row.unannounced == (level >= Level.THREE)


def test_an_earlier_planned_visit_is_the_next_due_date():
    service = ServiceFactory()
    _visited(service, datetime.date(2026, 1, 1))
    planned = PlannedVisitFactory(service=service, planned_date=datetime.date(2026, 8, 1))
    row = next_visit(service=service, today=TODAY)
    assert row.next_due == datetime.date(2026, 8, 1)
    assert row.next_planned_id == planned.pk
    assert row.due_status == "scheduled"


def test_a_later_planned_visit_does_not_hide_an_overdue_one():
    service = ServiceFactory()
    _visited(service, datetime.date(2026, 1, 1))
    _level(service, Level.TWO)
    PlannedVisitFactory(service=service, planned_date=datetime.date(2026, 8, 1))
    row = next_visit(service=service, today=TODAY)
    assert row.next_due == datetime.date(2026, 2, 1)
    assert row.due_status == "overdue"


def test_a_service_never_visited_and_not_planned_is_not_yet_visited():
    row = next_visit(service=ServiceFactory(), today=TODAY)
    assert row.next_due is None
    assert row.due_status == "never"


def test_drafts_and_cancelled_visits_do_not_count():
    service = ServiceFactory()
    CompletedVisitFactory(service=service, status=VisitStatus.DRAFT, visit_date=days_ago(1))
    row = next_visit(service=service, today=TODAY)
    assert row.last_visit_on is None


def test_an_administrator_changes_a_frequency_and_the_schedule_follows(admin):
    service = ServiceFactory()
    _visited(service, datetime.date(2026, 1, 10))
    frequency = VisitFrequency.objects.get(level=Level.ROUTINE)
    visit_frequency_update(
        acting_user=admin,
        frequency=frequency,
        interval_months=6,
        interval_days=0,
        unannounced=False,
    )
    assert next_visit(service=service, today=TODAY).next_due == datetime.date(2026, 7, 10)


def test_an_officer_sees_their_portfolio_and_a_manager_the_team(officer, other_officer, chair):
    mine = ServiceFactory(contract_officer=officer)
    theirs = ServiceFactory(contract_officer=other_officer)
    ServiceFactory(contract_officer=officer, closed_on=days_ago(3), registered_on=days_ago(900))
    assert list(schedule(user=officer, today=TODAY)) == [mine]
    assert set(schedule(user=chair, today=TODAY)) == {mine, theirs}
    assert list(schedule(user=chair, officer=other_officer, today=TODAY)) == [theirs]


def test_overdue_services_come_first_and_are_counted(officer):
    never = ServiceFactory(contract_officer=officer, name="B never")
    late = ServiceFactory(contract_officer=officer, name="C late")
    _visited(late, datetime.date(2025, 1, 1))
    fine = ServiceFactory(contract_officer=officer, name="A fine")
    _visited(fine, datetime.date(2026, 6, 1))
    rows = schedule(user=officer, today=TODAY)
    assert list(rows) == [late, never, fine]
    assert schedule_counts(rows) == {
        "overdue": 1,
        "due_soon": 0,
        "never": 1,
        "scheduled": 1,
        "total": 3,
    }


def test_the_schedule_page_runs_a_fixed_number_of_queries(
    client, officer, django_assert_max_num_queries
):
    client.force_login(officer)
    for number in range(30):
        service = ServiceFactory(contract_officer=officer)
        if number % 2:
            _visited(service, days_ago(400))
        if number % 3 == 0:
            PlannedVisitFactory(service=service)
        if number % 5 == 0:
            _level(service, number % 5)
    client.get(reverse("quality:schedule"))  # warm the session and permission caches
    with django_assert_max_num_queries(12):
        response = client.get(reverse("quality:schedule"))
    assert response.status_code == 200
    assert response.content.decode().count('class="govuk-table__row"') == 31


def test_a_manager_filters_the_schedule_by_officer(client, chair, officer, other_officer):
    ServiceFactory(contract_officer=officer, name="Olu's home")
    ServiceFactory(contract_officer=other_officer, name="Cara's home")
    client.force_login(chair)
    html = client.get(reverse("quality:schedule"), {"officer": other_officer.pk}).content.decode()
    assert "Cara&#x27;s home" in html
    assert "Olu&#x27;s home" not in html


def test_the_schedule_is_not_for_partner_members(client, partner):
    client.force_login(partner)
    assert client.get(reverse("quality:schedule")).status_code == 403
