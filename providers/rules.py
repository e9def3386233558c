"""Who may see and change what in the market register (django-rules).

The model permissions each role holds are granted in ``accounts/roles.py``; the predicates
here add the object-level limits. Views and templates check the named permissions at the
bottom of this module, never the predicates directly:

    providers.see_contracts        contracts, values and spend (not partner members)
    providers.create_provider      add a provider (contract officers and administrators)
    providers.edit_provider        change a provider's details
    providers.create_service       add a service (contract officers and administrators)
    providers.edit_service         change a service (its portfolio officer, or an administrator)
    providers.edit_contracts       add or change a service's contracts
    providers.record_rating        enter a CQC rating by hand for a service
    providers.record_bcp_check     record a business continuity plan check for a service
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import rules

from accounts.rules import has_model_perm, is_administrator, is_contract_officer
from providers.models import SPEND_FLAG_THRESHOLD


@rules.predicate
def is_portfolio_officer(user, service) -> bool:
    """A contract officer changes only the services in their own portfolio.

    The portfolio is every service whose contract officer is this person.
    """
    if service is None or not is_contract_officer(user):
        return False
    return service.contract_officer_id == user.pk


@rules.predicate
def looks_after_a_service_of(user, provider) -> bool:
    """An officer may correct a provider's details when one of its services is theirs, or
    when the provider has no services yet (someone has just added it)."""
    if provider is None or not is_contract_officer(user):
        return False
    services = provider.services.all()
    return services.filter(contract_officer=user).exists() or not services.exists()


can_see_contracts = has_model_perm("providers.view_contract")

rules.add_perm("providers.see_contracts", can_see_contracts)
rules.add_perm(
    "providers.create_provider",
    has_model_perm("providers.add_provider") & (is_administrator | is_contract_officer),
)
rules.add_perm(
    "providers.edit_provider",
    has_model_perm("providers.change_provider") & (is_administrator | looks_after_a_service_of),
)
rules.add_perm(
    "providers.create_service",
    has_model_perm("providers.add_service") & (is_administrator | is_contract_officer),
)
rules.add_perm(
    "providers.edit_service",
    has_model_perm("providers.change_service") & (is_administrator | is_portfolio_officer),
)
rules.add_perm(
    "providers.edit_contracts",
    has_model_perm("providers.change_contract")
    & has_model_perm("providers.add_contract")
    & (is_administrator | is_portfolio_officer),
)
rules.add_perm(
    "providers.record_rating",
    has_model_perm("providers.add_cqcrating") & (is_administrator | is_portfolio_officer),
)
rules.add_perm(
    "providers.record_bcp_check",
    has_model_perm("providers.add_businesscontinuitycheck")
    & (is_administrator | is_portfolio_officer),
)


# --- named domain rules (DOMAIN.md, "The market") ------------------------------------------
def one_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def bcp_check_overdue(last_checked_on: datetime.date | None, *, today: datetime.date) -> bool:
    """The business continuity plan is checked at least once a year: a service whose last
    check is more than 12 months old, or that has never been checked, is overdue."""
    if last_checked_on is None:
        return True
    return last_checked_on < one_year_before(today)


def spend_is_flagged(total_annual_spend: Decimal | None) -> bool:
    """Providers with total annual spend over £1m (SPEND_FLAG_THRESHOLD) are flagged."""
    return (total_annual_spend or Decimal("0")) > SPEND_FLAG_THRESHOLD


def rating_becomes_current(
    published_on: datetime.date | None, current_published_on: datetime.date | None
) -> bool:
    """A newly recorded rating becomes the service's current rating unless the current one
    was published later (an older report entered by hand goes into the history)."""
    if current_published_on is None or published_on is None:
        return True
    return published_on >= current_published_on
