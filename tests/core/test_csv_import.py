"""The CSV import framework on its own: file checks, line numbers, all or nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.csv_import import Column, CSVImport, ImportRejected, ImportUploadForm, RowError
from core.csv_import.cells import parse_choice, parse_date, parse_yes_no
from providers.models import LocalAuthority


class CouncilNames(CSVImport):
    """Renames councils by GSS code: enough to show every part of an import."""

    columns = [
        Column("gss_code", "GSS code", "E09000007", True),
        Column("name", "New name", "Camden", True),
        Column("notes"),
    ]
    template_filename = "councils.csv"
    max_bytes = 1024 * 1024
    max_rows = 3

    def parse_row(self, line, values, errors):
        if not values["name"]:
            errors.add("name", "Enter the name")
        if values["gss_code"] == "FAIL":
            errors.add(None, "This line is wrong")
        return values

    def write(self, rows):
        for row in rows:
            LocalAuthority.objects.filter(gss_code=row["gss_code"]).update(name=row["name"])
            if row["name"] == "Boom":
                raise ImportRejected([RowError(None, "", "Refused while writing")])
        return len(rows)


def _rejected(raw: bytes, importer=None) -> list[str]:
    with pytest.raises(ImportRejected) as raised:
        (importer or CouncilNames()).run(raw)
    return raised.value.errors


def test_file_problems_are_reported_without_a_line():
    assert _rejected(b"x" * (1024 * 1024 + 1)) == ["The selected file must be smaller than 1MB"]
    assert _rejected(b"gss_code,name\n\xff,x\n") == [
        "The selected file must be saved as a UTF-8 CSV file"
    ]
    assert _rejected(b"") == ["The selected file is empty"]
    assert _rejected(b"gss_code,name\n,\n") == ["The selected file has no rows to import"]
    assert _rejected(b"gss_code,name\na,b\nc,d\ne,f\ng,h\n") == [
        "The file has more than 3 rows: split it into smaller files"
    ]


def test_the_header_names_missing_columns():
    assert _rejected(b"GSS_Code ,colour\nE1,red\n") == [
        "Line 1: the file is missing the columns name. Use the template"
    ]


def test_row_errors_name_the_line_a_row_starts_on():
    raw = b'\xef\xbb\xbfgss_code,name,notes\nA,,\n\nB,ok,"two\nlines"\nFAIL,,\n'
    assert _rejected(raw) == [
        "Line 2: name: Enter the name",
        "Line 6: name: Enter the name",
        "Line 6: This line is wrong",
    ]


@pytest.mark.django_db
def test_nothing_is_kept_when_writing_is_refused():
    camden = LocalAuthority.objects.get(name="Camden")
    raw = f"gss_code,name\n{camden.gss_code},Renamed\n{camden.gss_code},Boom\n".encode()
    assert _rejected(raw) == ["Refused while writing"]
    camden.refresh_from_db()
    assert camden.name == "Camden"


def test_the_template_has_the_headings_and_an_example():
    assert CouncilNames().template_csv() == "gss_code,name,notes\r\nE09000007,Camden,\r\n"


def test_the_upload_form_checks_the_name_and_size():
    class Form(ImportUploadForm):
        max_bytes = 1024 * 1024

    form = Form(files={"file": SimpleUploadedFile("a.txt", b"a,b\n")})
    assert form.errors["file"] == ["The selected file must be a CSV"]
    form = Form(files={"file": SimpleUploadedFile("a.csv", b"a" * (1024 * 1024 + 1))})
    assert form.errors["file"] == ["The selected file must be smaller than 1MB"]
    assert Form().fields["file"].help_text == "A CSV file saved from the template, 1MB or smaller"


def test_cells_read_what_people_type():
    assert str(parse_date("27/03/2025")) == "2025-03-27"
    assert parse_date("") is None
    assert parse_yes_no("Y") is True and parse_yes_no("", empty=True) is True
    with pytest.raises(ValueError):
        parse_yes_no("maybe")
    assert parse_choice("Self-funder", [("self_funder", "Self funder")]) == "self_funder"
