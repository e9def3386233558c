"""The upload form of every import page."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Layout
from django import forms

from core.forms import BaseForm


class ImportUploadForm(BaseForm):
    """A CSV file to import. Subclasses set ``max_bytes`` from their import's limit (the
    import checks it again, for callers that skip the form)."""

    submit_label = "Upload and import"
    max_bytes = 2 * 1024 * 1024

    file = forms.FileField(
        label="Upload a file",
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV file",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.help_text = f"A CSV file saved from the template, {self.megabytes}MB or smaller"
        field.widget.attrs.update({"accept": ".csv,text/csv", "class": "govuk-file-upload"})
        self.helper.layout = Layout(Field("file"))

    @property
    def megabytes(self) -> int:
        return self.max_bytes // (1024 * 1024)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                f"The selected file must be smaller than {self.megabytes}MB"
            )
        return upload
