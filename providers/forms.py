"""Forms of the market register, with GOV.UK error messages.

Forms validate; saving goes through providers.services (the views pass ``cleaned_data``).
"""

from __future__ import annotations

from crispy_forms_gds.layout import HTML, Field, Fieldset, Fixed, Fluid, Layout, Size
from django import forms
from django.core.validators import RegexValidator

from core.csv_import import ImportUploadForm
from core.fields import GovUKDateField, MoneyField
from core.forms import BaseForm, BaseModelForm
from providers.csv_import import ServicesImport
from providers.models import (
    KEY_QUESTIONS,
    BusinessContinuityCheck,
    CapacityUnit,
    ClientGroup,
    Contract,
    ContractType,
    LocalAuthority,
    Provider,
    Rating,
    Scale,
    Service,
    ServiceType,
)
from providers.models import (
    Size as ProviderSize,
)
from providers.selectors import SORTS, clinical_nurses, contract_officers, providers_for_choice

YES_NO = [("True", "Yes"), ("False", "No")]


def _cqc_id_validator(what: str) -> RegexValidator:
    return RegexValidator(
        r"^1-\d{5,12}$", f"Enter the CQC {what} ID in the correct format, like 1-123456789"
    )


def _set_messages(form: forms.BaseForm, messages: dict[str, dict[str, str]]) -> None:
    for name, by_code in messages.items():
        form.fields[name].error_messages.update(by_code)


def _whole_number_messages(label: str) -> dict[str, str]:
    return {
        "required": f"Enter the {label.lower()}, or 0",
        "invalid": f"{label} must be a whole number, like 12",
        "min_value": f"{label} must be 0 or more",
        "max_value": f"{label} is too large",
    }


def _whole_number_input() -> forms.TextInput:
    """GOV.UK asks for numbers in a text input with a numeric keyboard, not type=number."""
    return forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})


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
        self.fields["scale"].choices = Scale.choices
        self.fields["size"].choices = ProviderSize.choices
        self.fields["cqc_provider_id"].validators.append(_cqc_id_validator("provider"))
        _set_messages(
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
        fields = [
            "provider",
            "name",
            "service_type",
            "client_group",
            "cqc_location_id",
            "capacity",
            "capacity_unit",
            "registered_manager",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "phone",
            "in_area",
            "host_authority",
            "registered_on",
            "closed_on",
            "contract_officer",
            "clinical_nurse",
        ]
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
        self.fields["provider"].queryset = providers_for_choice()
        self.fields["provider"].empty_label = ""
        self.fields["service_type"].choices = [("", ""), *ServiceType.choices]
        self.fields["client_group"].choices = ClientGroup.choices
        self.fields["capacity_unit"].choices = CapacityUnit.choices
        self.fields["host_authority"].queryset = LocalAuthority.objects.order_by("name")
        self.fields["host_authority"].required = False
        self.fields["host_authority"].empty_label = ""
        self.fields["contract_officer"].queryset = contract_officers()
        self.fields["contract_officer"].empty_label = "No officer yet"
        self.fields["clinical_nurse"].queryset = clinical_nurses()
        self.fields["clinical_nurse"].empty_label = "No nurse"
        self.fields["cqc_location_id"].validators.append(_cqc_id_validator("location"))
        self.fields["capacity"].widget = _whole_number_input()
        _set_messages(
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
        cleaned = super().clean()
        if cleaned.get("in_area") is False and not cleaned.get("host_authority"):
            self.add_error("host_authority", "Select the council whose area the service is in")
        registered, closed = cleaned.get("registered_on"), cleaned.get("closed_on")
        if registered and closed and closed < registered:
            self.add_error(
                "closed_on", "The closing date must be the same as or after the registration date"
            )
        return cleaned


# --- contracts ---------------------------------------------------------------------------
class ContractForm(BaseModelForm):
    """Add or change a contract with a service."""

    submit_label = "Save contract"

    start_date = GovUKDateField(label="Start date", hint="For example, 1 4 2024")
    end_date = GovUKDateField(
        label="End date (optional)",
        noun="end date",
        required=False,
        hint="Leave empty if the contract has no end date",
    )
    annual_value = MoneyField(label="Annual value (£)", noun="annual value")
    annual_spend = MoneyField(
        label="Annual spend (£)", noun="annual spend", help_text="What the council spends a year"
    )

    class Meta:
        model = Contract
        fields = [
            "reference",
            "contract_type",
            "start_date",
            "end_date",
            "annual_value",
            "annual_spend",
            "council_funded",
            "health_funded",
            "jointly_funded",
            "self_funders",
            "other_council_placed",
        ]
        labels = {"reference": "Contract reference", "contract_type": "Contract type"}
        widgets = {"contract_type": forms.RadioSelect}
        error_messages = {
            "reference": {"unique": "A contract with this reference is already in the register"},
        }

    PEOPLE = (
        "council_funded",
        "health_funded",
        "jointly_funded",
        "self_funders",
        "other_council_placed",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract_type"].choices = ContractType.choices
        messages = {
            "reference": {
                "required": "Enter the contract reference",
                "max_length": "Contract reference must be 50 characters or fewer",
            },
            "contract_type": {
                "required": "Select the contract type",
                "invalid_choice": "Select the contract type",
            },
        }
        for name in self.PEOPLE:
            messages[name] = _whole_number_messages(str(self.fields[name].label))
            self.fields[name].widget = _whole_number_input()
        _set_messages(self, messages)
        self.helper.layout = Layout(
            Field.text("reference", field_width=Fixed.TWENTY),
            Field.radios("contract_type", legend_size=Size.SMALL, inline=True),
            Field("start_date"),
            Field("end_date"),
            Field.text("annual_value", field_width=Fixed.TEN),
            Field.text("annual_spend", field_width=Fixed.TEN),
            Fieldset(
                *[Field.text(name, field_width=Fixed.FIVE) for name in self.PEOPLE],
                legend="People",
                legend_size=Size.MEDIUM,
            ),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date")
        return cleaned


# --- CQC ratings and BCP checks ----------------------------------------------------------
RATED_CHOICES = [(r.value, r.label) for r in Rating if r != Rating.NOT_RATED]
KEY_QUESTION_LABELS = {
    "safe": "Safe",
    "effective": "Effective",
    "caring": "Caring",
    "responsive": "Responsive",
    "well_led": "Well-led",
}


class RatingForm(BaseForm):
    """A CQC rating entered by hand: overall, the five key questions and the date."""

    submit_label = "Save rating"

    overall = forms.ChoiceField(
        label="Overall rating",
        choices=RATED_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the overall rating",
            "invalid_choice": "Select the overall rating",
        },
    )
    published_on = GovUKDateField(
        label="Date published",
        noun="date the rating was published",
        past_only=True,
        hint="As shown on the CQC report, for example 14 10 2025",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in KEY_QUESTIONS:
            label = KEY_QUESTION_LABELS[question]
            self.fields[question] = forms.ChoiceField(
                label=label,
                choices=Rating.choices,
                initial=Rating.NOT_RATED,
                error_messages={
                    "required": f"Select the rating for {label}",
                    "invalid_choice": f"Select the rating for {label}",
                },
            )
        self.helper.layout = Layout(
            Field.radios("overall", legend_size=Size.MEDIUM),
            HTML('<h2 class="govuk-heading-m">Key questions</h2>'),
            *[Field.select(q) for q in KEY_QUESTIONS],
            Field("published_on"),
        )


class BCPCheckForm(BaseModelForm):
    """A check of the service's business continuity plan."""

    submit_label = "Save check"

    checked_on = GovUKDateField(
        label="Date checked",
        noun="date the plan was checked",
        past_only=True,
        hint="For example, 3 9 2025",
    )

    class Meta:
        model = BusinessContinuityCheck
        fields = ["checked_on", "outcome", "notes"]
        labels = {"outcome": "Outcome", "notes": "Notes (optional)"}
        widgets = {"outcome": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = BusinessContinuityCheck.Outcome.choices
        _set_messages(
            self,
            {
                "outcome": {
                    "required": "Select the outcome of the check",
                    "invalid_choice": "Select the outcome of the check",
                }
            },
        )
        self.helper.layout = Layout(
            Field("checked_on"),
            Field.radios("outcome", legend_size=Size.SMALL),
            Field.textarea("notes", rows=4),
        )


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
    officer = forms.ModelChoiceField(
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
        self.fields["officer"].queryset = contract_officers()
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
                label = dict(field.choices).get(value, value)
            chosen.append({"name": name, "legend": field.label, "label": label})
        return chosen


class ServiceImportForm(ImportUploadForm):
    """A CSV file of services and contracts to import."""

    submit_label = "Upload and check"
    max_bytes = ServicesImport.max_bytes
