"""The filtered service list as CSV and Excel."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from tests.providers.factories import ContractFactory, CQCRatingFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


@pytest.fixture
def register(officer):
    home = ServiceFactory(
        name="Yarrowdene House",
        service_type="nursing",
        postcode="NM5 5AA",
        registered_manager="",
        contract_officer=officer,
    )
    CQCRatingFactory(service=home, overall="requires_improvement")
    ContractFactory(service=home, annual_spend=Decimal("654321.50"))
    ServiceFactory(name='=HYPERLINK("http://example.com")', service_type="residential")
    ServiceFactory(name="Support Branch", service_type="home_support")
    return home


def test_the_csv_export_holds_the_filtered_list(signed_in, officer, register):
    response = signed_in(officer).get(
        reverse("providers:service-export-csv"), {"service_type": "nursing"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    header, *rows = _csv_rows(response)
    assert header[:4] == ["Service", "Provider", "Service type", "Client group"]
    assert header[-1] == "Annual spend on live contracts (£)"
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Service"] == "Yarrowdene House"
    assert row["Current CQC rating"] == "Requires improvement"
    assert row["Registered manager"] == "Vacant"
    assert row["Contract live today"] == "Yes"
    assert row["Contract officer"] == "Olu Officer"
    assert row["Annual spend on live contracts (£)"] == "654321.50"


def test_text_that_looks_like_a_formula_is_neutralised(signed_in, officer, register):
    rows = _csv_rows(
        signed_in(officer).get(
            reverse("providers:service-export-csv"), {"service_type": "residential"}
        )
    )
    assert rows[1][0].startswith("'=HYPERLINK")


def test_partners_get_no_spend_column(signed_in, partner, register):
    header, *_rows = _csv_rows(signed_in(partner).get(reverse("providers:service-export-csv")))
    assert not any("spend" in h.lower() for h in header)


def test_the_excel_export_opens_with_openpyxl(signed_in, officer, register):
    response = signed_in(officer).get(reverse("providers:service-export-xlsx"), {"sort": "name"})
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Services"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Service"
    assert [r[0] for r in rows[1:]] == [
        '\'=HYPERLINK("http://example.com")',
        "Support Branch",
        "Yarrowdene House",
    ]
    assert rows[3][-1] == 654321.5
    assert sheet["A1"].font.bold


def test_my_services_export_is_the_portfolio(signed_in, officer, register):
    header, *rows = _csv_rows(signed_in(officer).get(reverse("providers:my-services-export-csv")))
    assert [r[0] for r in rows] == ["Yarrowdene House"]
