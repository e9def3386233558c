"""The form that asks for a report: which finished quarter or month it covers."""

from __future__ import annotations

import datetime
from typing import cast

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from core.forms import BaseForm
from reports import rules
from reports.models import ReportKind

OFFERED: dict[str, int] = {
    ReportKind.SAB_QUARTERLY: rules.QUARTERS_OFFERED,
    ReportKind.MMG_MONTHLY: rules.MONTHS_OFFERED,
}


class PeriodForm(BaseForm):
    """Choose the period a report covers, from the ones that have ended (newest first)."""

    submit_label = "Build the report"

    period = forms.ChoiceField(widget=forms.RadioSelect)

    def __init__(self, *args, kind: str, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        word = rules.PERIOD_WORD[kind]
        self.periods = rules.finished_periods(kind, today, OFFERED[kind])
        # Declared above as a ChoiceField; ``fields`` is typed as holding any Field.
        field = cast(forms.ChoiceField, self.fields["period"])
        field.label = f"Which {word}?"
        field.help_text = f"The report covers a whole {word}: only {word}s that have ended."
        field.choices = [(period.key, period.label) for period in self.periods]
        field.error_messages = {
            "required": f"Select a {word}",
            "invalid_choice": f"Select a {word}",
        }
        self.helper.layout = Layout(Field.radios("period", legend_size=Size.MEDIUM))

    def clean_period(self):
        period = rules.period_from_key(self.kind, self.cleaned_data["period"])
        if period is None:
            raise forms.ValidationError(f"Select a {rules.PERIOD_WORD[self.kind]}")
        return period
