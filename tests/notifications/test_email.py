"""Emails for notifications: GOV.UK Notify when a key is set (against a local server that
answers with Notify's documented responses), the console when it is not; once each, retried
after temporary failures, given up after permanent ones."""

from __future__ import annotations

import pytest
from django.core import mail

from notifications.models import EmailStatus, Notification, Reason
from notifications.services import (
    MAX_EMAIL_ATTEMPTS,
    notification_email_send,
    notifications_retry_pending,
    notify,
)
from tests.notifications.notify_server import API_KEY, TEMPLATE_ID, NotifyServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def notify_api(settings):
    with NotifyServer() as server:
        settings.GOVUK_NOTIFY_API_KEY = API_KEY
        settings.GOVUK_NOTIFY_TEMPLATE_ID = TEMPLATE_ID
        settings.GOVUK_NOTIFY_BASE_URL = server.url
        settings.OVERSIGHT_BASE_URL = "https://oversight.northmoor.test"
        yield server


def _one(officer) -> Notification:
    (notification,) = notify(
        recipients=[officer],
        subject="Willow Court: now level 2",
        body="Willow Court moved from level 1 to level 2.",
        url="/services/7/level/",
        reason=Reason.LEVEL_CHANGE,
    )
    return notification


def test_with_a_key_the_email_goes_through_notify_signed_and_with_the_template(notify_api, officer):
    notification = _one(officer)
    assert notification_email_send(notification_id=notification.pk) == EmailStatus.SENT
    (request,) = notify_api.state.requests
    assert request["authorised"] is True
    assert request["body"] == {
        "email_address": officer.email,
        "template_id": TEMPLATE_ID,
        "personalisation": {
            "subject": "Willow Court: now level 2",
            "body": "Willow Court moved from level 1 to level 2.",
            "link": "https://oversight.northmoor.test/services/7/level/",
        },
        "reference": f"oversight-notification-{notification.pk}",
    }
    notification.refresh_from_db()
    assert notification.email_reference == "740e5834-3a29-46b4-9a6f-16142fde533a"
    assert notification.emailed_at is not None and notification.email_attempts == 1
    assert mail.outbox == []


def test_an_email_is_sent_once_however_often_the_task_runs(notify_api, officer):
    notification = _one(officer)
    notification_email_send(notification_id=notification.pk)
    notification_email_send(notification_id=notification.pk)
    assert len(notify_api.state.requests) == 1


def test_a_rate_limit_or_outage_leaves_the_email_pending_and_the_retry_sends_it(
    notify_api, officer
):
    notify_api.state.script = [429, 500]
    notification = _one(officer)
    assert notification_email_send(notification_id=notification.pk) == EmailStatus.PENDING
    notification.refresh_from_db()
    assert "429" in notification.email_error and "RateLimitError" in notification.email_error
    assert notification_email_send(notification_id=notification.pk) == EmailStatus.PENDING
    # The beat job queues what is still pending (tasks run in-process in tests).
    Notification.objects.filter(pk=notification.pk).update(
        created_at=notification.created_at.replace(year=notification.created_at.year - 1)
    )
    assert notifications_retry_pending() == 1
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert (notification.email_attempts, notification.email_error) == (3, "")


def test_an_email_is_given_up_after_the_last_attempt(notify_api, officer):
    notify_api.state.script = [500] * MAX_EMAIL_ATTEMPTS
    notification = _one(officer)
    for _ in range(MAX_EMAIL_ATTEMPTS):
        notification_email_send(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.FAILED
    assert notification_email_send(notification_id=notification.pk) == EmailStatus.FAILED
    assert len(notify_api.state.requests) == MAX_EMAIL_ATTEMPTS


@pytest.mark.parametrize(
    "status, words",
    [(400, "team-only API key"), (403, "Invalid token: API key not found")],
)
def test_a_refusal_fails_at_once_with_notifys_reason(notify_api, officer, status, words):
    notify_api.state.script = [status]
    notification = _one(officer)
    assert notification_email_send(notification_id=notification.pk) == EmailStatus.FAILED
    notification.refresh_from_db()
    assert words in notification.email_error and str(status) in notification.email_error
    # The notification itself is still there to read in the app.
    officer.refresh_from_db()
    assert officer.unread_notifications == 1


def test_a_wrong_key_is_refused_by_notify(notify_api, officer, settings):
    settings.GOVUK_NOTIFY_API_KEY = API_KEY[:-36] + "00000000-0000-0000-0000-000000000000"
    notification = _one(officer)
    assert notification_email_send(notification_id=notification.pk) == EmailStatus.FAILED
    assert notify_api.state.requests[0]["authorised"] is False


def test_without_a_key_the_email_goes_to_the_console(settings, officer):
    settings.GOVUK_NOTIFY_API_KEY = ""
    settings.OVERSIGHT_BASE_URL = "http://127.0.0.1:8000"
    notification = _one(officer)
    assert notification_email_send(notification_id=notification.pk) == EmailStatus.CONSOLE
    (message,) = mail.outbox
    assert message.to == [officer.email]
    assert message.subject == "Willow Court: now level 2"
    assert "http://127.0.0.1:8000/services/7/level/" in message.body


def test_emails_are_queued_when_the_change_commits(
    settings, officer, django_capture_on_commit_callbacks
):
    settings.GOVUK_NOTIFY_API_KEY = ""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = _one(officer)
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.CONSOLE and len(mail.outbox) == 1
