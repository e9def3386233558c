"""A service's risk page: the full breakdown of its score and the score history."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from escalation.templatetags.escalation_tags import risk_context
from providers import selectors as provider_selectors


class ServiceRiskView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """A service's full risk breakdown and score history: for everyone who can see it."""

    permission_required = "providers.view_service"
    template_name = "escalation/service_risk.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        service = provider_selectors.service_for_change(
            user=self.request.user, pk=self.kwargs["pk"]
        )
        context.update(risk_context(service, limit=24))
        return context
