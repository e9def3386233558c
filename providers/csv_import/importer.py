"""Import services and contracts from a CSV file (core.csv_import does the reading, the
checking and the all-or-nothing transaction).

Matching: a provider by its CQC provider ID, else by name (ignoring case); a service by its
CQC location ID, else by name within its provider; a contract by its reference. Anything not
matched is created. Errors name the line of the file and the column, for example
"Line 7: service_type: Select a service type from the list".
"""

from __future__ import annotations

from functools import cached_property

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower

from accounts.models import User
from core.csv_import import CSVImport, ImportRejected, RowError, row_errors_from
from providers import services as register
from providers.csv_import.columns import COLUMN_NAMES, COLUMNS, ImportResult
from providers.csv_import.rows import (
    ImportRowForm,
    Lookups,
    contract_fields,
    match_provider,
    service_fields,
)
from providers.models import (
    Contract,
    Provider,
    Service,
)


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
    def lookups(self) -> Lookups:
        return Lookups.load()

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
            provider, provider_error = match_provider(data)
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
        provider, _error = match_provider(data)
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
        fields = service_fields(data)
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
                    **contract_fields(data),
                )
                result.contracts_created += 1
                summary["contract"] = "created"
            else:
                register.contract_update(
                    acting_user=acting_user, contract=contract, **contract_fields(data)
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
