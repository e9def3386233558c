"""Forms of what is recorded against a service: contracts, CQC ratings entered by hand and
business continuity plan checks."""

from __future__ import annotations

from crispy_forms_gds.layout import HTML, Field, Fieldset, Fixed, Layout, Size
from django import forms

from core.fields import GovUKDateField, MoneyField
from core.forms import BaseForm, BaseModelForm
from providers.forms.common import (
    choice_field,
    set_messages,
    whole_number_input,
    whole_number_messages,
)
from providers.models import (
    KEY_QUESTIONS,
    BusinessContinuityCheck,
    Contract,
    ContractType,
    Rating,
)
from providers.services import CONTRACT_FORM_FIELDS


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
        fields = list(CONTRACT_FORM_FIELDS)
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
        choice_field(self, "contract_type").choices = ContractType.choices
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
            messages[name] = whole_number_messages(str(self.fields[name].label))
            self.fields[name].widget = whole_number_input()
        set_messages(self, messages)
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
        super().clean()
        cleaned = self.cleaned_data
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
        choice_field(self, "outcome").choices = BusinessContinuityCheck.Outcome.choices
        set_messages(
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
