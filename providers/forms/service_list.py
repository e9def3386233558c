"""The service list's search, filters and sort order, and the upload of the CSV import."""

from __future__ import annotations

from typing import cast

from django import forms

from core.csv_import import ImportUploadForm
from providers.csv_import.importer import ServicesImport
from providers.forms.common import choice_field, model_choice_field
from providers.models import (
    ClientGroup,
    Rating,
    ServiceType,
)
from providers.selectors import SORTS, contract_officers


# --- the service list's filters, and the CSV import ------------------------------------------
class ServiceFilterForm(forms.Form):
    """The search box, filters and sort order of the service list (a GET form).

    Values that do not validate are ignored rather than reported: a stale bookmark still
    shows the list.
    """

    q = forms.CharField(
        label="Search by name, postcode or CQC location ID", required=False, max_length=100
    )
    service_type = forms.ChoiceField(
        label="Service type", required=False, choices=[("", "Any type"), *ServiceType.choices]
    )
    client_group = forms.ChoiceField(
        label="Client group",
        required=False,
        choices=[("", "Any client group"), *ClientGroup.choices],
    )
    rating = forms.ChoiceField(
        label="Current CQC rating", required=False, choices=[("", "Any rating"), *Rating.choices]
    )
    officer: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Contract officer", required=False, queryset=None, empty_label="Any officer"
    )
    area = forms.ChoiceField(
        label="Area",
        required=False,
        choices=[
            ("", "In or out of area"),
            ("in", "In the council's area"),
            ("out", "Out of area"),
        ],
    )
    status = forms.ChoiceField(
        label="Open or closed",
        required=False,
        choices=[("", "Open or closed"), ("open", "Open"), ("closed", "Closed")],
    )
    contracted = forms.ChoiceField(
        label="Contract",
        required=False,
        choices=[
            ("", "With or without a contract"),
            ("yes", "Contracted"),
            ("no", "Not contracted"),
        ],
    )
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
    )

    FILTERS = ("service_type", "client_group", "rating", "officer", "area", "status", "contracted")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "officer").queryset = contract_officers()
        for name in (*self.FILTERS, "sort"):
            self.fields[name].widget.attrs["class"] = "govuk-select app-filter__select"

    def filters(self) -> dict:
        """The valid values only."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}

    def selected(self) -> list[dict]:
        """The filters in use, each with its label and the query string that removes it."""
        values = self.filters()
        chosen = []
        for name in self.FILTERS:
            if name not in values:
                continue
            field = self.fields[name]
            value = values[name]
            if name == "officer":
                label = value.full_name
            else:
                # A ChoiceField keeps its choices as a list of pairs, whatever it was given.
                choices = cast("list[tuple[str, str]]", choice_field(self, name).choices)
                label = dict(choices).get(value, value)
            chosen.append({"name": name, "legend": field.label, "label": label})
        return chosen


class ServiceImportForm(ImportUploadForm):
    """A CSV file of services and contracts to import."""

    submit_label = "Upload and check"
    max_bytes = ServicesImport.max_bytes
