"""The seed-002 market tables and the local-against-national rating comparison, checked against
counts made independently, in Python, from known factory data."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from providers import selectors
from providers.models import KEY_QUESTIONS, CQCRating, Service
from tests.providers.factories import (
    ContractFactory,
    CQCRatingFactory,
    ProviderFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
LONG_AGO = TODAY - datetime.timedelta(days=2000)


@pytest.fixture
def market():
    a = ProviderFactory(name="A", scale="national", size="large")
    a_homes = [ServiceFactory(provider=a) for _ in range(5)]
    CQCRatingFactory(service=a_homes[0], overall="inadequate", safe="inadequate")
    for home in a_homes[1:]:
        CQCRatingFactory(service=home)
    ContractFactory(
        service=a_homes[0], council_funded=10, health_funded=2, jointly_funded=1, self_funders=30
    )
    ContractFactory(service=a_homes[1], council_funded=7)
    ContractFactory(
        service=a_homes[2],
        council_funded=100,
        start_date=LONG_AGO,
        end_date=TODAY - datetime.timedelta(days=1),
    )
    closed = ServiceFactory(provider=a, closed_on=TODAY)
    CQCRatingFactory(service=closed, overall="inadequate")
    ContractFactory(service=closed, council_funded=50)
    a_nursing = ServiceFactory(provider=a, service_type="nursing")
    CQCRatingFactory(service=a_nursing, overall="inadequate")
    ContractFactory(service=a_nursing, council_funded=3, health_funded=5)

    b = ProviderFactory(name="B", scale="local", size="small")
    b_home = ServiceFactory(provider=b)
    CQCRatingFactory(service=b_home, overall="requires_improvement", safe="inadequate")
    ContractFactory(service=b_home, council_funded=4)

    c = ProviderFactory(name="C", scale="local", size="small")
    c_home = ServiceFactory(provider=c)
    CQCRatingFactory(service=c_home, overall="inadequate", is_current=False, published_on=LONG_AGO)
    CQCRatingFactory(service=c_home, overall="good")

    d = ProviderFactory(name="D", scale="regional", size="medium")
    d_homes = [ServiceFactory(provider=d) for _ in range(6)]
    CQCRatingFactory(service=d_homes[0], overall="inadequate")
    away = ServiceFactory(provider=d, in_area=False)
    CQCRatingFactory(service=away, overall="inadequate")

    e = ProviderFactory(name="E", scale="national", size="large")
    CQCRatingFactory(
        service=ServiceFactory(provider=e, service_type="nursing"), overall="outstanding"
    )
    ServiceFactory(provider=e, service_type="home_support")  # not yet rated, no rating row


def _independent_tables() -> dict:
    """The same figures, counted in Python service by service."""
    people = defaultdict(int)
    services_by = defaultdict(list)
    for service in Service.objects.filter(closed_on__isnull=True, in_area=True).select_related(
        "provider"
    ):
        current = CQCRating.objects.filter(service=service, is_current=True).first()
        inadequate = bool(current) and any(
            getattr(current, f) == "inadequate" for f in ("overall", *KEY_QUESTIONS)
        )
        key = (service.service_type, service.provider)
        services_by[key].append(inadequate)
        for contract in service.contracts.all():
            if contract.is_live_on(TODAY):
                people[key] += contract.people_funded
    tables = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
    for (service_type, provider), flags in services_by.items():
        cell = tables[service_type][(provider.scale, provider.size)]
        cell[0] += 1
        cell[1] += people[(service_type, provider)]
        cell[2] += any(flags)
        cell[3] += any(flags) and sum(flags) / len(flags) >= 0.2
    return tables


def _figures(table) -> dict:
    return {
        key: [c.providers, c.funded_packages, c.with_inadequate, c.mostly_inadequate]
        for key, c in table.cells.items()
    }


def test_the_market_tables_match_an_independent_count(market):
    tables = {t.service_type: t for t in selectors.market_analysis(today=TODAY)}
    expected = _independent_tables()
    assert set(tables) == set(expected) == {"residential", "nursing", "home_support"}
    for service_type, table in tables.items():
        assert _figures(table) == dict(expected[service_type]), service_type


def test_the_residential_table_by_hand(market):
    table = selectors.market_table(service_type="residential", today=TODAY)
    assert _figures(table) == {
        ("national", "large"): [1, 20, 1, 1],  # 1 of 5 homes inadequate is 20%
        ("local", "small"): [2, 4, 1, 1],  # B's only home is inadequate for Safe
        ("regional", "medium"): [1, 0, 1, 0],  # 1 of 6 is under 20%
    }
    total = table.total
    assert (
        total.providers,
        total.funded_packages,
        total.with_inadequate,
        total.mostly_inadequate,
    ) == (4, 24, 3, 2)
    assert table.cell("regional", "small").providers == 0
    rows = table.rows
    label, _attribute, values, total_providers = rows[0]
    assert label == "Providers in the local market"
    assert total_providers == 4
    assert len(values) == 9


def test_the_nursing_table_by_hand(market):
    table = selectors.market_table(service_type="nursing", today=TODAY)
    assert _figures(table) == {("national", "large"): [2, 8, 1, 1]}


def test_the_market_analysis_runs_one_query_per_service_type(market):
    with CaptureQueriesContext(connection) as captured:
        tables = selectors.market_analysis(today=TODAY)
    assert len(captured) == 1 + len(tables)


def test_local_ratings_are_compared_with_the_national_benchmark(market):
    comparisons = {c.category: c for c in selectors.rating_comparison()}
    residential = comparisons["residential"]
    counts = {line.rating: line.count for line in residential.lines}
    # Open, in-area residential homes with a current rating: A's 5, B, C, D's 1 rated.
    assert counts == {"outstanding": 0, "good": 5, "requires_improvement": 1, "inadequate": 2}
    assert residential.rated == 8
    percents = {line.rating: line.percent for line in residential.lines}
    assert percents["good"] == Decimal("62")  # 5 of 8, rounded
    assert percents["inadequate"] == Decimal("25")
    assert {line.rating: line.benchmark for line in residential.lines}["good"] == Decimal("80.0")
    assert residential.good_or_better_percent == Decimal("62")
    nursing = comparisons["nursing"]
    assert {line.rating: line.count for line in nursing.lines}["outstanding"] == 1
    assert comparisons["community"].rated == 0
    assert comparisons["community"].lines[0].percent is None
