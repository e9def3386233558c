"""Background work for notifications: emails go out after the change commits."""

from __future__ import annotations

from celery import shared_task

from core.audit import acting_as
from notifications.services import notification_email_send, notifications_retry_pending


@shared_task(acks_late=True, soft_time_limit=30, time_limit=45)
def notification_email_send_task(notification_id: int) -> str:
    """Email one notification. Safe to run twice: only a pending email is sent."""
    with acting_as(None, process="notifications.notification_email_send_task"):
        return notification_email_send(notification_id=notification_id)


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180)
def notifications_retry_pending_task() -> int:
    """Every few minutes: try again the emails a temporary failure left pending."""
    # Not one transaction: it only enqueues a task for each pending email.
    with acting_as(None, process="notifications.notifications_retry_pending_task", atomic=False):
        return notifications_retry_pending()
