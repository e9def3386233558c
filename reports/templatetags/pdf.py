"""Template filters for PDF templates."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def css_string(value) -> str:
    """A value as a quoted CSS string, for @page margin-box content."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " -,.:()/&'" else f"\\{ord(ch):x} " for ch in str(value)
    )
    return mark_safe(f'"{escaped}"')
