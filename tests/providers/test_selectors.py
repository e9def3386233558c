"""Reads: the service list's search, filters and sort, portfolios, spend."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from providers import selectors
from tests.providers.factories import (
    ContractFactory,
    CQCRatingFactory,
    ProviderFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _names(queryset) -> list[str]:
    return [s.name for s in queryset]


def test_search_finds_a_service_by_postcode_with_or_without_the_space(officer):
    ServiceFactory(name="Heatherholt House", postcode="NM4 7QX")
    ServiceFactory(name="Elsewhere", postcode="NM9 1AB")
    for query in ("NM4 7QX", "nm47qx", "NM4 7"):
        assert _names(selectors.service_list(user=officer, filters={"q": query})) == [
            "Heatherholt House"
        ]


def test_search_finds_a_service_by_name_or_cqc_location_id(officer):
    ServiceFactory(name="Quillwick Lodge", cqc_location_id="1-555000111")
    ServiceFactory(name="Other Place")
    assert _names(selectors.service_list(user=officer, filters={"q": "quillwick"})) == [
        "Quillwick Lodge"
    ]
    assert _names(selectors.service_list(user=officer, filters={"q": "1-555000111"})) == [
        "Quillwick Lodge"
    ]


def test_contracted_means_a_contract_live_today(officer):
    live = ServiceFactory(name="Live")
    ContractFactory(service=live)
    ended = ServiceFactory(name="Ended")
    ContractFactory(
        service=ended,
        start_date=TODAY - datetime.timedelta(days=800),
        end_date=TODAY - datetime.timedelta(days=1),
    )
    future = ServiceFactory(name="Future")
    ContractFactory(service=future, start_date=TODAY + datetime.timedelta(days=10))
    ServiceFactory(name="None")
    assert _names(selectors.service_list(user=officer, filters={"contracted": "yes"})) == ["Live"]
    assert _names(selectors.service_list(user=officer, filters={"contracted": "no"})) == [
        "Ended",
        "Future",
        "None",
    ]


def test_filters_combine(officer, other_officer):
    match = ServiceFactory(
        name="Match", service_type="nursing", client_group="mental_health", contract_officer=officer
    )
    CQCRatingFactory(service=match, overall="requires_improvement")
    ServiceFactory(
        name="Wrong type",
        service_type="residential",
        client_group="mental_health",
        contract_officer=officer,
    )
    ServiceFactory(
        name="Wrong officer",
        service_type="nursing",
        client_group="mental_health",
        contract_officer=other_officer,
    )
    ServiceFactory(
        name="Closed",
        service_type="nursing",
        client_group="mental_health",
        contract_officer=officer,
        closed_on=TODAY,
    )
    filters = {
        "service_type": "nursing",
        "client_group": "mental_health",
        "officer": officer,
        "status": "open",
        "area": "in",
        "rating": "requires_improvement",
    }
    assert _names(selectors.service_list(user=officer, filters=filters)) == ["Match"]


def test_the_not_yet_rated_filter_includes_services_with_no_rating(officer):
    CQCRatingFactory(service=ServiceFactory(name="Rated"))
    CQCRatingFactory(service=ServiceFactory(name="Awaiting"), overall="not_rated")
    ServiceFactory(name="Never")
    assert _names(selectors.service_list(user=officer, filters={"rating": "not_rated"})) == [
        "Awaiting",
        "Never",
    ]


def test_sort_by_rating_puts_the_worst_first(officer):
    for name, rating in [
        ("A", "good"),
        ("B", "inadequate"),
        ("C", "outstanding"),
        ("D", "requires_improvement"),
    ]:
        CQCRatingFactory(service=ServiceFactory(name=name), overall=rating)
    ServiceFactory(name="E")
    assert _names(selectors.service_list(user=officer, filters={"sort": "rating"})) == [
        "B",
        "D",
        "A",
        "C",
        "E",
    ]


def test_sort_by_officer_and_type(officer, other_officer):
    ServiceFactory(name="Z", contract_officer=other_officer, service_type="home_support")  # Cara
    ServiceFactory(name="Y", contract_officer=officer, service_type="nursing")  # Olu
    ServiceFactory(name="X", service_type="residential")
    assert _names(selectors.service_list(user=officer, filters={"sort": "officer"})) == [
        "Z",
        "Y",
        "X",
    ]
    assert _names(selectors.service_list(user=officer, filters={"sort": "type"})) == ["Z", "Y", "X"]


def test_my_services_are_the_officers_or_nurses_portfolio(officer, nurse, other_officer):
    ServiceFactory(name="Mine", contract_officer=officer)
    ServiceFactory(name="Clinical", contract_officer=other_officer, clinical_nurse=nurse)
    ServiceFactory(name="Theirs", contract_officer=other_officer)
    assert _names(selectors.my_services(user=officer)) == ["Mine"]
    assert _names(selectors.my_services(user=nurse)) == ["Clinical"]


def test_someone_without_view_service_sees_no_services(db):
    from tests.accounts.factories import UserFactory

    ServiceFactory()
    assert not selectors.service_list(user=UserFactory()).exists()


def test_provider_spend_counts_only_live_contracts():
    provider = ProviderFactory()
    ContractFactory(service=ServiceFactory(provider=provider), annual_spend=Decimal("600000"))
    ContractFactory(service=ServiceFactory(provider=provider), annual_spend=Decimal("500000.50"))
    ContractFactory(
        service=ServiceFactory(provider=provider),
        annual_spend=Decimal("999999"),
        start_date=TODAY - datetime.timedelta(days=900),
        end_date=TODAY - datetime.timedelta(days=30),
    )
    assert selectors.provider_live_spend(provider=provider) == Decimal("1100000.50")


def test_partners_get_no_contracts(partner, officer):
    contract = ContractFactory()
    assert not selectors.contracts_for_service(user=partner, service=contract.service).exists()
    assert list(selectors.contracts_for_service(user=officer, service=contract.service)) == [
        contract
    ]
