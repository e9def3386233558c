"""Forms of the failure plan, with GOV.UK error messages.

Forms check what a person typed; the rules that need the database (a move date after the
notice date, a vacancy still free) are the services' (failure_plan.services), whose errors the
views put back on the form by field.
"""

from __future__ import annotations

import datetime
import re

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset, Fixed, Fluid, Layout, Size
from django import forms
from django.utils import timezone

from core.csv_import import ImportUploadForm
from core.fields import GovUKDateField
from core.forms import BaseForm
from failure_plan.models import (
    CAUSE_HINTS,
    NEEDS_FLAGS,
    Cause,
    ChecklistTask,
    CommunicationKind,
    Funding,
    ReviewStatus,
)
from failure_plan.services.common import FailurePlanImport
from providers.models import (
    ClientGroup,
    LocalAuthority,
    Provider,
    Service,
    ServiceQuerySet,
    ServiceType,
)

YES_NO = [("True", "Yes"), ("False", "No")]
TIME = re.compile(r"^(\d{1,2})[:.](\d{2})\s*(am|pm)?$", re.IGNORECASE)


def _yes_no(label: str, message: str, *, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": message, "invalid_choice": message},
    )


def _messages(field: forms.Field, **by_code: str) -> None:
    field.error_messages.update(by_code)


class TimeField(forms.CharField):
    """A time typed as 14:30 (or 2:30pm), with GOV.UK messages."""

    def __init__(self, *, noun: str, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"spellcheck": "false"}))
        super().__init__(**kwargs)
        self.noun = noun
        self.error_messages["required"] = f"Enter the {noun}"

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        match = TIME.match(text.strip())
        if not match:
            raise forms.ValidationError(
                f"Enter the {self.noun} as a 24-hour time, like 14:30", code="invalid"
            )
        hours, minutes, half = int(match[1]), int(match[2]), (match[3] or "").lower()
        if half == "pm" and hours < 12:
            hours += 12
        elif half == "am" and hours == 12:
            hours = 0
        if hours > 23 or minutes > 59:
            raise forms.ValidationError(f"The {self.noun} must be a real time", code="invalid")
        return datetime.time(hours, minutes)


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
        self.fields["provider"].queryset = Provider.objects.filter(
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
    is_emergency = _yes_no(
        "Is this an emergency closure?",
        "Select yes if this is an emergency closure",
        help_text="An emergency closure runs a 72-hour clock from the notice.",
    )
    may_be_temporary = forms.BooleanField(
        label="The failure may be temporary, such as an outbreak the service can recover from",
        required=False,
    )
    lead = forms.ModelChoiceField(
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
    provider_registered = _yes_no(
        "Is the provider registered with CQC?",
        "Select yes if the provider is registered with CQC",
    )
    business_failure = _yes_no(
        "Is the provider unable to carry on because of business failure?",
        "Select yes if the provider is unable to carry on because of business failure",
        help_text="Its business can no longer pay its way",
    )
    activity_regulated = _yes_no(
        "Is the care a regulated activity?",
        "Select yes if the care is a regulated activity",
        help_text="Personal care and nursing are regulated by CQC; day services and meals are not",
    )

    def __init__(self, *args, services=None, lead_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = (
            services if services is not None else Service.objects.none()
        )
        self.fields["services"].choices = [
            (s.pk, f"{s.name} ({s.get_service_type_display().lower()})")
            for s in self.fields["services"].queryset
        ]
        self.fields["lead"].queryset = lead_queryset
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
        cleaned = super().clean()
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

    user = forms.ModelChoiceField(
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
        self.fields["user"].queryset = users
        self.helper.layout = Layout(
            Field.select("user"), Field.text("role_on_team", field_width=Fluid.TWO_THIRDS)
        )


class ChecklistTaskForm(BaseForm):
    submit_label = "Save task"

    status = forms.ChoiceField(
        label="Status",
        choices=ChecklistTask.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the status of the task",
            "invalid_choice": "Select the status of the task",
        },
    )
    owner = forms.ModelChoiceField(
        label="Owner (optional)",
        queryset=None,
        required=False,
        empty_label="No owner yet",
        help_text="The lead or someone on the project team",
        error_messages={"invalid_choice": "Select an owner from the list"},
    )
    planned_on = GovUKDateField(
        label="Date planned (optional)",
        noun="date planned",
        required=False,
        hint="For example, 27 3 2025",
    )
    progress = forms.CharField(label="Progress (optional)", required=False, widget=forms.Textarea)
    completed_on = GovUKDateField(
        label="Date completed (optional)",
        noun="date completed",
        required=False,
        hint="Only for a task that is done. Leave empty for today.",
    )

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.helper.layout = Layout(
            Field.radios("status", legend_size=Size.SMALL),
            Field.select("owner"),
            Field("planned_on"),
            Field.textarea("progress", rows=4),
            Field("completed_on"),
        )

    @staticmethod
    def initial_for(task) -> dict:
        return {
            "status": task.status,
            "owner": task.owner_id,
            "planned_on": task.planned_on,
            "progress": task.progress,
            "completed_on": task.completed_on,
        }


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
    service = forms.ModelChoiceField(
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
        self.fields["service"].queryset = incident_services
        self.fields["placing_council"].queryset = LocalAuthority.objects.order_by("name")
        self.fields["destination_service"].queryset = Service.objects.open().order_by("name")
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
        cleaned = super().clean()
        if cleaned.get("funding") == Funding.OTHER_COUNCIL and not cleaned.get("placing_council"):
            self.add_error("placing_council", "Select the council that placed them")
        return cleaned

    def service_data(self) -> dict:
        data = {
            name: self.cleaned_data[name]
            for name in (
                "full_name",
                "date_of_birth",
                "service",
                "funding",
                "placing_council",
                "review_status",
                "destination_service",
                "destination",
                "move_date",
            )
        }
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


class CSVUploadForm(ImportUploadForm):
    """A CSV file to import (people or vacancies)."""

    max_bytes = FailurePlanImport.max_bytes


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


class ReserveForm(forms.Form):
    """Which vacancy to hold (the finder's "Reserve" buttons post this)."""

    vacancy = forms.IntegerField(
        error_messages={"required": "Select a vacancy", "invalid": "Select a vacancy"}
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


# --- capacity -----------------------------------------------------------------------------
class VacancyForm(BaseForm):
    submit_label = "Save vacancies"

    service = forms.ModelChoiceField(
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
        self.fields["service"].queryset = services
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


class PeopleFilterForm(forms.Form):
    show = forms.ChoiceField(required=False, choices=[("", "Everyone")])
