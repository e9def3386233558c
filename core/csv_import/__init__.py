"""One way to import a CSV file: every import (services and contracts, people affected by a
failure, vacancies, call monitoring figures) is a ``CSVImport`` that declares its columns,
limits and messages, converts one row at a time and writes a valid batch; this package does
the rest the same way for all of them.

    base.py   Column, RowError, RowErrors, ImportRejected, CSVImport (size and row limits,
              decoding with BOM handling, the header check, row errors in GOV.UK words,
              all-or-nothing writing in one transaction, the template CSV)
    cells.py  parsers for one cell: parse_date, parse_yes_no, parse_choice, and form fields
              for imports that check a row with a Django form (ChoiceCell, DateCell, ...)
    forms.py  ImportUploadForm: the upload form every import page uses
    views.py  template_response: the template CSV download
"""

from core.csv_import.base import (
    Column,
    CSVImport,
    ImportRejected,
    RowError,
    RowErrors,
    row_errors_from,
)
from core.csv_import.forms import ImportUploadForm
from core.csv_import.views import template_response

__all__ = [
    "CSVImport",
    "Column",
    "ImportRejected",
    "ImportUploadForm",
    "RowError",
    "RowErrors",
    "row_errors_from",
    "template_response",
]
