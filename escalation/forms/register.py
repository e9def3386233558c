"""The risk register's search, filters and sort (a GET form, like the service list's)."""

from __future__ import annotations

from typing import cast

from django import forms

from accounts.models import User
from escalation.selectors import REGISTER_SORTS
from providers.levels import Level, PlacementRating
from providers.models import ServiceType
from providers.selectors import contract_officers


def _choice_labels(field: forms.Field) -> dict:
    """A choice field's labels by value."""
    # django-stubs types the choices getter as what the setter accepts; Django has already
    # normalised them to (value, label) pairs.
    return dict(cast(forms.ChoiceField, field).choices)  # type: ignore[arg-type]


class RegisterFilterForm(forms.Form):
    """Filters for the register. Values that do not validate are ignored rather than reported:
    a stale bookmark still shows the register."""

    q = forms.CharField(label="Search by service or provider name", required=False, max_length=100)
    level = forms.MultipleChoiceField(
        label="Level",
        required=False,
        choices=[(str(value), label) for value, label in Level.choices],
        widget=forms.CheckboxSelectMultiple,
    )
    rating = forms.MultipleChoiceField(
        label="Placement rating",
        required=False,
        choices=PlacementRating.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    service_type = forms.ChoiceField(
        label="Service type", required=False, choices=[("", "Any type"), *ServiceType.choices]
    )
    officer: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label="Contract officer", required=False, queryset=None, empty_label="Any officer"
    )
    mine = forms.BooleanField(label="Only my portfolio", required=False)
    sanctions = forms.BooleanField(label="Sanctions in force", required=False)
    review_due = forms.BooleanField(label="Sanction review due", required=False)
    proposal = forms.BooleanField(label="Change of level proposed", required=False)
    status = forms.ChoiceField(
        label="Open or closed",
        required=False,
        choices=[("open", "Open services"), ("closed", "Closed services"), ("all", "Both")],
    )
    sort = forms.ChoiceField(
        required=False, choices=[(key, label) for key, (label, *_rest) in REGISTER_SORTS.items()]
    )
    order = forms.ChoiceField(
        required=False, choices=[("asc", "Ascending"), ("desc", "Descending")]
    )

    # Filters shown as "selected" tags (each removable), in the order the panel shows them.
    FILTERS = (
        "level",
        "rating",
        "service_type",
        "officer",
        "mine",
        "sanctions",
        "review_due",
        "proposal",
        "status",
    )
    CHECKS = ("mine", "sanctions", "review_due", "proposal")

    def __init__(self, *args, show_mine: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["officer"]).queryset = contract_officers()
        for name in ("service_type", "officer", "status"):
            self.fields[name].widget.attrs["class"] = "govuk-select app-filter__select"
        if not show_mine:  # "my portfolio" is for people who hold one
            del self.fields["mine"]

    def filters(self) -> dict:
        """The valid values only (an invalid field is dropped, the rest still apply)."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in ("", None, [], False)
        }

    def selected(self) -> list[dict]:
        """The filters in use: name, legend, the label shown, and the value to remove."""
        values = self.filters()
        chosen = []
        for name in self.FILTERS:
            if name not in values or name not in self.fields:
                continue
            if name == "status" and values[name] == "open":
                continue  # the default, nothing to remove
            field = self.fields[name]
            value = values[name]
            if name == "officer":
                chosen.append({"name": name, "value": "", "label": value.full_name})
            elif name in self.CHECKS:
                chosen.append({"name": name, "value": "", "label": field.label})
            elif isinstance(value, list):
                labels = _choice_labels(field)
                for item in value:
                    chosen.append(
                        {"name": name, "value": item, "label": f"{field.label}: {labels[item]}"}
                    )
            else:
                chosen.append({"name": name, "value": "", "label": _choice_labels(field)[value]})
        return chosen
