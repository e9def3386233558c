"""Every change goes through a service function: validated, in one transaction, attributed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from pghistory.models import Events

from providers import services
from providers.models import BusinessContinuityCheck, Contract, CQCRating, Provider, Service
from tests.providers.factories import (
    ContractFactory,
    CQCRatingFactory,
    ProviderFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def test_provider_create_tidies_and_saves(officer):
    provider = services.provider_create(
        acting_user=officer,
        name="  Quillmere Care Ltd ",
        cqc_provider_id="",
        scale="regional",
        size="medium",
        head_office_postcode="nm14ab",
    )
    provider.refresh_from_db()
    assert provider.name == "Quillmere Care Ltd"
    assert provider.cqc_provider_id is None
    assert provider.head_office_postcode == "NM1 4AB"


def test_provider_create_refuses_a_duplicate_cqc_id_and_saves_nothing(officer):
    ProviderFactory(cqc_provider_id="1-101234567")
    with pytest.raises(ValidationError):
        services.provider_create(
            acting_user=officer,
            name="Copy",
            cqc_provider_id="1-101234567",
            scale="local",
            size="small",
        )
    assert Provider.objects.count() == 1


def test_service_create_and_update_record_who_changed_it(officer):
    provider = ProviderFactory()
    service = services.service_create(
        acting_user=officer,
        provider=provider,
        name="Larkholt House",
        service_type="nursing",
        client_group="older_people",
        postcode="nm3 2qx",
        contract_officer=officer,
    )
    assert service.postcode == "NM3 2QX"
    services.service_update(acting_user=officer, service=service, registered_manager="Jo Stott")
    service.refresh_from_db()
    assert service.registered_manager == "Jo Stott"
    events = Events.objects.tracks(service).order_by("pgh_created_at")
    assert events.count() == 2
    assert all(e.pgh_context["user_email"] == officer.email for e in events)


def test_service_update_clears_the_host_council_of_an_in_area_service(officer):
    from providers.models import LocalAuthority

    host = LocalAuthority.objects.first()
    service = ServiceFactory(in_area=False, host_authority=host)
    services.service_update(acting_user=officer, service=service, in_area=True)
    service.refresh_from_db()
    assert service.host_authority is None


def test_service_functions_take_keyword_arguments_only(officer):
    with pytest.raises(TypeError):
        services.service_update(officer, ServiceFactory())  # type: ignore[misc]


def test_service_update_refuses_unknown_fields(officer):
    with pytest.raises(TypeError):
        services.service_update(acting_user=officer, service=ServiceFactory(), colour="red")


def test_contract_create_refuses_an_end_before_the_start(officer):
    service = ServiceFactory()
    with pytest.raises(ValidationError):
        services.contract_create(
            acting_user=officer,
            service=service,
            reference="NM-1",
            contract_type="spot",
            start_date=datetime.date(2024, 4, 1),
            end_date=datetime.date(2024, 1, 1),
        )
    assert not Contract.objects.exists()


def test_contract_update_changes_the_terms(officer):
    contract = ContractFactory()
    services.contract_update(acting_user=officer, contract=contract, council_funded=22)
    contract.refresh_from_db()
    assert contract.council_funded == 22


def test_recording_a_new_rating_flips_the_previous_current_one(officer):
    service = ServiceFactory()
    old = CQCRatingFactory(service=service, overall="good", published_on=datetime.date(2022, 5, 1))
    new = services.rating_record(
        acting_user=officer,
        service=service,
        overall="requires_improvement",
        published_on=datetime.date(2025, 2, 1),
        safe="requires_improvement",
    )
    old.refresh_from_db()
    assert new.is_current and not old.is_current
    assert new.source == CQCRating.Source.MANUAL
    assert new.effective == "not_rated"
    assert CQCRating.objects.filter(service=service, is_current=True).get() == new


def test_an_older_rating_goes_into_the_history(officer):
    service = ServiceFactory()
    current = CQCRatingFactory(service=service, published_on=datetime.date(2025, 1, 1))
    older = services.rating_record(
        acting_user=officer, service=service, overall="good", published_on=datetime.date(2020, 1, 1)
    )
    current.refresh_from_db()
    assert current.is_current and not older.is_current


def test_a_refused_rating_leaves_the_current_one_current(officer):
    service = ServiceFactory()
    current = CQCRatingFactory(service=service, published_on=datetime.date(2022, 1, 1))
    with pytest.raises(ValidationError):
        services.rating_record(
            acting_user=officer,
            service=service,
            overall="not-a-rating",
            published_on=datetime.date(2024, 1, 1),
        )
    current.refresh_from_db()
    assert current.is_current
    assert CQCRating.objects.count() == 1


def test_bcp_check_record_notes_who_checked(officer):
    service = ServiceFactory()
    check = services.bcp_check_record(
        acting_user=officer,
        service=service,
        checked_on=datetime.date(2025, 6, 1),
        outcome="needs_work",
        notes=" Staffing section missing ",
    )
    assert check.checked_by == officer
    assert check.notes == "Staffing section missing"
    assert BusinessContinuityCheck.objects.count() == 1


def test_a_service_with_a_bad_closing_date_is_not_saved(officer):
    provider = ProviderFactory()
    with pytest.raises(ValidationError):
        services.service_create(
            acting_user=officer,
            provider=provider,
            name="Bad dates",
            service_type="residential",
            client_group="older_people",
            registered_on=datetime.date(2020, 1, 1),
            closed_on=datetime.date(2019, 1, 1),
        )
    assert not Service.objects.exists()
