"""The form that starts a CQC import from the browser."""

from __future__ import annotations

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fixed, Layout
from django import forms

from core.forms import BaseForm
from providers.models import CQCSyncRun


class CQCSyncForm(BaseForm):
    """Which area to import and whether to fetch everything or only CQC's changes."""

    submit_label = "Start the import"

    local_authority = forms.CharField(
        label="Local authority area",
        help_text="As CQC names it, for example Oldham",
        max_length=150,
        error_messages={
            "required": "Enter the local authority area",
            "max_length": "Local authority area must be 150 characters or fewer",
        },
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    mode = forms.ChoiceField(
        label="What to import",
        choices=[
            Choice(
                CQCSyncRun.Mode.INCREMENTAL,
                "Changes since the last import",
                hint="Quick. The first import of an area always fetches everything.",
            ),
            Choice(
                CQCSyncRun.Mode.FULL,
                "Everything CQC lists for the area",
                hint="Takes longer. Use it to check the register against CQC from scratch.",
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what to import"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.text("local_authority", field_width=Fixed.TWENTY),
            Field.radios("mode", legend_size="m"),
        )

    def clean_local_authority(self):
        value = " ".join(self.cleaned_data["local_authority"].split())
        if not value:
            raise forms.ValidationError("Enter the local authority area")
        return value
