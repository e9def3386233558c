"""Forms of an incident: opening it (the provider, then the incident), its team, the
communications log and the lessons-learned review that closes it, with GOV.UK error messages.

Forms check what a person typed; the rules that need the database (someone who may lead an
incident, an incident still open) are the services' (failure_plan.services.incidents), whose
errors the views put back on the form by field.
"""

from __future__ import annotations

import datetime

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset, Fixed, Fluid, Layout, Size
from django import forms
from django.utils import timezone

from accounts.models import User
from core.fields import GovUKDateField
from core.forms import BaseForm
from failure_plan.forms.common import TimeField, model_choice_field, yes_no
from failure_plan.models import CAUSE_HINTS, Cause, CommunicationKind
from providers.models import Provider, Service, ServiceQuerySet


# --- opening an incident ------------------------------------------------------------------
class ProviderChoiceForm(forms.Form):
    """Step one of opening an incident: which provider has failed (a GET form)."""

    provider = forms.ModelChoiceField(
        label="Which provider has failed?",
        queryset=Provider.objects.none(),
        empty_label="",
        error_messages={
            "required": "Select the provider that has failed",
            "invalid_choice": "Select the provider that has failed",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "provider").queryset = Provider.objects.filter(
            ServiceQuerySet.open_q("services__")
        ).distinct()


class IncidentForm(BaseForm):
    """Open an incident, or change its details."""

    submit_label = "Open incident"

    title = forms.CharField(
        label="Name of the incident",
        max_length=200,
        help_text="Something everyone will recognise, like “Ashdown House closure”",
        error_messages={
            "required": "Enter a name for the incident",
            "max_length": "Name of the incident must be 200 characters or fewer",
        },
    )
    services = forms.ModelMultipleChoiceField(
        label="Which services have failed?",
        queryset=Service.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. A whole provider group can fail at once.",
        error_messages={
            "required": "Select the services that have failed",
            "invalid_choice": "Select the services that have failed",
            "invalid_pk_value": "Select the services that have failed",
        },
    )
    cause = forms.ChoiceField(
        label="What caused the failure?",
        widget=forms.RadioSelect,
        choices=[Choice(value, label, hint=CAUSE_HINTS[value]) for value, label in Cause.choices],
        error_messages={
            "required": "Select the cause of the failure",
            "invalid_choice": "Select the cause of the failure",
        },
    )
    notice_date = GovUKDateField(
        label="Date notice was received",
        noun="notice date",
        past_only=True,
        hint="For example, 27 3 2025",
    )
    notice_time = TimeField(
        label="Time notice was received",
        noun="notice time",
        help_text="Use the 24-hour clock, like 14:30",
    )
    is_emergency = yes_no(
        "Is this an emergency closure?",
        "Select yes if this is an emergency closure",
        help_text="An emergency closure runs a 72-hour clock from the notice.",
    )
    may_be_temporary = forms.BooleanField(
        label="The failure may be temporary, such as an outbreak the service can recover from",
        required=False,
    )
    lead: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label="Who leads the response?",
        queryset=None,
        empty_label="",
        help_text="A senior manager who sets up the project team",
        error_messages={
            "required": "Select who leads the response",
            "invalid_choice": "Select who leads the response",
        },
    )
    summary = forms.CharField(
        label="What has happened? (optional)",
        required=False,
        widget=forms.Textarea,
    )
    provider_registered = yes_no(
        "Is the provider registered with CQC?",
        "Select yes if the provider is registered with CQC",
    )
    business_failure = yes_no(
        "Is the provider unable to carry on because of business failure?",
        "Select yes if the provider is unable to carry on because of business failure",
        help_text="Its business can no longer pay its way",
    )
    activity_regulated = yes_no(
        "Is the care a regulated activity?",
        "Select yes if the care is a regulated activity",
        help_text="Personal care and nursing are regulated by CQC; day services and meals are not",
    )

    def __init__(self, *args, services=None, lead_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        services_field = model_choice_field(self, "services")
        services_field.queryset = services if services is not None else Service.objects.none()
        services_field.choices = [
            (s.pk, f"{s.name} ({s.get_service_type_display().lower()})")
            for s in services_field.queryset
        ]
        model_choice_field(self, "lead").queryset = lead_queryset
        self.helper.layout = Layout(
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Field.checkboxes("services", legend_size=Size.SMALL),
            Field.radios("cause", legend_size=Size.SMALL),
            Fieldset(
                Field("notice_date"),
                Field.text("notice_time", field_width=Fixed.FIVE),
                legend="Notice",
                legend_size=Size.MEDIUM,
            ),
            Field.radios("is_emergency", legend_size=Size.SMALL, inline=True),
            Field.checkboxes("may_be_temporary", small=True),
            Field.select("lead"),
            Field.textarea("summary", rows=4),
            Fieldset(
                Field.radios("provider_registered", legend_size=Size.SMALL, inline=True),
                Field.radios("business_failure", legend_size=Size.SMALL, inline=True),
                Field.radios("activity_regulated", legend_size=Size.SMALL, inline=True),
                legend="The section 48 temporary duty",
                legend_size=Size.MEDIUM,
            ),
        )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        day, time = cleaned.get("notice_date"), cleaned.get("notice_time")
        if day and time:
            notice_at = timezone.make_aware(datetime.datetime.combine(day, time))
            if notice_at > timezone.now():
                self.add_error("notice_time", "The notice time must be now or in the past")
            cleaned["notice_at"] = notice_at
        return cleaned

    def service_data(self) -> dict:
        data = {
            name: self.cleaned_data[name]
            for name in (
                "title",
                "services",
                "cause",
                "is_emergency",
                "may_be_temporary",
                "lead",
                "summary",
                "provider_registered",
                "business_failure",
                "activity_regulated",
            )
        }
        data["notice_at"] = self.cleaned_data.get("notice_at")
        return data

    @staticmethod
    def initial_for(incident) -> dict:
        local = timezone.localtime(incident.notice_at)
        return {
            "title": incident.title,
            "services": [s.pk for s in incident.services.all()],
            "cause": incident.cause,
            "notice_date": local.date(),
            "notice_time": local.strftime("%H:%M"),
            "is_emergency": str(incident.is_emergency),
            "may_be_temporary": incident.may_be_temporary,
            "lead": incident.lead_id,
            "summary": incident.summary,
            "provider_registered": str(incident.provider_registered),
            "business_failure": str(incident.business_failure),
            "activity_regulated": str(incident.activity_regulated),
        }


class TeamMemberForm(BaseForm):
    submit_label = "Add to team"

    user: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label="Person",
        queryset=None,
        empty_label="",
        error_messages={"required": "Select a person", "invalid_choice": "Select a person"},
    )
    role_on_team = forms.CharField(
        label="What do they do on the team?",
        max_length=150,
        help_text="For example, social work lead, health lead, communications",
        error_messages={
            "required": "Enter what they do on the team",
            "max_length": "What they do must be 150 characters or fewer",
        },
    )

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "user").queryset = users
        self.helper.layout = Layout(
            Field.select("user"), Field.text("role_on_team", field_width=Fluid.TWO_THIRDS)
        )


# --- communications and closing -----------------------------------------------------------
class CommunicationForm(BaseForm):
    submit_label = "Add to the log"

    kind = forms.ChoiceField(
        label="What kind of communication?",
        choices=CommunicationKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the kind of communication",
            "invalid_choice": "Select the kind of communication",
        },
    )
    happened_on = GovUKDateField(label="Date", noun="date", past_only=True)
    by_whom = forms.CharField(
        label="Who was it from, or who led it?",
        max_length=150,
        help_text="For example, the provider with wording the council agreed",
        error_messages={
            "required": "Enter who it was from or who led it",
            "max_length": "Who it was from must be 150 characters or fewer",
        },
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea,
        help_text="Do not include the names of people receiving care",
        error_messages={"required": "Enter a summary"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.SMALL),
            Field("happened_on"),
            Field.text("by_whom", field_width=Fluid.TWO_THIRDS),
            Field.textarea("summary", rows=4),
        )


class LessonsForm(BaseForm):
    submit_label = "Save the review and close the incident"

    warning_signs = forms.CharField(
        label="Were there warning signs? (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="Quality concerns, money problems or staffing the council could have helped with",
    )
    went_well = forms.CharField(
        label="What went well?",
        widget=forms.Textarea,
        error_messages={"required": "Enter what went well"},
    )
    to_improve = forms.CharField(
        label="What could be better next time?",
        widget=forms.Textarea,
        error_messages={"required": "Enter what could be better next time"},
    )
    actions = forms.CharField(
        label="Actions agreed",
        widget=forms.Textarea,
        help_text="Who does what, by when",
        error_messages={"required": "Enter the actions agreed"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.textarea("warning_signs", rows=4),
            Field.textarea("went_well", rows=4),
            Field.textarea("to_improve", rows=4),
            Field.textarea("actions", rows=4),
        )
