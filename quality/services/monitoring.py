"""Home support call monitoring figures: one month at a time by form, or many from a CSV file.

An import is all or nothing: every row is checked first and, if any row is wrong, nothing is
saved and every problem is reported with its line number and column.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.csv_import import Column, CSVImport
from providers.evidence import evidence_changed
from providers.models import Service
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


def _require_home_support(service: Service) -> None:
    if not is_home_support(service):
        raise ValidationError("Call monitoring figures are kept for home support services only")


# --- one month by form -------------------------------------------------------------------------
def monitoring_record(
    *,
    acting_user: User,
    service: Service,
    month: datetime.date | None,
    today: datetime.date | None = None,
    **figures,
) -> MonitoringFigures:
    """Record one month's figures for a home support service; marks its risk score for
    recalculation. A month already recorded is refused: change it instead."""
    today = today or timezone.localdate()
    _require_home_support(service)
    errors = _check_figures(figures)
    if month is not None:
        month = month.replace(day=1)
    if month is None:
        errors["month"] = "Enter the month"
    elif message := _check_month(month, today):
        errors["month"] = message
    elif MonitoringFigures.objects.filter(service=service, month=month).exists():
        errors["month"] = f"Figures for {month:%B %Y} are already recorded: change them instead"
    if errors:
        raise ValidationError(errors)
    assert month is not None  # an error otherwise
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


def monitoring_update(
    *, acting_user: User, figures_row: MonitoringFigures, **figures
) -> MonitoringFigures:
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
class MonitoringImport(CSVImport):
    """Months of call monitoring figures for one home support service, one month to a row.
    Months already recorded are replaced by the file's figures."""

    columns = [Column(name, label, TEMPLATE_EXAMPLE[name], True) for name, label in COLUMNS.items()]
    template_filename = "call-monitoring-template.csv"
    max_bytes = 1024 * 1024
    max_rows = 240  # twenty years of months
    fallback_encoding = "cp1252"
    column_separator = ", "
    messages = {
        **CSVImport.messages,
        "missing_columns": "The first row must name the columns: {columns}",
        "too_many_rows": "A file can hold at most {max_rows} months",
        "no_rows": "The selected file has no figures in it",
    }

    def __init__(
        self,
        *,
        acting_user: User | None = None,
        service: Service | None = None,
        today: datetime.date | None = None,
    ):
        self.acting_user = acting_user
        self.service = service
        self.today = today or timezone.localdate()
        self.seen: dict[datetime.date, int] = {}

    def parse_row(self, line, values, errors):
        month = parse_month(values["month"])
        if month is None:
            errors.add("month", "Enter a real month, like 2025-04")
        elif message := _check_month(month, self.today):
            errors.add("month", message)
        elif month in self.seen:
            errors.add("month", f"{month:%B %Y} is also on line {self.seen[month]}")
        parsed: dict = {"month": month}
        for name in COUNT_COLUMNS:
            text = values[name].replace(",", "")
            if not text:
                errors.add(name, f"Enter the {COLUMNS[name].lower()}")
            elif not text.isdigit():
                errors.add(name, f"{COLUMNS[name]} must be a whole number, like 120")
            else:
                parsed[name] = int(text)
        try:
            parsed["average_carers"] = Decimal(values["average_carers"]).quantize(Decimal("0.1"))
            if not parsed["average_carers"].is_finite():
                raise InvalidOperation
        except InvalidOperation:
            errors.add("average_carers", "Enter the average carers per person, like 4.5")
        if errors:
            return None
        for name, message in _check_figures(parsed).items():
            errors.add(name, message)
        if not errors and month is not None:  # no errors: the month is there
            self.seen[month] = line
        return parsed

    def write(self, rows: list[dict]) -> dict[str, int]:
        service, acting_user = self.service, self.acting_user
        # monitoring_import makes the import that writes with both; the template needs neither.
        assert service is not None and acting_user is not None
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


def template_csv() -> str:
    """The import template: the header row and one example row to overwrite."""
    return MonitoringImport().template_csv()


def monitoring_import(
    *, acting_user: User, service: Service, raw: bytes, today: datetime.date | None = None
) -> dict[str, int]:
    """Import months of figures for one home support service from CSV bytes.

    All or nothing: raises ``ImportRejected`` listing every problem, and saves nothing, when
    any row is wrong. Months already recorded are replaced by the file's figures. Marks the
    service's risk score for recalculation. Returns {"created": n, "updated": n}.
    """
    _require_home_support(service)
    return MonitoringImport(acting_user=acting_user, service=service, today=today).run(raw)
