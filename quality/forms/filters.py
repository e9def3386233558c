"""The GET forms that filter the schedule and the service timeline."""

from __future__ import annotations

from typing import cast

from django import forms

from accounts.models import User
from core import timeline
from providers.selectors import contract_officers


class ScheduleFilterForm(forms.Form):
    """The schedule's filters. Values that do not validate are ignored."""

    STATUSES = [
        ("", "Any"),
        ("overdue", "Overdue"),
        ("due_soon", "Due in the next 4 weeks"),
        ("never", "Not yet visited"),
        ("scheduled", "Not due yet"),
    ]

    status = forms.ChoiceField(label="Show", required=False, choices=STATUSES)
    officer: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label="Contract officer", required=False, queryset=None, empty_label="Whole team"
    )

    def __init__(self, *args, team: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["officer"]).queryset = contract_officers()
        if not team:
            del self.fields["officer"]
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"

    def filters(self) -> dict:
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in ("", None)}


class TimelineFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Show", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", "Everything"),
            *timeline.kinds(),
        ]
        self.fields["kind"].widget.attrs["class"] = "govuk-select"

    def chosen_kind(self) -> str:
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("kind") or ""
