"""What the reports pages read: the builds of a report and one build's figures.

The figures themselves are counted from history by ``reports.figures``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from reports.figures.common import Figures
from reports.models import Report, ReportStatus


def reports_of_kind(*, kind: str, limit: int = 40) -> QuerySet[Report]:
    """Built reports of a kind, newest period first, then newest version, with who asked."""
    return (
        Report.objects.filter(kind=kind)
        .select_related("requested_by")
        .defer("figures")
        .order_by("-period_start", "-version")[:limit]
    )


def latest_ready(*, kind: str) -> Report | None:
    """The newest ready build of the newest period of a kind (None before the first)."""
    return (
        Report.objects.filter(kind=kind, status=ReportStatus.READY)
        .defer("figures")
        .order_by("-period_start", "-version")
        .first()
    )


def report_for(*, pk: int) -> Report:
    """One built report (404 when there is none); views check ``reports.see_report`` on it."""
    return get_object_or_404(Report.objects.select_related("requested_by").defer("figures"), pk=pk)


def report_figures(*, report: Report) -> Figures:
    """The figures kept on a built report (read only when a spreadsheet is asked for)."""
    return Report.objects.values_list("figures", flat=True).get(pk=report.pk)
