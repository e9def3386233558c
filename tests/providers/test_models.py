"""The database refuses what the register must never hold."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from providers.models import CQCRating, RatingBenchmark
from tests.providers.factories import (
    ContractFactory,
    CQCRatingFactory,
    ProviderFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


def _refused(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_two_services_cannot_share_a_cqc_location_id():
    ServiceFactory(cqc_location_id="1-123456789")
    _refused(lambda: ServiceFactory(cqc_location_id="1-123456789"))


def test_two_providers_cannot_share_a_cqc_provider_id():
    ProviderFactory(cqc_provider_id="1-101234567")
    _refused(lambda: ProviderFactory(cqc_provider_id="1-101234567"))


def test_services_without_a_cqc_id_may_be_many_but_never_blank():
    ServiceFactory(cqc_location_id=None)
    ServiceFactory(cqc_location_id=None)
    _refused(lambda: ServiceFactory(cqc_location_id=""))


def test_a_service_has_only_one_current_rating():
    service = ServiceFactory()
    CQCRatingFactory(service=service)
    CQCRatingFactory(service=service, is_current=False)
    _refused(lambda: CQCRatingFactory(service=service, is_current=True))
    assert CQCRating.objects.filter(service=service, is_current=True).count() == 1


def test_the_database_refuses_a_contract_that_ends_before_it_starts():
    _refused(
        lambda: ContractFactory(
            start_date=datetime.date(2024, 4, 1), end_date=datetime.date(2024, 3, 31)
        )
    )


def test_a_contract_may_end_on_the_day_it_starts():
    contract = ContractFactory(
        start_date=datetime.date(2024, 4, 1), end_date=datetime.date(2024, 4, 1)
    )
    assert contract.pk


def test_contract_references_are_unique():
    ContractFactory(reference="NM-1")
    _refused(lambda: ContractFactory(reference="NM-1"))


def test_a_rating_cannot_be_published_in_the_future():
    _refused(
        lambda: CQCRatingFactory(published_on=datetime.date.today() + datetime.timedelta(days=30))
    )


def test_illustrative_national_benchmarks_are_loaded_by_the_migration():
    figures = {(b.category, b.rating): b.percent for b in RatingBenchmark.objects.all()}
    assert len(figures) == 12
    for category in ("residential", "nursing", "community"):
        assert sum(v for (c, _r), v in figures.items() if c == category) == 100
    assert "Illustrative" in RatingBenchmark.objects.first().source


def test_one_benchmark_per_category_and_rating():
    existing = RatingBenchmark.objects.first()
    _refused(
        lambda: RatingBenchmark.objects.create(
            category=existing.category,
            rating=existing.rating,
            percent=1,
            as_of=datetime.date(2025, 1, 1),
            source="test",
        )
    )
