"""The template CSV download, the same for every import."""

from __future__ import annotations

from django.http import HttpResponse

from core.csv_import.base import CSVImport


def template_response(csv_import: CSVImport) -> HttpResponse:
    """The import's template (headings and an example row) as a CSV attachment."""
    response = HttpResponse(csv_import.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{csv_import.template_filename}"'
    return response
