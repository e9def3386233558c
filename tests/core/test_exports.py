"""Every table download goes through core.exports: a byte order mark so Excel reads UTF-8,
formula escaping, and typed Excel cells."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from core.exports import safe_cell, table_csv, table_rows, table_xlsx
from tests.failure_plan.factories import AffectedPersonFactory, open_incident

COLUMNS = [("Name", lambda row: row["name"]), ("On", lambda row: row["on"])]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_a_spreadsheet_would_run_as_a_formula_is_made_plain(start):
    assert safe_cell(f"{start}SUM(A1)") == f"'{start}SUM(A1)"
    assert safe_cell("Zoë") == "Zoë"
    assert safe_cell(-3) == -3


def test_csv_starts_with_a_byte_order_mark_and_escapes_formulas():
    rows = [{"name": "=HYPERLINK(1)", "on": None}, {"name": "Zoë Brontë", "on": "x"}]

    data = "".join(table_csv(table_rows(rows, COLUMNS))).encode("utf-8")

    assert data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert parsed == [["Name", "On"], ["'=HYPERLINK(1)", ""], ["Zoë Brontë", "x"]]


def test_excel_keeps_dates_as_dates_and_numbers_as_numbers():
    rows = [{"name": "+44 1234", "on": datetime.date(2026, 3, 4)}, {"name": 5, "on": Decimal(2)}]

    data = table_xlsx(table_rows(rows, COLUMNS), sheet_name="Sheet")

    sheet = openpyxl.load_workbook(io.BytesIO(data))["Sheet"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[1] == ("'+44 1234", datetime.datetime(2026, 3, 4))
    assert sheet["B2"].is_date
    assert values[2] == (5, 2)


@pytest.mark.django_db
def test_the_people_export_has_a_byte_order_mark_and_escapes_formulas(signed_in, chair, officer):
    incident = open_incident(lead=officer)
    AffectedPersonFactory(incident=incident, full_name="=Zoë Brontë")

    response = signed_in(chair).get(reverse("failure_plan:people-export", args=[incident.pk]))

    assert response.content.startswith(b"\xef\xbb\xbf")
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert dict(zip(header, row, strict=True))["full_name"] == "'=Zoë Brontë"
