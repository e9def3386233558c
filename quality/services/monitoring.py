"""Home support call monitoring figures: one month at a time by form, or many from a CSV file.

An import is all or nothing: every row is checked first and, if any row is wrong, nothing is
saved and every problem is reported with its line number and column.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from providers.evidence import evidence_changed
from quality.models import MonitoringFigures
from quality.rules import figures_errors, is_home_support, month_is_recordable

COLUMNS = {
    "month": "Month",
    "planned_visits": "Planned visits",
    "delivered_visits": "Delivered visits",
    "missed_visits": "Missed visits",
    "late_visits": "Late visits",
    "short_visits": "Short visits",
    "average_carers": "Average different carers per person",
}
COUNT_COLUMNS = (
    "planned_visits",
    "delivered_visits",
    "missed_visits",
    "late_visits",
    "short_visits",
)
FIGURE_FIELDS = (*COUNT_COLUMNS, "average_carers")
MAX_COUNT = 2_000_000
MAX_ROWS = 240  # twenty years of months
MAX_FILE_BYTES = 1024 * 1024
TEMPLATE_EXAMPLE = {
    "month": "2025-04",
    "planned_visits": "1240",
    "delivered_visits": "1221",
    "missed_visits": "6",
    "late_visits": "88",
    "short_visits": "35",
    "average_carers": "4.5",
}

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        datetime.date(2000, number, 1).strftime("%B").lower(),
        datetime.date(2000, number, 1).strftime("%b").lower(),
    )
}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", {self.column}" if self.column else "")
        return f"{where[0].upper()}{where[1:]}: {self.message}"


class ImportRejected(ValidationError):
    """Raised when a file cannot be imported; ``row_errors`` says where and why."""

    def __init__(self, row_errors: list[RowError]):
        self.row_errors = row_errors
        super().__init__([str(error) for error in row_errors])


def parse_month(text: str) -> datetime.date | None:
    """'2025-04', '2025-04-01', '04/2025', '4/2025', 'April 2025' or 'Apr 2025'."""
    text = " ".join((text or "").strip().split())
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})(?:-01)?", text):
        year, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"(\d{1,2})/(\d{4})", text):
        month, year = int(match[1]), int(match[2])
    elif match := re.fullmatch(r"([A-Za-z]+) (\d{4})", text):
        month, year = _MONTHS.get(match[1].lower(), 0), int(match[2])
    else:
        return None
    if not 1 <= month <= 12 or year < 1990:
        return None
    return datetime.date(year, month, 1)


def _check_month(month: datetime.date, today: datetime.date) -> str | None:
    if not month_is_recordable(month, today=today):
        return "The month must be this month or earlier"
    return None


def _check_figures(values: dict) -> dict[str, str]:
    errors = {}
    for name in COUNT_COLUMNS:
        value = values.get(name)
        if not isinstance(value, int) or value < 0 or value > MAX_COUNT:
            errors[name] = f"{COLUMNS[name]} must be a whole number, 0 or more"
    carers = values.get("average_carers")
    if not isinstance(carers, Decimal) or carers < 0 or carers >= 1000:
        errors["average_carers"] = f"{COLUMNS['average_carers']} must be a number, like 4.5"
    if not errors:
        errors.update(figures_errors(values))
    return errors


def _require_home_support(service) -> None:
    if not is_home_support(service):
        raise ValidationError("Call monitoring figures are kept for home support services only")


# --- one month by form -------------------------------------------------------------------------
def monitoring_record(
    *,
    acting_user,
    service,
    month: datetime.date,
    today: datetime.date | None = None,
    **figures,
) -> MonitoringFigures:
    """Record one month's figures for a home support service; marks its risk score for
    recalculation. A month already recorded is refused: change it instead."""
    today = today or timezone.localdate()
    _require_home_support(service)
    errors = _check_figures(figures)
    month = month.replace(day=1) if month else None
    if month is None:
        errors["month"] = "Enter the month"
    elif message := _check_month(month, today):
        errors["month"] = message
    elif MonitoringFigures.objects.filter(service=service, month=month).exists():
        errors["month"] = f"Figures for {month:%B %Y} are already recorded: change them instead"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = MonitoringFigures.objects.create(
            service=service,
            month=month,
            entered_by=acting_user,
            source=MonitoringFigures.Source.FORM,
            **{name: figures[name] for name in FIGURE_FIELDS},
        )
        evidence_changed(service_id=service.pk, reason="call monitoring figures")
    return row


def monitoring_update(*, acting_user, figures_row: MonitoringFigures, **figures):
    """Correct one month's figures; marks the service's risk score for recalculation."""
    errors = _check_figures(figures)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for name in FIGURE_FIELDS:
            setattr(figures_row, name, figures[name])
        figures_row.entered_by = acting_user
        figures_row.source = MonitoringFigures.Source.FORM
        figures_row.save()
        evidence_changed(service_id=figures_row.service_id, reason="call monitoring figures")
    return figures_row


# --- many months from a CSV file ---------------------------------------------------------------
def template_csv() -> str:
    """The import template: the header row and one example row to overwrite."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(TEMPLATE_EXAMPLE)
    return buffer.getvalue()


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves CSV in Windows-1252.
        return raw.decode("cp1252", errors="replace")


def parse_csv(raw: bytes, *, today: datetime.date) -> tuple[list[dict], list[RowError]]:
    """Read every row; return the parsed rows and every problem found (line numbers count
    the header as line 1, as a spreadsheet does)."""
    errors: list[RowError] = []
    if len(raw) > MAX_FILE_BYTES:
        return [], [RowError(0, "", "The selected file must be smaller than 1MB")]
    reader = csv.DictReader(io.StringIO(_decode(raw)))
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        return [], [RowError(1, "", "The first row must name the columns: " + ", ".join(COLUMNS))]
    reader.fieldnames = header
    rows: list[dict] = []
    seen: dict[datetime.date, int] = {}
    for line, record in enumerate(reader, start=2):
        values = {k: (v or "").strip() for k, v in record.items() if k}
        if not any(values.get(name) for name in COLUMNS):
            continue  # a blank line
        if len(rows) >= MAX_ROWS:
            errors.append(RowError(line, "", f"A file can hold at most {MAX_ROWS} months"))
            break
        row_errors = []
        month = parse_month(values.get("month", ""))
        if month is None:
            row_errors.append(RowError(line, "month", "Enter a real month, like 2025-04"))
        elif message := _check_month(month, today):
            row_errors.append(RowError(line, "month", message))
        elif month in seen:
            row_errors.append(
                RowError(line, "month", f"{month:%B %Y} is also on line {seen[month]}")
            )
        parsed: dict = {"month": month}
        for name in COUNT_COLUMNS:
            text = values.get(name, "").replace(",", "")
            if not text:
                row_errors.append(RowError(line, name, f"Enter the {COLUMNS[name].lower()}"))
            elif not text.isdigit():
                row_errors.append(
                    RowError(line, name, f"{COLUMNS[name]} must be a whole number, like 120")
                )
            else:
                parsed[name] = int(text)
        text = values.get("average_carers", "")
        try:
            parsed["average_carers"] = Decimal(text).quantize(Decimal("0.1"))
            if not parsed["average_carers"].is_finite():
                raise InvalidOperation
        except InvalidOperation:
            parsed.pop("average_carers", None)
            row_errors.append(
                RowError(line, "average_carers", "Enter the average carers per person, like 4.5")
            )
        if not row_errors:
            row_errors += [
                RowError(line, name, message) for name, message in _check_figures(parsed).items()
            ]
        if row_errors:
            errors += row_errors
        else:
            rows.append(parsed)
            seen[month] = line
    if not rows and not errors:
        errors.append(RowError(0, "", "The selected file has no figures in it"))
    return rows, errors


def monitoring_import(
    *, acting_user, service, raw: bytes, today: datetime.date | None = None
) -> dict[str, int]:
    """Import months of figures for one home support service from CSV bytes.

    All or nothing: raises ``ImportRejected`` listing every problem, and saves nothing, when
    any row is wrong. Months already recorded are replaced by the file's figures. Marks the
    service's risk score for recalculation. Returns {"created": n, "updated": n}.
    """
    today = today or timezone.localdate()
    _require_home_support(service)
    rows, errors = parse_csv(raw, today=today)
    if errors:
        raise ImportRejected(errors)
    with transaction.atomic():
        existing = {
            row.month: row
            for row in MonitoringFigures.objects.select_for_update().filter(
                service=service, month__in=[r["month"] for r in rows]
            )
        }
        to_create, to_update = [], []
        for parsed in rows:
            row = existing.get(parsed["month"])
            if row is None:
                to_create.append(
                    MonitoringFigures(
                        service=service,
                        entered_by=acting_user,
                        source=MonitoringFigures.Source.IMPORT,
                        **parsed,
                    )
                )
            else:
                for name in FIGURE_FIELDS:
                    setattr(row, name, parsed[name])
                row.entered_by = acting_user
                row.source = MonitoringFigures.Source.IMPORT
                row.updated_at = timezone.now()  # bulk_update does not apply auto_now
                to_update.append(row)
        MonitoringFigures.objects.bulk_create(to_create)
        MonitoringFigures.objects.bulk_update(
            to_update, [*FIGURE_FIELDS, "entered_by", "source", "updated_at"]
        )
        evidence_changed(service_id=service.pk, reason="call monitoring figures")
    return {"created": len(to_create), "updated": len(to_update)}
