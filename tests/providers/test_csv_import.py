"""Importing services and contracts from CSV: checked line by line, all or nothing."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.csv_import import ImportRejected
from providers.csv_import.columns import COLUMN_NAMES
from providers.csv_import.importer import services_import, template_csv
from providers.models import Contract, Provider, Service
from tests.providers.factories import ContractFactory, ProviderFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _row(**values) -> dict:
    row = dict.fromkeys(COLUMN_NAMES, "")
    row.update(
        provider_name="Linnetford Care Ltd",
        provider_scale="local",
        provider_size="small",
        service_name="Linnetford House",
        service_type="Residential care home",
        client_group="older people",
    )
    row.update(values)
    return row


def _file(rows: list[dict], name="services.csv", columns=COLUMN_NAMES) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")


def test_the_template_has_every_column_and_an_example_row_that_imports(admin, officer):
    rows = list(csv.reader(io.StringIO(template_csv())))
    assert rows[0] == COLUMN_NAMES
    assert len(rows) == 2
    result = services_import(
        acting_user=admin,
        upload=SimpleUploadedFile("t.csv", template_csv().encode(), content_type="text/csv"),
    )
    assert result.services_created == 1 and result.contracts_created == 1
    contract = Contract.objects.get()
    assert contract.annual_spend == Decimal("812500.50")


def test_a_good_file_creates_providers_services_and_contracts(admin, officer, nurse):
    rows = [
        _row(
            cqc_provider_id="1-900000001",
            cqc_location_id="1-900000101",
            postcode="nm3 2qx",
            contract_officer_email=officer.email.upper(),
            clinical_nurse_email=nurse.email,
            contract_reference="NM-1",
            contract_type="Block",
            contract_start_date="01/04/2024",
            annual_spend="£250,000",
            council_funded="12",
        ),
        _row(
            service_name="Linnetford Lodge",
            service_type="nursing",
            in_area="no",
            host_council="Camden",
            contract_reference="NM-2",
            contract_type="spot",
            contract_start_date="2024-05-01",
        ),
    ]
    result = services_import(acting_user=admin, upload=_file(rows))
    assert (result.providers_created, result.services_created, result.contracts_created) == (
        1,
        2,
        2,
    )
    house = Service.objects.get(name="Linnetford House")
    assert house.postcode == "NM3 2QX"
    assert house.contract_officer == officer and house.clinical_nurse == nurse
    lodge = Service.objects.get(name="Linnetford Lodge")
    assert not lodge.in_area and lodge.host_authority.name == "Camden"
    assert Provider.objects.count() == 1
    assert Contract.objects.get(reference="NM-1").council_funded == 12


def test_one_bad_row_imports_nothing_and_every_problem_has_its_line(admin):
    rows = [_row(service_name=f"Good {n}") for n in range(5)]
    rows.append(_row(service_type="Spaceship"))  # line 7
    rows.append(
        _row(
            client_group="",
            capacity="lots",
            contract_reference="X",
            contract_start_date="31/02/2024",
        )
    )  # line 8
    with pytest.raises(ImportRejected) as rejected:
        services_import(acting_user=admin, upload=_file(rows))
    errors = rejected.value.errors
    assert "Line 7: service_type: Select a service type from the list" in errors
    assert "Line 8: client_group: Select a client group from the list" in errors
    assert "Line 8: capacity: Enter a whole number, 0 or more, like 12" in errors
    assert "Line 8: contract_start_date: Enter a real date, like 2024-04-01 or 01/04/2024" in errors
    assert (
        "Line 8: contract_type: Select a contract type from the list: block, spot or framework"
        in errors
    )
    assert not Service.objects.exists()
    assert not Provider.objects.exists()


def test_existing_records_are_matched_and_updated(admin):
    provider = ProviderFactory(name="Linnetford Care Ltd", cqc_provider_id=None)
    service = ServiceFactory(provider=provider, cqc_location_id="1-900000101", name="Old name")
    contract = ContractFactory(service=service, reference="NM-1", council_funded=1)
    result = services_import(
        acting_user=admin,
        upload=_file(
            [
                _row(
                    provider_name="LINNETFORD care ltd",
                    provider_scale="",
                    provider_size="",
                    cqc_location_id="1-900000101",
                    service_name="New name",
                    contract_reference="NM-1",
                    contract_type="spot",
                    contract_start_date="2024-04-01",
                    council_funded="9",
                )
            ]
        ),
    )
    assert (result.providers_matched, result.services_updated, result.contracts_updated) == (
        1,
        1,
        1,
    )
    service.refresh_from_db()
    contract.refresh_from_db()
    assert service.name == "New name"
    assert contract.council_funded == 9
    assert Provider.objects.count() == 1


def test_duplicates_in_the_file_and_new_providers_without_scale_are_reported(admin):
    rows = [
        _row(
            cqc_location_id="1-900000101",
            contract_reference="R1",
            contract_type="spot",
            contract_start_date="2024-01-01",
        ),
        _row(
            service_name="Two",
            cqc_location_id="1-900000101",
            contract_reference="R1",
            contract_type="spot",
            contract_start_date="2024-01-01",
        ),
        _row(provider_name="Brand New Ltd", provider_scale="", provider_size="huge"),
    ]
    with pytest.raises(ImportRejected) as rejected:
        services_import(acting_user=admin, upload=_file(rows))
    errors = rejected.value.errors
    assert "Line 3: cqc_location_id: 1-900000101 is also on line 2" in errors
    assert "Line 3: contract_reference: R1 is also on line 2" in errors
    assert (
        "Line 4: provider_size: Select a provider size from the list: large, medium or small"
        in errors
    )


def test_a_contract_belonging_to_another_service_is_refused(admin):
    ContractFactory(reference="TAKEN", service=ServiceFactory(name="Someone else"))
    rows = [
        _row(contract_reference="TAKEN", contract_type="spot", contract_start_date="2024-01-01")
    ]
    with pytest.raises(ImportRejected) as rejected:
        services_import(acting_user=admin, upload=_file(rows))
    assert rejected.value.errors == [
        "Line 2: contract_reference: contract TAKEN belongs to Someone else, not this service"
    ]


def test_a_file_missing_columns_is_refused(admin):
    upload = _file([_row()], columns=["provider_name", "service_name", "colour"])
    with pytest.raises(ImportRejected) as rejected:
        services_import(acting_user=admin, upload=upload)
    assert rejected.value.errors == [
        "Line 1: the file is missing the columns service_type, client_group. Use the template",
        "Line 1: the columns colour are not ones the import knows. Use the template",
    ]


def test_the_import_page_shows_errors_in_the_govuk_error_summary(signed_in, admin):
    rows = [_row(service_name=f"Good {n}") for n in range(5)] + [_row(service_type="Spaceship")]
    response = signed_in(admin).post(reverse("providers:service-import"), {"file": _file(rows)})
    assert response.status_code == 200
    assert "There is a problem: nothing was imported" in response.text
    assert "Line 7: service_type: Select a service type from the list" in response.text
    assert "<title>Error: " in response.text
    assert not Service.objects.exists()


def test_the_import_page_summarises_what_was_imported(signed_in, admin):
    response = signed_in(admin).post(
        reverse("providers:service-import"), {"file": _file([_row(), _row(service_name="Second")])}
    )
    assert "Import complete" in response.text
    assert "2 rows imported" in response.text
    assert Service.objects.count() == 2


def test_the_upload_must_be_a_csv(signed_in, admin):
    upload = SimpleUploadedFile("services.xlsx", b"PK\x03\x04", content_type="application/zip")
    response = signed_in(admin).post(reverse("providers:service-import"), {"file": upload})
    assert response.context["form"].errors["file"] == ["The selected file must be a CSV"]
    response = signed_in(admin).post(reverse("providers:service-import"), {})
    assert response.context["form"].errors["file"] == ["Select a CSV file"]


def test_the_template_download_is_a_csv(signed_in, admin):
    response = signed_in(admin).get(reverse("providers:service-import-template"))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[0] == ",".join(COLUMN_NAMES)
