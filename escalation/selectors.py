"""Reads for the escalation app."""

from django.db.models import Value
from django.db.models.functions import Coalesce

from escalation.models import Level


def current_level_expression(prefix: str = ""):
    """An expression for a service's current level (routine when it has no state row).

    ``prefix`` is the path from the queried model to the service, e.g. "service__".
    """
    return Coalesce(f"{prefix}state__level", Value(Level.ROUTINE))


def recent_scores(*, service, limit: int = 12) -> list:
    """The service's last ``limit`` risk scores, newest first, each with its weight set."""
    from escalation.models import RiskScore

    return list(
        RiskScore.objects.filter(service=service)
        .select_related("weight_set")
        .order_by("-calculated_at", "-pk")[:limit]
    )


def decided_level(*, service) -> int:
    """The level people decided for the service (routine without a state row)."""
    from escalation.models import ServiceState

    state = ServiceState.objects.filter(service=service).values_list("level", flat=True).first()
    return Level.ROUTINE if state is None else state
