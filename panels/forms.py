"""Forms of the panels: scheduling, attendees, the agenda, minutes and actions."""

from __future__ import annotations

from typing import cast

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from accounts.models import User
from core.fields import GovUKDateField
from core.forms import BaseForm
from panels.models import Attendance, Decision, Panel
from providers.levels import Level
from providers.models import Service


def _choice(message: str) -> dict[str, str]:
    return {"required": message, "invalid_choice": message}


class ScheduleForm(BaseForm):
    """Schedule a meeting of a panel."""

    submit_label = "Schedule the meeting"

    panel = forms.ChoiceField(
        label="Which panel?",
        choices=Panel.choices,
        widget=forms.RadioSelect,
        error_messages=_choice("Select the panel"),
    )
    day = GovUKDateField(
        label="Meeting date (optional)",
        hint="Leave empty for the panel's next usual date. For example, 8 12 2026",
        required=False,
        noun="meeting date",
    )
    location = forms.CharField(
        label="Where (optional)",
        help_text="Leave empty for the panel's usual place.",
        required=False,
        max_length=255,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("panel", legend_size=Size.MEDIUM), "day", Field.text("location")
        )


class AttendeeForm(BaseForm):
    """Invite someone to one meeting."""

    submit_label = "Invite"

    user: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label="Who", queryset=None, error_messages=_choice("Select who to invite")
    )
    agency = forms.CharField(
        label="Agency they represent",
        max_length=150,
        error_messages={"required": "Enter the agency they represent"},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = people
        self.helper.layout = Layout(Field.select("user"), Field.text("agency"))


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(choices=Attendance.choices)


class ItemAddForm(BaseForm):
    """The chair adds a service or other business to the agenda."""

    submit_label = "Add to the agenda"

    service: forms.ModelChoiceField[Service] = forms.ModelChoiceField(
        label="A service (optional)",
        queryset=None,
        required=False,
        empty_label="Choose a service",
        error_messages=_choice("Select a service"),
    )
    title = forms.CharField(
        label="Or other business",
        help_text="The item's title, if it is not about one service.",
        required=False,
        max_length=255,
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = services
        self.helper.layout = Layout(Field.select("service"), Field.text("title"))

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what Form.clean returns, typed as a dict
        if not data.get("service") and not (data.get("title") or "").strip():
            self.add_error("title", "Enter the item's title, or choose a service")
        if data.get("service") and (data.get("title") or "").strip():
            self.add_error("title", "Choose a service or enter a title, not both")
        return data


class MinutesForm(BaseForm):
    """The chair's record of one item: the decision, rationale, sanctions recommended."""

    submit_label = "Save the minutes"

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    decision = forms.ChoiceField(
        label="What did the panel decide?",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages=_choice("Select the panel's decision"),
    )
    to_level = forms.TypedChoiceField(
        label="New level (unless the level is maintained)",
        choices=[("", "Choose a level"), *Level.choices],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages=_choice("Select the new level"),
    )
    rationale = forms.CharField(
        label="Discussion and rationale",
        help_text="What the panel considered and why it decided. Do not name people who use "
        "the service.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": "Enter the discussion and the reason for the decision"},
    )
    sanctions_recommended = forms.CharField(
        label="Sanctions recommended (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, service_item: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if service_item:
            self.helper.layout = Layout(
                "version",
                Field.radios("decision", legend_size=Size.MEDIUM),
                Field.select("to_level"),
                Field.textarea("rationale", rows=8),
                Field.textarea("sanctions_recommended", rows=3),
            )
        else:
            del self.fields["decision"], self.fields["to_level"]
            del self.fields["sanctions_recommended"]
            self.fields["rationale"].label = "Minutes"
            self.fields["rationale"].help_text = "What was discussed and agreed."
            self.helper.layout = Layout("version", Field.textarea("rationale", rows=8))


class ActionForm(BaseForm):
    """An action the panel agreed."""

    submit_label = "Add the action"

    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the action"},
    )
    owner: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label="Owner", queryset=None, error_messages=_choice("Select who owns the action")
    )
    due_on = GovUKDateField(label="Due date", hint="For example, 8 1 2027", noun="due date")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = people
        self.helper.layout = Layout(
            Field.textarea("description", rows=3), Field.select("owner"), "due_on"
        )


class ActionDoneForm(BaseForm):
    submit_label = "Mark as done"

    note = forms.CharField(
        label="What was done (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class PublishForm(BaseForm):
    """Nothing to fill in: the button confirms."""

    submit_label = "Publish the minutes"
