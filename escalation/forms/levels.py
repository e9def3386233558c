"""Forms of the escalation app: proposing and deciding levels, placement ratings, sanctions."""

from __future__ import annotations

from typing import cast

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from accounts.models import User
from accounts.roles import Role
from core.fields import GovUKDateField
from core.forms import BaseForm
from escalation.models import Authority, SanctionImposition, SanctionKind, SanctionScope
from escalation.rules import forum_for_change, needs_meeting_or_urgent_reason
from providers.levels import Level, PlacementRating


def _choice_messages(message: str) -> dict[str, str]:
    return {"required": message, "invalid_choice": message}


def sanction_authorisers():
    """People who may authorise a sanction: active panel chairs and directors."""
    return User.objects.active_with_role(Role.PANEL_CHAIR, Role.DIRECTOR).order_by("full_name")


class LevelProposeForm(BaseForm):
    """Propose a new level for a service, with the reason."""

    submit_label = "Propose the change"

    to_level = forms.TypedChoiceField(
        label="Which level should the service move to?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=_choice_messages("Select a level"),
    )
    rationale = forms.CharField(
        label="Why should the level change?",
        help_text="Say what the evidence shows. Do not name people who use the service.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={
            "required": "Enter why the level should change",
            "max_length": "Why the level should change must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args, current_level: int, suggested_level: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for level in Level:
            if level == current_level:
                continue
            label = level.label
            if level == suggested_level:
                label += " (suggested by the risk score)"
            choices.append((level.value, label))
        cast(forms.ChoiceField, self.fields["to_level"]).choices = choices
        self.helper.layout = Layout(
            Field.radios("to_level", legend_size=Size.MEDIUM),
            Field.textarea("rationale", rows=5),
        )


class LevelDecisionForm(BaseForm):
    """Confirm or decline a proposed change of level."""

    submit_label = "Record the decision"

    decision = forms.ChoiceField(
        label="What is the decision?",
        widget=forms.RadioSelect,
        choices=[("confirm", "Confirm the change"), ("decline", "Do not agree the change")],
        error_messages=_choice_messages("Select whether you confirm the change"),
    )
    urgent = forms.BooleanField(
        label="This is an urgent decision that cannot wait for the panel",
        required=False,
    )
    note = forms.CharField(
        label="Reason for the decision",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"max_length": "The reason must be 5,000 characters or fewer"},
    )
    effective_on = GovUKDateField(
        label="From when does the new level apply? (optional)",
        hint="Leave empty for today. For example, 14 7 2026",
        required=False,
        noun="date the new level applies",
    )

    def __init__(self, *args, change, **kwargs):
        super().__init__(*args, **kwargs)
        self.change = change
        self.pep = needs_meeting_or_urgent_reason(
            from_level=change.from_level, to_level=change.to_level
        )
        if self.pep:
            self.fields["urgent"].help_text = (
                "Levels 3 and 4 are decided at the Provider Escalation Panel. Outside a "
                "meeting, confirm only as an urgent decision and give the reason."
            )
        else:
            forum = Authority(
                forum_for_change(from_level=change.from_level, to_level=change.to_level)
            )
            self.fields[
                "urgent"
            ].help_text = (
                f"Tick if the decision is made outside the {forum.label} because it cannot wait."
            )
        self.helper.layout = Layout(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.checkbox("urgent"),
            Field.textarea("note", rows=4),
            "effective_on",
        )

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what Form.clean returns, typed as a dict
        if data.get("decision") == "decline" and not (data.get("note") or "").strip():
            self.add_error("note", "Enter why the change was not agreed")
        return data


class RatingOverrideForm(BaseForm):
    """Give a service a placement rating different from the one its level gives."""

    submit_label = "Save the placement rating"

    rating = forms.ChoiceField(
        label="Placement rating",
        widget=forms.RadioSelect,
        choices=PlacementRating.choices,
        error_messages=_choice_messages("Select a placement rating"),
    )
    reason = forms.CharField(
        label="Why does the rating differ from the level's?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": "Enter why the rating differs from the level's",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.radios("rating", legend_size=Size.MEDIUM), Field.textarea("reason", rows=4)
        )


class SanctionForm(BaseForm):
    """Record a placement stop or restriction of hours."""

    submit_label = "Record the sanction"

    kind = forms.ChoiceField(
        label="Kind of sanction",
        widget=forms.RadioSelect,
        choices=SanctionKind.choices,
        error_messages=_choice_messages("Select the kind of sanction"),
    )
    imposition = forms.ChoiceField(
        label="Is it voluntary or imposed?",
        widget=forms.RadioSelect,
        choices=SanctionImposition.choices,
        error_messages=_choice_messages("Select whether the sanction is voluntary or imposed"),
    )
    scope = forms.ChoiceField(
        label="What does it cover?",
        widget=forms.RadioSelect,
        choices=SanctionScope.choices,
        error_messages=_choice_messages("Select whether it covers the whole service or part of it"),
    )
    scope_detail = forms.CharField(
        label="If partial, what does it cover?",
        help_text="For example, nursing beds only, or new packages over 20 hours a week.",
        required=False,
        max_length=255,
        error_messages={"max_length": "What it covers must be 255 characters or fewer"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={
            "required": "Enter the reason for the sanction",
            "max_length": "The reason must be 5,000 characters or fewer",
        },
    )
    start_date = GovUKDateField(
        label="Start date", hint="For example, 14 7 2026", noun="start date"
    )
    review_date = GovUKDateField(
        label="Review date", hint="When the sanction will next be reviewed", noun="review date"
    )
    end_date = GovUKDateField(
        label="End date (optional)",
        hint="Leave empty if it lasts until it is lifted",
        required=False,
        noun="end date",
    )
    authorised_by: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label="Authorised by",
        queryset=None,
        error_messages=_choice_messages("Select who authorised the sanction"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["authorised_by"]).queryset = sanction_authorisers()
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.radios("imposition", legend_size=Size.MEDIUM),
            Field.radios("scope", legend_size=Size.MEDIUM),
            Field.text("scope_detail"),
            Field.textarea("reason", rows=4),
            "start_date",
            "review_date",
            "end_date",
            Field.select("authorised_by"),
        )


class SanctionEndForm(BaseForm):
    """Lift a sanction."""

    submit_label = "Lift the sanction"

    end_date = GovUKDateField(
        label="From when is it lifted?",
        hint="Leave empty for today. For example, 14 7 2026",
        required=False,
        noun="date it is lifted",
    )
    end_reason = forms.CharField(
        label="Why is it being lifted?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={
            "required": "Enter why the sanction is being lifted",
            "max_length": "The reason must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout("end_date", Field.textarea("end_reason", rows=4))


class TaskCompleteForm(BaseForm):
    submit_label = "Mark as done"

    note = forms.CharField(
        label="Note (optional)",
        help_text="For example, when and how the briefing was given.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"max_length": "The note must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("note", rows=3))
