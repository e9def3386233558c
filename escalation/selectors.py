"""Reads for the escalation app."""

from django.db.models import Value
from django.db.models.functions import Coalesce

from escalation.models import Level


def current_level_expression(prefix: str = ""):
    """An expression for a service's current level (routine when it has no state row).

    ``prefix`` is the path from the queried model to the service, e.g. "service__".
    """
    return Coalesce(f"{prefix}state__level", Value(Level.ROUTINE))
