"""Import services and contracts from a CSV file (core.csv_import does the reading, the
checking and the all-or-nothing transaction).

Matching: a provider by its CQC provider ID, else by name (ignoring case); a service by its
CQC location ID, else by name within its provider; a contract by its reference. Anything not
matched is created. Errors name the line of the file and the column, for example
"Line 7: service_type: Select a service type from the list".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower

from accounts.models import User
from core.csv_import import Column, CSVImport, ImportRejected, RowError, row_errors_from
from core.csv_import.cells import (
    ChoiceCell,
    DateCell,
    MoneyCell,
    WholeNumberCell,
    YesNoCell,
    text_cell,
)
from providers import services as register
from providers.models import (
    CapacityUnit,
    ClientGroup,
    Contract,
    ContractType,
    LocalAuthority,
    Provider,
    Scale,
    Service,
    ServiceType,
    Size,
)
from providers.selectors import clinical_nurses, contract_officers

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


# --- one row -------------------------------------------------------------------------------
class CQCIdCell(forms.CharField):
    def clean(self, value):
        text = (value or "").strip()
        if not text:
            return None
        if not CQC_ID.match(text):
            raise ValidationError("Enter the ID in the correct format, like 1-123456789")
        return text


class ImportRowForm(forms.Form):
    """One line of the CSV: the fields of a provider, a service and optionally a contract."""

    provider_name = text_cell("provider name", required=True)
    cqc_provider_id = CQCIdCell(required=False)
    provider_scale = ChoiceCell(
        choices=Scale.choices,
        required=False,
        message="Select a provider scale from the list: national, regional or local",
    )
    provider_size = ChoiceCell(
        choices=Size.choices,
        required=False,
        message="Select a provider size from the list: large, medium or small",
    )
    service_name = text_cell("service name", required=True)
    cqc_location_id = CQCIdCell(required=False)
    service_type = ChoiceCell(
        choices=ServiceType.choices, required=True, message="Select a service type from the list"
    )
    client_group = ChoiceCell(
        choices=ClientGroup.choices, required=True, message="Select a client group from the list"
    )
    capacity = WholeNumberCell(required=False, default=None)
    capacity_unit = ChoiceCell(
        choices=[*CapacityUnit.choices, ("hours", "hours")],
        required=False,
        message="Select a capacity unit from the list: beds, hours, places or people",
    )
    registered_manager = text_cell("registered manager", max_length=150)
    address_line_1 = text_cell("address line 1")
    address_line_2 = text_cell("address line 2")
    town = text_cell("town", max_length=100)
    postcode = text_cell("postcode", max_length=10)
    phone = text_cell("phone number", max_length=30)
    in_area = YesNoCell(required=False)
    host_council = text_cell("host council", max_length=150)
    contract_officer_email = text_cell("contract officer's email address", max_length=254)
    clinical_nurse_email = text_cell("clinical nurse's email address", max_length=254)
    registered_on = DateCell(required=False)
    closed_on = DateCell(required=False)
    contract_reference = text_cell("contract reference", max_length=50)
    contract_type = ChoiceCell(
        choices=ContractType.choices,
        required=False,
        message="Select a contract type from the list: block, spot or framework",
    )
    contract_start_date = DateCell(required=False)
    contract_end_date = DateCell(required=False)
    annual_value = MoneyCell(required=False)
    annual_spend = MoneyCell(required=False)
    council_funded = WholeNumberCell(required=False)
    health_funded = WholeNumberCell(required=False)
    jointly_funded = WholeNumberCell(required=False)
    self_funders = WholeNumberCell(required=False)
    other_council_placed = WholeNumberCell(required=False)

    def __init__(self, *args, lookups: _Lookups, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookups = lookups

    def clean_host_council(self):
        text = self.cleaned_data["host_council"].strip()
        if not text:
            return None
        council = self.lookups.councils.get(text.lower())
        if council is None:
            raise ValidationError(f"No council called “{text}”: use its name or GSS code")
        return council

    def _person(self, name: str, people: dict, role: str):
        email = self.cleaned_data[name].strip().lower()
        if not email:
            return None
        person = people.get(email)
        if person is None:
            raise ValidationError(f"No {role} has the email address {email}")
        return person

    def clean_contract_officer_email(self):
        return self._person("contract_officer_email", self.lookups.officers, "contract officer")

    def clean_clinical_nurse_email(self):
        return self._person("clinical_nurse_email", self.lookups.nurses, "clinical quality nurse")

    def clean(self):
        data = super().clean()
        if data.get("in_area") is False and "host_council" in data and not data["host_council"]:
            self.add_error("host_council", "Enter the host council for a service out of area")
        registered, closed = data.get("registered_on"), data.get("closed_on")
        if registered and closed and closed < registered:
            self.add_error(
                "closed_on", "The closing date must be the same as or after the registration date"
            )
        if data.get("contract_reference"):
            if "contract_type" in data and not data["contract_type"]:
                self.add_error(
                    "contract_type",
                    "Select a contract type from the list: block, spot or framework",
                )
            if "contract_start_date" in data and not data["contract_start_date"]:
                self.add_error(
                    "contract_start_date", "Enter the contract start date, like 2024-04-01"
                )
            start, end = data.get("contract_start_date"), data.get("contract_end_date")
            if start and end and end < start:
                self.add_error(
                    "contract_end_date", "The end date must be the same as or after the start date"
                )
        else:
            for name in ("contract_type", "contract_start_date"):
                if self.data.get(name, "").strip():
                    self.add_error(
                        "contract_reference",
                        "Enter the contract reference for the contract on this line",
                    )
                    break
        return data


@dataclass
class _Lookups:
    """Everything a row is matched against, read once for the whole file."""

    councils: dict
    officers: dict
    nurses: dict

    @classmethod
    def load(cls) -> _Lookups:
        councils = {}
        for council in LocalAuthority.objects.all():
            councils[council.name.lower()] = council
            councils[council.gss_code.lower()] = council
            councils[council.official_name.lower()] = council
        return cls(
            councils=councils,
            officers={u.email.lower(): u for u in contract_officers()},
            nurses={u.email.lower(): u for u in clinical_nurses()},
        )


def _match_provider(data: dict) -> tuple[Provider | None, RowError | None]:
    """The provider a row names (None when it is new), or the problem matching it."""
    if data["cqc_provider_id"]:
        provider = Provider.objects.filter(cqc_provider_id=data["cqc_provider_id"]).first()
        if provider is not None:
            return provider, None
    matches = list(
        Provider.objects.annotate(lower_name=Lower("name")).filter(
            lower_name=data["provider_name"].strip().lower()
        )[:2]
    )
    if len(matches) > 1:
        return None, RowError(
            data["line"],
            "provider_name",
            f"more than one provider is called {data['provider_name']}: add its cqc_provider_id",
        )
    if (
        matches
        and data["cqc_provider_id"]
        and matches[0].cqc_provider_id not in (None, data["cqc_provider_id"])
    ):
        return None, RowError(
            data["line"],
            "cqc_provider_id",
            f"{matches[0].name} has the CQC provider ID {matches[0].cqc_provider_id}, "
            f"not {data['cqc_provider_id']}",
        )
    return (matches[0] if matches else None), None


def _service_fields(data: dict) -> dict:
    return {
        "name": data["service_name"],
        "service_type": data["service_type"],
        "client_group": data["client_group"],
        "cqc_location_id": data["cqc_location_id"],
        "capacity": data["capacity"],
        "capacity_unit": data["capacity_unit"] or CapacityUnit.BEDS,
        "registered_manager": data["registered_manager"],
        "address_line_1": data["address_line_1"],
        "address_line_2": data["address_line_2"],
        "town": data["town"],
        "postcode": data["postcode"],
        "phone": data["phone"],
        "in_area": data["in_area"],
        "host_authority": data["host_council"],
        "registered_on": data["registered_on"],
        "closed_on": data["closed_on"],
        "contract_officer": data["contract_officer_email"],
        "clinical_nurse": data["clinical_nurse_email"],
    }


def _contract_fields(data: dict) -> dict:
    return {
        "contract_type": data["contract_type"],
        "start_date": data["contract_start_date"],
        "end_date": data["contract_end_date"],
        "annual_value": data["annual_value"],
        "annual_spend": data["annual_spend"],
        **{name: data[name] for name in PEOPLE},
    }


# --- the whole file ------------------------------------------------------------------------
class ServicesImport(CSVImport):
    """Services, their providers and optionally a contract, one service to a line."""

    columns = COLUMNS
    template_filename = "services-import-template.csv"
    max_bytes = 5 * 1024 * 1024
    max_rows = 10_000
    reject_unknown_columns = True
    reject_extra_values = True
    # The service functions' field names, as the file's column names.
    field_columns = {
        "name": "service_name",
        "host_authority": "host_council",
        "contract_officer": "contract_officer_email",
        "clinical_nurse": "clinical_nurse_email",
        "start_date": "contract_start_date",
        "end_date": "contract_end_date",
        "reference": "contract_reference",
    }

    def __init__(self, *, acting_user: User | None = None):
        self.acting_user = acting_user

    @cached_property
    def lookups(self) -> _Lookups:
        return _Lookups.load()

    def parse_row(self, line, values, errors):
        form = ImportRowForm(values, lookups=self.lookups)
        if not form.is_valid():
            errors.add_form_errors(form, COLUMN_NAMES)
            return None
        return {**form.cleaned_data, "line": line}

    def check_batch(self, rows: list[dict]) -> list[RowError]:
        """Checks across lines and against the register: duplicates, ambiguous matches, new
        providers without a scale and size, contracts that belong to another service."""
        errors = []
        seen_locations: dict[str, int] = {}
        seen_references: dict[str, int] = {}
        new_providers: dict[str, int] = {}
        location_ids = [r["cqc_location_id"] for r in rows if r["cqc_location_id"]]
        existing_services = {
            s.cqc_location_id: s for s in Service.objects.filter(cqc_location_id__in=location_ids)
        }
        references = [r["contract_reference"] for r in rows if r["contract_reference"]]
        existing_contracts = {
            c.reference: c
            for c in Contract.objects.filter(reference__in=references).select_related("service")
        }
        for data in rows:
            line = data["line"]

            def problem(column: str, message: str, line=line) -> None:
                errors.append(RowError(line, column, message))

            location = data["cqc_location_id"]
            if location:
                if location in seen_locations:
                    problem(
                        "cqc_location_id", f"{location} is also on line {seen_locations[location]}"
                    )
                seen_locations.setdefault(location, line)
            reference = data["contract_reference"]
            if reference:
                if reference in seen_references:
                    problem(
                        "contract_reference",
                        f"{reference} is also on line {seen_references[reference]}",
                    )
                seen_references.setdefault(reference, line)
                contract = existing_contracts.get(reference)
                if contract is not None:
                    target = existing_services.get(location) if location else None
                    same_service = (target is not None and target.pk == contract.service_id) or (
                        target is None
                        and contract.service.name.strip().lower()
                        == data["service_name"].strip().lower()
                    )
                    if not same_service:
                        problem(
                            "contract_reference",
                            f"contract {reference} belongs to {contract.service.name}, "
                            "not this service",
                        )
            provider, provider_error = _match_provider(data)
            if provider_error:
                errors.append(provider_error)
            elif provider is None:
                key = data["cqc_provider_id"] or data["provider_name"].lower()
                if key not in new_providers:
                    new_providers[key] = line
                    for name, word in (("provider_scale", "scale"), ("provider_size", "size")):
                        if not data[name]:
                            problem(
                                name,
                                f"Enter the {word} of the new provider {data['provider_name']}",
                            )
        return errors

    def write(self, rows: list[dict]) -> ImportResult:
        result = ImportResult()
        created_providers: dict[str, Provider] = {}
        for data in rows:
            try:
                result.lines.append(self._write_row(data, result, created_providers))
            except ValidationError as error:
                raise ImportRejected(
                    row_errors_from(error, line=data["line"], columns=self.field_columns)
                )
        return result

    def _write_row(self, data: dict, result: ImportResult, created_providers: dict) -> dict:
        acting_user = self.acting_user
        summary = {"line": data["line"], "service": data["service_name"]}
        provider, _error = _match_provider(data)
        key = data["cqc_provider_id"] or data["provider_name"].lower()
        if provider is None and key in created_providers:
            provider = created_providers[key]
        if provider is None:
            provider = register.provider_create(
                acting_user=acting_user,
                name=data["provider_name"],
                cqc_provider_id=data["cqc_provider_id"],
                scale=data["provider_scale"],
                size=data["provider_size"],
            )
            created_providers[key] = provider
            result.providers_created += 1
            summary["provider"] = "created"
        else:
            if key not in created_providers:
                result.providers_matched += 1
                created_providers[key] = provider
            summary["provider"] = "matched"
        summary["provider_name"] = provider.name

        service = None
        if data["cqc_location_id"]:
            service = Service.objects.filter(cqc_location_id=data["cqc_location_id"]).first()
        if service is None:
            service = (
                Service.objects.annotate(lower_name=Lower("name"))
                .filter(provider=provider, lower_name=data["service_name"].strip().lower())
                .first()
            )
        fields = _service_fields(data)
        if service is None:
            service = register.service_create(acting_user=acting_user, provider=provider, **fields)
            result.services_created += 1
            summary["action"] = "created"
        else:
            register.service_update(
                acting_user=acting_user, service=service, provider=provider, **fields
            )
            result.services_updated += 1
            summary["action"] = "updated"

        if data["contract_reference"]:
            contract = Contract.objects.filter(reference=data["contract_reference"]).first()
            if contract is None:
                register.contract_create(
                    acting_user=acting_user,
                    service=service,
                    reference=data["contract_reference"],
                    **_contract_fields(data),
                )
                result.contracts_created += 1
                summary["contract"] = "created"
            else:
                register.contract_update(
                    acting_user=acting_user, contract=contract, **_contract_fields(data)
                )
                result.contracts_updated += 1
                summary["contract"] = "updated"
        return summary


def template_csv() -> str:
    """The import template: the headings and one example row."""
    return ServicesImport().template_csv()


def services_import(*, acting_user: User, upload) -> ImportResult:
    """Check every row of ``upload`` (a CSV file), then import them all in one transaction.

    Raises ImportRejected, having written nothing, if any row has a problem.
    """
    return ServicesImport(acting_user=acting_user).run(upload)
