"""The visit frequencies administrators set (the Django admin calls this)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from quality.models import VisitFrequency


def visit_frequency_update(
    *,
    acting_user: User,
    frequency: VisitFrequency,
    interval_months: int,
    interval_days: int,
    unannounced: bool,
) -> VisitFrequency:
    """Change how often services at one level are visited. The schedule reads the new
    interval at once (it is computed in the database)."""
    if interval_months < 0 or interval_days < 0 or not (interval_months or interval_days):
        raise ValidationError("Enter an interval of at least one day or one month")
    with transaction.atomic():
        frequency.interval_months = interval_months
        frequency.interval_days = interval_days
        frequency.unannounced = unannounced
        frequency.save()
    return frequency
