"""Permission predicates and the named domain rules of the register."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from providers.rules import (
    bcp_check_overdue,
    rating_becomes_current,
    spend_is_flagged,
)
from tests.providers.factories import ProviderFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "persona, allowed",
    [
        ("officer", True),
        ("other_officer", False),
        ("nurse", False),
        ("chair", False),
        ("director", False),
        ("partner", False),
        ("admin", True),
    ],
)
def test_only_the_portfolio_officer_or_an_administrator_changes_a_service(
    request, officer, persona, allowed
):
    service = ServiceFactory(contract_officer=officer)
    user = request.getfixturevalue(persona)
    for permission in (
        "providers.edit_service",
        "providers.edit_contracts",
        "providers.record_rating",
        "providers.record_bcp_check",
    ):
        assert user.has_perm(permission, service) is allowed, permission


@pytest.mark.parametrize(
    "persona, allowed",
    [("officer", True), ("other_officer", True), ("nurse", False), ("chair", False),
     ("director", False), ("partner", False), ("admin", True)],
)  # fmt: skip
def test_officers_and_administrators_create_providers_and_services(request, persona, allowed):
    user = request.getfixturevalue(persona)
    assert user.has_perm("providers.create_service") is allowed
    assert user.has_perm("providers.create_provider") is allowed


def test_partners_do_not_see_contracts(partner, nurse, director):
    assert not partner.has_perm("providers.see_contracts")
    assert nurse.has_perm("providers.see_contracts")
    assert director.has_perm("providers.see_contracts")


def test_an_officer_edits_a_provider_they_look_after_or_a_new_one(officer, other_officer):
    provider = ProviderFactory()
    assert officer.has_perm("providers.edit_provider", provider)  # no services yet
    ServiceFactory(provider=provider, contract_officer=officer)
    assert officer.has_perm("providers.edit_provider", provider)
    assert not other_officer.has_perm("providers.edit_provider", provider)


def test_an_officer_without_the_role_cannot_edit_even_their_own_service(officer, director):
    service = ServiceFactory(contract_officer=director)  # not an officer: no portfolio
    assert not director.has_perm("providers.edit_service", service)


def test_the_bcp_is_overdue_after_twelve_months_or_when_never_checked():
    today = datetime.date(2025, 6, 15)
    assert bcp_check_overdue(None, today=today)
    assert not bcp_check_overdue(datetime.date(2024, 6, 15), today=today)
    assert bcp_check_overdue(datetime.date(2024, 6, 14), today=today)
    # 29 February: a year before 28 February 2025 is 28 February 2024.
    assert not bcp_check_overdue(datetime.date(2024, 2, 29), today=datetime.date(2025, 2, 28))


def test_spend_over_one_million_is_flagged():
    assert not spend_is_flagged(Decimal("1000000"))
    assert spend_is_flagged(Decimal("1000000.01"))
    assert not spend_is_flagged(None)


def test_a_rating_becomes_current_unless_a_later_one_is():
    assert rating_becomes_current(datetime.date(2025, 1, 1), None)
    assert rating_becomes_current(datetime.date(2025, 1, 1), datetime.date(2024, 1, 1))
    assert rating_becomes_current(datetime.date(2025, 1, 1), datetime.date(2025, 1, 1))
    assert not rating_becomes_current(datetime.date(2023, 1, 1), datetime.date(2024, 1, 1))
