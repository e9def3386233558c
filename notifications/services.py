"""Every change to notifications: raising them, reading them, emailing them."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from core.queue import enqueue, enqueue_on_commit
from notifications import email
from notifications.models import EmailStatus, Notification

logger = logging.getLogger(__name__)

# After this many failed attempts (a Notify outage, say) an email is given up as failed; the
# notification stays in the app either way.
MAX_EMAIL_ATTEMPTS = 5

EMAIL_TASK = "notifications.tasks.notification_email_send_task"


def _refresh_unread(user_ids: Iterable[int]) -> None:
    """Store each user's unread count on the user row, so the header shows it for free."""
    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    User.objects.filter(pk__in=list(user_ids)).update(
        unread_notifications=Coalesce(Subquery(unread), Value(0))
    )


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User | None],
    subject: str,
    body: str,
    reason: str,
    url: str = "",
    acting_user: User | None = None,
) -> list[Notification]:
    """Tell each recipient, in the app and by email, once each.

    Callers pass only what a commissioning colleague may read in an inbox: names of services
    and providers, levels, letters, meetings. Nothing about people receiving care ever goes in
    a notification (ADR 0010). The person who did the thing (``acting_user``) is not told
    about it; inactive accounts are skipped.
    """
    people = {u.pk: u for u in recipients if u is not None and u.is_active}
    if acting_user is not None:
        people.pop(acting_user.pk, None)
    if not people:
        return []
    created = Notification.objects.bulk_create(
        Notification(recipient_id=pk, reason=reason, subject=subject[:200], body=body, url=url)
        for pk in sorted(people)
    )
    _refresh_unread(people)
    for notification in created:
        enqueue_on_commit(EMAIL_TASK, notification.pk)
    return created


@transaction.atomic
def notification_open(*, notification: Notification, acting_user) -> Notification:
    """Mark one of the user's notifications read (opening it)."""
    if notification.recipient_id != acting_user.pk:
        raise PermissionError("This notification is someone else's.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _refresh_unread([acting_user.pk])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, acting_user) -> int:
    """Mark every unread notification of the user read; returns how many there were."""
    count = Notification.objects.filter(recipient=acting_user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    _refresh_unread([acting_user.pk])
    return count


def notification_email_send(*, notification_id: int) -> str:
    """Email one notification, once. Safe to run twice: only a pending email is sent, under a
    row lock. A temporary failure (rate limit, Notify unavailable) leaves it pending for the
    next attempt, up to MAX_EMAIL_ATTEMPTS; a permanent one (a refused address, a bad key)
    marks it failed. Returns the email status."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.email_status != EmailStatus.PENDING:
            return notification.email_status if notification else ""
        notification.email_attempts += 1
        try:
            status, reference = email.send(
                to=notification.recipient.email,
                subject=notification.subject,
                body=notification.body,
                link=absolute_url(notification.url),
                reference=f"oversight-notification-{notification.pk}",
            )
        except email.TemporaryEmailError as error:
            logger.warning("Email for notification %s not sent yet: %s", notification.pk, error)
            notification.email_error = str(error)[:2000]
            if notification.email_attempts >= MAX_EMAIL_ATTEMPTS:
                notification.email_status = EmailStatus.FAILED
        except email.PermanentEmailError as error:
            logger.error("Email for notification %s refused: %s", notification.pk, error)
            notification.email_status = EmailStatus.FAILED
            notification.email_error = str(error)[:2000]
        else:
            notification.email_status = status
            notification.email_reference = reference
            notification.emailed_at = timezone.now()
            notification.email_error = ""
        notification.save(
            update_fields=[
                "email_status",
                "email_reference",
                "emailed_at",
                "email_error",
                "email_attempts",
            ]
        )
        return notification.email_status


def notifications_retry_pending(*, older_than_seconds: int = 120) -> int:
    """Queue again the emails still pending after a temporary failure (beat, every 5 minutes).
    Returns how many were queued."""
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    ids = list(
        Notification.objects.filter(
            email_status=EmailStatus.PENDING, created_at__lt=cutoff
        ).values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        enqueue(EMAIL_TASK, pk)
    return len(ids)


def absolute_url(path: str) -> str:
    """A path inside Oversight as a link for an email."""
    if not path:
        return settings.OVERSIGHT_BASE_URL.rstrip("/") + "/notifications/"
    return settings.OVERSIGHT_BASE_URL.rstrip("/") + path
