"""Pieces every failure plan service uses: errors, dates and choices, reading an uploaded CSV."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}


class Errors(dict):
    """Field name -> GOV.UK message; raise it as one ValidationError once every field is seen."""

    def add(self, field: str | None, message: str) -> None:
        self.setdefault(field or "__all__", message)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError({field: [message] for field, message in self.items()})


def today() -> datetime.date:
    return timezone.localdate()


class ImportRejected(Exception):
    """The file was not imported; ``errors`` says why, line by line and field by field."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0


def read_csv(upload, *, columns: list[str], required: list[str]) -> list[tuple[int, dict]]:
    """The rows of an uploaded CSV as (line number, {column: text}). Refuses a file that is
    too big, not UTF-8, empty, or missing a required column."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ImportRejected(["The file must be smaller than 2MB"])
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected(["The file must be a CSV saved as UTF-8"])
    reader = csv.DictReader(io.StringIO(text))
    headings = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    if not headings:
        raise ImportRejected(["The file is empty"])
    missing = [name for name in required if name not in headings]
    if missing:
        raise ImportRejected(
            [f"Line 1: the file must have a column called {name}" for name in missing]
        )
    reader.fieldnames = headings
    rows = []
    for index, row in enumerate(reader, start=2):
        values = {name: (row.get(name) or "").strip() for name in columns}
        if not any(values.values()):
            continue
        rows.append((index, values))
        if len(rows) > MAX_ROWS:
            raise ImportRejected([f"The file must have no more than {MAX_ROWS} rows"])
    if not rows:
        raise ImportRejected(["The file has no rows to import"])
    return rows


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(text: str) -> datetime.date | None:
    """A date written like 2025-03-27 or 27/03/2025; None when empty; ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValueError(text)


def parse_choice(text: str, choices) -> str | None:
    """Match a value or label of a TextChoices, ignoring case, spaces and punctuation."""

    def key(value: str) -> str:
        return re.sub(r"[^a-z0-9]", "", value.lower())

    wanted = key(text)
    if not wanted:
        return None
    for value, label in choices:
        if wanted in (key(value), key(label)):
            return value
    return None


def flatten(error: ValidationError) -> dict[str, str]:
    """A service's ValidationError as field -> first message."""
    if hasattr(error, "error_dict"):
        return {field: errors[0].messages[0] for field, errors in error.error_dict.items()}
    return {"__all__": error.messages[0]}
