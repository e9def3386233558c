"""Tables as CSV and Excel: the one place every download of rows is written.

An export is a list of columns, (heading, function of one object), read over the objects; the
same rows then go to ``table_csv`` or ``table_xlsx`` so both files hold the same cells.

- A queryset is read in chunks, so a large register exports without loading it all at once.
- Text a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
  return) is prefixed with an apostrophe: ``safe_cell``, the only copy of that rule.
- CSV starts with a UTF-8 byte order mark, or Excel reads it in the local code page and
  garbles accented names.
- Excel cells keep their types: dates are dates and numbers are numbers, not text.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

CHUNK = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"

Column = tuple[str, Callable[[Any], Any]]


def safe_cell(value):
    """``value``, with text that a spreadsheet would run as a formula made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_rows(objects: Iterable, columns: list[Column]) -> Iterator[list]:
    """The header, then one list of (formula-safe) cell values per object. A queryset is read
    in chunks. ``columns`` is a list of (heading, function of the object)."""
    yield [heading for heading, _value in columns]
    if isinstance(objects, QuerySet):
        objects = objects.iterator(chunk_size=CHUNK)
    for obj in objects:
        yield [safe_cell(value(obj)) for _heading, value in columns]


class _Line:
    """A file-like object whose write() hands back what was written (for streaming)."""

    def write(self, value):
        return value


def table_csv(rows: Iterable[list]) -> Iterator[str]:
    """CSV text, line by line, after a byte order mark so Excel reads it as UTF-8."""
    writer = csv.writer(_Line())
    yield BOM
    for row in rows:
        yield writer.writerow(["" if cell is None else cell for cell in row])


def _typed_cell(sheet, value):
    # openpyxl stores dates as dates; a display format makes them read as dates in Excel
    # rather than as the ISO text openpyxl would pick.
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.make_naive(value)  # Excel has no time zones: local time, as shown
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    return cell


def table_xlsx(rows: Iterable[list], *, sheet_name: str) -> bytes:
    """An .xlsx workbook with one sheet: the first row as bold, frozen headings, then typed
    cells (dates as dates, numbers as numbers)."""
    rows = iter(rows)
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
        sheet.append([_typed_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
