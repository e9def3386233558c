"""The mapping of CQC responses to register values, on the project's own fixtures: CQC's
shapes (fields left out, key questions in any order, rating words in any case) without the
shared real data."""

from __future__ import annotations

import json
from datetime import date

import pytest

from providers.cqc import mapping
from providers.models import ClientGroup, Rating, ServiceType
from tests.cqc_import.conftest import recorded_details
from tests.cqc_import.server import FIXTURES_DIR


def _location(location_id: str) -> dict:
    return json.loads(
        (FIXTURES_DIR / "location_details" / f"location_{location_id}.json").read_text()
    )


def _provider(provider_id: str) -> dict:
    return json.loads(
        (FIXTURES_DIR / "provider_details" / f"provider_{provider_id}.json").read_text()
    )


@pytest.mark.parametrize(
    ("location_id", "service_type", "client_group"),
    [
        ("1-900000101", ServiceType.RESIDENTIAL, ClientGroup.OLDER_PEOPLE),  # dementia first
        ("1-900000102", ServiceType.NURSING, ClientGroup.PHYSICAL_DISABILITY),  # and home care
        ("1-900000103", ServiceType.HOME_SUPPORT, ClientGroup.OLDER_PEOPLE),
        ("1-900000104", ServiceType.SUPPORTED_LIVING, ClientGroup.LEARNING_DISABILITY_AUTISM),
        ("1-900000107", ServiceType.RESIDENTIAL, ClientGroup.MENTAL_HEALTH),
    ],
)
def test_each_registered_location_maps_to_a_type_and_a_client_group(
    location_id, service_type, client_group
):
    detail = _location(location_id)
    assert mapping.is_social_care(detail) and mapping.is_registered(detail)
    values = mapping.service_create_values(detail)
    assert (values["service_type"], values["client_group"]) == (service_type, client_group)
    assert values["cqc_location_id"] == location_id


def test_the_key_questions_are_found_by_name_in_any_order():
    assert mapping.rating_values(_location("1-900000101")) == {
        "overall": Rating.GOOD,
        "safe": Rating.GOOD,
        "effective": Rating.GOOD,
        "caring": Rating.OUTSTANDING,
        "responsive": Rating.GOOD,
        "well_led": Rating.GOOD,
        "published_on": date(2024, 6, 12),
    }


def test_rating_words_are_read_in_whatever_case_cqc_writes_them():
    nursing = mapping.rating_values(_location("1-900000102"))
    assert (nursing["overall"], nursing["safe"], nursing["well_led"], nursing["effective"]) == (
        Rating.REQUIRES_IMPROVEMENT,
        Rating.REQUIRES_IMPROVEMENT,
        Rating.REQUIRES_IMPROVEMENT,
        Rating.REQUIRES_IMPROVEMENT,
    )
    assert mapping.rating_values(_location("1-900000104"))["responsive"] == Rating.OUTSTANDING


def test_no_current_ratings_or_no_judgement_is_not_yet_rated():
    assert mapping.rating_values(_location("1-900000103")) is None  # field left out
    assert mapping.rating_values(_location("1-900000107")) is None  # inspected but not rated


def test_registered_managers_are_named_once_each_and_a_vacancy_is_blank():
    assert mapping.registered_manager_for(_location("1-900000101")) == "Imogen Tarrant"
    assert mapping.registered_manager_for(_location("1-900000102")) == "Tobias Wren and Ana Quill"
    assert mapping.registered_manager_for(_location("1-900000103")) == ""


def test_fields_cqc_leaves_out_come_through_blank_and_postcodes_are_normalised():
    agency = mapping.service_create_values(_location("1-900000103"))
    assert "phone" not in agency  # a number typed in by hand is kept
    assert agency["address_line_2"] == ""
    assert (agency["capacity"], agency["capacity_unit"]) == (None, "hours")
    nursing = mapping.service_create_values(_location("1-900000102"))
    assert (nursing["postcode"], nursing["capacity"], nursing["capacity_unit"]) == (
        "NM2 7QR",
        48,
        "beds",
    )


def test_a_deregistered_location_and_a_dentist_are_recognised():
    old_mill = _location("1-900000105")
    assert mapping.is_deregistered(old_mill) and not mapping.is_registered(old_mill)
    assert mapping.deregistration_date(old_mill) == date(2024, 2, 29)
    assert not mapping.is_social_care(_location("1-900000106"))


def test_provider_values_from_a_provider_detail():
    assert mapping.provider_values(_provider("1-900000001")) == {
        "name": "Heather Care Group Ltd",
        "head_office_address": "Heather House, 1 Station Approach, Lower Moor, Northmoor",
        "head_office_postcode": "NM1 2SA",
        "phone": "01632960001",
    }
    assert "phone" not in mapping.provider_values(_provider("1-900000002"))


def test_every_fixture_location_is_read_by_the_same_helper_as_the_real_data():
    details = recorded_details(FIXTURES_DIR)
    assert [d["locationId"] for d in details] == [f"1-90000010{n}" for n in range(1, 8)]
