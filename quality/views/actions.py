"""A service's action plan: the list, adding an action and updating one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.mixins import SignedInRequest
from core.mixins import ServiceFormMixin
from quality import selectors, services
from quality.forms.actions import ActionForm, action_initial
from quality.models import Area, VisitStatus
from quality.views.mixins import ServiceMixin


class ActionListView(LoginRequiredMixin, ServiceMixin, PermissionRequiredMixin, TemplateView):
    """A service's action plan: open actions, then done and cancelled ones."""

    request: SignedInRequest
    permission_required = "quality.view_quality"
    template_name = "quality/action_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        service = self.get_service()
        context.update(
            {
                "actions": selectors.actions_for_service(service=service),
                "can_manage": self.request.user.has_perm("quality.manage_actions", service),
            }
        )
        return context


class ActionCreateView(
    LoginRequiredMixin, ServiceMixin, PermissionRequiredMixin, ServiceFormMixin, FormView
):
    """Add an action to a service's action plan, from a visit's finding or on its own."""

    request: SignedInRequest
    permission_required = "quality.manage_actions"
    template_name = "quality/action_form.html"
    form_class = ActionForm

    def finding(self):
        """The visit and area the action comes from, given as ?visit=&area= (or nothing)."""
        if not hasattr(self, "_finding"):
            visit, area = None, ""
            visit_id = self.request.GET.get("visit", "")
            if visit_id.isdigit():
                visit = (
                    self.get_service()
                    .visits.filter(status=VisitStatus.COMPLETED)
                    .prefetch_related("areas")
                    .filter(pk=int(visit_id))
                    .first()
                )
            if visit is not None and self.request.GET.get("area") in Area.values:
                area = self.request.GET["area"]
            self._finding = (visit, area)
        return self._finding

    def get_initial(self):
        # The registered manager usually owns an action at the provider.
        return {"owner_contact": self.get_service().registered_manager}

    def get_back_url(self) -> str:
        visit, _area = self.finding()
        return reverse("quality:visit-detail", args=[visit.pk]) if visit else self.service_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit, area = self.finding()
        row = None
        if visit and area:
            row = next((r for r in visit.areas.all() if r.area == area), None)
        context.update(
            {
                "finding_visit": visit,
                "finding_area": Area(area) if area else None,
                "finding_row": row,
            }
        )
        return context

    def perform(self, form):
        visit, area = self.finding()
        services.action_create(
            acting_user=self.request.user,
            service=self.get_service(),
            visit=visit,
            area=area,
            **form.cleaned_data,
        )
        messages.success(self.request, "Action added to the action plan")
        if visit:
            return redirect("quality:visit-detail", pk=visit.pk)
        return redirect("quality:actions", pk=self.get_service().pk)


class ActionEditView(LoginRequiredMixin, PermissionRequiredMixin, ServiceFormMixin, FormView):
    """Update an action: status, due date, owner, evidence and the provider's response."""

    request: SignedInRequest
    permission_required = "quality.manage_actions"
    template_name = "quality/action_form.html"
    form_class = ActionForm

    def get_action(self):
        if not hasattr(self, "_action"):
            self._action = selectors.action_for_change(user=self.request.user, pk=self.kwargs["pk"])
        return self._action

    def get_permission_object(self):
        return self.get_action().service

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "editing": True,
            "original_due_on": self.get_action().due_on,
        }

    def get_initial(self):
        return action_initial(self.get_action())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action = self.get_action()
        context.update(
            {
                "action": action,
                "service": action.service,
                "editing": True,
                "back_url": reverse("quality:actions", args=[action.service_id]),
            }
        )
        return context

    def perform(self, form):
        action = self.get_action()
        services.action_update(acting_user=self.request.user, action=action, **form.cleaned_data)
        messages.success(self.request, "Action updated")
        return redirect("quality:actions", pk=action.service_id)
