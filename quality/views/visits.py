"""Planning a visit, choosing what kind to record, cancelling one and reading one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.mixins import SignedInRequest
from accounts.services import access_log_record
from core.mixins import FormPageMixin, ServiceFormMixin
from quality import selectors, services
from quality.forms.visits import VisitCancelForm, VisitPlanForm, VisitTypeForm
from quality.models import Action, Visit, VisitStatus, VisitType, areas_for
from quality.rules import visit_types_for_user
from quality.views.mixins import ServiceMixin, VisitMixin, client_ip


class VisitPlanView(
    LoginRequiredMixin,
    ServiceMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Plan a visit to a service on a future date."""

    request: SignedInRequest
    permission_required = "quality.plan_visit"
    heading = "Plan a visit"
    form_class = VisitPlanForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["types"] = visit_types_for_user(self.request.user, self.get_service())
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {"officer": self.request.user}
        next_visit = selectors.next_visit(service=self.get_service())
        if next_visit.unannounced:
            initial["visit_type"] = VisitType.UNANNOUNCED
        return initial

    def perform(self, form):
        visit = services.visit_plan(
            acting_user=self.request.user,
            service=self.get_service(),
            visit_type=form.cleaned_data["visit_type"],
            planned_date=form.cleaned_data["planned_date"],
            officer=form.cleaned_data["officer"],
            notes=form.cleaned_data["notes"],
        )
        messages.success(
            self.request,
            f"{visit.get_visit_type_display()} planned for {visit.planned_date:%-d %B %Y}",
        )
        return redirect(self.service_url())


class VisitNewView(LoginRequiredMixin, ServiceMixin, PermissionRequiredMixin, FormView):
    """Choose the kind of visit to record; the recording page depends on it."""

    request: SignedInRequest
    permission_required = "quality.record_visit"
    template_name = "quality/visit_type.html"
    form_class = VisitTypeForm
    http_method_names = ["get", "head", "options"]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["types"] = visit_types_for_user(self.request.user, self.get_service())
        if "visit_type" in self.request.GET:
            kwargs["data"] = self.request.GET
        return kwargs

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_bound and form.is_valid():
            return redirect(
                "quality:visit-record",
                pk=self.get_service().pk,
                visit_type=form.cleaned_data["visit_type"],
            )
        return self.render_to_response(self.get_context_data(form=form))


class VisitCancelView(
    LoginRequiredMixin,
    VisitMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Cancel a planned visit."""

    request: SignedInRequest
    permission_required = "quality.cancel_visit"
    heading = "Cancel a planned visit"
    form_class = VisitCancelForm

    def get_caption(self) -> str:
        return self.get_visit().service.name

    def get_intro(self) -> str:
        visit = self.get_visit()
        return f"{visit.get_visit_type_display()} planned for {visit.planned_date:%-d %B %Y}."

    def get_back_url(self) -> str:
        return reverse("quality:visit-detail", args=[self.get_visit().pk])

    def perform(self, form):
        visit = self.get_visit()
        services.visit_cancel(
            acting_user=self.request.user, visit=visit, reason=form.cleaned_data["reason"]
        )
        messages.success(self.request, "Planned visit cancelled")
        return redirect("providers:service-detail", pk=visit.service_id)


class VisitDetailView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """A visit as recorded: areas, who was heard, outcome, files, amendments and actions."""

    request: SignedInRequest
    permission_required = "quality.view_quality"
    template_name = "quality/visit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        visit = selectors.visit_detail(user=user, pk=self.kwargs["pk"])
        can_see_files = user.has_perm("quality.view_evidence")
        if visit.status == VisitStatus.COMPLETED:
            # Evidence of a visit may name people receiving care: record who read it.
            access_log_record(
                user=user, obj=visit, path=self.request.path, ip_address=client_ip(self.request)
            )
        areas = {row.area: row for row in visit.areas.all()}
        context.update(
            {
                "visit": visit,
                "service": visit.service,
                "area_rows": [
                    (area, areas.get(area.value)) for area in areas_for(visit.visit_type)
                ],
                "can_see_files": can_see_files,
                "can_change": user.has_perm("quality.continue_visit", visit),
                "can_amend": user.has_perm("quality.amend_visit", visit),
                "can_cancel": user.has_perm("quality.cancel_visit", visit),
                "can_attach": user.has_perm("quality.attach_evidence", visit),
                "can_add_actions": user.has_perm("quality.manage_actions", visit.service)
                and visit.status == VisitStatus.COMPLETED,
                "actions_by_area": _actions_by_area(visit),
            }
        )
        return context


def _actions_by_area(visit: Visit) -> dict[str, list[Action]]:
    """A completed visit's actions by the area they come from ("" for the visit as a whole)."""
    grouped: dict[str, list[Action]] = {}
    for action in visit.actions.all():
        grouped.setdefault(action.area, []).append(action)
    return grouped
