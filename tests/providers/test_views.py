"""The register's pages and forms, as the people who use them see them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from providers.models import Contract, CQCRating, Provider, Service
from tests.providers.factories import (
    BusinessContinuityCheckFactory,
    ContractFactory,
    CQCRatingFactory,
    ProviderFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _make_services(count: int, officer, nurse) -> None:
    for n in range(count):
        service = ServiceFactory(contract_officer=officer, clinical_nurse=nurse)
        CQCRatingFactory(
            service=service, published_on=TODAY - datetime.timedelta(days=n + 400), is_current=False
        )
        CQCRatingFactory(service=service)
        ContractFactory(service=service)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["providers:service-list", "providers:my-services"])
def test_the_service_list_runs_the_same_queries_for_5_and_50_services(
    signed_in, officer, nurse, url_name
):
    client = signed_in(officer)
    _make_services(5, officer, nurse)
    url = reverse(url_name)
    client.get(url)  # warm caches (content types, sessions)
    five = _queries(client, url)
    _make_services(45, officer, nurse)
    fifty = _queries(client, url)
    assert five == fifty
    assert fifty <= 16


def test_the_service_page_and_exports_do_not_grow_with_the_register(signed_in, officer, nurse):
    client = signed_in(officer)
    _make_services(3, officer, nurse)
    service = Service.objects.first()
    for _ in range(4):
        ContractFactory(service=service)
        CQCRatingFactory(
            service=service, is_current=False, published_on=TODAY - datetime.timedelta(days=2000)
        )
    detail = reverse("providers:service-detail", args=[service.pk])
    exports = reverse("providers:service-export-xlsx")
    client.get(detail)
    before = (_queries(client, detail), _queries(client, exports))
    _make_services(20, officer, nurse)
    for _ in range(4):
        ContractFactory(service=service)
    assert (_queries(client, detail), _queries(client, exports)) == before


def test_the_list_is_paginated_fifty_a_page_with_govuk_pagination(signed_in, officer):
    for n in range(51):
        ServiceFactory(name=f"Service {n:03d}")
    client = signed_in(officer)
    page_one = client.get(reverse("providers:service-list"))
    assert page_one.context["page_obj"].paginator.num_pages == 2
    assert len(page_one.context["services"]) == 50
    assert 'class="govuk-pagination"' in page_one.text
    page_two = client.get(reverse("providers:service-list"), {"page": 2, "sort": "name"})
    assert [s.name for s in page_two.context["services"]] == ["Service 050"]
    assert "?sort=name&amp;page=1" in page_two.text


def test_a_search_by_postcode_shows_the_service_and_keeps_the_filters_in_the_export_link(
    signed_in, officer
):
    ServiceFactory(name="Goldcrest Lodge", postcode="NM7 2PL")
    ServiceFactory(name="Another Home", postcode="NM8 1AA")
    response = signed_in(officer).get(
        reverse("providers:service-list"), {"q": "NM7 2PL", "service_type": "residential"}
    )
    assert "Goldcrest Lodge" in response.text
    assert "Another Home" not in response.text
    assert "1 service" in response.text
    assert (
        f"{reverse('providers:service-export-csv')}?q=NM7+2PL&amp;service_type=residential"
        in response.text
    )


def test_unknown_filter_values_are_ignored(signed_in, officer):
    ServiceFactory(name="Still shown")
    response = signed_in(officer).get(
        reverse("providers:service-list"), {"service_type": "spaceship", "officer": "abc"}
    )
    assert response.status_code == 200
    assert "Still shown" in response.text


def test_the_service_page_shows_everything_an_officer_needs(signed_in, officer, nurse):
    service = ServiceFactory(
        name="Fallowmere House",
        registered_manager="",
        contract_officer=officer,
        clinical_nurse=nurse,
        capacity=42,
    )
    CQCRatingFactory(service=service, overall="requires_improvement", safe="inadequate")
    CQCRatingFactory(
        service=service, is_current=False, published_on=TODAY - datetime.timedelta(days=900)
    )
    ContractFactory(service=service, reference="NM-CH-0042", council_funded=17, health_funded=3)
    BusinessContinuityCheckFactory(service=service, checked_on=TODAY - datetime.timedelta(days=400))
    text = signed_in(officer).get(reverse("providers:service-detail", args=[service.pk])).text
    for expected in (
        "Fallowmere House",
        service.provider.name,
        "42 beds",
        ">Vacant</strong>",
        "NM-CH-0042",
        "17 funded by the council",
        "3 by health (CHC)",
        "Rating history",
        'govuk-tag--red">Inadequate',
        ">Overdue</strong>",
        "Olu Officer",
        "Nia Nurse",
        "Change service details",
        "Add a contract",
    ):
        assert expected in text, expected


def test_partners_see_the_service_but_not_its_contracts(signed_in, partner, officer):
    service = ServiceFactory(contract_officer=officer)
    ContractFactory(service=service, reference="SECRET-REF", annual_spend=Decimal("123456"))
    text = signed_in(partner).get(reverse("providers:service-detail", args=[service.pk])).text
    assert "SECRET-REF" not in text
    assert "£123,456" not in text
    assert "Contracts" not in text
    assert "Change service details" not in text
    provider_text = (
        signed_in(partner)
        .get(reverse("providers:provider-detail", args=[service.provider_id]))
        .text
    )
    assert "Annual spend" not in provider_text


def test_the_provider_page_totals_live_spend_and_flags_over_a_million(signed_in, director):
    provider = ProviderFactory(name="Osierford Care Group", scale="national", size="large")
    here = ServiceFactory(provider=provider, name="Here House")
    away = ServiceFactory(provider=provider, name="Away House", in_area=False)
    ContractFactory(service=here, annual_spend=Decimal("700000"))
    ContractFactory(service=away, annual_spend=Decimal("400000"))
    ServiceFactory(provider=provider, name="Uncontracted House")
    text = signed_in(director).get(reverse("providers:provider-detail", args=[provider.pk])).text
    assert "£1,100,000" in text
    assert "Over £1m annual spend" in text
    assert "National, large" in text
    here_part, elsewhere_part = text.split('<h2 class="govuk-heading-l">Services elsewhere</h2>')
    assert "Here House" in here_part and "Uncontracted House" in here_part
    assert "Away House" in elsewhere_part
    assert "Not contracted" in here_part


# --- forms ---------------------------------------------------------------------------------
def _errors(response) -> list[str]:
    form = response.context["form"]
    return [str(e) for errors in form.errors.values() for e in errors]


def test_an_empty_service_form_gets_govuk_messages_and_saves_nothing(signed_in, officer):
    response = signed_in(officer).post(reverse("providers:service-create"), {})
    assert response.status_code == 200
    errors = _errors(response)
    for message in (
        "Enter the service name",
        "Select a service type",
        "Select a client group",
        "Select the provider",
        "Select yes if the service is in the council's area",
    ):
        assert message in errors
    assert "There is a problem" in response.text
    assert response.text.count("govuk-error-summary__list") == 1
    assert "<title>Error: " in response.text
    assert not Service.objects.exists()


def test_an_out_of_area_service_needs_its_host_council(signed_in, officer):
    provider = ProviderFactory()
    response = signed_in(officer).post(
        reverse("providers:service-create"),
        {
            "provider": provider.pk,
            "name": "Away",
            "service_type": "residential",
            "client_group": "older_people",
            "capacity_unit": "beds",
            "in_area": "False",
        },
    )
    assert "Select the council whose area the service is in" in _errors(response)


def test_an_officer_adds_a_service_and_lands_on_its_page(signed_in, officer):
    provider = ProviderFactory()
    response = signed_in(officer).post(
        reverse("providers:service-create"),
        {
            "provider": provider.pk,
            "name": "Campion Court",
            "service_type": "housing_with_care",
            "client_group": "older_people",
            "capacity": "40",
            "capacity_unit": "places",
            "in_area": "True",
            "postcode": "nm2 4rt",
            "cqc_location_id": "1-444555666",
            "registered_on_day": "3",
            "registered_on_month": "March",
            "registered_on_year": "2019",
            "contract_officer": officer.pk,
        },
    )
    service = Service.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("providers:service-detail", args=[service.pk])
    assert service.postcode == "NM2 4RT"
    assert service.registered_on == datetime.date(2019, 3, 3)


def test_a_duplicate_cqc_location_id_is_explained(signed_in, officer):
    ServiceFactory(cqc_location_id="1-444555666")
    response = signed_in(officer).post(
        reverse("providers:service-create"),
        {
            "provider": ProviderFactory().pk,
            "name": "Copy",
            "service_type": "residential",
            "client_group": "older_people",
            "capacity_unit": "beds",
            "in_area": "True",
            "cqc_location_id": "1-444555666",
        },
    )
    assert "A service with this CQC location ID is already in the register" in _errors(response)


def _contract_data(**overrides) -> dict:
    data = {
        "reference": "NM-CH-1000",
        "contract_type": "block",
        "start_date_day": "1",
        "start_date_month": "4",
        "start_date_year": "2024",
        "end_date_day": "",
        "end_date_month": "",
        "end_date_year": "",
        "annual_value": "£850,000",
        "annual_spend": "812500.50",
        "council_funded": "20",
        "health_funded": "3",
        "jointly_funded": "1",
        "self_funders": "9",
        "other_council_placed": "0",
    }
    data.update(overrides)
    return data


def test_a_contract_that_ends_before_it_starts_is_refused_with_a_govuk_message(signed_in, officer):
    contract = ContractFactory(service=ServiceFactory(contract_officer=officer))
    response = signed_in(officer).post(
        reverse("providers:contract-update", args=[contract.pk]),
        _contract_data(end_date_day="31", end_date_month="3", end_date_year="2024"),
    )
    assert response.status_code == 200
    assert _errors(response) == ["The end date must be the same as or after the start date"]
    assert 'href="#id_end_date_day"' in response.text
    contract.refresh_from_db()
    assert contract.reference != "NM-CH-1000"  # nothing saved


def test_an_officer_changes_a_contract_in_their_portfolio(signed_in, officer):
    contract = ContractFactory(service=ServiceFactory(contract_officer=officer))
    response = signed_in(officer).post(
        reverse("providers:contract-update", args=[contract.pk]), _contract_data()
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.annual_value == Decimal("850000")
    assert contract.annual_spend == Decimal("812500.50")
    assert contract.start_date == datetime.date(2024, 4, 1)
    assert contract.end_date is None


def test_another_officer_cannot_change_the_contract(signed_in, officer, other_officer):
    contract = ContractFactory(service=ServiceFactory(contract_officer=officer))
    response = signed_in(other_officer).post(
        reverse("providers:contract-update", args=[contract.pk]), _contract_data()
    )
    assert response.status_code == 403
    contract.refresh_from_db()
    assert contract.reference != "NM-CH-1000"


def test_contract_form_messages(signed_in, officer):
    service = ServiceFactory(contract_officer=officer)
    response = signed_in(officer).post(
        reverse("providers:contract-create", args=[service.pk]),
        _contract_data(
            reference="",
            contract_type="",
            start_date_day="31",
            start_date_month="2",
            annual_value="lots",
            annual_spend="-5",
            council_funded="two",
        ),
    )
    errors = _errors(response)
    for message in (
        "Enter the contract reference",
        "Select the contract type",
        "Start date must be a real date",
        "Annual value must be an amount in pounds, like 250000",
        "Annual spend must be £0 or more",
        "People funded by the council must be a whole number, like 12",
    ):
        assert message in errors
    assert not Contract.objects.exists()


def test_entering_a_rating_by_hand_makes_it_current(signed_in, officer):
    service = ServiceFactory(contract_officer=officer)
    old = CQCRatingFactory(service=service, published_on=TODAY - datetime.timedelta(days=800))
    response = signed_in(officer).post(
        reverse("providers:rating-create", args=[service.pk]),
        {
            "overall": "inadequate",
            "safe": "inadequate",
            "effective": "requires_improvement",
            "caring": "good",
            "responsive": "requires_improvement",
            "well_led": "inadequate",
            "published_on_day": str(TODAY.day),
            "published_on_month": str(TODAY.month),
            "published_on_year": str(TODAY.year),
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert not old.is_current
    assert CQCRating.objects.get(is_current=True).overall == "inadequate"


def test_rating_form_messages(signed_in, officer):
    service = ServiceFactory(contract_officer=officer)
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = signed_in(officer).post(
        reverse("providers:rating-create", args=[service.pk]),
        {
            "published_on_day": str(tomorrow.day),
            "published_on_month": str(tomorrow.month),
            "published_on_year": str(tomorrow.year),
        },
    )
    errors = _errors(response)
    assert "Select the overall rating" in errors
    assert "Select the rating for Well-led" in errors
    assert "Date the rating was published must be today or in the past" in errors
    assert not CQCRating.objects.exists()


def test_bcp_check_form(signed_in, officer):
    service = ServiceFactory(contract_officer=officer)
    response = signed_in(officer).post(
        reverse("providers:bcp-check-create", args=[service.pk]),
        {"checked_on_day": "1", "checked_on_year": "2025"},
    )
    assert _errors(response) == [
        "Date the plan was checked must include a month",
        "Select the outcome of the check",
    ]
    assert 'href="#id_checked_on_month"' in response.text


def test_provider_form_messages_and_create(signed_in, officer):
    client = signed_in(officer)
    response = client.post(reverse("providers:provider-create"), {"cqc_provider_id": "ABC"})
    errors = _errors(response)
    assert "Enter the provider name" in errors
    assert "Select the provider's scale" in errors
    assert "Select the provider's size" in errors
    assert "Enter the CQC provider ID in the correct format, like 1-123456789" in errors
    assert not Provider.objects.exists()
    response = client.post(
        reverse("providers:provider-create"),
        {"name": "Gorsecombe Care Ltd", "scale": "local", "size": "small"},
    )
    provider = Provider.objects.get()
    assert response["Location"] == reverse("providers:provider-detail", args=[provider.pk])


def test_the_market_analysis_page_renders_the_tables(signed_in, director):
    service = ServiceFactory(service_type="supported_living", client_group="ld_autism")
    ContractFactory(service=service, council_funded=4)
    text = signed_in(director).get(reverse("providers:market-analysis")).text
    assert "Supported living" in text
    assert "Providers in the local market" in text
    assert "Providers with 20% or more of their services rated Inadequate" in text
    assert "CQC ratings compared with England" in text
    assert "Illustrative" in text
