"""Deleting the people of incidents closed longer ago than the retention period."""

from __future__ import annotations

import datetime
import os

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from failure_plan import services
from failure_plan.models import AffectedPerson, Reservation
from failure_plan.tasks import purge_expired_people
from tests.failure_plan.factories import AffectedPersonFactory, VacancyFactory, open_incident

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _closed_incident(officer, *, days_ago: int, people: int = 2, title="Closed"):
    incident = open_incident(
        lead=officer, title=title, notice_at=NOW - datetime.timedelta(days=days_ago + 10)
    )
    for _ in range(people):
        services.person_add(
            acting_user=officer,
            incident=incident,
            full_name="Edith Marsh",
            service=incident.services.first(),
            funding="council",
        )
    services.incident_close(
        acting_user=officer,
        incident=incident,
        went_well="a",
        to_improve="b",
        actions="c",
        now=NOW - datetime.timedelta(days=days_ago),
    )
    return incident


def test_people_of_incidents_closed_longer_ago_than_the_period_are_deleted(officer, settings):
    settings.OVERSIGHT_AFFECTED_PEOPLE_RETENTION_DAYS = 365
    old = _closed_incident(officer, days_ago=400, people=3, title="Old")
    recent = _closed_incident(officer, days_ago=100, title="Recent")
    still_open = open_incident(lead=officer, title="Open")
    AffectedPersonFactory(incident=still_open)

    deleted = purge_expired_people()

    assert deleted == 3
    assert not AffectedPerson.objects.filter(incident=old).exists()
    assert AffectedPerson.objects.filter(incident=recent).count() == 2
    assert AffectedPerson.objects.filter(incident=still_open).count() == 1
    old.refresh_from_db()
    assert old.people_purged_count == 3
    assert old.people_purged_at is not None


def test_the_history_copies_of_their_details_go_too(officer):
    old = _closed_incident(officer, days_ago=400)
    ids = list(old.people.values_list("pk", flat=True))
    events = apps.get_model("failure_plan", "AffectedPersonEvent").objects
    assert events.filter(pgh_obj_id__in=ids).exists()

    services.people_purge_expired(now=NOW, days=365)

    assert not events.filter(pgh_obj_id__in=ids).exists()


def test_live_reservations_are_given_back_before_deletion(officer):
    incident = open_incident(lead=officer, notice_at=NOW - datetime.timedelta(days=500))
    person = AffectedPersonFactory(incident=incident)
    vacancy = VacancyFactory(vacancies=2)
    services.vacancy_reserve(acting_user=officer, person=person, vacancy=vacancy)
    services.incident_close(
        acting_user=officer,
        incident=incident,
        went_well="a",
        to_improve="b",
        actions="c",
        now=NOW - datetime.timedelta(days=400),
    )

    services.people_purge_expired(now=NOW, days=365)

    vacancy.refresh_from_db()
    assert vacancy.reserved == 0
    assert not Reservation.objects.exists()


def test_purging_twice_deletes_nothing_more(officer):
    _closed_incident(officer, days_ago=400)

    assert services.people_purge_expired(now=NOW, days=365) == 2
    assert services.people_purge_expired(now=NOW, days=365) == 0


def test_the_management_command_takes_the_period_from_settings_or_the_command_line(
    officer, settings, capsys
):
    settings.OVERSIGHT_AFFECTED_PEOPLE_RETENTION_DAYS = 1000
    _closed_incident(officer, days_ago=400)

    call_command("purge_expired_people")
    assert "Deleted 0 people" in capsys.readouterr().out

    call_command("purge_expired_people", "--days", "30")
    assert "Deleted 2 people of incidents closed more than 30 days ago" in capsys.readouterr().out


def test_the_retention_period_defaults_to_a_year_and_is_documented():
    from pathlib import Path

    from config import settings as project_settings

    if "OVERSIGHT_AFFECTED_PEOPLE_RETENTION_DAYS" not in os.environ:
        assert project_settings.OVERSIGHT_AFFECTED_PEOPLE_RETENTION_DAYS == 365
    example = Path(project_settings.BASE_DIR, ".env.example").read_text()
    assert "# OVERSIGHT_AFFECTED_PEOPLE_RETENTION_DAYS=365" in example
