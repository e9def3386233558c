"""The form that attaches a file to a visit."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fluid, Layout
from django import forms

from core.forms import BaseForm
from quality.services.evidence import ACCEPT, MAX_MEGABYTES, evidence_check


class EvidenceForm(BaseForm):
    submit_label = "Attach file"

    file = forms.FileField(
        label="Upload a file",
        help_text=f"A PDF, Word document (DOCX), Excel spreadsheet (XLSX), JPG or PNG, {MAX_MEGABYTES}MB or smaller",
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
        },
    )
    description = forms.CharField(
        label="What the file shows (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "Description must be 200 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"accept": ACCEPT, "class": "govuk-file-upload"})
        self.helper.layout = Layout(
            Field("file"), Field.text("description", field_width=Fluid.TWO_THIRDS)
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.file_type = evidence_check(upload)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict["file"])
        return upload
