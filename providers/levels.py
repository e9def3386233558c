"""The vocabulary of a service's risk position: its level and its placement rating.

Every app above providers speaks it (quality picks visit frequencies by level, panels and
reports count services by level), so it lives here rather than in ``escalation``, which
decides levels: lower apps never import higher ones (docs/architecture.md). The decided
level itself is kept on ``escalation.models.ServiceState`` (reverse relation ``state``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce


class Level(models.IntegerChoices):
    """Coventry's four levels plus routine."""

    ROUTINE = 0, "Routine"
    ONE = 1, "Level 1"
    TWO = 2, "Level 2"
    THREE = 3, "Level 3"
    FOUR = 4, "Level 4"


class PlacementRating(models.TextChoices):
    """What brokers and social workers act on."""

    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


def current_level_expression(prefix: str = ""):
    """An expression for a service's current level (routine when it has no state row).

    ``prefix`` is the path from the queried model to the service, e.g. "service__".
    """
    return Coalesce(f"{prefix}state__level", Value(Level.ROUTINE))
