"""The form of one task of an incident's checklist."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from accounts.models import User
from core.fields import GovUKDateField
from core.forms import BaseForm
from failure_plan.forms.common import model_choice_field
from failure_plan.models import ChecklistTask


class ChecklistTaskForm(BaseForm):
    submit_label = "Save task"

    status = forms.ChoiceField(
        label="Status",
        choices=ChecklistTask.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the status of the task",
            "invalid_choice": "Select the status of the task",
        },
    )
    owner: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label="Owner (optional)",
        queryset=None,
        required=False,
        empty_label="No owner yet",
        help_text="The lead or someone on the project team",
        error_messages={"invalid_choice": "Select an owner from the list"},
    )
    planned_on = GovUKDateField(
        label="Date planned (optional)",
        noun="date planned",
        required=False,
        hint="For example, 27 3 2025",
    )
    progress = forms.CharField(label="Progress (optional)", required=False, widget=forms.Textarea)
    completed_on = GovUKDateField(
        label="Date completed (optional)",
        noun="date completed",
        required=False,
        hint="Only for a task that is done. Leave empty for today.",
    )

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "owner").queryset = owners
        self.helper.layout = Layout(
            Field.radios("status", legend_size=Size.SMALL),
            Field.select("owner"),
            Field("planned_on"),
            Field.textarea("progress", rows=4),
            Field("completed_on"),
        )

    @staticmethod
    def initial_for(task) -> dict:
        return {
            "status": task.status,
            "owner": task.owner_id,
            "planned_on": task.planned_on,
            "progress": task.progress,
            "completed_on": task.completed_on,
        }
