"""The agenda: building it from the register, and the chair adding, moving and removing
items."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views.generic import FormView
from rules.contrib.views import PermissionRequiredMixin

from core.mixins import FormPageMixin, ServiceFormMixin
from panels import forms, services
from panels.mixins import ItemMixin, MeetingMixin, RunMeetingPostView
from providers.models import Service


class AgendaBuildView(RunMeetingPostView):
    """Build (or top up) the agenda from the register."""

    def act(self, request) -> str:
        added = services.agenda_build(meeting=self.get_meeting(), acting_user=request.user)
        return f"Agenda built: {added} item{'s' if added != 1 else ''} added"


class ItemAddView(
    LoginRequiredMixin,
    MeetingMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """The chair adds a service or other business to the agenda."""

    permission_required = "panels.run_meeting"
    heading = "Add an agenda item"
    form_class = forms.ItemAddForm

    def get_form_kwargs(self):
        services_qs = Service.objects.open().order_by("name")
        return {**super().get_form_kwargs(), "services": services_qs}

    def perform(self, form):
        services.agenda_item_add(
            meeting=self.get_meeting(), acting_user=self.request.user, **form.cleaned_data
        )
        messages.success(self.request, "Added to the agenda")
        return redirect(self.get_back_url() + "#agenda")


class ItemMoveView(ItemMixin, RunMeetingPostView):
    """Move an agenda item up or down."""

    def act(self, request) -> str:
        services.agenda_item_move(
            item=self.get_item(),
            direction=request.POST.get("direction", ""),
            acting_user=request.user,
        )
        return ""


class ItemRemoveView(ItemMixin, RunMeetingPostView):
    """Take an item off the agenda."""

    def act(self, request) -> str:
        heading = self.get_item().heading
        services.agenda_item_remove(item=self.get_item(), acting_user=request.user)
        return f"Removed from the agenda: {heading}"
