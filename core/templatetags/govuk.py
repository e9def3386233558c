"""Template helpers for GOV.UK components shared by every app."""

from __future__ import annotations

from django import forms, template

from core.fields import PARTS, GovUKDateInput

register = template.Library()


@register.filter
def error_anchor(bound_field) -> str:
    """The id the error summary should link to: the first box or option that needs fixing.

    A date input links to its first box in error, radios and checkboxes to their first
    option (crispy-forms-gds numbers options from 1), anything else to the field itself.
    """
    widget = bound_field.field.widget
    if isinstance(widget, GovUKDateInput):
        first = next((p for p in PARTS if p in widget.error_parts), "day")
        return f"{bound_field.auto_id}_{first}"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_1"
    return bound_field.auto_id
