"""Every change to the market register: providers, services, contracts, ratings, BCP checks.

Each function takes the acting user and keyword arguments only, runs in one transaction,
validates the record with the model's own rules and constraints (raising ValidationError
before anything is written), and records who made the change in the history (pghistory).
Views, the CSV import, the seed commands and the admin all call these.
"""

from __future__ import annotations

import datetime
from collections.abc import Set as AbstractSet

from accounts.models import User
from core.audit import acting_as
from providers.models import (
    KEY_QUESTIONS,
    BusinessContinuityCheck,
    Contract,
    CQCRating,
    Provider,
    Rating,
    Service,
)
from providers.rules import rating_becomes_current

PROVIDER_FIELDS = {
    "name",
    "cqc_provider_id",
    "scale",
    "size",
    "head_office_address",
    "head_office_postcode",
    "phone",
    "notes",
}
# What the service form shows, in its order; the services accept these and the placing
# council's name, which imports record.
SERVICE_FORM_FIELDS = (
    "provider",
    "name",
    "service_type",
    "client_group",
    "cqc_location_id",
    "capacity",
    "capacity_unit",
    "registered_manager",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "phone",
    "in_area",
    "host_authority",
    "registered_on",
    "closed_on",
    "contract_officer",
    "clinical_nurse",
)
SERVICE_FIELDS = frozenset({*SERVICE_FORM_FIELDS, "local_authority_name"})
# What the contract form shows, in its order; the services accept exactly these.
CONTRACT_FORM_FIELDS = (
    "reference",
    "contract_type",
    "start_date",
    "end_date",
    "annual_value",
    "annual_spend",
    "council_funded",
    "health_funded",
    "jointly_funded",
    "self_funders",
    "other_council_placed",
)
CONTRACT_FIELDS = frozenset(CONTRACT_FORM_FIELDS)


def normalise_postcode(postcode: str) -> str:
    """Upper case with one space before the inward code: "nm14ab" -> "NM1 4AB"."""
    compact = "".join((postcode or "").split()).upper()
    if len(compact) >= 5:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def _assign(instance, fields: dict, allowed: AbstractSet[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"{type(instance).__name__} has no editable field(s) {sorted(unknown)}")
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(instance, name, value)


def _tidy_provider(provider: Provider) -> None:
    provider.cqc_provider_id = (provider.cqc_provider_id or "").strip() or None
    provider.head_office_postcode = normalise_postcode(provider.head_office_postcode)


def _tidy_service(service: Service) -> None:
    service.cqc_location_id = (service.cqc_location_id or "").strip() or None
    service.postcode = normalise_postcode(service.postcode)
    if service.in_area:
        service.host_authority = None


# --- providers ---------------------------------------------------------------------------
def provider_create(*, acting_user: User | None, name: str, **fields) -> Provider:
    """Add a provider (an organisation running services) to the register."""
    with acting_as(acting_user):
        provider = Provider()
        _assign(provider, {"name": name, **fields}, PROVIDER_FIELDS)
        _tidy_provider(provider)
        provider.full_clean()
        provider.save()
        return provider


def provider_update(*, acting_user: User | None, provider: Provider, **changes) -> Provider:
    """Change a provider's details."""
    with acting_as(acting_user):
        _assign(provider, changes, PROVIDER_FIELDS)
        _tidy_provider(provider)
        provider.full_clean()
        provider.save()
        return provider


# --- services ----------------------------------------------------------------------------
def service_create(
    *,
    acting_user: User | None,
    provider: Provider,
    name: str,
    service_type: str,
    client_group: str,
    **fields,
) -> Service:
    """Add a service (a care home, branch or scheme) run by ``provider``."""
    with acting_as(acting_user):
        service = Service()
        _assign(
            service,
            {
                "provider": provider,
                "name": name,
                "service_type": service_type,
                "client_group": client_group,
                **fields,
            },
            SERVICE_FIELDS,
        )
        _tidy_service(service)
        service.full_clean()
        service.save()
        return service


def service_update(*, acting_user: User | None, service: Service, **changes) -> Service:
    """Change a service's details (including its portfolio officer and clinical nurse)."""
    with acting_as(acting_user):
        _assign(service, changes, SERVICE_FIELDS)
        _tidy_service(service)
        service.full_clean()
        service.save()
        return service


# --- contracts ---------------------------------------------------------------------------
def contract_create(
    *,
    acting_user: User | None,
    service: Service,
    reference: str,
    contract_type: str,
    start_date: datetime.date,
    **fields,
) -> Contract:
    """Record a contract with a service: what the council buys and whom it funds there."""
    with acting_as(acting_user):
        contract = Contract(service=service)
        _assign(
            contract,
            {
                "reference": reference,
                "contract_type": contract_type,
                "start_date": start_date,
                **fields,
            },
            CONTRACT_FIELDS,
        )
        contract.full_clean()
        contract.save()
        return contract


def contract_update(*, acting_user: User | None, contract: Contract, **changes) -> Contract:
    """Change a contract's terms, dates, value, spend or the people it funds."""
    with acting_as(acting_user):
        _assign(contract, changes, CONTRACT_FIELDS)
        contract.full_clean()
        contract.save()
        return contract


# --- CQC ratings -------------------------------------------------------------------------
def rating_record(
    *,
    acting_user: User | None,
    service: Service,
    overall: str,
    published_on: datetime.date | None,
    source: str = CQCRating.Source.MANUAL,
    **key_questions: str,
) -> CQCRating:
    """Record a CQC rating for a service, keeping the history.

    The new rating becomes the current one unless a later-published rating is already
    current (providers.rules.rating_becomes_current); the previous current rating is
    flipped in the same transaction, with the service locked so two people recording at
    once cannot both be current.
    """
    unknown = set(key_questions) - set(KEY_QUESTIONS)
    if unknown:
        raise TypeError(f"Not key questions: {sorted(unknown)}")
    with acting_as(acting_user):
        Service.objects.select_for_update().only("pk").get(pk=service.pk)
        current = service.ratings.current().first()
        rating = CQCRating(
            service=service,
            overall=overall,
            published_on=published_on,
            source=source,
            **{q: key_questions.get(q) or Rating.NOT_RATED for q in KEY_QUESTIONS},
        )
        rating.is_current = rating_becomes_current(
            published_on, current.published_on if current else None
        )
        if rating.is_current and current is not None:
            current.is_current = False
            current.save(update_fields=["is_current", "updated_at"])
        # After the flip, so the one-current-rating constraint is checked against the new
        # state; a ValidationError here rolls the flip back with everything else.
        rating.full_clean()
        rating.save()
        return rating


# --- business continuity -----------------------------------------------------------------
def bcp_check_record(
    *,
    acting_user: User | None,
    service: Service,
    checked_on: datetime.date,
    outcome: str,
    notes: str = "",
) -> BusinessContinuityCheck:
    """Record a check of the service's business continuity plan (due at least yearly)."""
    with acting_as(acting_user):
        check = BusinessContinuityCheck(
            service=service,
            checked_on=checked_on,
            outcome=outcome,
            notes=notes.strip(),
            checked_by=acting_user,
        )
        check.full_clean()
        check.save()
        return check
