"""The named rules of quality assurance, each on its own."""

from __future__ import annotations

import datetime

import pytest
import rules
from django.contrib.auth.models import Permission

from quality.models import AreaRating, VisitType
from quality.rules import (
    action_is_overdue,
    completion_errors,
    due_status,
    figures_errors,
    month_is_recordable,
    visit_types_for_service,
    visit_types_for_user,
)
from tests.providers.factories import ServiceFactory

TODAY = datetime.date(2026, 3, 15)


def _all_good(visit_type=VisitType.MONITORING):
    from quality.models import areas_for

    return {
        "visit_date": TODAY,
        "overall_rating": AreaRating.GOOD,
        "summary": "Fine",
        "areas": {area.value: {"rating": "good", "evidence": ""} for area in areas_for(visit_type)},
    }


def test_a_visit_with_every_area_rated_can_be_completed():
    assert completion_errors(visit_type=VisitType.MONITORING, data=_all_good(), today=TODAY) == {}


def test_a_visit_dated_tomorrow_cannot_be_completed():
    data = _all_good() | {"visit_date": TODAY + datetime.timedelta(days=1)}
    errors = completion_errors(visit_type=VisitType.MONITORING, data=data, today=TODAY)
    assert errors == {"visit_date": "The visit date must be today or in the past"}


def test_each_unrated_area_is_named_in_its_message():
    data = _all_good()
    data["areas"]["staffing"]["rating"] = ""
    del data["areas"]["views"]
    errors = completion_errors(visit_type=VisitType.MONITORING, data=data, today=TODAY)
    assert errors == {
        "staffing_rating": "Select a rating for staffing levels and recruitment",
        "views_rating": "Select a rating for views of people using the service",
    }


def test_an_area_rated_inadequate_needs_its_evidence():
    data = _all_good()
    data["areas"]["safeguarding"] = {"rating": "inadequate", "evidence": "  "}
    errors = completion_errors(visit_type=VisitType.MONITORING, data=data, today=TODAY)
    assert errors == {"safeguarding_evidence": "Enter the evidence for safeguarding"}


def test_not_assessed_counts_as_a_rating():
    data = _all_good()
    data["areas"]["partnership"]["rating"] = AreaRating.NOT_ASSESSED
    assert completion_errors(visit_type=VisitType.MONITORING, data=data, today=TODAY) == {}


def test_a_clinical_visit_rates_the_seven_clinical_areas_only():
    errors = completion_errors(
        visit_type=VisitType.CLINICAL,
        data={"visit_date": TODAY, "overall_rating": "good", "summary": "x", "areas": {}},
        today=TODAY,
    )
    assert set(errors) == {
        "infection_rating",
        "tissue_viability_rating",
        "falls_rating",
        "medicines_rating",
        "nutrition_rating",
        "dementia_rating",
        "end_of_life_rating",
    }


def test_a_desktop_review_needs_the_host_councils_view_and_an_outcome():
    errors = completion_errors(
        visit_type=VisitType.DESKTOP_REVIEW, data={"visit_date": TODAY}, today=TODAY
    )
    assert errors == {
        "host_council_view": "Enter the host council's view",
        "overall_rating": "Select the overall rating",
        "summary": "Enter the overall outcome",
    }


def test_a_missing_visit_date_says_enter_the_visit_date():
    data = _all_good() | {"visit_date": None}
    errors = completion_errors(visit_type=VisitType.MONITORING, data=data, today=TODAY)
    assert errors == {"visit_date": "Enter the visit date"}


@pytest.mark.parametrize(
    ("next_due", "expected"),
    [
        (None, "never"),
        (TODAY - datetime.timedelta(days=1), "overdue"),
        (TODAY, "due_soon"),
        (TODAY + datetime.timedelta(days=28), "due_soon"),
        (TODAY + datetime.timedelta(days=29), "scheduled"),
    ],
)
def test_due_status(next_due, expected):
    assert due_status(next_due, today=TODAY) == expected


def test_an_open_action_past_its_due_date_is_overdue_but_a_done_one_is_not():
    yesterday = TODAY - datetime.timedelta(days=1)
    assert action_is_overdue(status="open", due_on=yesterday, today=TODAY)
    assert action_is_overdue(status="in_progress", due_on=yesterday, today=TODAY)
    assert not action_is_overdue(status="done", due_on=yesterday, today=TODAY)
    assert not action_is_overdue(status="open", due_on=TODAY, today=TODAY)


def test_call_monitoring_figures_must_add_up():
    assert (
        figures_errors(
            {
                "planned_visits": 100,
                "delivered_visits": 90,
                "missed_visits": 10,
                "late_visits": 5,
                "short_visits": 5,
            }
        )
        == {}
    )
    assert figures_errors(
        {
            "planned_visits": 100,
            "delivered_visits": 101,
            "missed_visits": 0,
            "late_visits": 0,
            "short_visits": 0,
        }
    ) == {"delivered_visits": "Delivered visits must be no more than planned visits"}
    assert figures_errors(
        {
            "planned_visits": 100,
            "delivered_visits": 95,
            "missed_visits": 10,
            "late_visits": 96,
            "short_visits": 0,
        }
    ) == {
        "missed_visits": "Delivered and missed visits together must be no more than planned visits",
        "late_visits": "Late visits must be no more than delivered visits",
    }


def test_figures_can_be_recorded_for_this_month_but_not_next():
    assert month_is_recordable(datetime.date(2026, 3, 1), today=TODAY)
    assert not month_is_recordable(datetime.date(2026, 4, 1), today=TODAY)


@pytest.mark.django_db
def test_a_desktop_review_is_offered_for_out_of_area_services_only():
    assert VisitType.DESKTOP_REVIEW not in visit_types_for_service(ServiceFactory(in_area=True))
    assert VisitType.DESKTOP_REVIEW in visit_types_for_service(ServiceFactory(in_area=False))


@pytest.mark.django_db
def test_a_nurse_records_clinical_visits_only_and_an_officer_any_for_their_portfolio(
    officer, other_officer, nurse
):
    service = ServiceFactory(contract_officer=officer)
    assert visit_types_for_user(nurse, service) == [VisitType.CLINICAL]
    assert VisitType.MONITORING in visit_types_for_user(officer, service)
    assert visit_types_for_user(other_officer, service) == []


@pytest.mark.django_db
def test_no_quality_rule_shares_a_name_with_a_model_permission():
    # A rule named like a model permission would ask itself for that permission, forever.
    model_perms = {
        f"quality.{codename}"
        for codename in Permission.objects.filter(content_type__app_label="quality").values_list(
            "codename", flat=True
        )
    }
    quality_rules = {name for name in rules.permissions.permissions if name.startswith("quality.")}
    assert quality_rules
    assert not quality_rules & model_perms
