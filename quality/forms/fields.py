"""Pieces the quality forms share: error messages for choices, count fields, the staff who
can own an action or carry out a visit, and a GOV.UK month input."""

from __future__ import annotations

import datetime
from typing import cast

from django import forms

from accounts.models import User
from accounts.roles import Role
from core.fields import GovUKDateField, GovUKDateInput


def choice_messages(message: str) -> dict[str, str]:
    """One message for a choice left empty or not in the list: both mean "select one"."""
    return {"required": message, "invalid_choice": message}


def count_field(label: str, noun: str, *, required: bool = True) -> forms.IntegerField:
    """A whole number of something (people heard, visits), 0 or more, typed not spun."""
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=32767,
        required=required,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": f"Enter the number of {noun}, or 0",
            "invalid": f"The number of {noun} must be a whole number, like 3",
            "min_value": f"The number of {noun} must be 0 or more",
            "max_value": f"The number of {noun} is too large",
        },
    )


def staff_choices():
    """People who can own an action or carry out a visit: council and ICB staff."""
    roles = [Role.CONTRACT_OFFICER, Role.CLINICAL_NURSE, Role.PANEL_CHAIR, Role.DIRECTOR]
    return User.objects.active_with_role(*roles).order_by("full_name")


class GovUKMonthInput(GovUKDateInput):
    """The GOV.UK date input with month and year boxes only."""

    parts = ("month", "year")

    def __init__(self, attrs=None):
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(
                attrs={
                    "class": f"govuk-input govuk-date-input__input govuk-input--width-{self.widths[part]}",
                    "inputmode": "numeric",
                }
            )
            for part in self.parts
        }
        forms.MultiWidget.__init__(self, widgets, attrs)
        self.error_parts = set()

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.month, value.year]
        return [None, None]

    def get_context(self, name, value, attrs):
        context = forms.MultiWidget.get_context(self, name, value, attrs)
        for part, subwidget in zip(self.parts, context["widget"]["subwidgets"], strict=True):
            subwidget["label"] = part.capitalize()
            classes = subwidget["attrs"].get("class", "").split()
            if part in self.error_parts and "govuk-input--error" not in classes:
                classes.append("govuk-input--error")
            subwidget["attrs"]["class"] = " ".join(classes)
        return context

    def id_for_label(self, id_):
        return f"{id_}_month" if id_ else id_


class GovUKMonthField(GovUKDateField):
    """A month and year, cleaned to the first day of the month."""

    widget = GovUKMonthInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields = self.fields[1:]

    def month_input(self) -> GovUKMonthInput:
        # Field.__init__ has made the widget class above an instance of it.
        return cast(GovUKMonthInput, self.widget)

    def _mark(self, parts) -> None:
        widget = self.month_input()
        widget.error_parts = set(parts) & {"month", "year"} or {"month", "year"}
        for part, field in zip(("month", "year"), self.fields, strict=True):
            field.widget.errors = ["!"] if part in widget.error_parts else []

    def clean(self, value):
        if not isinstance(value, list | tuple):
            value = self.month_input().decompress(value)
        value = ["1", *list(value)[:2]]
        return super().clean(value)
