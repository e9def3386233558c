"""Running the meeting item by item: the minutes and decisions, the actions agreed, and
publishing the minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView
from rules.contrib.views import PermissionRequiredMixin

from core.mixins import FormPageMixin, ServiceFormMixin
from panels import forms, selectors, services
from panels.mixins import ItemMixin, MeetingMixin
from panels.models import PanelAction


class ItemView(LoginRequiredMixin, ItemMixin, PermissionRequiredMixin, ServiceFormMixin, FormView):
    """Running the meeting: one item's briefing, and the chair's minutes and decision.

    A save that started from older minutes is refused: the chair is shown the newer text and
    keeps their own in the form (docs/adr/0011-panels.md)."""

    template_name = "panels/item.html"
    form_class = forms.MinutesForm

    def get_permission_required(self):
        if self.request.method == "POST":
            return ["panels.run_meeting"]
        return ["panels.see_meeting"]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["service_item"] = self.get_item().is_service_item
        return kwargs

    def get_initial(self):
        item = self.get_item()
        return {
            "version": item.minutes_version,
            "decision": item.decision,
            "to_level": item.to_level,
            "rationale": item.rationale,
            "sanctions_recommended": item.sanctions_recommended,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.get_item()
        meeting = self.get_meeting()
        previous, following = selectors.neighbours(item=item)
        context.update(
            meeting=meeting,
            item=item,
            briefing=selectors.item_briefing(item=item),
            previous=previous,
            following=following,
            can_run=self.request.user.has_perm("panels.run_meeting", meeting),
            actions=list(item.actions.select_related("owner")),
        )
        return context

    def perform(self, form):
        item = self.get_item()
        data = form.cleaned_data
        try:
            services.minutes_save(
                item=item,
                expected_version=data["version"],
                acting_user=self.request.user,
                rationale=data["rationale"],
                decision=data.get("decision", ""),
                to_level=data.get("to_level"),
                sanctions_recommended=data.get("sanctions_recommended", ""),
            )
        except services.MinutesConflict as conflict:
            return self.conflict(form, conflict.current)
        messages.success(self.request, "Minutes saved")
        _, following = selectors.neighbours(item=item)
        if following is not None and "next" in self.request.POST:
            return redirect("panels:item", pk=item.meeting_id, item_pk=following.pk)
        return redirect("panels:item", pk=item.meeting_id, item_pk=item.pk)

    def conflict(self, form, current):
        """Keep this person's text, show the newer minutes, and let a second save (from the
        newer version) replace them knowingly."""
        data = self.request.POST.copy()
        data["version"] = str(current.minutes_version)
        kept = self.get_form_class()(data=data, service_item=current.is_service_item)
        kept.is_valid()
        kept.add_error(None, "Someone else saved these minutes while you were editing")
        self._item = selectors.item_for(meeting=self.get_meeting(), item_pk=current.pk)
        return self.render_to_response(self.get_context_data(form=kept, conflict=self._item))


class ActionAddView(
    LoginRequiredMixin,
    ItemMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Record an action the panel agreed on an item."""

    permission_required = "panels.run_meeting"
    heading = "Add an action"
    form_class = forms.ActionForm

    def get_caption(self) -> str:
        return self.get_item().heading

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "people": selectors.owner_choices()}

    def perform(self, form):
        services.panel_action_add(
            item=self.get_item(), acting_user=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, "Action added")
        return redirect(self.get_back_url() + "#actions")


class ActionDoneView(
    LoginRequiredMixin,
    MeetingMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Mark a panel action done (its owner or a chair)."""

    permission_required = "panels.complete_action"
    heading = "Mark the action as done"
    form_class = forms.ActionDoneForm

    def get_action(self) -> PanelAction:
        if not hasattr(self, "_action"):
            self._action = get_object_or_404(
                PanelAction.objects.select_related("owner", "meeting"),
                pk=self.kwargs["action_pk"],
                meeting__panel=self.get_meeting().panel,
            )
        return self._action

    def get_permission_object(self):
        return self.get_action()

    def get_intro(self) -> str:
        action = self.get_action()
        return f"{action.description} (owner {action.owner}, due {action.due_on:%-d %B %Y})"

    def perform(self, form):
        services.panel_action_complete(
            action=self.get_action(), acting_user=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, "Action marked as done")
        return redirect(self.get_back_url() + "#actions")


class PublishView(
    LoginRequiredMixin,
    MeetingMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Publish the minutes: the decisions go into the risk register."""

    permission_required = "panels.run_meeting"
    heading = "Publish the minutes"
    form_class = forms.PublishForm
    template_name = "panels/publish.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["meeting"] = self.get_meeting()
        context["items"] = selectors.agenda(meeting=self.get_meeting())
        return context

    def perform(self, form):
        meeting = self.get_meeting()
        services.minutes_publish(meeting=meeting, acting_user=self.request.user)
        messages.success(self.request, "Minutes published. The decisions are in the register.")
        return redirect("panels:meeting-detail", pk=meeting.pk)
