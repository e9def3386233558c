"""The CSV import of services and contracts, and its template."""

from __future__ import annotations

from django.views.generic import FormView, View
from rules.contrib.views import PermissionRequiredMixin

from accounts.mixins import SignedInMixin
from core.csv_import import ImportRejected, template_response
from core.mixins import ServiceFormMixin
from providers.csv_import.columns import COLUMNS
from providers.csv_import.importer import ServicesImport, services_import
from providers.forms.service_list import ServiceImportForm


# --- CSV import ----------------------------------------------------------------------------
class ServiceImportView(SignedInMixin, PermissionRequiredMixin, ServiceFormMixin, FormView):
    """Upload a CSV of services and contracts: every row is checked, then all are imported
    or none are."""

    permission_required = "providers.import_services"
    template_name = "providers/service_import.html"
    form_class = ServiceImportForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = COLUMNS
        return context

    def perform(self, form):
        try:
            result = services_import(
                acting_user=self.request.user, upload=form.cleaned_data["file"]
            )
        except ImportRejected as rejected:
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=rejected.errors)
            )
        return self.render_to_response(self.get_context_data(form=self.form_class(), result=result))


class ServiceImportTemplateView(SignedInMixin, PermissionRequiredMixin, View):
    """The CSV template: the column headings and one example row."""

    permission_required = "providers.import_services"

    def get(self, request, *args, **kwargs):
        return template_response(ServicesImport())
