"""Pieces every failure plan service uses: errors, and
the settings its CSV imports share."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from core.csv_import import CSVImport
from failure_plan.models import Incident


class Errors(dict):
    """Field name -> GOV.UK message; raise it as one ValidationError once every field is seen."""

    def add(self, field: str | None, message: str) -> None:
        self.setdefault(field or "__all__", message)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError({field: [message] for field, message in self.items()})


def check_open(incident: Incident) -> None:
    """Refuse to change a closed incident, or anything in it."""
    if not incident.is_open:
        errors = Errors()
        errors.add(None, "This incident is closed and can no longer be changed")
        errors.raise_if_any()


@dataclass
class ImportResult:
    created: int = 0


class FailurePlanImport(CSVImport):
    """What the failure plan's imports (people, vacancies) share: their limits and words."""

    max_bytes = 2 * 1024 * 1024
    max_rows = 2000
    one_error_per_missing_column = True
    messages = {
        **CSVImport.messages,
        "too_big": "The file must be smaller than {megabytes}MB",
        "not_utf8": "The file must be a CSV saved as UTF-8",
        "empty": "The file is empty",
        "missing_columns": "the file must have a column called {column}",
        "too_many_rows": "The file must have no more than {max_rows} rows",
        "no_rows": "The file has no rows to import",
    }


def flatten(error: ValidationError) -> dict[str, str]:
    """A service's ValidationError as field -> first message."""
    if hasattr(error, "error_dict"):
        return {field: errors[0].messages[0] for field, errors in error.error_dict.items()}
    return {"__all__": error.messages[0]}
