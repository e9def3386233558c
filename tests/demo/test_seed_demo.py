"""The demo council has the shape of the source papers, and seeding it is safe to repeat."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from accounts.models import User
from providers.models import Contract, CQCRating, Provider, Service
from tests.reference_data import reference_data_missing, restore_reference_data

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_council(django_db_setup, django_db_blocker):
    """Seed once for the module (it takes a few seconds) and remove it afterwards."""
    with django_db_blocker.unblock():
        from django.db import connection

        with connection.cursor():
            pass
        # A transactional test that ran earlier in this process may have flushed the role
        # groups; the per-test fixture that puts them back runs after module fixtures.
        if reference_data_missing():
            restore_reference_data()
        call_command("seed_demo", stdout=StringIO())
        snapshot = _snapshot()
        yield snapshot
        _wipe()


def _snapshot() -> dict:
    by_type = dict(Service.objects.values_list("service_type").annotate(n=Count("pk")))
    care_homes = dict(
        Service.objects.filter(service_type__in=["residential", "nursing"])
        .values_list("client_group")
        .annotate(n=Count("pk"))
    )
    current = dict(
        CQCRating.objects.filter(is_current=True).values_list("overall").annotate(n=Count("pk"))
    )
    return {
        "by_type": by_type,
        "care_homes": care_homes,
        "current": current,
        "services": Service.objects.count(),
        "providers": Provider.objects.count(),
        "scales": set(Provider.objects.values_list("scale", "size").distinct()),
        "officer_portfolio": Service.objects.filter(
            contract_officer__email="officer@demo.test"
        ).count(),
        "nurse_portfolio": Service.objects.filter(clinical_nurse__email="nurse@demo.test").count(),
        "names": sorted(Service.objects.values_list("name", flat=True)),
        "contracts": Contract.objects.count(),
        "history": CQCRating.objects.filter(is_current=False).count(),
        "out_of_area": Service.objects.filter(in_area=False).count(),
    }


def _wipe() -> None:
    from providers.models import BusinessContinuityCheck

    BusinessContinuityCheck.objects.all().delete()
    CQCRating.objects.all().delete()
    Contract.objects.all().delete()
    Service.objects.all().delete()
    Provider.objects.all().delete()
    User.objects.filter(email__endswith="@demo.test").delete()


def test_the_demo_council_has_the_source_papers_market(demo_council):
    by_type = demo_council["by_type"]
    assert by_type["residential"] + by_type["nursing"] == 73
    assert demo_council["care_homes"] == {"older_people": 48, "ld_autism": 15, "mental_health": 10}
    assert by_type["residential"] > 0 and by_type["nursing"] > 0
    assert by_type["home_support"] == 17
    assert by_type["housing_with_care"] == 18
    assert by_type["supported_living"] == 14
    assert by_type["day_opportunities"] > 0 and by_type["community_meals"] > 0
    assert 125 <= demo_council["services"] <= 135
    assert 55 <= demo_council["providers"] <= 65
    assert len(demo_council["scales"]) >= 8  # national/regional/local by large/medium/small


def test_demo_ratings_are_distributed_like_a_real_area(demo_council):
    current = demo_council["current"]
    rated = sum(n for rating, n in current.items() if rating != "not_rated")
    assert 0.03 <= current["outstanding"] / rated <= 0.07
    assert 0.70 <= current["good"] / rated <= 0.80
    assert 0.14 <= current["requires_improvement"] / rated <= 0.20
    assert 0.02 <= current["inadequate"] / rated <= 0.05
    assert 1 <= current["not_rated"] <= 5
    assert demo_council["history"] > 0


def test_portfolios_are_shared_among_the_demo_officers(demo_council):
    assert 23 <= demo_council["officer_portfolio"] <= 27
    assert demo_council["nurse_portfolio"] > 0
    assert demo_council["contracts"] > 100
    assert demo_council["out_of_area"] > 0


def test_if_empty_leaves_a_seeded_register_alone(demo_council):
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "left as it is" in out.getvalue()
    assert Service.objects.count() == demo_council["services"]


def test_seeding_twice_without_if_empty_is_refused(demo_council):
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())
    assert Service.objects.count() == demo_council["services"]


def test_the_demo_council_is_deterministic(demo_council):
    _wipe()
    call_command("seed_demo", "--if-empty", stdout=StringIO())
    assert _snapshot() == demo_council
