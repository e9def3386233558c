"""Pages of the reports: the list, each report's page (ask for one, see every build) and the
downloads of a built report."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.mixins import SignedInRequest
from core.mixins import ServiceFormMixin
from reports import rules, selectors, services
from reports.documents import document_for
from reports.exports import report_xlsx
from reports.forms import PeriodForm
from reports.models import ReportKind, ReportStatus

KINDS = [
    {
        "kind": ReportKind.SAB_QUARTERLY,
        "permission": "reports.board_report",
        "url": "reports:board",
        "title": "Safeguarding Adults Board quarterly report",
        "description": (
            "For the board each quarter: services by level and the movements between levels, "
            "placement stops, PEP and QPSG activity, visits, safeguarding concerns and "
            "complaints, failure incidents, and local CQC ratings against comparator and "
            "England figures."
        ),
    },
    {
        "kind": ReportKind.MMG_MONTHLY,
        "permission": "reports.market_report",
        "url": "reports:market",
        "title": "Market Management Group monthly report",
        "description": (
            "For the Market Management Group each month: services presenting significant "
            "risk, new risks to target next month, and the whole-market analysis."
        ),
    },
]


class ReportsIndexView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The reports this person may build and download."""

    permission_required = "reports.view_reports"
    template_name = "reports/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kinds: list[dict[str, Any]] = [
            dict(k) for k in KINDS if self.request.user.has_perm(k["permission"])
        ]
        for kind in kinds:
            kind["latest"] = selectors.latest_ready(kind=kind["kind"])
        context["kinds"] = kinds
        return context


class ReportKindView(LoginRequiredMixin, PermissionRequiredMixin, ServiceFormMixin, FormView):
    """One report: ask for a build of a finished period, and every build so far."""

    template_name = "reports/report_kind.html"
    form_class = PeriodForm
    kind = ""
    request: SignedInRequest

    def get_permission_required(self):
        return [next(k["permission"] for k in KINDS if k["kind"] == self.kind)]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kind": self.kind, "today": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meta"] = next(k for k in KINDS if k["kind"] == self.kind)
        context["reports"] = selectors.reports_of_kind(kind=self.kind)
        context["word"] = rules.PERIOD_WORD[self.kind]
        return context

    def perform(self, form):
        report = services.report_request(
            kind=self.kind, period=form.cleaned_data["period"], acting_user=self.request.user
        )
        return redirect("core:job", pk=report.job_id)


class BoardReportView(ReportKindView):
    """The quarterly Safeguarding Adults Board report (directors)."""

    kind = ReportKind.SAB_QUARTERLY


class MarketReportView(ReportKindView):
    """The monthly Market Management Group report (directors and panel chairs)."""

    kind = ReportKind.MMG_MONTHLY


class ReportFileMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """A built report the person may read: 404 when missing or not ready, 403 when the
    report is not one their role reads."""

    permission_required = "reports.see_report"
    kwargs: dict[str, Any]  # the URL's arguments, set by View.setup

    def get_report(self):
        if not hasattr(self, "_report"):
            self._report = selectors.report_for(pk=self.kwargs["pk"])
        return self._report

    def get_permission_object(self):
        return self.get_report()

    def ready_report(self):
        report = self.get_report()
        if report.status != ReportStatus.READY:
            raise Http404("This report is not ready")
        return report


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


class ReportPdfView(ReportFileMixin, View):
    """The report's PDF, as built."""

    def get(self, request, *args, **kwargs):
        report = self.ready_report()
        return _private(
            FileResponse(
                report.pdf.open("rb"),
                as_attachment=True,
                filename=f"{report.file_stem}.pdf",
                content_type="application/pdf",
            )
        )


class ReportSpreadsheetView(ReportFileMixin, View):
    """The report's figures as a spreadsheet, one sheet per table, as built."""

    def get(self, request, *args, **kwargs):
        report = self.ready_report()
        figures = selectors.report_figures(report=report)
        body = report_xlsx(document_for(report.kind, figures), title=report.title)
        response = HttpResponse(
            body,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{report.file_stem}.xlsx"'
        return _private(response)
