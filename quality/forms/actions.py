"""The action plan form: add an action, or update one."""

from __future__ import annotations

import datetime
from typing import cast

from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms
from django.utils import timezone

from accounts.models import User
from core.fields import GovUKDateField
from core.forms import BaseForm
from quality.forms.fields import choice_messages, staff_choices
from quality.models import Action, ActionStatus
from quality.services.actions import EDITABLE_FIELDS


class ActionForm(BaseForm):
    """Add an action, or (with ``editing=True``) update one."""

    submit_label = "Save action"

    description = forms.CharField(
        label="What needs to be done",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what needs to be done"},
    )
    owner: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label="Owner at the council or ICB (optional)",
        queryset=None,
        required=False,
        empty_label="No one at the council",
        error_messages={"invalid_choice": "Select an owner from the list"},
    )
    owner_contact = forms.CharField(
        label="Owner at the provider (optional)",
        required=False,
        max_length=150,
        help_text="The provider's contact who owns the action, like the registered manager",
        error_messages={"max_length": "Provider contact must be 150 characters or fewer"},
    )
    due_on = GovUKDateField(label="Due date", noun="due date", hint="For example, 30 6 2026")
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages=choice_messages("Select the status"),
    )
    evidence = forms.CharField(
        label="Evidence of progress (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    provider_response = forms.CharField(
        label="The provider's response (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self,
        *args,
        editing: bool = False,
        original_due_on: datetime.date | None = None,
        today: datetime.date | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.original_due_on = original_due_on
        self.today = today or timezone.localdate()
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = staff_choices()
        layout = [
            Field.textarea("description", rows=4),
            Field.select("owner"),
            Field.text("owner_contact", field_width=Fluid.TWO_THIRDS),
            Field("due_on"),
        ]
        if editing:
            layout += [
                Field.radios("status", legend_size=Size.SMALL),
                Field.textarea("evidence", rows=4),
                Field.textarea("provider_response", rows=4),
            ]
        else:
            for name in ("status", "evidence", "provider_response"):
                del self.fields[name]
        self.helper.layout = Layout(*layout)

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on and due_on < self.today and due_on != self.original_due_on:
            raise forms.ValidationError("The due date must be today or in the future")
        return due_on

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data  # what Form.clean returns
        if (
            "owner" not in self.errors
            and cleaned.get("owner") is None
            and not (cleaned.get("owner_contact") or "").strip()
        ):
            self.add_error("owner", "Select who owns the action, or enter the provider contact")
        return cleaned


def action_initial(action: Action) -> dict:
    """An action's values as the form's initial data: the fields the update service takes."""
    return {name: getattr(action, name) for name in EDITABLE_FIELDS}
