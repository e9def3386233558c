"""The notifications page: what happened that concerns you."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import ListView

from core.pagination import pagination
from notifications.selectors import notification_for, notifications_for
from notifications.services import notification_open, notifications_mark_all_read


class NotificationListView(ListView):
    """Your notifications, newest first, unread ones marked."""

    template_name = "notifications/list.html"
    context_object_name = "notifications"
    paginate_by = 50

    def get_queryset(self):
        return notifications_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pagination"] = pagination(context["page_obj"])
        return context


class NotificationOpenView(View):
    """Open a notification: mark it read and go to what it is about."""

    def get(self, request, pk):
        notification = notification_for(user=request.user, pk=pk)
        notification_open(notification=notification, acting_user=request.user)
        target = notification.url
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(target)
        return redirect("notifications:list")


class NotificationsMarkReadView(View):
    """Mark every notification read."""

    def post(self, request):
        count = notifications_mark_all_read(acting_user=request.user)
        if count:
            messages.success(
                request,
                f"{count} notification{'s' if count != 1 else ''} marked as read",
            )
        return redirect("notifications:list")
