"""Permission matrix rows for the reports (reports:*).

Directors build and download the Safeguarding Adults Board report; directors and panel chairs
the Market Management Group report; nobody else (administrators included) reads either. The
world: a ready board report and a ready market report (stand-in PDFs, real figures), and a
board report still being built.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.matrix import Row, only

BOARD = ["director"]
MARKET = ["chair", "director"]


def build_world(world):
    from reports import rules
    from reports.figures import mmg_figures, sab_figures
    from reports.models import Report, ReportKind, ReportStatus

    today = timezone.localdate()
    for name, kind, function in [
        ("sab_report", ReportKind.SAB_QUARTERLY, sab_figures),
        ("mmg_report", ReportKind.MMG_MONTHLY, mmg_figures),
    ]:
        period = rules.latest_finished(kind, today)
        report = Report.objects.create(
            kind=kind,
            period_start=period.start,
            period_end=period.end,
            requested_by=world.director,
            figures=function(period),
            pages=1,
        )
        report.pdf.save("report.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
        report.status, report.built_at = ReportStatus.READY, timezone.now()
        report.save()
        setattr(world, name, report)
    period = rules.latest_finished(ReportKind.SAB_QUARTERLY, today)
    world.sab_building = Report.objects.create(
        kind=ReportKind.SAB_QUARTERLY,
        period_start=period.start,
        period_end=period.end,
        version=2,
        requested_by=world.director,
    )


def _pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


def _quarter(w):
    from reports import rules

    return {"period": rules.latest_finished(rules.SAB_QUARTERLY, timezone.localdate()).key}


def _month(w):
    from reports import rules

    return {"period": rules.latest_finished(rules.MMG_MONTHLY, timezone.localdate()).key}


ROWS = [
    Row("reports:index", only(200, MARKET)),
    Row("reports:board", only(200, BOARD)),
    Row(
        "reports:board",
        only(200, BOARD),
        method="post",
        data=lambda w: {},
        note="no quarter chosen: the form again with its error",
    ),
    Row(
        "reports:board",
        only(302, BOARD),
        method="post",
        data=_quarter,
        note="starts the build and redirects to its progress page",
    ),
    Row("reports:market", only(200, MARKET)),
    Row("reports:market", only(302, MARKET), method="post", data=_month),
    Row("reports:pdf", only(200, BOARD), kwargs=_pk("sab_report")),
    Row("reports:pdf", only(200, MARKET), kwargs=_pk("mmg_report")),
    Row(
        "reports:pdf",
        only(404, BOARD),
        kwargs=_pk("sab_building"),
        note="a report still being built has no file yet",
    ),
    Row("reports:pdf", only(404, BOARD + MARKET, others=404), kwargs=lambda w: {"pk": 999_999}),
    Row("reports:spreadsheet", only(200, BOARD), kwargs=_pk("sab_report")),
    Row("reports:spreadsheet", only(200, MARKET), kwargs=_pk("mmg_report")),
]
