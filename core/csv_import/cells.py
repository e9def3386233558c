"""Reading one cell of an import: plain parsers, and the same as Django form fields for an
import that checks each row with a form. Each takes the text as typed into a spreadsheet."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0"}


def parse_date(text: str, formats=DATE_FORMATS) -> datetime.date | None:
    """A date written like 2025-03-27 or 27/03/2025; None when empty; ValueError otherwise."""
    text = (text or "").strip()
    if not text:
        return None
    for pattern in formats:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_yes_no(text: str, *, empty: bool = False) -> bool:
    """yes/y/true/1/x or no/n/false/0 in any case; ``empty`` when blank; ValueError otherwise."""
    value = (text or "").strip().lower()
    if not value:
        return empty
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValueError(text)


def _key(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(value).lower())


def parse_choice(text: str, choices) -> str | None:
    """The value of the choice whose value or label matches, ignoring case, spaces and
    punctuation ("Nursing home", "nursing_home"); None when nothing matches."""
    wanted = _key(text or "")
    if not wanted:
        return None
    for value, label in choices:
        if wanted in (_key(value), _key(label)):
            return value
    return None


# --- as form fields ----------------------------------------------------------------------------
class ChoiceCell(forms.CharField):
    """A choice given by its value or its label (see ``parse_choice``); "" when empty."""

    def __init__(self, *, choices, message: str, **kwargs):
        super().__init__(**kwargs)
        self.choices = list(choices)
        self.message = message

    def clean(self, value):
        if not (value or "").strip():
            if self.required:
                raise ValidationError(self.message, code="required")
            return ""
        chosen = parse_choice(value, self.choices)
        if chosen is None:
            raise ValidationError(self.message, code="invalid_choice")
        return chosen


class DateCell(forms.CharField):
    """A date like 2024-04-01 or 01/04/2024; None when empty."""

    def __init__(self, *, formats=("%Y-%m-%d", "%d/%m/%Y"), **kwargs):
        super().__init__(**kwargs)
        self.formats = formats

    def clean(self, value):
        if not (value or "").strip() and self.required:
            raise ValidationError("Enter a date, like 2024-04-01", code="required")
        try:
            return parse_date(value, self.formats)
        except ValueError:
            raise ValidationError(
                "Enter a real date, like 2024-04-01 or 01/04/2024", code="invalid"
            )


class WholeNumberCell(forms.CharField):
    """A whole number, 0 or more; ``default`` when empty."""

    def __init__(self, *, default: int | None = 0, **kwargs):
        super().__init__(**kwargs)
        self.default = default

    def clean(self, value):
        text = (value or "").strip()
        if not text:
            return self.default
        if not text.isdigit():
            raise ValidationError("Enter a whole number, 0 or more, like 12", code="invalid")
        return int(text)


class MoneyCell(forms.CharField):
    """An amount in pounds, with or without £ and commas; £0 when empty."""

    def clean(self, value):
        text = (value or "").strip().replace(",", "").replace("£", "")
        if not text:
            return Decimal("0")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError("Enter an amount in pounds, like 250000", code="invalid")
        if not amount.is_finite() or amount < 0:
            raise ValidationError("Enter an amount of £0 or more", code="invalid")
        exponent = amount.as_tuple().exponent  # an int: the amount is finite
        if amount >= Decimal("10000000000") or (isinstance(exponent, int) and exponent < -2):
            raise ValidationError(
                "Enter an amount in pounds and pence, like 250000.50", code="invalid"
            )
        return amount.quantize(Decimal("0.01"))


class YesNoCell(forms.CharField):
    """yes or no (see ``parse_yes_no``); ``empty`` when blank."""

    def __init__(self, *, empty: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.empty = empty

    def clean(self, value):
        try:
            return parse_yes_no(value, empty=self.empty)
        except ValueError:
            raise ValidationError("Enter yes or no", code="invalid")


def text_cell(label: str, *, required: bool = False, max_length: int = 255) -> forms.CharField:
    """Free text, with GOV.UK messages naming ``label`` ("Enter the service name")."""
    return forms.CharField(
        required=required,
        max_length=max_length,
        error_messages={
            "required": f"Enter the {label}",
            "max_length": f"{label[0].upper()}{label[1:]} must be {max_length} characters or fewer",
        },
    )
