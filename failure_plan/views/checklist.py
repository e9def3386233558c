"""The playbook's pages (scenarios, the stakeholder matrix, the checklist template) and an
incident's checklist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.mixins import ServiceFormMixin
from failure_plan import selectors, services
from failure_plan.forms.checklist import ChecklistTaskForm
from failure_plan.models import ChecklistTask
from failure_plan.views.mixins import IncidentMixin, signed_in_user


# --- the playbook -------------------------------------------------------------------------
class PlaybookView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The scenarios and the stakeholder matrix."""

    permission_required = "failure_plan.view_playbook"
    template_name = "failure_plan/playbook.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **selectors.playbook()}


class ChecklistTemplateView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The checklist every incident starts from, by area, with the approaches of each task."""

    permission_required = "failure_plan.view_playbook"
    template_name = "failure_plan/checklist_template.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = selectors.checklist_template()
        context["groups"] = groups
        context["task_count"] = sum(len(group["tasks"]) for group in groups)
        return context


# --- the checklist ------------------------------------------------------------------------
class ChecklistView(LoginRequiredMixin, IncidentMixin, PermissionRequiredMixin, TemplateView):
    """The incident's checklist as a GOV.UK task list, by area."""

    permission_required = "failure_plan.view_incidents"
    template_name = "failure_plan/checklist.html"
    section = "checklist"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident = self.get_incident()
        today = timezone.localdate()
        context.update(
            {
                "groups": selectors.checklist_for(incident=incident),
                "progress": selectors.checklist_progress(incident=incident, today=today),
                "today": today,
            }
        )
        return context


class ChecklistTaskUpdateView(
    LoginRequiredMixin, IncidentMixin, PermissionRequiredMixin, ServiceFormMixin, FormView
):
    """Record a task's owner, dates, progress and status."""

    permission_required = "failure_plan.work_incident"
    template_name = "failure_plan/task_form.html"
    form_class = ChecklistTaskForm
    section = "checklist"

    def get_task(self) -> ChecklistTask:
        if not hasattr(self, "_task"):
            self._task = selectors.task_for(incident=self.get_incident(), pk=self.kwargs["task_pk"])
        return self._task

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["owners"] = selectors.team_for_choice(incident=self.get_incident())
        return kwargs

    def get_initial(self):
        return ChecklistTaskForm.initial_for(self.get_task())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["task"] = self.get_task()
        return context

    def perform(self, form):
        task = self.get_task()
        task.incident = self.get_incident()
        services.checklist_task_update(
            acting_user=signed_in_user(self.request), task=task, **form.cleaned_data
        )
        messages.success(self.request, f"Task saved: {task.title}")
        return redirect(
            reverse("failure_plan:checklist", kwargs={"pk": task.incident_id})
            + f"#area-{task.area}"
        )
