"""The figures of a built report as a spreadsheet: one sheet per table of its PDF.

The workbook is drawn from the figures kept on the report (``Report.figures``) through the same
``reports.documents.common.Document`` as the PDF, so both show the same figures, as they were
when the report was built. Text a spreadsheet would run as a formula is prefixed with an
apostrophe.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.exports import safe_cell
from reports.documents.common import NONE, Document


def _cell(value):
    if value == NONE:
        return None
    return safe_cell(value)


def _sheet_names(document: Document) -> list[str]:
    names, seen = [], set()
    for index, table in enumerate(document.tables, start=1):
        name = (table.sheet or f"Table {index}")[:31]
        for char in "[]:*?/\\":
            name = name.replace(char, " ")
        base, suffix = name, 2
        while name.lower() in seen:
            name = f"{base[:28]} {suffix}"
            suffix += 1
        seen.add(name.lower())
        names.append(name)
    return names


def report_xlsx(document: Document, *, title: str) -> bytes:
    """An .xlsx workbook: a contents sheet, then each table with its caption and headings."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    names = _sheet_names(document)

    contents = workbook.create_sheet("Contents")
    contents.append([WriteOnlyCell(contents, value=title)])
    contents.append([document.council, document.subtitle])
    contents.append(["OFFICIAL-SENSITIVE"])
    contents.append([])
    for line in document.summary:
        contents.append([line])
    contents.append([])
    header = [WriteOnlyCell(contents, value=text) for text in ("Sheet", "Table")]
    for cell in header:
        cell.font = bold
    contents.append(header)
    for name, table in zip(names, document.tables, strict=True):
        contents.append([name, table.caption])

    for name, table in zip(names, document.tables, strict=True):
        sheet = workbook.create_sheet(name)
        sheet.freeze_panes = "A3"
        caption = WriteOnlyCell(sheet, value=table.caption)
        caption.font = bold
        sheet.append([caption])
        headings = []
        for heading in table.columns:
            cell = WriteOnlyCell(sheet, value=heading)
            cell.font = bold
            headings.append(cell)
        sheet.append(headings)
        if not table.rows:
            sheet.append([table.empty])
        for row in table.rows:
            sheet.append([_cell(value) for value in row])
        if table.total:
            total = []
            for value in table.total:
                cell = WriteOnlyCell(sheet, value=_cell(value))
                cell.font = bold
                total.append(cell)
            sheet.append(total)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
