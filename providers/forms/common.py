"""What the market register's forms share: the CQC ID format and GOV.UK messages for whole
numbers."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.validators import RegexValidator

YES_NO = [("True", "Yes"), ("False", "No")]


def cqc_id_validator(what: str) -> RegexValidator:
    return RegexValidator(
        r"^1-\d{5,12}$", f"Enter the CQC {what} ID in the correct format, like 1-123456789"
    )


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's ``name`` field, a choice field (``form.fields`` holds plain fields)."""
    return cast(forms.ChoiceField, form.fields[name])


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's ``name`` field, a model choice field (``form.fields`` holds plain fields)."""
    return cast(forms.ModelChoiceField, form.fields[name])


def set_messages(form: forms.BaseForm, messages: dict[str, dict[str, str]]) -> None:
    for name, by_code in messages.items():
        form.fields[name].error_messages.update(by_code)


def whole_number_messages(label: str) -> dict[str, str]:
    return {
        "required": f"Enter the {label.lower()}, or 0",
        "invalid": f"{label} must be a whole number, like 12",
        "min_value": f"{label} must be 0 or more",
        "max_value": f"{label} is too large",
    }


def whole_number_input() -> forms.TextInput:
    """GOV.UK asks for numbers in a text input with a numeric keyboard, not type=number."""
    return forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
