"""Factories for the market register: providers, services, contracts, ratings, BCP checks."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from providers.models import (
    BusinessContinuityCheck,
    CapacityUnit,
    ClientGroup,
    Contract,
    ContractType,
    CQCRating,
    Provider,
    Rating,
    Scale,
    Service,
    ServiceType,
    Size,
)


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Test Provider {n:04d} Ltd")
    cqc_provider_id = factory.Sequence(lambda n: f"1-1{n:08d}")
    scale = Scale.LOCAL
    size = Size.SMALL


class ServiceFactory(factory.django.DjangoModelFactory):
    """An open, in-area residential care home for older people."""

    class Meta:
        model = Service

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Test Service {n:04d}")
    service_type = ServiceType.RESIDENTIAL
    client_group = ClientGroup.OLDER_PEOPLE
    cqc_location_id = factory.Sequence(lambda n: f"1-2{n:08d}")
    capacity = 30
    capacity_unit = CapacityUnit.BEDS
    registered_manager = "Alex Manager"
    address_line_1 = factory.Sequence(lambda n: f"{n % 200 + 1} Test Street")
    town = "Northmoor"
    postcode = factory.Sequence(lambda n: f"NM{n % 19 + 1} {n % 9 + 1}AB")
    in_area = True


class ContractFactory(factory.django.DjangoModelFactory):
    """A spot contract live today, with no end date."""

    class Meta:
        model = Contract

    service = factory.SubFactory(ServiceFactory)
    reference = factory.Sequence(lambda n: f"TEST-{n:05d}")
    contract_type = ContractType.SPOT
    start_date = factory.LazyFunction(lambda: _days_ago(365))
    end_date = None
    annual_value = Decimal("500000")
    annual_spend = Decimal("480000")
    council_funded = 10
    health_funded = 0
    jointly_funded = 0
    self_funders = 5
    other_council_placed = 0


class CQCRatingFactory(factory.django.DjangoModelFactory):
    """The current rating of a service: Good overall and in every key question."""

    class Meta:
        model = CQCRating

    service = factory.SubFactory(ServiceFactory)
    overall = Rating.GOOD
    safe = Rating.GOOD
    effective = Rating.GOOD
    caring = Rating.GOOD
    responsive = Rating.GOOD
    well_led = Rating.GOOD
    published_on = factory.LazyFunction(lambda: _days_ago(100))
    is_current = True
    source = CQCRating.Source.CQC_API


class BusinessContinuityCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessContinuityCheck

    service = factory.SubFactory(ServiceFactory)
    checked_on = factory.LazyFunction(lambda: _days_ago(30))
    outcome = BusinessContinuityCheck.Outcome.ADEQUATE
