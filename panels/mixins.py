"""What the panels' pages share: the meeting (and agenda item) in the URL, and the chair's
POST-only buttons."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from panels import selectors


class MeetingMixin:
    """Looks up the meeting in the URL among those the user may see (404 otherwise)."""

    # Set by the view this is mixed into (for the type checker).
    request: HttpRequest
    kwargs: dict[str, Any]

    permission_required = "panels.see_meeting"

    def get_meeting(self):
        if not hasattr(self, "_meeting"):
            self._meeting = selectors.meeting_for(user=self.request.user, pk=self.kwargs["pk"])
        return self._meeting

    def get_permission_object(self):
        return self.get_meeting()

    def get_caption(self) -> str:
        return self.get_meeting().reference

    def get_back_url(self) -> str:
        return reverse("panels:meeting-detail", args=[self.get_meeting().pk])


class ItemMixin(MeetingMixin):
    """Looks up the agenda item in the URL, within the meeting."""

    def get_item(self):
        if not hasattr(self, "_item"):
            self._item = selectors.item_for(
                meeting=self.get_meeting(), item_pk=self.kwargs["item_pk"]
            )
        return self._item

    def get_back_url(self) -> str:
        return reverse("panels:item", args=[self.get_meeting().pk, self.get_item().pk])


class RunMeetingPostView(LoginRequiredMixin, MeetingMixin, PermissionRequiredMixin, View):
    """Base for the chair's buttons: POST only, then back to the meeting."""

    permission_required = "panels.run_meeting"
    http_method_names = ["post"]

    def act(self, request) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        try:
            message = self.act(request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if message:
                messages.success(request, message)
        return redirect(self.get_redirect())

    def get_redirect(self) -> str:
        return reverse("panels:meeting-detail", args=[self.get_meeting().pk]) + "#agenda"
