"""A provider's page, and adding and changing a provider."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.mixins import SignedInMixin
from core.mixins import FormPageMixin, ServiceFormMixin
from providers import selectors, services
from providers.forms.register import ProviderForm
from providers.models import Provider
from providers.rules import spend_is_flagged


# --- providers -----------------------------------------------------------------------------
class ProviderDetailView(SignedInMixin, PermissionRequiredMixin, TemplateView):
    """A provider: its details, its services here and elsewhere, and what the council spends."""

    permission_required = "providers.view_provider"
    template_name = "providers/provider_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        provider = selectors.provider_detail(user=user, pk=self.kwargs["pk"])
        provider_services = list(selectors.provider_services(user=user, provider=provider))
        can_see_contracts = user.has_perm("providers.see_contracts")
        spend = selectors.provider_live_spend(provider=provider) if can_see_contracts else None
        context.update(
            {
                "provider": provider,
                "services_here": [s for s in provider_services if s.in_area],
                "services_elsewhere": [s for s in provider_services if not s.in_area],
                "can_see_contracts": can_see_contracts,
                "live_spend": spend,
                "spend_flagged": can_see_contracts and spend_is_flagged(spend),
                "can_edit_provider": user.has_perm("providers.edit_provider", provider),
                "can_create_service": user.has_perm("providers.create_service"),
            }
        )
        return context


class ProviderCreateView(
    SignedInMixin, PermissionRequiredMixin, FormPageMixin, ServiceFormMixin, FormView
):
    """Add a provider to the register."""

    permission_required = "providers.create_provider"
    heading = "Add a provider"
    back_url = reverse_lazy("providers:service-list")
    form_class = ProviderForm

    def perform(self, form):
        provider = services.provider_create(acting_user=self.request.user, **form.cleaned_data)
        messages.success(self.request, f"{provider.name} added")
        return redirect("providers:provider-detail", pk=provider.pk)


class ProviderUpdateView(
    SignedInMixin, PermissionRequiredMixin, FormPageMixin, ServiceFormMixin, FormView
):
    """Change a provider's details."""

    permission_required = "providers.edit_provider"
    heading = "Change provider details"
    form_class = ProviderForm

    def get_caption(self) -> str:
        return self.get_provider().name

    def get_back_url(self) -> str:
        return reverse("providers:provider-detail", args=[self.get_provider().pk])

    def get_provider(self) -> Provider:
        if not hasattr(self, "_provider"):
            self._provider = selectors.provider_detail(user=self.request.user, pk=self.kwargs["pk"])
        return self._provider

    def get_permission_object(self):
        return self.get_provider()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_provider()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["provider"] = self.get_provider()
        return context

    def perform(self, form):
        provider = self.get_provider()
        services.provider_update(
            acting_user=self.request.user, provider=provider, **form.cleaned_data
        )
        messages.success(self.request, "Provider details saved")
        return redirect("providers:provider-detail", pk=provider.pk)
