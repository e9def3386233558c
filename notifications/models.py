"""Notifications: a message to one person about something that happened in Oversight.

A notification names services, providers, levels, letters and meetings — never anything about
the people receiving care (docs/adr/0010-notifications.md). It is shown in the app and, when
the recipient's address allows, emailed once through GOV.UK Notify (or printed to the console
when no Notify key is set).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Reason(models.TextChoices):
    LEVEL_CHANGE = "level_change", "Risk level"
    SANCTION = "sanction", "Sanction"
    LETTER = "letter", "Letter"
    ESCALATION_TASK = "escalation_task", "Briefing task"
    PANEL = "panel", "Panel meeting"


class EmailStatus(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    SENT = "sent", "Sent through GOV.UK Notify"
    CONSOLE = "console", "Printed to the console (no Notify key)"
    FAILED = "failed", "Could not be sent"


class Notification(models.Model):
    """One message to one person. Read when they open it or mark everything read."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    reason = models.CharField(max_length=30, choices=Reason.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # A path inside Oversight (``/services/12/level/``); emails make it absolute.
    url = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        max_length=20, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_reference = models.CharField(max_length=64, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} (to {self.recipient})"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
