"""The shared form base: every form in Oversight renders through crispy-forms-gds."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms


class BaseFormMixin:
    """Sets up the GOV.UK helper: error summary, no HTML5 validation, a primary button."""

    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", self.submit_label))


class BaseForm(BaseFormMixin, forms.Form):
    """A plain GOV.UK form."""


class BaseModelForm(BaseFormMixin, forms.ModelForm):
    """A GOV.UK model form."""


def apply_service_errors(form, error, *, rename: dict | None = None) -> None:
    """Put a service function's ValidationError on the form: by field where the form has that
    field (``rename`` maps a service's field names to the form's), otherwise at the top."""
    rename = rename or {}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = rename.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
