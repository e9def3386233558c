"""The market's point-in-time rules, each defined once as a QuerySet method (providers.models):
open services, services in the market on a day, contracts live on a day, CQC ratings current
and applying on a day. Each test sits on the boundary days, so a rule off by one day fails."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import OuterRef
from django.utils import timezone

from providers.models import Contract, CQCRating, Rating, Service, ServiceQuerySet
from providers.selectors import rating_on
from tests.providers.factories import ContractFactory, CQCRatingFactory, ServiceFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 15)
ONE = datetime.timedelta(days=1)


def _ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_a_service_is_open_until_it_has_a_closing_date():
    running = ServiceFactory()
    closed = ServiceFactory(closed_on=DAY)
    assert _ids(Service.objects.open()) == {running.pk}
    assert _ids(Service.objects.closed()) == {closed.pk}
    # The prefix form reads the same rule across a relation.
    contract = ContractFactory(service=running)
    ContractFactory(service=closed)
    assert _ids(Contract.objects.filter(ServiceQuerySet.open_q("service__"))) == {contract.pk}


def test_a_service_is_in_the_market_from_registration_until_the_day_it_closes():
    registered_today = ServiceFactory(registered_on=DAY)
    registered_tomorrow = ServiceFactory(registered_on=DAY + ONE)
    never_registered = ServiceFactory(registered_on=None)
    closes_tomorrow = ServiceFactory(registered_on=DAY - ONE, closed_on=DAY + ONE)
    closes_today = ServiceFactory(registered_on=DAY - ONE, closed_on=DAY)
    closed_yesterday = ServiceFactory(registered_on=DAY - 10 * ONE, closed_on=DAY - ONE)
    in_market = _ids(Service.objects.in_market_on(DAY))
    assert in_market == {registered_today.pk, never_registered.pk, closes_tomorrow.pk}
    assert not {registered_tomorrow.pk, closes_today.pk, closed_yesterday.pk} & in_market


def test_a_contract_is_live_from_its_start_to_its_end_date_both_included():
    service = ServiceFactory()

    def contract(start, end):
        return ContractFactory(service=service, start_date=start, end_date=end)

    starts_today = contract(DAY, None)
    ends_today = contract(DAY - 30 * ONE, DAY)
    open_ended = contract(DAY - 30 * ONE, None)
    starts_tomorrow = contract(DAY + ONE, None)
    ended_yesterday = contract(DAY - 30 * ONE, DAY - ONE)
    live = _ids(Contract.objects.live_on(DAY))
    assert live == {starts_today.pk, ends_today.pk, open_ended.pk}
    assert not {starts_tomorrow.pk, ended_yesterday.pk} & live
    # The instance method for a loaded row agrees with the queryset on every contract.
    for row in Contract.objects.all():
        assert row.is_live_on(DAY) == (row.pk in live)
    # Through a related manager too.
    assert _ids(service.contracts.live_on(DAY)) == live


def test_the_current_rating_is_the_one_marked_current():
    service = ServiceFactory()
    old = CQCRatingFactory(service=service, is_current=False, published_on=DAY - 400 * ONE)
    new = CQCRatingFactory(service=service, published_on=DAY - 10 * ONE)
    assert _ids(CQCRating.objects.current()) == {new.pk}
    assert service.ratings.current().get() == new and old.pk not in _ids(service.ratings.current())


def test_a_rating_applies_from_its_publication_day_until_a_later_one_is_published():
    service = ServiceFactory()
    CQCRatingFactory(
        service=service, overall=Rating.GOOD, is_current=False, published_on=DAY - 100 * ONE
    )
    CQCRatingFactory(service=service, overall=Rating.INADEQUATE, published_on=DAY)

    def overall_on(day):
        return (
            Service.objects.annotate(rating=rating_on(day)).values_list("rating", flat=True).get()
        )

    assert overall_on(DAY - 101 * ONE) is None  # before the first
    assert overall_on(DAY - 100 * ONE) == Rating.GOOD  # published that day
    assert overall_on(DAY - ONE) == Rating.GOOD
    assert overall_on(DAY) == Rating.INADEQUATE  # the later one, from its own day
    first = CQCRating.objects.applying_on(DAY - ONE).first()
    assert first.overall == Rating.GOOD and first.applies_from == DAY - 100 * ONE
    # ``service`` may name another path to the service.
    assert (
        Contract.objects.filter(pk=ContractFactory(service=service).pk)
        .annotate(rating=rating_on(DAY, OuterRef("service")))
        .get()
        .rating
        == Rating.INADEQUATE
    )


def test_a_rating_without_a_publication_date_counts_from_the_day_it_was_entered():
    today = timezone.localdate()
    service = ServiceFactory()
    CQCRatingFactory(service=service, overall=Rating.OUTSTANDING, published_on=None)
    assert _ids(CQCRating.objects.applying_on(today - ONE)) == set()
    assert CQCRating.objects.applying_on(today).get().applies_from == today
