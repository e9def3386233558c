"""Building blocks every part of the figures uses: dates as JSON, shares, a service's row and
the decision behind its level."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from escalation.models import Authority, LevelChange
from providers.levels import Level
from providers.models import Rating, Service
from reports.rules import Period

# A figure: JSON-ready values only (numbers, strings, ISO dates, lists and dicts).
Figures = dict[str, Any]

LEVELS = list(Level)
RATED = (Rating.OUTSTANDING, Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE)
ONE_DAY = datetime.timedelta(days=1)


def iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def moment(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day``, in the council's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def percent(part: int, whole: int) -> int | None:
    """A whole per cent, rounded half up (boards read 87%, not 86.96%)."""
    if not whole:
        return None
    return int((Decimal(100) * part / whole).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def service_row(service: Service) -> Figures:
    return {
        "id": service.pk,
        "name": service.name,
        "provider": service.provider.name,
        "type": service.get_service_type_display(),
    }


def level_label(level: int | None) -> str:
    """A level's name ("Level 3"); "Routine" when there is none."""
    return Level(level or 0).label


def authority_text(change: LevelChange | None) -> str:
    """Who decided a change: the meeting or decision it refers to, else the kind of authority."""
    if change is None:
        return ""
    authority = Authority(change.authority)
    text = authority.label
    if change.authority_reference and authority not in (Authority.URGENT, Authority.MIGRATED):
        text = change.authority_reference
    return text


def changes_behind(services: Iterable[Any]) -> dict[int, LevelChange]:
    """The level changes behind services annotated with ``change_id``
    (``escalation.selectors.level_change_on``), by id, in one query."""
    return LevelChange.objects.in_bulk([s.change_id for s in services if s.change_id])


def decision_row(change: LevelChange | None) -> Figures:
    """Since when a service has had its level, and on whose decision."""
    return {
        "since": iso(change.effective_on if change else None),
        "authority": authority_text(change),
    }


def count_per_service(queryset: QuerySet[Any]) -> Coalesce:
    """How many rows of ``queryset`` (filtered on ``service=OuterRef("pk")``) each service has,
    as a subquery annotation on services: 0 when none."""
    return Coalesce(
        Subquery(
            queryset.order_by().values("service").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def period_dict(period: Period) -> Figures:
    """The period a report covers, and the council it is for."""
    return {
        "kind": period.kind,
        "start": iso(period.start),
        "end": iso(period.end),
        "label": period.label,
        "short": period.short_label,
        "council": settings.OVERSIGHT_COUNCIL_NAME,
    }
