"""Import services and contracts from a CSV file: every row is checked first, then all rows
are written in one transaction, or none are.

Matching: a provider by its CQC provider ID, else by name (ignoring case); a service by its
CQC location ID, else by name within its provider; a contract by its reference. Anything not
matched is created. Errors name the line of the file and the column, for example
"Line 7: service_type: Select a service type from the list".
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower

from accounts.models import User
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

MAX_ROWS = 10_000
CQC_ID = re.compile(r"^1-\d{5,12}$")


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    example: str
    required: bool = False


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
CONTRACT_COLUMNS = [
    "contract_type",
    "contract_start_date",
    "contract_end_date",
    "annual_value",
    "annual_spend",
    "council_funded",
    "health_funded",
    "jointly_funded",
    "self_funders",
    "other_council_placed",
]
PEOPLE = [
    "council_funded",
    "health_funded",
    "jointly_funded",
    "self_funders",
    "other_council_placed",
]


def template_csv() -> str:
    """The import template: the headings and one example row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMN_NAMES)
    writer.writerow([column.example for column in COLUMNS])
    return buffer.getvalue()


class ImportRejected(Exception):
    """The file was not imported; ``errors`` says why, line by line."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


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
class ChoiceByWordField(forms.CharField):
    """A choice given by its value or its label, in any case ("Nursing home" or "nursing")."""

    def __init__(self, *, choices, message: str, **kwargs):
        super().__init__(**kwargs)
        self.lookup = {}
        for value, label in choices:
            self.lookup[str(value).lower()] = value
            self.lookup[str(label).lower()] = value
        self.message = message

    def clean(self, value):
        text = " ".join((value or "").split()).lower()
        if not text:
            if self.required:
                raise ValidationError(self.message, code="required")
            return ""
        if text not in self.lookup:
            raise ValidationError(self.message, code="invalid_choice")
        return self.lookup[text]


class CSVDateField(forms.CharField):
    def clean(self, value):
        text = (value or "").strip()
        if not text:
            if self.required:
                raise ValidationError("Enter a date, like 2024-04-01", code="required")
            return None
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValidationError("Enter a real date, like 2024-04-01 or 01/04/2024", code="invalid")


class CSVWholeNumberField(forms.CharField):
    def __init__(self, *, default: int | None = 0, **kwargs):
        super().__init__(**kwargs)
        self.default = default

    def clean(self, value):
        text = (value or "").strip()
        if not text:
            return self.default
        if not text.isdigit():
            raise ValidationError("Enter a whole number, 0 or more, like 12", code="invalid")
        return int(text)


class CSVMoneyField(forms.CharField):
    def clean(self, value):
        text = (value or "").strip().replace(",", "").replace("£", "")
        if not text:
            return Decimal("0")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError("Enter an amount in pounds, like 250000", code="invalid")
        if not amount.is_finite() or amount < 0:
            raise ValidationError("Enter an amount of £0 or more", code="invalid")
        if amount >= Decimal("10000000000") or amount.as_tuple().exponent < -2:
            raise ValidationError(
                "Enter an amount in pounds and pence, like 250000.50", code="invalid"
            )
        return amount.quantize(Decimal("0.01"))


class CSVCQCIdField(forms.CharField):
    def clean(self, value):
        text = (value or "").strip()
        if not text:
            return None
        if not CQC_ID.match(text):
            raise ValidationError("Enter the ID in the correct format, like 1-123456789")
        return text


class CSVYesNoField(forms.CharField):
    def clean(self, value):
        text = (value or "").strip().lower()
        if not text:
            return True
        if text in ("yes", "y", "true"):
            return True
        if text in ("no", "n", "false"):
            return False
        raise ValidationError("Enter yes or no", code="invalid")


def _text(label: str, *, required=False, max_length=255):
    return forms.CharField(
        required=required,
        max_length=max_length,
        error_messages={
            "required": f"Enter the {label}",
            "max_length": f"{label[0].upper()}{label[1:]} must be {max_length} characters or fewer",
        },
    )


class ImportRowForm(forms.Form):
    """One line of the CSV: the fields of a provider, a service and optionally a contract."""

    provider_name = _text("provider name", required=True)
    cqc_provider_id = CSVCQCIdField(required=False)
    provider_scale = ChoiceByWordField(
        choices=Scale.choices,
        required=False,
        message="Select a provider scale from the list: national, regional or local",
    )
    provider_size = ChoiceByWordField(
        choices=Size.choices,
        required=False,
        message="Select a provider size from the list: large, medium or small",
    )
    service_name = _text("service name", required=True)
    cqc_location_id = CSVCQCIdField(required=False)
    service_type = ChoiceByWordField(
        choices=ServiceType.choices, required=True, message="Select a service type from the list"
    )
    client_group = ChoiceByWordField(
        choices=ClientGroup.choices, required=True, message="Select a client group from the list"
    )
    capacity = CSVWholeNumberField(required=False, default=None)
    capacity_unit = ChoiceByWordField(
        choices=[*CapacityUnit.choices, ("hours", "hours")],
        required=False,
        message="Select a capacity unit from the list: beds, hours, places or people",
    )
    registered_manager = _text("registered manager", max_length=150)
    address_line_1 = _text("address line 1")
    address_line_2 = _text("address line 2")
    town = _text("town", max_length=100)
    postcode = _text("postcode", max_length=10)
    phone = _text("phone number", max_length=30)
    in_area = CSVYesNoField(required=False)
    host_council = _text("host council", max_length=150)
    contract_officer_email = _text("contract officer's email address", max_length=254)
    clinical_nurse_email = _text("clinical nurse's email address", max_length=254)
    registered_on = CSVDateField(required=False)
    closed_on = CSVDateField(required=False)
    contract_reference = _text("contract reference", max_length=50)
    contract_type = ChoiceByWordField(
        choices=ContractType.choices,
        required=False,
        message="Select a contract type from the list: block, spot or framework",
    )
    contract_start_date = CSVDateField(required=False)
    contract_end_date = CSVDateField(required=False)
    annual_value = CSVMoneyField(required=False)
    annual_spend = CSVMoneyField(required=False)
    council_funded = CSVWholeNumberField(required=False)
    health_funded = CSVWholeNumberField(required=False)
    jointly_funded = CSVWholeNumberField(required=False)
    self_funders = CSVWholeNumberField(required=False)
    other_council_placed = CSVWholeNumberField(required=False)

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


# --- the whole file ------------------------------------------------------------------------
@dataclass
class _Row:
    line: int
    data: dict


def _read(upload) -> tuple[list[str], list[tuple[int, dict]]]:
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected(["The selected file must be saved as a UTF-8 CSV file"])
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    if not headers:
        raise ImportRejected(["The selected file is empty"])
    reader.fieldnames = headers
    missing = [c.name for c in COLUMNS if c.required and c.name not in headers]
    unknown = [h for h in headers if h and h not in COLUMN_NAMES]
    problems = []
    if missing:
        problems.append(
            f"Line 1: the file is missing the columns {', '.join(missing)}. Use the template"
        )
    if unknown:
        problems.append(
            f"Line 1: the columns {', '.join(unknown)} are not ones the import knows. Use the template"
        )
    if problems:
        raise ImportRejected(problems)
    rows = []
    last_line = 1
    for record in reader:
        line = last_line + 1
        last_line = reader.line_num
        if None in record:
            raise ImportRejected([f"Line {line}: the line has more values than there are columns"])
        values = {k: (v or "") for k, v in record.items() if k}
        if not any(v.strip() for v in values.values()):
            continue
        rows.append((line, values))
        if len(rows) > MAX_ROWS:
            raise ImportRejected(
                [f"The file has more than {MAX_ROWS:,} rows: split it into smaller files"]
            )
    if not rows:
        raise ImportRejected(["The selected file has no rows to import"])
    return headers, rows


def _validate(rows: list[tuple[int, dict]]) -> tuple[list[_Row], list[str]]:
    lookups = _Lookups.load()
    errors: list[str] = []
    valid: list[_Row] = []
    for line, values in rows:
        form = ImportRowForm(values, lookups=lookups)
        if form.is_valid():
            valid.append(_Row(line=line, data=form.cleaned_data))
        else:
            for name in COLUMN_NAMES:
                for message in form.errors.get(name, []):
                    errors.append(f"Line {line}: {name}: {message}")
            for message in form.non_field_errors():
                errors.append(f"Line {line}: {message}")
    errors.extend(_cross_check(valid))
    return valid, errors


def _cross_check(rows: list[_Row]) -> list[str]:
    """Checks across lines and against the register: duplicates, ambiguous matches, new
    providers without a scale and size, contracts that belong to another service."""
    errors = []
    seen_locations: dict[str, int] = {}
    seen_references: dict[str, int] = {}
    new_providers: dict[str, int] = {}
    location_ids = [r.data["cqc_location_id"] for r in rows if r.data["cqc_location_id"]]
    existing_services = {
        s.cqc_location_id: s for s in Service.objects.filter(cqc_location_id__in=location_ids)
    }
    references = [r.data["contract_reference"] for r in rows if r.data["contract_reference"]]
    existing_contracts = {
        c.reference: c
        for c in Contract.objects.filter(reference__in=references).select_related("service")
    }
    for row in rows:
        data, line = row.data, row.line
        location = data["cqc_location_id"]
        if location:
            if location in seen_locations:
                errors.append(
                    f"Line {line}: cqc_location_id: {location} is also on line {seen_locations[location]}"
                )
            seen_locations.setdefault(location, line)
        reference = data["contract_reference"]
        if reference:
            if reference in seen_references:
                errors.append(
                    f"Line {line}: contract_reference: {reference} is also on line {seen_references[reference]}"
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
                    errors.append(
                        f"Line {line}: contract_reference: contract {reference} belongs to "
                        f"{contract.service.name}, not this service"
                    )
        provider, provider_error = _match_provider(data)
        if provider_error:
            errors.append(f"Line {line}: {provider_error}")
        elif provider is None:
            key = data["cqc_provider_id"] or data["provider_name"].lower()
            if key not in new_providers:
                new_providers[key] = line
                for name, word in (("provider_scale", "scale"), ("provider_size", "size")):
                    if not data[name]:
                        errors.append(
                            f"Line {line}: {name}: Enter the {word} of the new provider {data['provider_name']}"
                        )
    return errors


def _match_provider(data: dict) -> tuple[Provider | None, str]:
    if data["cqc_provider_id"]:
        provider = Provider.objects.filter(cqc_provider_id=data["cqc_provider_id"]).first()
        if provider is not None:
            return provider, ""
    matches = list(
        Provider.objects.annotate(lower_name=Lower("name")).filter(
            lower_name=data["provider_name"].strip().lower()
        )[:2]
    )
    if len(matches) > 1:
        return None, (
            f"provider_name: more than one provider is called {data['provider_name']}: "
            "add its cqc_provider_id"
        )
    if (
        matches
        and data["cqc_provider_id"]
        and matches[0].cqc_provider_id not in (None, data["cqc_provider_id"])
    ):
        return None, (
            f"cqc_provider_id: {matches[0].name} has the CQC provider ID "
            f"{matches[0].cqc_provider_id}, not {data['cqc_provider_id']}"
        )
    return (matches[0] if matches else None), ""


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


def _apply(rows: list[_Row], acting_user: User) -> ImportResult:
    result = ImportResult()
    created_providers: dict[str, Provider] = {}
    for row in rows:
        data = row.data
        summary = {"line": row.line, "service": data["service_name"]}
        try:
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
                service = register.service_create(
                    acting_user=acting_user, provider=provider, **fields
                )
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
        except ValidationError as error:
            raise ImportRejected(_line_errors(row.line, error))
        result.lines.append(summary)
    return result


FIELD_TO_COLUMN = {
    "name": "service_name",
    "host_authority": "host_council",
    "contract_officer": "contract_officer_email",
    "clinical_nurse": "clinical_nurse_email",
    "start_date": "contract_start_date",
    "end_date": "contract_end_date",
    "reference": "contract_reference",
}


def _line_errors(line: int, error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return [f"Line {line}: {message}" for message in error.messages]
    lines = []
    for name, errors in error.error_dict.items():
        column = FIELD_TO_COLUMN.get(name, name)
        for message in ValidationError(errors).messages:
            if column == "__all__":
                lines.append(f"Line {line}: {message}")
            else:
                lines.append(f"Line {line}: {column}: {message}")
    return lines


def services_import(*, acting_user: User, upload) -> ImportResult:
    """Check every row of ``upload`` (a CSV file), then import them all in one transaction.

    Raises ImportRejected, having written nothing, if any row has a problem.
    """
    _headers, rows = _read(upload)
    valid, errors = _validate(rows)
    if errors:
        raise ImportRejected(errors)
    with transaction.atomic():
        return _apply(valid, acting_user)
