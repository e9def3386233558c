"""The service list as CSV and Excel: the same rows and columns in both.

The columns are the register's; reading in chunks, formula escaping, the byte order mark and
typed Excel cells are ``core.exports``'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from core.exports import table_csv, table_rows, table_xlsx
from providers.models import Rating, Service

COLUMNS = [
    ("Service", lambda s: s.name),
    ("Provider", lambda s: s.provider.name),
    ("Service type", lambda s: s.get_service_type_display()),
    ("Client group", lambda s: s.get_client_group_display()),
    ("CQC location ID", lambda s: s.cqc_location_id or ""),
    ("Current CQC rating", lambda s: Rating(s.current_rating).label if s.current_rating else ""),
    ("Rating published", lambda s: s.current_rating_published_on),
    ("Capacity", lambda s: s.capacity),
    ("Capacity unit", lambda s: s.get_capacity_unit_display() if s.capacity is not None else ""),
    ("Registered manager", lambda s: s.registered_manager or "Vacant"),
    ("Address line 1", lambda s: s.address_line_1),
    ("Address line 2", lambda s: s.address_line_2),
    ("Town", lambda s: s.town),
    ("Postcode", lambda s: s.postcode),
    ("In the council's area", lambda s: "Yes" if s.in_area else "No"),
    ("Host council", lambda s: s.host_authority.name if s.host_authority else ""),
    ("Contract officer", lambda s: s.contract_officer.full_name if s.contract_officer else ""),
    ("Clinical nurse", lambda s: s.clinical_nurse.full_name if s.clinical_nurse else ""),
    ("Contract live today", lambda s: "Yes" if s.is_contracted else "No"),
    ("Closed on", lambda s: s.closed_on),
]
SPEND_COLUMN = ("Annual spend on live contracts (£)", lambda s: s.live_spend)


def _columns(include_spend: bool):
    return [*COLUMNS, SPEND_COLUMN] if include_spend else COLUMNS


def service_rows(services: Iterable[Service], *, include_spend: bool) -> Iterator[list]:
    """The header, then one list of cell values per service."""
    return table_rows(services, _columns(include_spend))


def services_csv(services, *, include_spend: bool) -> Iterator[str]:
    """The service list as CSV text, line by line."""
    return table_csv(service_rows(services, include_spend=include_spend))


def services_xlsx(services, *, include_spend: bool) -> bytes:
    """The service list as an .xlsx workbook with one sheet, "Services"."""
    return table_xlsx(service_rows(services, include_spend=include_spend), sheet_name="Services")
