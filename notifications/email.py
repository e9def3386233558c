"""Sending one email: through GOV.UK Notify when a key is set, else to the console.

Notify sends from a template the council sets up once in its Notify account, with three
placeholders: ``((subject))``, ``((body))`` and ``((link))`` (docs/operations.md). Without
``GOVUK_NOTIFY_API_KEY`` the email goes to Django's console backend, so a developer sees it in
the ``make run`` output.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from notifications_python_client.errors import APIError, HTTPError
from notifications_python_client.notifications import NotificationsAPIClient
from requests import RequestException

from notifications.models import EmailStatus


class TemporaryEmailError(Exception):
    """Worth trying again later: Notify rate-limited us, was down, or could not be reached."""


class PermanentEmailError(Exception):
    """Trying again will not help: Notify refused the request (address, key, template)."""


def _notify_client() -> NotificationsAPIClient:
    return NotificationsAPIClient(
        settings.GOVUK_NOTIFY_API_KEY, base_url=settings.GOVUK_NOTIFY_BASE_URL, timeout=10
    )


def _describe(error: APIError) -> str:
    message = error.message
    if isinstance(message, list):
        message = "; ".join(f"{m.get('error')}: {m.get('message')}" for m in message)
    return f"{error.status_code} {message}"


def send(*, to: str, subject: str, body: str, link: str, reference: str) -> tuple[str, str]:
    """Send one email; returns (email status, Notify's notification id or "")."""
    if not settings.GOVUK_NOTIFY_API_KEY:
        send_mail(
            subject=subject,
            message=f"{body}\n\n{link}\n",
            from_email=None,
            recipient_list=[to],
        )
        return EmailStatus.CONSOLE, ""
    try:
        response = _notify_client().send_email_notification(
            email_address=to,
            template_id=settings.GOVUK_NOTIFY_TEMPLATE_ID,
            personalisation={"subject": subject, "body": body, "link": link},
            reference=reference,
        )
    except HTTPError as error:
        if error.status_code == 429 or error.status_code >= 500:
            raise TemporaryEmailError(_describe(error)) from error
        raise PermanentEmailError(_describe(error)) from error
    except (APIError, RequestException) as error:
        raise TemporaryEmailError(str(error)) from error
    return EmailStatus.SENT, str(response.get("id", ""))
