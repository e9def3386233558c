"""Pages that record against a service: its contracts, CQC ratings entered by hand and
business continuity plan checks."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView
from rules.contrib.views import PermissionRequiredMixin

from accounts.mixins import SignedInMixin
from core.mixins import FormPageMixin, ServiceFormMixin
from providers import selectors, services
from providers.forms.records import BCPCheckForm, ContractForm, RatingForm
from providers.mixins import ServiceObjectMixin
from providers.models import Contract


# --- contracts -----------------------------------------------------------------------------
class ContractCreateView(
    SignedInMixin,
    ServiceObjectMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Add a contract to a service."""

    permission_required = "providers.edit_contracts"
    heading = "Add a contract"
    form_class = ContractForm

    def perform(self, form):
        service = self.get_service()
        services.contract_create(
            acting_user=self.request.user, service=service, **form.cleaned_data
        )
        messages.success(self.request, "Contract added")
        return redirect("providers:service-detail", pk=service.pk)


class ContractUpdateView(
    SignedInMixin, PermissionRequiredMixin, FormPageMixin, ServiceFormMixin, FormView
):
    """Change a contract."""

    permission_required = "providers.edit_contracts"
    heading = "Change contract"
    form_class = ContractForm

    def get_caption(self) -> str:
        return f"{self.get_contract().service.name}: {self.get_contract().reference}"

    def get_back_url(self) -> str:
        return reverse("providers:service-detail", args=[self.get_contract().service_id])

    def get_contract(self) -> Contract:
        if not hasattr(self, "_contract"):
            self._contract = selectors.contract_for_change(pk=self.kwargs["pk"])
        return self._contract

    def get_permission_object(self):
        return self.get_contract().service

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_contract()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contract"] = self.get_contract()
        context["service"] = self.get_contract().service
        return context

    def perform(self, form):
        contract = self.get_contract()
        services.contract_update(
            acting_user=self.request.user, contract=contract, **form.cleaned_data
        )
        messages.success(self.request, f"Contract {contract.reference} saved")
        return redirect("providers:service-detail", pk=contract.service_id)


# --- ratings and BCP checks ----------------------------------------------------------------
class RatingCreateView(
    SignedInMixin,
    ServiceObjectMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Enter a CQC rating by hand (when the CQC import has not brought it in)."""

    permission_required = "providers.record_rating"
    heading = "Enter a CQC rating"
    intro = (
        "Enter the ratings as CQC published them. The newest rating becomes the service's "
        "current rating; an older one is added to the history."
    )
    form_class = RatingForm

    def perform(self, form):
        service = self.get_service()
        rating = services.rating_record(
            acting_user=self.request.user, service=service, **form.cleaned_data
        )
        if rating.is_current:
            messages.success(self.request, "Rating saved as the current CQC rating")
        else:
            messages.success(
                self.request, "Rating saved in the history: a later rating is already current"
            )
        return redirect("providers:service-detail", pk=service.pk)


class BCPCheckCreateView(
    SignedInMixin,
    ServiceObjectMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Record a check of the service's business continuity plan."""

    permission_required = "providers.record_bcp_check"
    heading = "Record a business continuity plan check"
    form_class = BCPCheckForm

    def perform(self, form):
        service = self.get_service()
        services.bcp_check_record(
            acting_user=self.request.user, service=service, **form.cleaned_data
        )
        messages.success(self.request, "Business continuity plan check saved")
        return redirect("providers:service-detail", pk=service.pk)
