"""A service's level and its decisions: proposals, decisions and withdrawals, the placement
rating override, the briefing tasks a level 3 or 4 brings, and the decisions waiting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.mixins import FormPageMixin, ServiceFormMixin
from escalation import rules, selectors, services
from escalation.forms.levels import (
    LevelDecisionForm,
    LevelProposeForm,
    RatingOverrideForm,
    TaskCompleteForm,
)
from escalation.models import Authority, EscalationTask, LevelChange, LevelChangeStatus
from providers import selectors as provider_selectors
from providers.levels import Level
from providers.mixins import ServiceObjectMixin


class ServiceLevelView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """A service's level, placement rating, open proposal, decision history and sanctions."""

    permission_required = "escalation.view_register"
    template_name = "escalation/service_level.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        service = provider_selectors.service_for_change(
            user=self.request.user, pk=self.kwargs["pk"]
        )
        context["service"] = service
        context.update(selectors.service_level_page(service=service))
        context["can_propose"] = self.request.user.has_perm("escalation.propose_level", service)
        return context


class LevelProposeView(
    LoginRequiredMixin,
    ServiceObjectMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Propose a change of level for a service, with the reason."""

    permission_required = "escalation.propose_level"
    heading = "Propose a change of level"
    form_class = LevelProposeForm

    def get_back_url(self) -> str:
        return reverse("escalation:service-level", args=[self.get_service().pk])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        service = self.get_service()
        latest = service.risk_scores.order_by("-calculated_at", "-pk").first()
        kwargs["current_level"] = selectors.decided_level(service=service)
        kwargs["suggested_level"] = latest.suggested_level if latest else None
        return kwargs

    def get_intro(self) -> str:
        service = self.get_service()
        level = Level(selectors.decided_level(service=service)).label.lower()
        return (
            f"{service.name} is at {level}. The change takes effect only when the forum for "
            "the level confirms it: the lead officer for level 1, the Quality Peer Support "
            "Group for level 2, the Provider Escalation Panel for levels 3 and 4."
        )

    def perform(self, form):
        service = self.get_service()
        services.level_change_propose(
            service=service, acting_user=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, "Change of level proposed")
        return redirect("escalation:service-level", pk=service.pk)


class LevelChangeMixin:
    """Looks up the proposal in the URL (404 when missing or not visible)."""

    # Set by the view this is mixed into (for the type checker).
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_change(self) -> LevelChange:
        if not hasattr(self, "_change"):
            self._change = selectors.service_record_for_change(
                user=self.request.user,
                queryset=LevelChange.objects.select_related("service", "proposed_by"),
                pk=self.kwargs["pk"],
            )
        return self._change

    def get_permission_object(self):
        return self.get_change()


class LevelDecideView(
    LoginRequiredMixin,
    LevelChangeMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Confirm or decline a proposed change of level (panel chairs and directors)."""

    permission_required = "escalation.decide_level"
    heading = "Decide the change of level"
    form_class = LevelDecisionForm
    template_name = "escalation/level_decide.html"

    def get_caption(self) -> str:
        return self.get_change().service.name

    def get_back_url(self) -> str:
        return reverse("escalation:service-level", args=[self.get_change().service_id])

    def get(self, request, *args, **kwargs):
        if self.get_change().status != LevelChangeStatus.PROPOSED:
            messages.info(request, "This proposal has already been decided")
            return redirect(self.get_back_url())
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "change": self.get_change()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        change = self.get_change()
        context["change"] = change
        context["forum"] = Authority(
            rules.forum_for_change(from_level=change.from_level, to_level=change.to_level)
        )
        return context

    def perform(self, form):
        change = self.get_change()
        data = form.cleaned_data
        if data["decision"] == "confirm":
            services.level_change_confirm(
                change=change,
                acting_user=self.request.user,
                note=data["note"],
                urgent=data["urgent"],
                effective_on=data["effective_on"],
            )
            message = f"Level changed to {change.get_to_level_display().lower()}"
        else:
            services.level_change_decline(
                change=change, acting_user=self.request.user, note=data["note"]
            )
            message = "Recorded that the change was not agreed"
        messages.success(self.request, message)
        return redirect("escalation:service-level", pk=change.service_id)


class LevelWithdrawView(LoginRequiredMixin, LevelChangeMixin, View):
    """Withdraw an open proposal (its proposer, or a chair). POST only."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        change = self.get_change()
        try:
            services.level_change_withdraw(change=change, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Proposal withdrawn")
        return redirect("escalation:service-level", pk=change.service_id)


class RatingOverrideView(
    LoginRequiredMixin,
    ServiceObjectMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Override the placement rating the level gives, with the reason."""

    permission_required = "escalation.override_rating"
    heading = "Change the placement rating"
    intro = (
        "The placement rating normally follows the level. Brokers and social workers act on "
        "it: Green place normally, Amber placements may continue with a specific issue to "
        "weigh, Red no new placements unless a senior manager authorises one."
    )
    form_class = RatingOverrideForm

    def get_back_url(self) -> str:
        return reverse("escalation:service-level", args=[self.get_service().pk])

    def perform(self, form):
        service = self.get_service()
        services.placement_rating_override_set(
            service=service, acting_user=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, "Placement rating changed")
        return redirect("escalation:service-level", pk=service.pk)


class RatingOverrideRemoveView(
    LoginRequiredMixin, ServiceObjectMixin, PermissionRequiredMixin, View
):
    """End the override: the placement rating follows the level again. POST only."""

    permission_required = "escalation.override_rating"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        service = self.get_service()
        services.placement_rating_override_remove(service=service, acting_user=request.user)
        messages.success(request, "The placement rating follows the level again")
        return redirect("escalation:service-level", pk=service.pk)


class TaskCompleteView(
    LoginRequiredMixin, PermissionRequiredMixin, FormPageMixin, ServiceFormMixin, FormView
):
    """Mark a briefing task done."""

    permission_required = "escalation.complete_task"
    heading = "Mark the task as done"
    form_class = TaskCompleteForm

    def get_task(self) -> EscalationTask:
        if not hasattr(self, "_task"):
            self._task = selectors.service_record_for_change(
                user=self.request.user,
                queryset=EscalationTask.objects.select_related("service"),
                pk=self.kwargs["pk"],
            )
        return self._task

    def get_caption(self) -> str:
        task = self.get_task()
        return f"{task.service.name}: {task.get_kind_display()}"

    def get_back_url(self) -> str:
        return reverse("escalation:service-level", args=[self.get_task().service_id]) + "#tasks"

    def perform(self, form):
        services.escalation_task_complete(
            task=self.get_task(), acting_user=self.request.user, note=form.cleaned_data["note"]
        )
        messages.success(self.request, "Task marked as done")
        return redirect(self.get_back_url())


class DecisionsView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Proposals waiting for a decision and briefing tasks not yet done (chairs, directors)."""

    permission_required = "escalation.decide_level"
    template_name = "escalation/decisions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proposals"] = list(selectors.open_proposals())
        context["tasks"] = list(selectors.open_escalation_tasks())
        context["today"] = timezone.localdate()
        context["forums"] = {
            c.pk: Authority(rules.forum_for_change(from_level=c.from_level, to_level=c.to_level))
            for c in context["proposals"]
        }
        return context
