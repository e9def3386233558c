"""Forms for letters to providers: choosing the kind of letter, and editing a draft."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from core.forms import BaseForm
from escalation.models import LetterKind
from escalation.services.letters import BODY_MAX, SUBJECT_MAX


class LetterKindForm(BaseForm):
    """Which letter to draft; the draft is then pre-filled from the council's template."""

    submit_label = "Draft the letter"

    kind = forms.ChoiceField(
        label="Which letter do you want to send?",
        choices=LetterKind.choices,
        widget=forms.RadioSelect,
        help_text="Letters usually follow this order as concerns grow.",
        error_messages={
            "required": "Select the kind of letter",
            "invalid_choice": "Select the kind of letter",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.radios("kind", legend_size=Size.MEDIUM))


class LetterEditForm(BaseForm):
    """The subject and wording of a draft letter."""

    submit_label = "Save and preview"

    subject = forms.CharField(
        label="Subject",
        max_length=SUBJECT_MAX,
        error_messages={
            "required": "Enter the subject of the letter",
            "max_length": f"The subject must be {SUBJECT_MAX} characters or fewer",
        },
    )
    body = forms.CharField(
        label="Letter",
        help_text="Leave a blank line between paragraphs. The date, the provider's address and "
        "the signatory are added when the letter is issued.",
        widget=forms.Textarea(attrs={"rows": 20}),
        max_length=BODY_MAX,
        error_messages={
            "required": "Enter the text of the letter",
            "max_length": f"The letter must be {BODY_MAX:,} characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.text("subject"), Field.textarea("body", rows=20))
