"""Reads for notifications: a person sees only their own."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from notifications.models import Notification


def notifications_for(*, user) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def notification_for(*, user, pk: int) -> Notification:
    """One of the user's notifications; anyone else's is a 404."""
    return get_object_or_404(Notification, pk=pk, recipient=user)
