"""Forms for call monitoring figures: one month by hand, or a CSV file of months."""

from __future__ import annotations

import datetime

from crispy_forms_gds.layout import Field, Fixed, Layout
from django import forms
from django.utils import timezone

from core.csv_import import ImportUploadForm
from core.forms import BaseForm
from quality.forms.fields import GovUKMonthField, count_field
from quality.models import MonitoringFigures
from quality.rules import figures_errors, month_is_recordable
from quality.services.monitoring import MonitoringImport


class MonitoringForm(BaseForm):
    """One month's call monitoring figures."""

    submit_label = "Save figures"

    month = GovUKMonthField(label="Month", noun="month", hint="For example, 4 2026")
    planned_visits = count_field("Planned visits", "planned visits")
    delivered_visits = count_field("Delivered visits", "delivered visits")
    missed_visits = count_field("Missed visits", "missed visits")
    late_visits = count_field("Late visits", "late visits")
    short_visits = count_field("Short visits", "short visits")
    average_carers = forms.DecimalField(
        label="Average different carers per person",
        min_value=0,
        max_value=999,
        decimal_places=1,
        max_digits=4,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        help_text="Continuity of care: the average number of different carers each person saw, like 4.5",
        error_messages={
            "required": "Enter the average number of different carers per person",
            "invalid": "Average different carers per person must be a number, like 4.5",
            "min_value": "Average different carers per person must be 0 or more",
            "max_value": "Average different carers per person is too large",
            "max_decimal_places": "Average different carers per person must have 1 decimal place at most",
            "max_digits": "Average different carers per person is too large",
            "max_whole_digits": "Average different carers per person is too large",
        },
    )

    COUNTS = ("planned_visits", "delivered_visits", "missed_visits", "late_visits", "short_visits")

    def __init__(self, *args, editing: bool = False, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        if editing:
            del self.fields["month"]
        self.fields["missed_visits"].help_text = "Planned visits that did not happen"
        self.fields["late_visits"].help_text = "Delivered visits that started late"
        self.fields["short_visits"].help_text = "Delivered visits shorter than planned"
        self.helper.layout = Layout(
            *([] if editing else [Field("month")]),
            *[Field.text(name, field_width=Fixed.FIVE) for name in self.COUNTS],
            Field.text("average_carers", field_width=Fixed.FIVE),
        )

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month and not month_is_recordable(month, today=self.today):
            raise forms.ValidationError("The month must be this month or earlier")
        return month

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data  # what Form.clean returns
        for name, message in figures_errors(cleaned).items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def figures(self) -> dict:
        return {name: self.cleaned_data[name] for name in (*self.COUNTS, "average_carers")}


def monitoring_initial(row: MonitoringFigures) -> dict:
    return {name: getattr(row, name) for name in (*MonitoringForm.COUNTS, "average_carers")}


class MonitoringImportForm(ImportUploadForm):
    """A CSV file of call monitoring figures to import."""

    max_bytes = MonitoringImport.max_bytes
