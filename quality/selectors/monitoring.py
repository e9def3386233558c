"""Reads of call monitoring figures: a service's months, its trend, one month to change."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from providers.models import Service
from providers.selectors import services_for
from quality.models import MonitoringFigures


# --- call monitoring ---------------------------------------------------------------------------
def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def months_back(day: datetime.date, count: int) -> list[datetime.date]:
    """The ``count`` months ending with ``day``'s month, oldest first."""
    year, month = day.year, day.month
    months = []
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


@dataclass
class MonitoringTrend:
    months: list[datetime.date]
    rows: list[MonitoringFigures | None]  # one per month, None when not recorded

    @property
    def recorded(self) -> list[MonitoringFigures]:
        return [row for row in self.rows if row is not None]

    @property
    def latest(self) -> MonitoringFigures | None:
        recorded = self.recorded
        return recorded[-1] if recorded else None


def monitoring_trend(
    *, service: Service, months: int = 12, today: datetime.date | None = None
) -> MonitoringTrend:
    """The last ``months`` months of figures ending with the latest month recorded (or this
    month), one entry per month."""
    today = today or timezone.localdate()
    figures = list(
        service.monitoring_figures.filter(month__lte=month_start(today)).order_by("-month")[
            : months * 2
        ]
    )
    end = figures[0].month if figures else month_start(today)
    window = months_back(end, months)
    by_month = {row.month: row for row in figures}
    return MonitoringTrend(months=window, rows=[by_month.get(m) for m in window])


def monitoring_for_service(*, service: Service) -> QuerySet[MonitoringFigures]:
    return service.monitoring_figures.select_related("entered_by").order_by("-month")


def monitoring_for_change(*, user, pk: int) -> MonitoringFigures:
    return get_object_or_404(
        MonitoringFigures.objects.filter(service__in=services_for(user)).select_related(
            "service", "service__provider"
        ),
        pk=pk,
    )
