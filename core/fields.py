"""Form fields shared by every app: the GOV.UK date input.

``GovUKDateField`` renders the published date input component (a fieldset with day, month and
year boxes, ``templates/core/widgets/date_input.html``) and reports errors the way the Design
System's date input guidance words them:

    nothing entered         "Enter the start date"            (all three boxes marked)
    part missing            "Start date must include a month"  (only the missing boxes marked)
    impossible date         "Start date must be a real date"
    in the future           "Start date must be today or in the past"  (``past_only=True``)

Use it like any field; crispy-forms-gds renders it as a fieldset with a legend::

    start_date = GovUKDateField(label="Start date", hint="For example, 1 4 2024")
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

PARTS = ("day", "month", "year")
MONTH_NAMES = {
    name: number
    for number in range(1, 13)
    for name in (
        datetime.date(2000, number, 1).strftime("%B").lower(),
        datetime.date(2000, number, 1).strftime("%b").lower(),
    )
}


def date_parts(value) -> list[int | None]:
    """[day, month, year] of a date, or three Nones: what the three boxes show."""
    if isinstance(value, datetime.date):
        return [value.day, value.month, value.year]
    return [None, None, None]


class GovUKDateInput(forms.MultiWidget):
    """Three text boxes (day, month, year) in GOV.UK date input markup.

    Sub-inputs are named ``<name>_day``, ``<name>_month`` and ``<name>_year`` with ids
    ``id_<name>_day`` and so on; the wrapping ``govuk-date-input`` has the field's own id.
    """

    template_name = "core/widgets/date_input.html"
    widths = {"day": 2, "month": 2, "year": 4}

    def __init__(self, attrs=None):
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(
                attrs={
                    "class": f"govuk-input govuk-date-input__input govuk-input--width-{self.widths[part]}",
                    "inputmode": "numeric",
                }
            )
            for part in PARTS
        }
        super().__init__(widgets, attrs)
        # Set by GovUKDateField.clean: which boxes to mark as wrong ("all" when the whole date is).
        self.error_parts: set[str] = set()

    def decompress(self, value):
        return date_parts(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        id_ = context["widget"]["attrs"].get("id")
        for part, subwidget in zip(PARTS, context["widget"]["subwidgets"], strict=True):
            subwidget["label"] = part.capitalize()
            sub_attrs = subwidget["attrs"]
            if id_:
                sub_attrs["id"] = f"{id_}_{part}"  # MultiWidget would number them _0, _1, _2
            if not sub_attrs.get("aria-describedby"):
                sub_attrs.pop("aria-describedby", None)
            if self.error_parts and part not in self.error_parts:
                sub_attrs.pop("aria-invalid", None)
            classes = sub_attrs.get("class", "").split()
            if part in self.error_parts and "govuk-input--error" not in classes:
                classes.append("govuk-input--error")
            sub_attrs["class"] = " ".join(classes)
        return context

    def id_for_label(self, id_):
        # The legend labels the group; the error summary links to the first box.
        return f"{id_}_day" if id_ else id_


class GovUKDateField(forms.MultiValueField):
    """A date entered in three boxes, validated with GOV.UK's date input messages."""

    widget = GovUKDateInput

    def __init__(
        self,
        *,
        noun: str | None = None,
        past_only: bool = False,
        hint=None,
        messages: dict[str, str] | None = None,
        **kwargs,
    ):
        self.noun = noun
        self.past_only = past_only
        self.messages = messages or {}
        if hint is not None:
            kwargs["help_text"] = hint
        fields = tuple(forms.CharField(required=False) for _ in PARTS)
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    # --- messages -------------------------------------------------------------------
    @property
    def _noun(self) -> str:
        if self.noun:
            return self.noun
        return str(self.label or "date").lower()

    def _message(self, code: str, **params) -> str:
        if code in self.messages:
            return self.messages[code]
        noun = self._noun
        title = noun[0].upper() + noun[1:]
        return {
            "required": f"Enter the {noun}",
            "incomplete": f"{title} must include a {params.get('missing', '')}",
            "invalid": f"{title} must be a real date",
            "past_only": f"{title} must be today or in the past",
        }[code]

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.error_parts = set()
        return result

    def _mark(self, parts) -> None:
        self.widget.error_parts = set(parts)
        # crispy-forms-gds looks for per-box errors on the sub-fields' widgets.
        for part, field in zip(PARTS, self.fields, strict=True):
            field.widget.errors = ["!"] if part in parts else []

    # --- cleaning -------------------------------------------------------------------
    def clean(self, value):
        self._mark(())
        if not isinstance(value, list | tuple):
            value = date_parts(value)
        raw = [str(v).strip() if v is not None else "" for v in value]
        raw += [""] * (3 - len(raw))
        day, month, year = raw[:3]
        if not any(raw):
            if self.required:
                self._mark(PARTS)
                raise ValidationError(self._message("required"), code="required")
            return None

        missing = [part for part, text in zip(PARTS, raw, strict=True) if not text]
        if missing:
            self._mark(missing)
            raise ValidationError(
                self._message("incomplete", missing=" and ".join(missing)), code="incomplete"
            )

        wrong = []
        day_number = int(day) if day.isdigit() else None
        if day_number is None or not 1 <= day_number <= 31:
            wrong.append("day")
        month_number = int(month) if month.isdigit() else MONTH_NAMES.get(month.lower())
        if month_number is None or not 1 <= month_number <= 12:
            wrong.append("month")
        if not (year.isdigit() and len(year) == 4):
            wrong.append("year")
        if wrong or day_number is None or month_number is None:  # None is always wrong
            self._mark(wrong)
            raise ValidationError(self._message("invalid"), code="invalid")
        try:
            result = datetime.date(int(year), month_number, day_number)
        except ValueError:
            self._mark(PARTS)
            raise ValidationError(self._message("invalid"), code="invalid")

        if self.past_only and result > timezone.localdate():
            self._mark(PARTS)
            raise ValidationError(self._message("past_only"), code="past_only")
        self.validate(result)
        self.run_validators(result)
        return result

    def compress(self, data_list):  # pragma: no cover - clean() does the work
        return None


class MoneyField(forms.DecimalField):
    """An amount in pounds. Accepts "£250,000.50" as well as "250000.5".

    Messages name the amount: ``MoneyField(label="Annual value")`` gives "Enter the annual
    value", "Annual value must be a number, like 250000" and "Annual value must be £0 or more".
    """

    def __init__(self, *, noun: str | None = None, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})
        )
        super().__init__(**kwargs)
        noun = noun or str(self.label or "amount").lower()
        title = noun[0].upper() + noun[1:]
        largest = 10 ** (kwargs["max_digits"] - kwargs["decimal_places"])
        self.error_messages.update(
            {
                "required": f"Enter the {noun}",
                "invalid": f"{title} must be an amount in pounds, like 250000",
                "min_value": f"{title} must be £0 or more",
                "max_digits": f"{title} must be less than £{largest:,}",
                "max_whole_digits": f"{title} must be less than £{largest:,}",
                "max_decimal_places": f"{title} must not include more than 2 decimal places",
            }
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", "").replace("£", "").strip()
        return super().to_python(value)

    def prepare_value(self, value):
        # Show 500000 rather than 500000.00; keep pence when there are any.
        if isinstance(value, Decimal):
            return (
                str(value.quantize(Decimal("1")))
                if value == value.to_integral_value()
                else str(value)
            )
        return value
