"""The import itself: read the file, check its size, encoding and header, convert each row,
report every problem in GOV.UK words with its line and column, then write all the rows in
one transaction, or none of them.

An import is a subclass of ``CSVImport`` that declares its columns, its limits and any
message that differs from the defaults, and implements ``parse_row`` (one row to a value,
or problems) and ``write`` (a batch of valid rows, through its own app's services).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, NoReturn

from django.core.exceptions import ValidationError
from django.db import transaction


@dataclass(frozen=True)
class Column:
    """One column of an import: its heading, what it holds, an example for the template, and
    whether the file must have it."""

    name: str
    description: str = ""
    example: str = ""
    required: bool = False


@dataclass(frozen=True)
class RowError:
    """One problem: the line of the file (None for the file as a whole), the column (empty
    for the line as a whole) and the message. ``str()`` gives what the user reads, like
    "Line 4: date_of_birth: Enter a real date"."""

    line: int | None
    column: str
    message: str
    # Call monitoring has always written "Line 4, month: ..."; the others "Line 4: month: ...".
    separator: str = field(default=": ", compare=False, repr=False)

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        if self.column:
            return f"Line {self.line}{self.separator}{self.column}: {self.message}"
        return f"Line {self.line}: {self.message}"


class RowErrors:
    """The problems found in one row, in the order they were found."""

    def __init__(self, line: int, *, separator: str = ": "):
        self.line = line
        self.separator = separator
        self._errors: list[RowError] = []

    def add(self, column: str | None, message: str) -> None:
        self._errors.append(RowError(self.line, column or "", message, self.separator))

    def add_form_errors(self, form, columns: Iterable[str]) -> None:
        """A row checked by a Django form: its field errors in column order, then the rest."""
        for name in columns:
            for message in form.errors.get(name, []):
                self.add(name, message)
        for message in form.non_field_errors():
            self.add(None, message)

    def __contains__(self, column: str) -> bool:
        return any(error.column == column for error in self._errors)

    def __iter__(self) -> Iterator[RowError]:
        return iter(self._errors)

    def __len__(self) -> int:
        return len(self._errors)


class ImportRejected(ValidationError):
    """The file was not imported and nothing was saved. ``row_errors`` holds each problem
    (line, column, message); ``errors`` the same as the sentences shown to the user."""

    def __init__(self, row_errors: Iterable[RowError]):
        self.row_errors = list(row_errors)
        self.errors = [str(error) for error in self.row_errors]
        super().__init__(self.errors)


def row_errors_from(
    error: ValidationError,
    *,
    line: int,
    columns: Mapping[str, str] | None = None,
    separator: str = ": ",
) -> list[RowError]:
    """A service's ValidationError about one row as row errors: ``columns`` maps the
    service's field names to the file's column names."""
    columns = columns or {}
    if not hasattr(error, "error_dict"):
        return [RowError(line, "", message, separator) for message in error.messages]
    found = []
    for name, errors in error.error_dict.items():
        column = "" if name == "__all__" else columns.get(name, name)
        for message in ValidationError(errors).messages:
            found.append(RowError(line, column, message, separator))
    return found


class CSVImport:
    """An import from a CSV file: all rows are checked first, then written in one
    transaction, or none are.

    Subclasses declare ``columns``, ``template_filename``, the limits and any ``messages``
    that differ, and implement ``parse_row`` and ``write`` (and ``check_batch`` for checks
    across rows). Messages are format strings given ``megabytes``, ``max_rows``,
    ``columns`` (every column), ``missing``, ``unknown`` and ``column``.
    """

    columns: ClassVar[Sequence[Column]] = ()
    template_filename: ClassVar[str] = "import-template.csv"
    max_bytes: ClassVar[int] = 2 * 1024 * 1024
    max_rows: ClassVar[int] = 2000
    # Excel on Windows saves "CSV" in Windows-1252; an import may accept that.
    fallback_encoding: ClassVar[str | None] = None
    reject_unknown_columns: ClassVar[bool] = False
    reject_extra_values: ClassVar[bool] = False
    one_error_per_missing_column: ClassVar[bool] = False
    column_separator: ClassVar[str] = ": "
    messages: ClassVar[Mapping[str, str]] = {
        "too_big": "The selected file must be smaller than {megabytes}MB",
        "not_utf8": "The selected file must be saved as a UTF-8 CSV file",
        "empty": "The selected file is empty",
        "missing_columns": "the file is missing the columns {missing}. Use the template",
        "unknown_columns": "the columns {unknown} are not ones the import knows. Use the template",
        "extra_values": "the line has more values than there are columns",
        "too_many_rows": "The file has more than {max_rows:,} rows: split it into smaller files",
        "no_rows": "The selected file has no rows to import",
    }

    # --- what a subclass provides --------------------------------------------------------
    def parse_row(self, line: int, values: dict[str, str], errors: RowErrors) -> Any:
        """Convert one row (``values``: every column's text, stripped, "" when absent).
        Add any problems to ``errors``; the value returned is kept only when there are none."""
        raise NotImplementedError

    def check_batch(self, rows: list) -> list[RowError]:
        """Problems across the valid rows (duplicates, clashes with saved records)."""
        return []

    def write(self, rows: list) -> Any:
        """Save a batch with no problems; runs in one transaction. May raise ImportRejected
        (the transaction is then rolled back)."""
        raise NotImplementedError

    def template_example(self) -> list[str]:
        """The example row of the template."""
        return [column.example for column in self.columns]

    # --- the same for every import -------------------------------------------------------
    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @classmethod
    def megabytes(cls) -> int:
        return cls.max_bytes // (1024 * 1024)

    def template_csv(self) -> str:
        """The template: the column headings and one example row."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(self.column_names)
        writer.writerow(self.template_example())
        return buffer.getvalue()

    def run(self, source) -> Any:
        """Import ``source`` (an uploaded file or bytes): every row is checked, then all are
        written in one transaction. Raises ImportRejected, having saved nothing, if the file
        or any row has a problem."""
        errors: list[RowError] = []
        valid = []
        for line, values in self.read(source):
            row_errors = RowErrors(line, separator=self.column_separator)
            parsed = self.parse_row(line, values, row_errors)
            if row_errors:
                errors.extend(row_errors)
            else:
                valid.append(parsed)
        errors.extend(self.check_batch(valid))
        if errors:
            raise ImportRejected(errors)
        with transaction.atomic():
            return self.write(valid)

    def read(self, source) -> list[tuple[int, dict[str, str]]]:
        """The file's rows that are not blank, as (line number, {column: text}); line numbers
        count the heading row as line 1, as a spreadsheet does. Refuses the whole file when
        it is too big, cannot be decoded, has the wrong columns or too many or no rows."""
        reader = csv.reader(io.StringIO(self._decode(self._bytes(source)), newline=""))
        headers = [(name or "").strip().lower() for name in next(reader, [])]
        if not any(headers):
            self._reject("empty")
        self._check_headers(headers)
        names = set(self.column_names)
        rows = []
        last_line = reader.line_num
        for record in reader:
            # A value may run over several lines: a row starts after the previous one ends.
            line, last_line = last_line + 1, reader.line_num
            if self.reject_extra_values and len(record) > len(headers):
                self._reject("extra_values", line=line)
            values = dict.fromkeys(self.column_names, "")
            for name, text in zip(headers, record, strict=False):
                if name in names:
                    values[name] = (text or "").strip()
            if not any(values.values()):
                continue
            rows.append((line, values))
            if len(rows) > self.max_rows:
                self._reject("too_many_rows")
        if not rows:
            self._reject("no_rows")
        return rows

    def _message(self, key: str, **context) -> str:
        values = {"missing": "", "unknown": "", "column": "", **context}
        return self.messages[key].format(
            megabytes=self.megabytes(),
            max_rows=self.max_rows,
            columns=", ".join(self.column_names),
            **values,
        )

    def _reject(self, key: str, *, line: int | None = None, **context) -> NoReturn:
        raise ImportRejected([RowError(line, "", self._message(key, **context))])

    def _bytes(self, source) -> bytes:
        size = len(source) if isinstance(source, bytes) else getattr(source, "size", None)
        if size is not None and size > self.max_bytes:
            self._reject("too_big")
        raw = source if isinstance(source, bytes) else source.read()
        if len(raw) > self.max_bytes:
            self._reject("too_big")
        return raw

    def _decode(self, raw: bytes) -> str:
        try:
            return raw.decode("utf-8-sig")  # -sig: Excel starts a UTF-8 CSV with a BOM
        except UnicodeDecodeError:
            if self.fallback_encoding is None:
                self._reject("not_utf8")
            return raw.decode(self.fallback_encoding, errors="replace")

    def _check_headers(self, headers: list[str]) -> None:
        names = self.column_names
        missing = [c.name for c in self.columns if c.required and c.name not in headers]
        unknown = [h for h in headers if h and h not in names]
        problems = []
        if missing and self.one_error_per_missing_column:
            for name in missing:
                problems.append(RowError(1, "", self._message("missing_columns", column=name)))
        elif missing:
            message = self._message("missing_columns", missing=", ".join(missing))
            problems.append(RowError(1, "", message))
        if unknown and self.reject_unknown_columns:
            message = self._message("unknown_columns", unknown=", ".join(unknown))
            problems.append(RowError(1, "", message))
        if problems:
            raise ImportRejected(problems)
