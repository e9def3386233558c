"""How one CQC location becomes a Service, a Provider and a CQC rating. Pure functions.

CQC leaves out fields that have no value (never ``null``), lists key-question ratings in no
fixed order, and writes rating words in varying case; everything here copes with that.

Which locations are imported
    ``type == "Social Care Org"`` only: dentists, GPs, NHS and independent health care and
    ambulances are not part of an adult social care market. ``registrationStatus`` decides
    whether the location is open ("Registered") or closed ("Deregistered", with
    ``deregistrationDate``).

Service type (``service_type_for``)
    =================================================  ==========================================
    CQC                                                 Oversight
    =================================================  ==========================================
    careHome "Y" and a GAC service type "Nursing         nursing home
    homes" / "Care home service with nursing"
    careHome "Y", otherwise                             residential care home
    GAC "Extra Care housing services"                   housing with care (extra care)
    GAC "Supported living" and either no "Homecare      supported living
    agencies" or a learning disability, autism or
    mental health client group
    GAC "Homecare agencies" (domiciliary care)          home support
    anything else ("Shared Lives", "Community           supported living (community-based
    services - ...")                                    support in people's own homes)
    =================================================  ==========================================

    Why the supported living rule: CQC registers supported living as a kind of domiciliary care,
    so many agencies list both. Councils commission supported living mainly for people with a
    learning disability, autism or mental health needs; an agency listing both that specialises
    in older people's care is a home support branch.

Client group (``client_group_for``), from CQC's specialisms, the most specific first
    1. "Dementia" -> older people (dementia care is commissioned as older people's care, and
       generalist homes that also list other needs almost always list dementia);
    2. otherwise "Learning disabilities" or "Autism" -> learning disability and autism;
    3. otherwise "Mental health conditions" -> mental health;
    4. otherwise "Physical disabilities" -> physical disability;
    5. otherwise (over 65s, "Services for everyone", nothing listed) -> older people.

Who owns which field
    CQC owns, and every sync refreshes: name, address, phone (when CQC has one), local
    authority, registration date, registered manager, and for care homes the number of beds and
    whether the home is residential or nursing (those are registration facts). The council owns
    what it decides: client group, home support vs supported living vs housing with care,
    capacity of services without beds (hours, places), area, officers. The sync sets those once,
    when it creates the service, so a correction made by hand is never undone overnight.

Registered manager
    Every contact whose ``personRoles`` include "Registered Manager", across the regulated
    activities (given and family names, no title, each person once). None means the post is
    vacant, which the register shows and the risk score weighs.
"""

from __future__ import annotations

from datetime import date

from django.utils.dateparse import parse_date

from providers.models import (
    CARE_HOME_TYPES,
    KEY_QUESTIONS,
    CapacityUnit,
    ClientGroup,
    Rating,
    ServiceType,
)
from providers.services import normalise_postcode

SOCIAL_CARE_ORG = "Social Care Org"
REGISTERED = "registered"
DEREGISTERED = "deregistered"


def _text(value, max_length: int) -> str:
    return " ".join(str(value or "").split())[:max_length]


def _date(value) -> date | None:
    if not value:
        return None
    return parse_date(str(value)[:10])


def _key(value) -> str:
    """Case- and punctuation-insensitive form of a CQC label ("Well-led" -> "well_led")."""
    return "_".join(str(value or "").casefold().replace("-", " ").split())


def same_area_key(name: str | None) -> str:
    """A local authority name folded for comparison (case and spacing ignored)."""
    return _key(name)


def same_area(a: str | None, b: str | None) -> bool:
    """CQC's local authority names compared without regard to case or spacing."""
    return _key(a) == _key(b)


def is_social_care(detail: dict) -> bool:
    """A location of the adult social care market (CQC's "Social Care Org" type)."""
    return detail.get("type") == SOCIAL_CARE_ORG


def is_registered(detail: dict) -> bool:
    return _key(detail.get("registrationStatus")) == REGISTERED


def is_deregistered(detail: dict) -> bool:
    return _key(detail.get("registrationStatus")) == DEREGISTERED


def deregistration_date(detail: dict) -> date | None:
    return _date(detail.get("deregistrationDate"))


def _gac(detail: dict) -> list[str]:
    """Each GAC service type as one lower-case string: name and description together."""
    return [
        f"{item.get('name', '')} | {item.get('description', '')}".casefold()
        for item in detail.get("gacServiceTypes") or []
    ]


def _gac_has(detail: dict, *words: str) -> bool:
    return any(word in entry for entry in _gac(detail) for word in words)


def is_care_home(detail: dict) -> bool:
    if detail.get("careHome") in ("Y", "N"):
        return detail["careHome"] == "Y"
    return _gac_has(detail, "residential homes", "nursing homes", "care home service")


def client_group_for(detail: dict) -> str:
    """The client group from CQC's specialisms (rules in the module docstring)."""
    names = " | ".join(_key(s.get("name")) for s in detail.get("specialisms") or [])
    if "dementia" in names:
        return ClientGroup.OLDER_PEOPLE
    if "learning_disabilit" in names or "autis" in names:
        return ClientGroup.LEARNING_DISABILITY_AUTISM
    if "mental_health" in names:
        return ClientGroup.MENTAL_HEALTH
    if "physical_disabilit" in names:
        return ClientGroup.PHYSICAL_DISABILITY
    return ClientGroup.OLDER_PEOPLE


def service_type_for(detail: dict, client_group: str | None = None) -> str:
    """The service type from ``careHome`` and the GAC service types (table in the docstring)."""
    if is_care_home(detail):
        nursing = _gac_has(detail, "nursing homes", "with nursing")
        return ServiceType.NURSING if nursing else ServiceType.RESIDENTIAL
    if _gac_has(detail, "extra care"):
        return ServiceType.HOUSING_WITH_CARE
    client_group = client_group or client_group_for(detail)
    homecare = _gac_has(detail, "homecare", "domiciliary")
    if _gac_has(detail, "supported living") and (
        not homecare
        or client_group in (ClientGroup.LEARNING_DISABILITY_AUTISM, ClientGroup.MENTAL_HEALTH)
    ):
        return ServiceType.SUPPORTED_LIVING
    if homecare:
        return ServiceType.HOME_SUPPORT
    return ServiceType.SUPPORTED_LIVING


def registered_manager_for(detail: dict) -> str:
    """Registered managers' names ("" when the post is vacant)."""
    names: list[str] = []
    for activity in detail.get("regulatedActivities") or []:
        for contact in activity.get("contacts") or []:
            roles = {_key(role) for role in contact.get("personRoles") or []}
            if "registered_manager" not in roles:
                continue
            name = _text(
                f"{contact.get('personGivenName', '')} {contact.get('personFamilyName', '')}", 150
            )
            if name and name not in names:
                names.append(name)
    if len(names) > 1:
        return _text(", ".join(names[:-1]) + " and " + names[-1], 150)
    return names[0] if names else ""


def beds_for(detail: dict) -> int | None:
    try:
        beds = int(detail.get("numberOfBeds") or 0)
    except (TypeError, ValueError):
        return None
    return beds if beds > 0 else None


def service_refresh_values(detail: dict, *, current_service_type: str | None = None) -> dict:
    """The Service fields CQC owns, refreshed by every sync (see the module docstring).

    ``current_service_type`` is the type the register holds now: a service held as a care
    home that CQC no longer registers as one gets a type again from the table.
    """
    values: dict[str, object] = {
        "name": _text(detail.get("name"), 255),
        "address_line_1": _text(detail.get("postalAddressLine1"), 255),
        "address_line_2": _text(detail.get("postalAddressLine2"), 255),
        "town": _text(detail.get("postalAddressTownCity"), 100),
        "postcode": normalise_postcode(_text(detail.get("postalCode"), 10)),
        "local_authority_name": _text(detail.get("localAuthority"), 150),
        "registered_on": _date(detail.get("registrationDate")),
        "registered_manager": registered_manager_for(detail),
    }
    phone = _text(detail.get("mainPhoneNumber"), 30)
    if phone:  # keep a number typed in by hand when CQC has none
        values["phone"] = phone
    if is_care_home(detail):
        values["service_type"] = service_type_for(detail)
        values["capacity_unit"] = CapacityUnit.BEDS
        beds = beds_for(detail)
        if beds is not None:
            values["capacity"] = beds
    elif current_service_type in CARE_HOME_TYPES:
        values["service_type"] = service_type_for(detail)
    return values


def service_create_values(detail: dict) -> dict:
    """Every field of a new Service, including those the council owns afterwards."""
    client_group = client_group_for(detail)
    service_type = service_type_for(detail, client_group)
    values = {
        **service_refresh_values(detail),
        "service_type": service_type,
        "client_group": client_group,
        "cqc_location_id": detail["locationId"],
    }
    if service_type not in CARE_HOME_TYPES:
        # Home-based and community services have no beds; CQC does not publish their size.
        values["capacity"] = None
        values["capacity_unit"] = (
            CapacityUnit.HOURS if service_type == ServiceType.HOME_SUPPORT else CapacityUnit.PEOPLE
        )
    return values


def provider_values(provider_detail: dict) -> dict:
    """Provider fields from CQC's provider detail."""
    address = ", ".join(
        part
        for part in (
            _text(provider_detail.get("postalAddressLine1"), 255),
            _text(provider_detail.get("postalAddressLine2"), 255),
            _text(provider_detail.get("postalAddressTownCity"), 100),
        )
        if part
    )
    values = {
        "name": _text(provider_detail.get("name"), 255),
        "head_office_address": address[:255],
        "head_office_postcode": normalise_postcode(_text(provider_detail.get("postalCode"), 10)),
    }
    phone = _text(provider_detail.get("mainPhoneNumber"), 30)
    if phone:
        values["phone"] = phone
    if not values["name"]:
        del values["name"]  # never blank a provider's name
    return values


def rating_values(detail: dict) -> dict | None:
    """The current published rating as CQCRating field values, or None if not yet rated.

    ``currentRatings.overall.rating`` and its ``keyQuestionRatings`` (looked up by name, as
    their order is not fixed); the publication date is the overall ``reportDate``.
    Words with no judgement ("No published rating", "Inspected but not rated") are not rated.
    """
    current = detail.get("currentRatings") or {}
    overall = current.get("overall") or {}
    by_name = {_key(kq.get("name")): kq for kq in overall.get("keyQuestionRatings") or []}
    values: dict[str, str | date | None] = {"overall": Rating.from_cqc(overall.get("rating"))}
    for field in KEY_QUESTIONS:
        values[field] = Rating.from_cqc((by_name.get(field) or {}).get("rating"))
    if all(values[f] == Rating.NOT_RATED for f in ("overall", *KEY_QUESTIONS)):
        return None
    values["published_on"] = _date(overall.get("reportDate") or current.get("reportDate"))
    return values
