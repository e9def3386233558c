"""The form that logs intelligence about a service."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fluid, Layout, Size
from django import forms

from core.fields import GovUKDateField
from core.forms import BaseForm
from quality.forms.fields import choice_messages
from quality.models import CLINICAL_AREAS, IntelligenceSource, Section42, Severity


class IntelligenceForm(BaseForm):
    submit_label = "Save intelligence"

    source = forms.ChoiceField(
        label="Where did it come from?",
        choices=IntelligenceSource.choices,
        widget=forms.RadioSelect,
        error_messages=choice_messages("Select where the intelligence came from"),
    )
    received_on = GovUKDateField(
        label="Date received",
        noun="date received",
        past_only=True,
        hint="For example, 3 2 2026",
    )
    severity = forms.ChoiceField(
        label="Severity",
        choices=Severity.choices,
        widget=forms.RadioSelect,
        error_messages=choice_messages("Select the severity"),
    )
    section_42 = forms.ChoiceField(
        label="Did a section 42 safeguarding enquiry follow?",
        choices=Section42.choices,
        widget=forms.RadioSelect,
        error_messages=choice_messages("Select whether a section 42 safeguarding enquiry followed"),
    )
    clinical_area = forms.ChoiceField(
        label="Clinical area (optional)",
        required=False,
        choices=[("", "Not a clinical matter"), *[(a.value, a.label) for a in CLINICAL_AREAS]],
        error_messages=choice_messages("Select a clinical area from the list"),
    )
    summary = forms.CharField(
        label="Summary",
        max_length=200,
        help_text="Shown on the service's timeline to everyone who can see the service. Do not name people who use the service.",
        error_messages={
            "required": "Enter a summary",
            "max_length": "Summary must be 200 characters or fewer",
        },
    )
    details = forms.CharField(
        label="Details (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Only council and ICB staff, and you, can read the details. Each time someone reads them it is recorded.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("source", legend_size=Size.MEDIUM),
            Field("received_on"),
            Field.radios("severity", legend_size=Size.MEDIUM),
            Field.radios("section_42", legend_size=Size.MEDIUM),
            Field.select("clinical_area"),
            Field.text("summary", field_width=Fluid.FULL),
            Field.textarea("details", rows=6),
        )
