"""Intelligence about a service: log it, and read it in full (recorded)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.mixins import SignedInRequest
from accounts.services import access_log_record
from core.mixins import FormPageMixin, ServiceFormMixin
from quality import selectors, services
from quality.forms.intelligence import IntelligenceForm
from quality.views.mixins import ServiceMixin, client_ip


class IntelligenceAddView(
    LoginRequiredMixin,
    ServiceMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Log intelligence about a service."""

    request: SignedInRequest
    permission_required = "quality.log_intelligence"
    heading = "Add intelligence"
    form_class = IntelligenceForm

    def perform(self, form):
        services.intelligence_add(
            acting_user=self.request.user, service=self.get_service(), **form.cleaned_data
        )
        messages.success(self.request, "Intelligence saved")
        return redirect(f"{self.service_url()}#timeline")


class IntelligenceDetailView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """One item of intelligence in full. Each reading is recorded."""

    request: SignedInRequest
    permission_required = "quality.view_intelligence_details"
    template_name = "quality/intelligence_detail.html"

    def get_item(self):
        if not hasattr(self, "_item"):
            self._item = selectors.intelligence_detail(user=self.request.user, pk=self.kwargs["pk"])
        return self._item

    def get_permission_object(self):
        return self.get_item()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.get_item()
        access_log_record(
            user=self.request.user,
            obj=item,
            path=self.request.path,
            ip_address=client_ip(self.request),
        )
        context.update({"item": item, "service": item.service})
        return context
