"""Forms of the people affected: their details, and the wellbeing check after the move.

Forms check what a person typed; the rules that need the database (a move date after the
notice date) are the services' (failure_plan.services.people).
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size
from django import forms

from core.fields import GovUKDateField
from core.forms import BaseForm
from failure_plan.forms.common import model_choice_field
from failure_plan.models import NEEDS_FLAGS, PERSON_FIELDS, Funding, ReviewStatus
from providers.models import LocalAuthority, Service


# --- people -------------------------------------------------------------------------------
class PersonForm(BaseForm):
    """Add a person affected by the failure, or change their details."""

    submit_label = "Save"

    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={
            "required": "Enter the person's full name",
            "max_length": "Full name must be 150 characters or fewer",
        },
    )
    date_of_birth = GovUKDateField(
        label="Date of birth (optional)",
        noun="date of birth",
        required=False,
        past_only=True,
        hint="For example, 14 5 1938",
    )
    service: forms.ModelChoiceField[Service] = forms.ModelChoiceField(
        label="Which service do they receive care from?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select the service they receive care from",
            "invalid_choice": "Select the service they receive care from",
        },
    )
    funding = forms.ChoiceField(
        label="How is their care funded?",
        choices=Funding.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how their care is funded",
            "invalid_choice": "Select how their care is funded",
        },
    )
    placing_council = forms.ModelChoiceField(
        label="Council that placed them",
        queryset=LocalAuthority.objects.none(),
        required=False,
        empty_label="",
        help_text="Only for people placed by another council",
        error_messages={"invalid_choice": "Select the council that placed them"},
    )
    needs = forms.MultipleChoiceField(
        label="What do they need during the move? (optional)",
        choices=list(NEEDS_FLAGS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply",
    )
    review_status = forms.ChoiceField(
        label="Review",
        choices=ReviewStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select where their review is",
            "invalid_choice": "Select where their review is",
        },
    )
    destination_service = forms.ModelChoiceField(
        label="Service they are moving to (optional)",
        queryset=Service.objects.none(),
        required=False,
        empty_label="",
        help_text="Reserving a vacancy fills this in",
        error_messages={"invalid_choice": "Select a service from the list"},
    )
    destination = forms.CharField(
        label="Where they are going (optional)",
        max_length=255,
        required=False,
        help_text="For example, staying with family, or a service not in the register",
        error_messages={"max_length": "Where they are going must be 255 characters or fewer"},
    )
    move_date = GovUKDateField(
        label="Move date (optional)",
        noun="move date",
        required=False,
        hint="The day they move, or the day care passes to the new provider",
    )

    def __init__(self, *args, incident_services=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "service").queryset = incident_services
        model_choice_field(self, "placing_council").queryset = LocalAuthority.objects.order_by(
            "name"
        )
        model_choice_field(self, "destination_service").queryset = Service.objects.open().order_by(
            "name"
        )
        self.helper.layout = Layout(
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field("date_of_birth"),
            Field.radios("service", legend_size=Size.SMALL),
            Field.radios("funding", legend_size=Size.SMALL),
            Field.select("placing_council"),
            Field.checkboxes("needs", legend_size=Size.SMALL),
            Field.radios("review_status", legend_size=Size.SMALL),
            Fieldset(
                Field.select("destination_service"),
                Field.text("destination", field_width=Fluid.TWO_THIRDS),
                Field("move_date"),
                legend="Where they are going",
                legend_size=Size.MEDIUM,
            ),
        )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("funding") == Funding.OTHER_COUNCIL and not cleaned.get("placing_council"):
            self.add_error("placing_council", "Select the council that placed them")
        return cleaned

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in PERSON_FIELDS if name not in NEEDS_FLAGS}
        chosen = set(self.cleaned_data.get("needs") or [])
        data.update({flag: flag in chosen for flag in NEEDS_FLAGS})
        return data

    @staticmethod
    def initial_for(person) -> dict:
        return {
            "full_name": person.full_name,
            "date_of_birth": person.date_of_birth,
            "service": person.service_id,
            "funding": person.funding,
            "placing_council": person.placing_council_id,
            "needs": [flag for flag in NEEDS_FLAGS if getattr(person, flag)],
            "review_status": person.review_status,
            "destination_service": person.destination_service_id,
            "destination": person.destination,
            "move_date": person.move_date,
        }


class WellbeingCheckForm(BaseForm):
    submit_label = "Save wellbeing check"

    checked_on = GovUKDateField(
        label="Date of the wellbeing check",
        noun="date of the wellbeing check",
        past_only=True,
        hint="For example, 27 4 2025",
    )
    notes = forms.CharField(
        label="What did the check find? (optional)", required=False, widget=forms.Textarea
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field("checked_on"), Field.textarea("notes", rows=4))
