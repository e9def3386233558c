"""The columns of the services import, and what an import did."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.csv_import import Column
from providers.models import (
    ClientGroup,
    ServiceType,
)

CQC_ID = re.compile(r"^1-\d{5,12}$")


COLUMNS = [
    Column("provider_name", "The organisation running the service", "Fernbrook Care Ltd", True),
    Column("cqc_provider_id", "CQC provider ID, if registered", "1-900000001"),
    Column("provider_scale", "national, regional or local (new providers)", "regional"),
    Column("provider_size", "large, medium or small (new providers)", "medium"),
    Column("service_name", "The care home, branch or scheme", "Fernbrook House", True),
    Column("cqc_location_id", "CQC location ID, if registered", "1-900000101"),
    Column(
        "service_type",
        "One of: " + "; ".join(label for _v, label in ServiceType.choices),
        "Residential care home",
        True,
    ),
    Column(
        "client_group",
        "One of: " + "; ".join(label for _v, label in ClientGroup.choices),
        "Older people",
        True,
    ),
    Column("capacity", "A whole number", "42"),
    Column("capacity_unit", "beds, hours, places or people (beds if empty)", "beds"),
    Column("registered_manager", "Empty if the post is vacant", "Jane Ashdown"),
    Column("address_line_1", "", "12 Heathfield Road"),
    Column("address_line_2", "", ""),
    Column("town", "", "Northmoor"),
    Column("postcode", "", "NM3 2QX"),
    Column("phone", "", "01632 960123"),
    Column("in_area", "yes or no (yes if empty)", "yes"),
    Column("host_council", "For out-of-area services: the council's name or GSS code", ""),
    Column("contract_officer_email", "A contract officer's email address", ""),
    Column("clinical_nurse_email", "A clinical quality nurse's email address", ""),
    Column("registered_on", "Date, like 2015-03-27 or 27/03/2015", "2015-03-27"),
    Column("closed_on", "Date the service closed, if it has", ""),
    Column("contract_reference", "Leave empty to import the service only", "NM-CH-0420"),
    Column("contract_type", "block, spot or framework", "spot"),
    Column("contract_start_date", "Date", "2024-04-01"),
    Column("contract_end_date", "Date, empty if open-ended", "2027-03-31"),
    Column("annual_value", "Pounds, like 850000", "850000"),
    Column("annual_spend", "Pounds, like 812500.50", "812500.50"),
    Column("council_funded", "People funded by the council", "21"),
    Column("health_funded", "People funded by health (CHC)", "3"),
    Column("jointly_funded", "People jointly funded", "2"),
    Column("self_funders", "Known self-funders", "9"),
    Column("other_council_placed", "People placed by other councils", "1"),
]
COLUMN_NAMES = [column.name for column in COLUMNS]
PEOPLE = [
    "council_funded",
    "health_funded",
    "jointly_funded",
    "self_funders",
    "other_council_placed",
]


@dataclass
class ImportResult:
    providers_created: int = 0
    providers_matched: int = 0
    services_created: int = 0
    services_updated: int = 0
    contracts_created: int = 0
    contracts_updated: int = 0
    lines: list[dict] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.lines)
