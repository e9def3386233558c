"""The mapping of one CQC location to register values (pure functions, no database)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from providers.cqc import mapping
from providers.models import ClientGroup, Rating, ServiceType
from tests.cqc_import.conftest import recorded_details


def _location(*gac: tuple[str, str], care_home="N", specialisms=(), **extra) -> dict:
    return {
        "locationId": "1-1",
        "type": "Social Care Org",
        "careHome": care_home,
        "gacServiceTypes": [{"name": n, "description": d} for n, d in gac],
        "specialisms": [{"name": s} for s in specialisms],
        **extra,
    }


HOMECARE = ("Homecare agencies", "Domiciliary care service")
SUPPORTED_LIVING = ("Supported living", "Supported living service")
RESIDENTIAL = ("Residential homes", "Care home service without nursing")
NURSING = ("Nursing homes", "Care home service with nursing")
EXTRA_CARE = ("Supported housing", "Extra Care housing services")
SHARED_LIVES = ("Shared lives", "Shared Lives")


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        (_location(RESIDENTIAL, care_home="Y"), ServiceType.RESIDENTIAL),
        (_location(NURSING, care_home="Y"), ServiceType.NURSING),
        (_location(HOMECARE, NURSING, care_home="Y"), ServiceType.NURSING),
        (_location(HOMECARE, RESIDENTIAL, care_home="Y"), ServiceType.RESIDENTIAL),
        (_location(HOMECARE), ServiceType.HOME_SUPPORT),
        (_location(HOMECARE, EXTRA_CARE), ServiceType.HOUSING_WITH_CARE),
        (_location(SUPPORTED_LIVING), ServiceType.SUPPORTED_LIVING),
        (_location(SHARED_LIVES), ServiceType.SUPPORTED_LIVING),
        # An agency registered for both is supported living when it specialises in
        # learning disability, autism or mental health, home support otherwise.
        (
            _location(HOMECARE, SUPPORTED_LIVING, specialisms=["Learning disabilities"]),
            ServiceType.SUPPORTED_LIVING,
        ),
        (
            _location(HOMECARE, SUPPORTED_LIVING, specialisms=["Dementia"]),
            ServiceType.HOME_SUPPORT,
        ),
        # No careHome flag: the GAC type decides.
        (
            {**_location(NURSING), "careHome": None},
            ServiceType.NURSING,
        ),
    ],
)
def test_service_type_follows_the_mapping_table(location, expected):
    assert mapping.service_type_for(location) == expected


@pytest.mark.parametrize(
    ("specialisms", "expected"),
    [
        (["Caring for adults over 65 yrs", "Dementia", "Learning disabilities"], "older_people"),
        (["Caring for adults over 65 yrs", "Learning disabilities", "Mental health conditions"], "ld_autism"),
        (["Autism"], "ld_autism"),
        (["Caring for adults under 65 yrs", "Mental health conditions"], "mental_health"),
        (["Physical disabilities", "Sensory impairment"], "physical_disability"),
        (["Caring for adults over 65 yrs"], "older_people"),
        (["Services for everyone"], "older_people"),
        ([], "older_people"),
    ],
)  # fmt: skip
def test_client_group_is_the_most_specific_specialism(specialisms, expected):
    assert mapping.client_group_for(_location(specialisms=specialisms)) == ClientGroup(expected)


def test_registered_managers_are_named_once_each_without_title():
    contact = {
        "personTitle": "Mrs",
        "personGivenName": "Ann",
        "personFamilyName": "Lee",
        "personRoles": ["Registered Manager"],
    }
    nominated = {
        "personGivenName": "Bob",
        "personFamilyName": "Stone",
        "personRoles": ["Nominated Individual"],
    }
    second = {**contact, "personGivenName": "Cy", "personFamilyName": "Ray"}
    detail = {
        "regulatedActivities": [
            {"name": "Personal care", "contacts": [contact, nominated]},
            {"name": "Accommodation", "contacts": [contact, second]},
        ]
    }
    assert mapping.registered_manager_for(detail) == "Ann Lee and Cy Ray"
    assert mapping.registered_manager_for({"regulatedActivities": [{"contacts": []}]}) == ""


def test_key_question_ratings_are_looked_up_by_name_in_any_order_and_case():
    detail = {
        "currentRatings": {
            "overall": {
                "rating": "Requires Improvement",
                "reportDate": "2024-05-01",
                "keyQuestionRatings": [
                    {"name": "Well-led", "rating": "Inadequate"},
                    {"name": "Safe", "rating": "requires improvement"},
                    {"name": "Caring", "rating": "Good"},
                    {"name": "Effective", "rating": "Outstanding"},
                    {"name": "Responsive", "rating": "Good"},
                ],
            }
        }
    }
    assert mapping.rating_values(detail) == {
        "overall": Rating.REQUIRES_IMPROVEMENT,
        "safe": Rating.REQUIRES_IMPROVEMENT,
        "effective": Rating.OUTSTANDING,
        "caring": Rating.GOOD,
        "responsive": Rating.GOOD,
        "well_led": Rating.INADEQUATE,
        "published_on": date(2024, 5, 1),
    }


def test_a_location_with_no_current_ratings_or_no_judgement_is_not_yet_rated():
    assert mapping.rating_values({}) is None
    no_judgement = {"currentRatings": {"overall": {"rating": "No published rating"}}}
    assert mapping.rating_values(no_judgement) is None


def test_deregistration_is_read_from_the_status_and_date():
    detail = {"registrationStatus": "Deregistered", "deregistrationDate": "2024-07-17"}
    assert mapping.is_deregistered(detail) and not mapping.is_registered(detail)
    assert mapping.deregistration_date(detail) == date(2024, 7, 17)


def test_home_support_is_created_without_beds_and_care_homes_with_them():
    home = mapping.service_create_values(_location(RESIDENTIAL, care_home="Y", numberOfBeds=30))
    agency = mapping.service_create_values(_location(HOMECARE, numberOfBeds=0))
    assert (home["capacity"], home["capacity_unit"]) == (30, "beds")
    assert (agency["capacity"], agency["capacity_unit"]) == (None, "hours")


def test_refresh_leaves_the_councils_own_fields_alone():
    values = mapping.service_refresh_values(_location(HOMECARE, SUPPORTED_LIVING))
    assert not {"client_group", "service_type", "capacity", "in_area"} & set(values)


def test_every_recorded_registered_location_maps_to_a_type_and_group(cqc_data_dir):
    registered = [
        d for d in recorded_details() if mapping.is_social_care(d) and mapping.is_registered(d)
    ]
    types = Counter(mapping.service_create_values(d)["service_type"] for d in registered)
    assert len(registered) == 106
    assert types[ServiceType.RESIDENTIAL] == 36
    assert types[ServiceType.NURSING] == 8
    assert sum(types.values()) == 106
