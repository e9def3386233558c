"""The service list as CSV and Excel: the same rows and columns in both.

Both read the (already filtered and scoped) queryset in chunks, so a large register exports
without loading every service into memory at once. Text that a spreadsheet would run as a
formula is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from providers.models import Rating, Service

CHUNK = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

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


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_rows(objects, columns) -> Iterator[list]:
    """The header, then one list of cell values per object, reading the queryset in chunks.
    ``columns`` is a list of (heading, function of the object)."""
    yield [heading for heading, _value in columns]
    for obj in objects.iterator(chunk_size=CHUNK):
        yield [_safe(value(obj)) for _heading, value in columns]


class _Line:
    """A file-like object whose write() hands back what was written (for streaming)."""

    def write(self, value):
        return value


def table_csv(rows: Iterator[list]) -> Iterator[str]:
    """CSV text, line by line, with a byte order mark so Excel reads it as UTF-8."""
    writer = csv.writer(_Line())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(["" if cell is None else cell for cell in row])


def table_xlsx(rows: Iterator[list], *, sheet_name: str) -> bytes:
    """An .xlsx workbook with one sheet: the first row as bold, frozen headings."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for heading in next(rows):
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def service_rows(services: Iterable[Service], *, include_spend: bool) -> Iterator[list]:
    """The header, then one list of cell values per service."""
    return table_rows(services, _columns(include_spend))


def services_csv(services, *, include_spend: bool) -> Iterator[str]:
    """The service list as CSV text, line by line."""
    return table_csv(service_rows(services, include_spend=include_spend))


def services_xlsx(services, *, include_spend: bool) -> bytes:
    """The service list as an .xlsx workbook with one sheet, "Services"."""
    return table_xlsx(service_rows(services, include_spend=include_spend), sheet_name="Services")
