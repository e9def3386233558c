"""Forms for planning, cancelling and recording visits.

Forms check what people typed; saving goes through quality.services (which checks again).
The visit form is rendered field by field (templates/quality/visit_form.html) so that all the
areas of a visit fit on one page with their radios inline.
"""

from __future__ import annotations

import datetime
from typing import cast

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils import timezone

from accounts.models import User
from core.fields import GovUKDateField, GovUKDateInput
from core.forms import BaseForm
from quality.forms.fields import choice_messages, count_field, staff_choices
from quality.models import AreaRating, VisitType, areas_for
from quality.rules import completion_errors


# --- planning and starting a visit -----------------------------------------------------------
class VisitTypeForm(BaseForm):
    """Which kind of visit to record (the areas on the next page depend on it)."""

    submit_label = "Continue"

    visit_type = forms.ChoiceField(
        label="What kind of visit are you recording?",
        widget=forms.RadioSelect,
        error_messages=choice_messages("Select the kind of visit"),
    )

    def __init__(self, *args, types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["visit_type"]).choices = [
            (t, VisitType(t).label) for t in types
        ]
        self.helper.layout = Layout(
            Field.radios("visit_type", legend_size=Size.LARGE, legend_tag="h1")
        )


class VisitPlanForm(BaseForm):
    """Plan a visit: kind, date and who will carry it out."""

    submit_label = "Plan visit"

    visit_type = forms.ChoiceField(
        label="Kind of visit",
        widget=forms.RadioSelect,
        error_messages=choice_messages("Select the kind of visit"),
    )
    planned_date = GovUKDateField(
        label="Planned date", noun="planned date", hint="For example, 14 7 2026"
    )
    officer: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label="Who will carry it out",
        queryset=None,
        error_messages=choice_messages("Select who will carry out the visit"),
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
        cast(forms.ChoiceField, self.fields["visit_type"]).choices = [
            (t, VisitType(t).label) for t in types
        ]
        cast(forms.ModelChoiceField, self.fields["officer"]).queryset = staff_choices()
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
            self.fields[field_name] = count_field(label, noun, required=False)
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
        super().clean()
        cleaned = self.cleaned_data  # what Form.clean returns
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
