"""Fields and forms the failure plan's forms share: yes-or-no questions, a time of day, and the
CSV upload of its imports."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms

from core.csv_import import ImportUploadForm
from failure_plan.services.common import FailurePlanImport

YES_NO = [("True", "Yes"), ("False", "No")]
TIME = re.compile(r"^(\d{1,2})[:.](\d{2})\s*(am|pm)?$", re.IGNORECASE)


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's model choice field ``name``, to set its queryset for this form
    (``form.fields`` is typed as holding plain fields)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField), f"{name} is not a model choice field"
    return field


def yes_no(label: str, message: str, *, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": message, "invalid_choice": message},
    )


class TimeField(forms.CharField):
    """A time typed as 14:30 (or 2:30pm), with GOV.UK messages."""

    def __init__(self, *, noun: str, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"spellcheck": "false"}))
        super().__init__(**kwargs)
        self.noun = noun
        self.error_messages["required"] = f"Enter the {noun}"

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        match = TIME.match(text.strip())
        if not match:
            raise forms.ValidationError(
                f"Enter the {self.noun} as a 24-hour time, like 14:30", code="invalid"
            )
        hours, minutes, half = int(match[1]), int(match[2]), (match[3] or "").lower()
        if half == "pm" and hours < 12:
            hours += 12
        elif half == "am" and hours == 12:
            hours = 0
        if hours > 23 or minutes > 59:
            raise forms.ValidationError(f"The {self.noun} must be a real time", code="invalid")
        return datetime.time(hours, minutes)


class CSVUploadForm(ImportUploadForm):
    """A CSV file to import (people or vacancies)."""

    max_bytes = FailurePlanImport.max_bytes
