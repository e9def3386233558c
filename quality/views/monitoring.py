"""A home support service's call monitoring figures: the trend, a month by hand, a CSV import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from accounts.mixins import SignedInRequest
from core.csv_import import ImportRejected, template_response
from core.mixins import FormPageMixin, ServiceFormMixin
from quality import selectors, services
from quality.charts import monitoring_chart
from quality.forms.monitoring import MonitoringForm, MonitoringImportForm, monitoring_initial
from quality.models import MonitoringFigures
from quality.services.monitoring import COLUMNS, MonitoringImport
from quality.views.mixins import ServiceMixin


class MonitoringView(LoginRequiredMixin, ServiceMixin, PermissionRequiredMixin, TemplateView):
    """A home support service's call monitoring figures: the trend and every month."""

    request: SignedInRequest
    permission_required = "quality.view_quality"
    template_name = "quality/monitoring.html"
    home_support_only = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        service = self.get_service()
        trend = selectors.monitoring_trend(service=service)
        context.update(
            {
                "trend": trend,
                "chart": monitoring_chart(trend),
                "rows": selectors.monitoring_for_service(service=service),
                "can_record": self.request.user.has_perm("quality.record_monitoring", service),
            }
        )
        return context


class MonitoringAddView(
    LoginRequiredMixin,
    ServiceMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Enter one month's call monitoring figures."""

    request: SignedInRequest
    permission_required = "quality.record_monitoring"
    heading = "Enter call monitoring figures"
    intro = "One month of electronic call monitoring figures from the provider."
    form_class = MonitoringForm
    home_support_only = True

    def get_back_url(self) -> str:
        return reverse("quality:monitoring", args=[self.get_service().pk])

    def perform(self, form):
        row = services.monitoring_record(
            acting_user=self.request.user,
            service=self.get_service(),
            month=form.cleaned_data["month"],
            **form.figures(),
        )
        messages.success(self.request, f"Figures for {row.month:%B %Y} saved")
        return redirect("quality:monitoring", pk=self.get_service().pk)


class MonitoringEditView(
    LoginRequiredMixin, PermissionRequiredMixin, FormPageMixin, ServiceFormMixin, FormView
):
    """Correct one month's call monitoring figures."""

    request: SignedInRequest
    permission_required = "quality.record_monitoring"
    form_class = MonitoringForm

    def get_row(self) -> MonitoringFigures:
        if not hasattr(self, "_row"):
            self._row = selectors.monitoring_for_change(
                user=self.request.user, pk=self.kwargs["pk"]
            )
        return self._row

    def get_permission_object(self):
        return self.get_row().service

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editing": True}

    def get_initial(self):
        return monitoring_initial(self.get_row())

    def get_heading(self) -> str:
        return f"Change the figures for {self.get_row().month:%B %Y}"

    def get_caption(self) -> str:
        return self.get_row().service.name

    def get_back_url(self) -> str:
        return reverse("quality:monitoring", args=[self.get_row().service_id])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["service"] = self.get_row().service
        return context

    def perform(self, form):
        row = self.get_row()
        services.monitoring_update(acting_user=self.request.user, figures_row=row, **form.figures())
        messages.success(self.request, f"Figures for {row.month:%B %Y} changed")
        return redirect("quality:monitoring", pk=row.service_id)


class MonitoringImportView(
    LoginRequiredMixin, ServiceMixin, PermissionRequiredMixin, ServiceFormMixin, FormView
):
    """Import months of call monitoring figures from a CSV file: all rows or none."""

    request: SignedInRequest
    permission_required = "quality.record_monitoring"
    template_name = "quality/monitoring_import.html"
    form_class = MonitoringImportForm
    home_support_only = True

    def get_back_url(self) -> str:
        return reverse("quality:monitoring", args=[self.get_service().pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = COLUMNS
        return context

    def perform(self, form):
        try:
            result = services.monitoring_import(
                acting_user=self.request.user,
                service=self.get_service(),
                raw=form.cleaned_data["file"].read(),
            )
        except ImportRejected as rejected:
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=rejected.row_errors)
            )
        total = result["created"] + result["updated"]
        messages.success(
            self.request,
            f"{total} month{'s' if total != 1 else ''} imported: "
            f"{result['created']} added, {result['updated']} replaced",
        )
        return redirect("quality:monitoring", pk=self.get_service().pk)


class MonitoringTemplateView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The CSV template for call monitoring figures."""

    request: SignedInRequest
    permission_required = "quality.view_quality"

    def get(self, request, *args, **kwargs):
        return template_response(MonitoringImport())
