"""Sanctions: placement stops and restrictions of hours with dates and who authorised them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from escalation.models import Sanction, SanctionImposition, SanctionKind, SanctionScope
from escalation.services import sanction_end, sanction_record
from tests.providers.factories import ServiceFactory
from tests.quality.factories import HomeSupportServiceFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 11, 2)


def _record(service, user, **overrides):
    values = {
        "kind": SanctionKind.PLACEMENT_STOP,
        "imposition": SanctionImposition.IMPOSED,
        "scope": SanctionScope.WHOLE,
        "reason": "Unsafe staffing at night",
        "start_date": START,
        "review_date": START + datetime.timedelta(days=28),
        "authorised_by": user,
        "acting_user": user,
    }
    values.update(overrides)
    return sanction_record(service=service, **values)


def test_a_chair_imposes_a_placement_stop(chair):
    home = ServiceFactory()
    stop = _record(home, chair)
    assert stop.in_force_on(START) and not stop.in_force_on(START - datetime.timedelta(days=1))
    assert stop.authorised_by == chair and stop.recorded_by == chair


def test_officers_cannot_record_sanctions(officer):
    with pytest.raises(PermissionDenied):
        _record(ServiceFactory(contract_officer=officer), officer)


def test_the_authoriser_must_be_a_chair_or_director(chair, officer):
    with pytest.raises(ValidationError) as refused:
        _record(ServiceFactory(), chair, authorised_by=officer)
    assert "Select a panel chair or director" in str(refused.value)
    assert not Sanction.objects.exists()


def test_a_restriction_of_hours_is_for_home_support(chair):
    with pytest.raises(ValidationError) as refused:
        _record(ServiceFactory(), chair, kind=SanctionKind.RESTRICTION_OF_HOURS)
    assert "only for home support" in str(refused.value)
    restriction = _record(
        HomeSupportServiceFactory(),
        chair,
        kind=SanctionKind.RESTRICTION_OF_HOURS,
        scope=SanctionScope.PARTIAL,
        scope_detail="No new packages over 20 hours a week",
        imposition=SanctionImposition.VOLUNTARY,
    )
    assert restriction.scope_detail == "No new packages over 20 hours a week"


def test_dates_and_partial_scope_are_checked(chair):
    home = ServiceFactory()
    with pytest.raises(ValidationError) as refused:
        _record(
            home,
            chair,
            scope=SanctionScope.PARTIAL,
            review_date=START - datetime.timedelta(days=1),
            start_date=START,
        )
    errors = refused.value.message_dict
    assert errors["scope_detail"] == ["Enter what the partial sanction covers"]
    assert errors["review_date"] == ["The review date must be on or after the start date"]
    assert not Sanction.objects.exists()


def test_lifting_a_sanction_records_when_and_why(chair):
    stop = _record(ServiceFactory(), chair)
    with pytest.raises(ValidationError):
        sanction_end(sanction=stop, end_date=None, reason="", acting_user=chair)
    sanction_end(
        sanction=stop,
        end_date=START + datetime.timedelta(days=40),
        reason="Improved",
        acting_user=chair,
    )
    stop.refresh_from_db()
    assert stop.end_reason == "Improved"
    assert not stop.in_force_on(START + datetime.timedelta(days=40))


def test_the_sanction_form_reports_every_missing_answer(client, chair):
    home = ServiceFactory()
    client.force_login(chair)
    response = client.post(reverse("escalation:sanction-add", args=[home.pk]), {})
    text = response.content.decode()
    for message in (
        "Select the kind of sanction",
        "Select whether the sanction is voluntary or imposed",
        "Enter the reason for the sanction",
        "Enter the start date",
        "Enter the review date",
    ):
        assert message in text
    assert not Sanction.objects.exists()


def test_a_sanction_recorded_on_the_page_shows_on_the_level_page(client, chair, director):
    home = ServiceFactory()
    client.force_login(chair)
    response = client.post(
        reverse("escalation:sanction-add", args=[home.pk]),
        {
            "kind": "placement_stop",
            "imposition": "imposed",
            "scope": "whole",
            "reason": "Fire doors propped open",
            "start_date_day": "2",
            "start_date_month": "11",
            "start_date_year": "2026",
            "review_date_day": "30",
            "review_date_month": "11",
            "review_date_year": "2026",
            "authorised_by": str(director.pk),
        },
        follow=True,
    )
    text = response.content.decode()
    assert "Sanction recorded" in text
    assert "Fire doors propped open" in text
    assert Sanction.objects.get().authorised_by == director
