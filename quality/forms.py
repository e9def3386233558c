"""Forms of the quality pages, with GOV.UK error messages.

Forms check what people typed; saving goes through quality.services (which checks again).
The visit form is rendered field by field (templates/quality/visit_form.html) so that all the
areas of a visit fit on one page with their radios inline.
"""

from __future__ import annotations

import datetime

from crispy_forms_gds.layout import Field, Fixed, Fluid, Layout, Size
from django import forms
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from core import timeline
from core.csv_import import ImportUploadForm
from core.fields import GovUKDateField, GovUKDateInput
from core.forms import BaseForm
from providers.selectors import contract_officers
from quality.models import (
    CLINICAL_AREAS,
    Action,
    ActionStatus,
    AreaRating,
    IntelligenceSource,
    MonitoringFigures,
    Section42,
    Severity,
    VisitType,
    areas_for,
)
from quality.rules import completion_errors, figures_errors, month_is_recordable
from quality.services.evidence import ACCEPT, MAX_MEGABYTES, evidence_check
from quality.services.monitoring import MonitoringImport


def _messages(**by_code: str) -> dict[str, str]:
    return by_code


def _choice_messages(message: str) -> dict[str, str]:
    return {"required": message, "invalid_choice": message}


def _count_field(label: str, noun: str, *, required: bool = True) -> forms.IntegerField:
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


# --- planning and starting a visit -----------------------------------------------------------
class VisitTypeForm(BaseForm):
    """Which kind of visit to record (the areas on the next page depend on it)."""

    submit_label = "Continue"

    visit_type = forms.ChoiceField(
        label="What kind of visit are you recording?",
        widget=forms.RadioSelect,
        error_messages=_choice_messages("Select the kind of visit"),
    )

    def __init__(self, *args, types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visit_type"].choices = [(t, VisitType(t).label) for t in types]
        self.helper.layout = Layout(
            Field.radios("visit_type", legend_size=Size.LARGE, legend_tag="h1")
        )


class VisitPlanForm(BaseForm):
    """Plan a visit: kind, date and who will carry it out."""

    submit_label = "Plan visit"

    visit_type = forms.ChoiceField(
        label="Kind of visit",
        widget=forms.RadioSelect,
        error_messages=_choice_messages("Select the kind of visit"),
    )
    planned_date = GovUKDateField(
        label="Planned date", noun="planned date", hint="For example, 14 7 2026"
    )
    officer = forms.ModelChoiceField(
        label="Who will carry it out",
        queryset=None,
        error_messages=_choice_messages("Select who will carry out the visit"),
    )
    notes = forms.CharField(
        label="What the visit is for (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, to follow up the action plan. Do not name people who use the service.",
    )

    def __init__(self, *args, types: list[str], today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["visit_type"].choices = [(t, VisitType(t).label) for t in types]
        self.fields["officer"].queryset = staff_choices()
        self.helper.layout = Layout(
            Field.radios("visit_type", legend_size=Size.MEDIUM),
            Field("planned_date"),
            Field.select("officer"),
            Field.textarea("notes", rows=3),
        )

    def clean_planned_date(self):
        planned = self.cleaned_data["planned_date"]
        if planned and planned <= self.today:
            raise forms.ValidationError("The planned date must be in the future")
        return planned


class VisitCancelForm(BaseForm):
    submit_label = "Cancel the visit"

    reason = forms.CharField(
        label="Why is the visit cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the visit is cancelled"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("reason", rows=3))


# --- recording a visit -------------------------------------------------------------------------
RATING_CHOICES = AreaRating.choices
HEARD = (
    ("heard_manager", "Managers", "managers heard"),
    ("heard_staff", "Staff", "staff heard"),
    ("heard_people", "People using the service", "people using the service heard"),
    ("heard_relatives", "Relatives", "relatives heard"),
)


class VisitForm(forms.Form):
    """Everything recorded about a visit, on one page.

    ``intent`` (the button pressed) is "draft", "attach" or "complete"; completing (and
    amending) applies ``quality.rules.completion_errors``. With ``amend=True`` the form also
    asks for the reason for the amendment.
    """

    visit_date = GovUKDateField(
        label="Date of the visit",
        noun="visit date",
        required=False,
        hint="For example, 27 3 2026",
        messages={"required": "Enter the visit date"},
    )

    def __init__(
        self,
        *args,
        visit_type: str,
        intent: str = "draft",
        amend: bool = False,
        today: datetime.date | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.visit_type = visit_type
        self.intent = intent
        self.amend = amend
        self.today = today or timezone.localdate()
        self.areas = areas_for(visit_type)
        if visit_type == VisitType.DESKTOP_REVIEW:
            self.fields["host_council_view"] = forms.CharField(
                label="The host council's view",
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                help_text="What the host council's commissioners and safeguarding team told you about the service",
            )
            self.fields["cqc_report_checked_on"] = GovUKDateField(
                label="Date of the latest CQC report checked (optional)",
                noun="date of the CQC report",
                required=False,
                past_only=True,
                hint="Leave empty if CQC has not published a report on this service",
            )
        for area in self.areas:
            name = area.label.lower()
            self.fields[f"{area.value}_rating"] = forms.ChoiceField(
                label=area.label,
                choices=RATING_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": f"Select a rating for {name}"},
            )
            self.fields[f"{area.value}_evidence"] = forms.CharField(
                label=f"Evidence for {name}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        for field_name, label, noun in HEARD:
            self.fields[field_name] = _count_field(label, noun, required=False)
        self.fields["overall_rating"] = forms.ChoiceField(
            label="Overall rating",
            choices=[c for c in RATING_CHOICES if c[0] != AreaRating.NOT_ASSESSED],
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": "Select the overall rating"},
        )
        self.fields["summary"] = forms.CharField(
            label="Overall outcome",
            required=False,
            widget=forms.Textarea(attrs={"rows": 5}),
            help_text="What the visit found, and what the provider was told",
        )
        self.fields["follow_up"] = forms.CharField(
            label="Follow-up (optional)",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="What happens next: for example, actions agreed or a return visit",
        )
        if amend:
            self.fields["reason"] = forms.CharField(
                label="Why are you amending this visit?",
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="The reason is kept with the visit's history",
                error_messages={"required": "Enter the reason for the amendment"},
            )

    # --- what the template needs ---------------------------------------------------------
    def area_rows(self):
        """(area, rating field, evidence field) for each area, in order."""
        return [
            (area, self[f"{area.value}_rating"], self[f"{area.value}_evidence"])
            for area in self.areas
        ]

    def heard_fields(self):
        return [self[name] for name, _label, _noun in HEARD]

    # --- cleaning ---------------------------------------------------------------------------
    def clean(self):
        cleaned = super().clean()
        if self.amend or self.intent == "complete":
            for name, message in completion_errors(
                visit_type=self.visit_type, data=self.to_data(), today=self.today
            ).items():
                if name in self.fields and name not in self.errors:
                    self.add_error(name, message)
                    widget = self.fields[name].widget
                    if isinstance(widget, GovUKDateInput):
                        widget.error_parts = {"day", "month", "year"}  # the whole date is wrong
        return cleaned

    def to_data(self) -> dict:
        """The cleaned values in the shape quality.services.visits expects."""
        cleaned = self.cleaned_data
        data = {
            "visit_date": cleaned.get("visit_date"),
            "overall_rating": cleaned.get("overall_rating") or "",
            "summary": cleaned.get("summary") or "",
            "follow_up": cleaned.get("follow_up") or "",
            "areas": {
                area.value: {
                    "rating": cleaned.get(f"{area.value}_rating") or "",
                    "evidence": cleaned.get(f"{area.value}_evidence") or "",
                }
                for area in self.areas
            },
        }
        for name, _label, _noun in HEARD:
            data[name] = cleaned.get(name) or 0
        if self.visit_type == VisitType.DESKTOP_REVIEW:
            data["host_council_view"] = cleaned.get("host_council_view") or ""
            data["cqc_report_checked_on"] = cleaned.get("cqc_report_checked_on")
        return data


def visit_initial(visit) -> dict:
    """A visit's recorded values as the visit form's initial data."""
    initial = {
        "visit_date": visit.visit_date,
        "overall_rating": visit.overall_rating,
        "summary": visit.summary,
        "follow_up": visit.follow_up,
        "host_council_view": visit.host_council_view,
        "cqc_report_checked_on": visit.cqc_report_checked_on,
    }
    for name, _label, _noun in HEARD:
        initial[name] = getattr(visit, name)
    for row in visit.areas.all():
        initial[f"{row.area}_rating"] = row.rating
        initial[f"{row.area}_evidence"] = row.evidence
    return initial


class EvidenceForm(BaseForm):
    submit_label = "Attach file"

    file = forms.FileField(
        label="Upload a file",
        help_text=f"A PDF, Word document (DOCX), Excel spreadsheet (XLSX), JPG or PNG, {MAX_MEGABYTES}MB or smaller",
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
        },
    )
    description = forms.CharField(
        label="What the file shows (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "Description must be 200 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"accept": ACCEPT, "class": "govuk-file-upload"})
        self.helper.layout = Layout(
            Field("file"), Field.text("description", field_width=Fluid.TWO_THIRDS)
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.file_type = evidence_check(upload)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict["file"])
        return upload


# --- intelligence -----------------------------------------------------------------------------
class IntelligenceForm(BaseForm):
    submit_label = "Save intelligence"

    source = forms.ChoiceField(
        label="Where did it come from?",
        choices=IntelligenceSource.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_messages("Select where the intelligence came from"),
    )
    received_on = GovUKDateField(
        label="Date received",
        noun="date received",
        past_only=True,
        hint="For example, 3 2 2026",
    )
    severity = forms.ChoiceField(
        label="Severity",
        choices=Severity.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_messages("Select the severity"),
    )
    section_42 = forms.ChoiceField(
        label="Did a section 42 safeguarding enquiry follow?",
        choices=Section42.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_messages(
            "Select whether a section 42 safeguarding enquiry followed"
        ),
    )
    clinical_area = forms.ChoiceField(
        label="Clinical area (optional)",
        required=False,
        choices=[("", "Not a clinical matter"), *[(a.value, a.label) for a in CLINICAL_AREAS]],
        error_messages=_choice_messages("Select a clinical area from the list"),
    )
    summary = forms.CharField(
        label="Summary",
        max_length=200,
        help_text="Shown on the service's timeline to everyone who can see the service. Do not name people who use the service.",
        error_messages={
            "required": "Enter a summary",
            "max_length": "Summary must be 200 characters or fewer",
        },
    )
    details = forms.CharField(
        label="Details (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Only council and ICB staff, and you, can read the details. Each time someone reads them it is recorded.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("source", legend_size=Size.MEDIUM),
            Field("received_on"),
            Field.radios("severity", legend_size=Size.MEDIUM),
            Field.radios("section_42", legend_size=Size.MEDIUM),
            Field.select("clinical_area"),
            Field.text("summary", field_width=Fluid.FULL),
            Field.textarea("details", rows=6),
        )


# --- call monitoring -----------------------------------------------------------------------
class GovUKMonthInput(GovUKDateInput):
    """The GOV.UK date input with month and year boxes only."""

    parts = ("month", "year")

    def __init__(self, attrs=None):
        widgets = {
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

    def _mark(self, parts) -> None:
        self.widget.error_parts = set(parts) & {"month", "year"} or {"month", "year"}
        for part, field in zip(("month", "year"), self.fields, strict=True):
            field.widget.errors = ["!"] if part in self.widget.error_parts else []

    def clean(self, value):
        if not isinstance(value, list | tuple):
            value = self.widget.decompress(value)
        value = ["1", *list(value)[:2]]
        return super().clean(value)


class MonitoringForm(BaseForm):
    """One month's call monitoring figures."""

    submit_label = "Save figures"

    month = GovUKMonthField(label="Month", noun="month", hint="For example, 4 2026")
    planned_visits = _count_field("Planned visits", "planned visits")
    delivered_visits = _count_field("Delivered visits", "delivered visits")
    missed_visits = _count_field("Missed visits", "missed visits")
    late_visits = _count_field("Late visits", "late visits")
    short_visits = _count_field("Short visits", "short visits")
    average_carers = forms.DecimalField(
        label="Average different carers per person",
        min_value=0,
        max_value=999,
        decimal_places=1,
        max_digits=4,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        help_text="Continuity of care: the average number of different carers each person saw, like 4.5",
        error_messages={
            "required": "Enter the average number of different carers per person",
            "invalid": "Average different carers per person must be a number, like 4.5",
            "min_value": "Average different carers per person must be 0 or more",
            "max_value": "Average different carers per person is too large",
            "max_decimal_places": "Average different carers per person must have 1 decimal place at most",
            "max_digits": "Average different carers per person is too large",
            "max_whole_digits": "Average different carers per person is too large",
        },
    )

    COUNTS = ("planned_visits", "delivered_visits", "missed_visits", "late_visits", "short_visits")

    def __init__(self, *args, editing: bool = False, today: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        if editing:
            del self.fields["month"]
        self.fields["missed_visits"].help_text = "Planned visits that did not happen"
        self.fields["late_visits"].help_text = "Delivered visits that started late"
        self.fields["short_visits"].help_text = "Delivered visits shorter than planned"
        self.helper.layout = Layout(
            *([] if editing else [Field("month")]),
            *[Field.text(name, field_width=Fixed.FIVE) for name in self.COUNTS],
            Field.text("average_carers", field_width=Fixed.FIVE),
        )

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month and not month_is_recordable(month, today=self.today):
            raise forms.ValidationError("The month must be this month or earlier")
        return month

    def clean(self):
        cleaned = super().clean()
        for name, message in figures_errors(cleaned).items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def figures(self) -> dict:
        return {name: self.cleaned_data[name] for name in (*self.COUNTS, "average_carers")}


def monitoring_initial(row: MonitoringFigures) -> dict:
    return {name: getattr(row, name) for name in (*MonitoringForm.COUNTS, "average_carers")}


class MonitoringImportForm(ImportUploadForm):
    """A CSV file of call monitoring figures to import."""

    max_bytes = MonitoringImport.max_bytes


# --- action plans ------------------------------------------------------------------------------
class ActionForm(BaseForm):
    """Add an action, or (with ``editing=True``) update one."""

    submit_label = "Save action"

    description = forms.CharField(
        label="What needs to be done",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what needs to be done"},
    )
    owner = forms.ModelChoiceField(
        label="Owner at the council or ICB (optional)",
        queryset=None,
        required=False,
        empty_label="No one at the council",
        error_messages={"invalid_choice": "Select an owner from the list"},
    )
    owner_contact = forms.CharField(
        label="Owner at the provider (optional)",
        required=False,
        max_length=150,
        help_text="The provider's contact who owns the action, like the registered manager",
        error_messages={"max_length": "Provider contact must be 150 characters or fewer"},
    )
    due_on = GovUKDateField(label="Due date", noun="due date", hint="For example, 30 6 2026")
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_messages("Select the status"),
    )
    evidence = forms.CharField(
        label="Evidence of progress (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    provider_response = forms.CharField(
        label="The provider's response (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self,
        *args,
        editing: bool = False,
        original_due_on: datetime.date | None = None,
        today: datetime.date | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.original_due_on = original_due_on
        self.today = today or timezone.localdate()
        self.fields["owner"].queryset = staff_choices()
        layout = [
            Field.textarea("description", rows=4),
            Field.select("owner"),
            Field.text("owner_contact", field_width=Fluid.TWO_THIRDS),
            Field("due_on"),
        ]
        if editing:
            layout += [
                Field.radios("status", legend_size=Size.SMALL),
                Field.textarea("evidence", rows=4),
                Field.textarea("provider_response", rows=4),
            ]
        else:
            for name in ("status", "evidence", "provider_response"):
                del self.fields[name]
        self.helper.layout = Layout(*layout)

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on and due_on < self.today and due_on != self.original_due_on:
            raise forms.ValidationError("The due date must be today or in the future")
        return due_on

    def clean(self):
        cleaned = super().clean()
        if (
            "owner" not in self.errors
            and cleaned.get("owner") is None
            and not (cleaned.get("owner_contact") or "").strip()
        ):
            self.add_error("owner", "Select who owns the action, or enter the provider contact")
        return cleaned


def action_initial(action: Action) -> dict:
    return {
        name: getattr(action, name)
        for name in (
            "description",
            "owner",
            "owner_contact",
            "due_on",
            "status",
            "evidence",
            "provider_response",
        )
    }


# --- filters (GET forms) -------------------------------------------------------------------
class ScheduleFilterForm(forms.Form):
    """The schedule's filters. Values that do not validate are ignored."""

    STATUSES = [
        ("", "Any"),
        ("overdue", "Overdue"),
        ("due_soon", "Due in the next 4 weeks"),
        ("never", "Not yet visited"),
        ("scheduled", "Not due yet"),
    ]

    status = forms.ChoiceField(label="Show", required=False, choices=STATUSES)
    officer = forms.ModelChoiceField(
        label="Contract officer", required=False, queryset=None, empty_label="Whole team"
    )

    def __init__(self, *args, team: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = contract_officers()
        if not team:
            del self.fields["officer"]
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"

    def filters(self) -> dict:
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in ("", None)}


class TimelineFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Show", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Everything"), *timeline.kinds()]
        self.fields["kind"].widget.attrs["class"] = "govuk-select"

    def chosen_kind(self) -> str:
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("kind") or ""
