"""Forms of capacity: recording vacancies, the vacancy finder's filters, reserving one."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fixed, Layout
from django import forms

from core.fields import GovUKDateField
from core.forms import BaseForm
from failure_plan.forms.common import model_choice_field
from providers.models import ClientGroup, Service, ServiceType


# --- capacity -----------------------------------------------------------------------------
class VacancyForm(BaseForm):
    submit_label = "Save vacancies"

    service: forms.ModelChoiceField[Service] = forms.ModelChoiceField(
        label="Service",
        queryset=None,
        empty_label="",
        error_messages={"required": "Select the service", "invalid_choice": "Select the service"},
    )
    vacancies = forms.IntegerField(
        label="Number of vacancies",
        min_value=0,
        max_value=10_000,
        help_text="Do not count vacancies already reserved for someone through Oversight",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the number of vacancies, or 0",
            "invalid": "Number of vacancies must be a whole number, like 3",
            "min_value": "Number of vacancies must be 0 or more",
            "max_value": "Number of vacancies is too large",
        },
    )
    recorded_on = GovUKDateField(
        label="Date the service reported them",
        noun="date the vacancies were reported",
        past_only=True,
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "service").queryset = services
        self.helper.layout = Layout(
            Field.select("service"),
            Field.text("vacancies", field_width=Fixed.FIVE),
            Field("recorded_on"),
            Field.textarea("notes", rows=3),
        )


class FinderForm(forms.Form):
    """Filters of the vacancy finder (a GET form rendered by hand)."""

    service_type = forms.ChoiceField(
        label="Service type", choices=[("", "Any type"), *ServiceType.choices], required=False
    )
    client_group = forms.ChoiceField(
        label="Client group",
        choices=[("", "Any client group"), *ClientGroup.choices],
        required=False,
    )
    area = forms.ChoiceField(
        label="Area",
        choices=[("", "Anywhere"), ("in", "In the council's area"), ("out", "Out of area")],
        required=False,
    )
    postcode = forms.CharField(label="Postcode", max_length=8, required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "service_type": data.get("service_type") or "",
            "client_group": data.get("client_group") or "",
            "area": data.get("area") or "",
            "postcode_prefix": data.get("postcode") or "",
        }


class ReserveForm(forms.Form):
    """Which vacancy to hold (the finder's "Reserve" buttons post this)."""

    vacancy = forms.IntegerField(
        error_messages={"required": "Select a vacancy", "invalid": "Select a vacancy"}
    )
