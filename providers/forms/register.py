"""Forms of providers and services, with GOV.UK error messages.

Forms validate; saving goes through providers.services (the views pass ``cleaned_data``).
"""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset, Fixed, Fluid, Layout, Size
from django import forms

from core.fields import GovUKDateField
from core.forms import BaseModelForm
from providers.forms.common import (
    YES_NO,
    choice_field,
    cqc_id_validator,
    model_choice_field,
    set_messages,
    whole_number_input,
)
from providers.models import (
    CapacityUnit,
    ClientGroup,
    LocalAuthority,
    Provider,
    Scale,
    Service,
    ServiceType,
)
from providers.models import (
    Size as ProviderSize,
)
from providers.selectors import clinical_nurses, contract_officers, providers_for_choice
from providers.services import SERVICE_FORM_FIELDS


# --- providers ---------------------------------------------------------------------------
class ProviderForm(BaseModelForm):
    """Add or change a provider."""

    submit_label = "Save provider"

    class Meta:
        model = Provider
        fields = [
            "name",
            "cqc_provider_id",
            "scale",
            "size",
            "head_office_address",
            "head_office_postcode",
            "phone",
            "notes",
        ]
        labels = {
            "name": "Provider name",
            "cqc_provider_id": "CQC provider ID (optional)",
            "scale": "Scale",
            "size": "Size",
            "head_office_address": "Head office address (optional)",
            "head_office_postcode": "Head office postcode (optional)",
            "phone": "Phone number (optional)",
            "notes": "Notes (optional)",
        }
        help_texts = {
            "cqc_provider_id": "For a provider registered with CQC, like 1-101234567",
            "scale": "Where the provider operates",
        }
        widgets = {
            "scale": forms.RadioSelect,
            "size": forms.RadioSelect,
        }
        error_messages = {
            "cqc_provider_id": {
                "unique": "A provider with this CQC provider ID is already in the register"
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "scale").choices = Scale.choices
        choice_field(self, "size").choices = ProviderSize.choices
        self.fields["cqc_provider_id"].validators.append(cqc_id_validator("provider"))
        set_messages(
            self,
            {
                "name": {"required": "Enter the provider name"},
                "scale": {
                    "required": "Select the provider's scale",
                    "invalid_choice": "Select the provider's scale",
                },
                "size": {
                    "required": "Select the provider's size",
                    "invalid_choice": "Select the provider's size",
                },
                "phone": {"max_length": "Phone number must be 30 characters or fewer"},
            },
        )
        self.helper.layout = Layout(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("cqc_provider_id", field_width=Fixed.TWENTY),
            Field.radios("scale", legend_size=Size.SMALL, inline=True),
            Field.radios("size", legend_size=Size.SMALL, inline=True),
            Field.text("head_office_address", field_width=Fluid.TWO_THIRDS),
            Field.text("head_office_postcode", field_width=Fixed.TEN),
            Field.text("phone", field_width=Fixed.TWENTY),
            Field.textarea("notes", rows=4),
        )


# --- services ----------------------------------------------------------------------------
class ServiceForm(BaseModelForm):
    """Add or change a service."""

    submit_label = "Save service"

    in_area = forms.TypedChoiceField(
        label="Is the service in the council's area?",
        choices=YES_NO,
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        help_text="Services in another council's area are monitored by an annual desktop review.",
        error_messages={
            "required": "Select yes if the service is in the council's area",
            "invalid_choice": "Select yes if the service is in the council's area",
        },
    )
    registered_on = GovUKDateField(
        label="Date registered (optional)",
        noun="registration date",
        required=False,
        past_only=True,
        hint="For example, 27 3 2015",
    )
    closed_on = GovUKDateField(
        label="Date closed (optional)",
        noun="closing date",
        required=False,
        hint="Only if the service has closed or been deregistered",
    )

    class Meta:
        model = Service
        fields = list(SERVICE_FORM_FIELDS)
        labels = {
            "provider": "Provider",
            "name": "Service name",
            "service_type": "Service type",
            "client_group": "Client group",
            "cqc_location_id": "CQC location ID (optional)",
            "capacity": "Capacity (optional)",
            "capacity_unit": "Capacity is counted in",
            "registered_manager": "Registered manager (optional)",
            "address_line_1": "Address line 1 (optional)",
            "address_line_2": "Address line 2 (optional)",
            "town": "Town or city (optional)",
            "postcode": "Postcode (optional)",
            "phone": "Phone number (optional)",
            "host_authority": "Host council",
            "contract_officer": "Contract officer (optional)",
            "clinical_nurse": "Clinical quality nurse (optional)",
        }
        help_texts = {
            "cqc_location_id": "For a service registered with CQC, like 1-123456789",
            "registered_manager": "Leave empty if the post is vacant",
            "host_authority": "For a service outside the council's area: the council it is in",
        }
        widgets = {
            "client_group": forms.RadioSelect,
            "capacity_unit": forms.RadioSelect,
        }
        error_messages = {
            "cqc_location_id": {
                "unique": "A service with this CQC location ID is already in the register"
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "provider").queryset = providers_for_choice()
        model_choice_field(self, "provider").empty_label = ""
        choice_field(self, "service_type").choices = [("", ""), *ServiceType.choices]
        choice_field(self, "client_group").choices = ClientGroup.choices
        choice_field(self, "capacity_unit").choices = CapacityUnit.choices
        model_choice_field(self, "host_authority").queryset = LocalAuthority.objects.order_by(
            "name"
        )
        self.fields["host_authority"].required = False
        model_choice_field(self, "host_authority").empty_label = ""
        model_choice_field(self, "contract_officer").queryset = contract_officers()
        model_choice_field(self, "contract_officer").empty_label = "No officer yet"
        model_choice_field(self, "clinical_nurse").queryset = clinical_nurses()
        model_choice_field(self, "clinical_nurse").empty_label = "No nurse"
        self.fields["cqc_location_id"].validators.append(cqc_id_validator("location"))
        self.fields["capacity"].widget = whole_number_input()
        set_messages(
            self,
            {
                "provider": {
                    "required": "Select the provider",
                    "invalid_choice": "Select the provider",
                },
                "name": {"required": "Enter the service name"},
                "service_type": {
                    "required": "Select a service type",
                    "invalid_choice": "Select a service type",
                },
                "client_group": {
                    "required": "Select a client group",
                    "invalid_choice": "Select a client group",
                },
                "capacity": {
                    "invalid": "Capacity must be a whole number, like 40",
                    "min_value": "Capacity must be 0 or more",
                    "max_value": "Capacity is too large",
                },
                "capacity_unit": {
                    "required": "Select what capacity is counted in",
                    "invalid_choice": "Select what capacity is counted in",
                },
                "host_authority": {"invalid_choice": "Select the council the service is in"},
                "contract_officer": {"invalid_choice": "Select a contract officer from the list"},
                "clinical_nurse": {"invalid_choice": "Select a clinical nurse from the list"},
                "postcode": {"max_length": "Postcode must be 10 characters or fewer"},
                "phone": {"max_length": "Phone number must be 30 characters or fewer"},
            },
        )
        self.helper.layout = Layout(
            Field.select("provider"),
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.select("service_type"),
            Field.radios("client_group", legend_size=Size.SMALL),
            Field.text("cqc_location_id", field_width=Fixed.TWENTY),
            Field.text("capacity", field_width=Fixed.FIVE),
            Field.radios("capacity_unit", legend_size=Size.SMALL, inline=True),
            Field.text("registered_manager", field_width=Fluid.TWO_THIRDS),
            Fieldset(
                Field.text("address_line_1", field_width=Fluid.TWO_THIRDS),
                Field.text("address_line_2", field_width=Fluid.TWO_THIRDS),
                Field.text("town", field_width=Fluid.TWO_THIRDS),
                Field.text("postcode", field_width=Fixed.TEN),
                Field.text("phone", field_width=Fixed.TWENTY),
                legend="Address",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("in_area", legend_size=Size.SMALL, inline=True),
                Field.select("host_authority"),
                legend="Area",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field("registered_on"),
                Field("closed_on"),
                legend="Registration",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.select("contract_officer"),
                Field.select("clinical_nurse"),
                legend="Portfolio",
                legend_size=Size.MEDIUM,
            ),
        )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("in_area") is False and not cleaned.get("host_authority"):
            self.add_error("host_authority", "Select the council whose area the service is in")
        registered, closed = cleaned.get("registered_on"), cleaned.get("closed_on")
        if registered and closed and closed < registered:
            self.add_error(
                "closed_on", "The closing date must be the same as or after the registration date"
            )
        return cleaned
