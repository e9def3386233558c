"""Session limits and the two-factor requirement, applied to every request."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from pghistory.middleware import HistoryMiddleware

SESSION_STARTED = "oversight_started_at"
SESSION_LAST_SEEN = "oversight_last_seen_at"


class SessionLifetimeMiddleware:
    """Sign people out after a period without activity, and after an absolute lifetime.

    The idle limit protects an unattended screen; the absolute limit makes even an active
    session re-authenticate once a working day.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            started = request.session.get(SESSION_STARTED)
            last_seen = request.session.get(SESSION_LAST_SEEN)
            if started is None:
                request.session[SESSION_STARTED] = started = now
            idle_limit = settings.OVERSIGHT_IDLE_TIMEOUT_MINUTES * 60
            max_age = settings.OVERSIGHT_SESSION_MAX_HOURS * 3600
            reason = None
            if last_seen is not None and now - last_seen > idle_limit:
                reason = (
                    f"You were signed out because you had not used Oversight for "
                    f"{settings.OVERSIGHT_IDLE_TIMEOUT_MINUTES} minutes. Sign in again to continue."
                )
            elif now - started > max_age:
                reason = (
                    f"You were signed out because you had been signed in for "
                    f"{settings.OVERSIGHT_SESSION_MAX_HOURS} hours. Sign in again to continue."
                )
            if reason:
                logout(request)
                messages.info(request, reason)
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """When two-factor is required, a signed-in user must set up or enter a code first."""

    ALWAYS_ALLOWED = ("/static/", "/healthz", "/accessibility", "/privacy", "/cookies")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.OVERSIGHT_REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(self.ALWAYS_ALLOWED)
        ):
            allowed = {
                reverse("accounts:two-factor-setup"),
                reverse("accounts:two-factor-verify"),
                reverse("accounts:sign-out"),
            }
            if request.path not in allowed:
                from django_otp import devices_for_user

                has_device = any(True for _ in devices_for_user(user, confirmed=True))
                target = "accounts:two-factor-verify" if has_device else "accounts:two-factor-setup"
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


class HistoryContextMiddleware(HistoryMiddleware):
    """Attach who made a change (id and email) and where, to every pghistory event."""

    def get_context(self, request):
        context = super().get_context(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context["user_email"] = user.email
        return context
