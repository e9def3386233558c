"""Recording and lifting sanctions: placement stops and restrictions of hours."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView
from rules.contrib.views import PermissionRequiredMixin

from core.mixins import FormPageMixin, ServiceFormMixin
from escalation import selectors, services
from escalation.forms.levels import SanctionEndForm, SanctionForm
from escalation.models import Sanction
from providers.mixins import ServiceObjectMixin


class SanctionCreateView(
    LoginRequiredMixin,
    ServiceObjectMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Record a placement stop or a restriction of hours."""

    permission_required = "escalation.manage_sanctions"
    heading = "Record a sanction"
    form_class = SanctionForm

    def get_back_url(self) -> str:
        return reverse("escalation:service-level", args=[self.get_service().pk]) + "#sanctions"

    def get_initial(self):
        return {"authorised_by": self.request.user.pk}

    def perform(self, form):
        service = self.get_service()
        services.sanction_record(
            service=service, acting_user=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, "Sanction recorded")
        return redirect(self.get_back_url())


class SanctionEndView(
    LoginRequiredMixin, PermissionRequiredMixin, FormPageMixin, ServiceFormMixin, FormView
):
    """Lift a sanction, with the reason."""

    permission_required = "escalation.manage_sanctions"
    heading = "Lift the sanction"
    form_class = SanctionEndForm

    def get_sanction(self) -> Sanction:
        if not hasattr(self, "_sanction"):
            self._sanction = selectors.service_record_for_change(
                user=self.request.user,
                queryset=Sanction.objects.select_related("service"),
                pk=self.kwargs["pk"],
            )
        return self._sanction

    def get_permission_object(self):
        return self.get_sanction().service

    def get_caption(self) -> str:
        sanction = self.get_sanction()
        return f"{sanction.service.name}: {sanction.get_kind_display().lower()}"

    def get_back_url(self) -> str:
        return (
            reverse("escalation:service-level", args=[self.get_sanction().service_id])
            + "#sanctions"
        )

    def perform(self, form):
        services.sanction_end(
            sanction=self.get_sanction(),
            acting_user=self.request.user,
            end_date=form.cleaned_data["end_date"],
            reason=form.cleaned_data["end_reason"],
        )
        messages.success(self.request, "Sanction lifted")
        return redirect(self.get_back_url())
