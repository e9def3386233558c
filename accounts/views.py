"""Sign in, sign out, two-factor set-up and verification, the account page and audit trails."""

from __future__ import annotations

import base64
import io
import time

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import redirect, resolve_url
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.forms import SignInForm, TokenForm
from accounts.middleware import SESSION_LAST_SEEN, SESSION_STARTED
from accounts.selectors import audit_trail_for


class SignInView(auth_views.LoginView):
    """Sign in with email and password; lockout is enforced by django-axes."""

    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session[SESSION_STARTED] = time.time()
        self.request.session[SESSION_LAST_SEEN] = time.time()
        return response


class SignOutView(auth_views.LogoutView):
    """Sign out (POST only) and show the signed-out page."""


@method_decorator(login_not_required, name="dispatch")
class SignedOutView(TemplateView):
    """Confirms that the person has signed out."""

    template_name = "accounts/signed_out.html"


def _safe_next(request) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class TwoFactorSetupView(FormView):
    """Pair an authenticator app: show a QR code and the key, then check a first code."""

    template_name = "accounts/two_factor_setup.html"
    form_class = TokenForm

    def get_device(self) -> TOTPDevice:
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=self.request.user, name="Authenticator app", confirmed=False
            )
        return device

    def dispatch(self, request, *args, **kwargs):
        if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
            return redirect("accounts:two-factor-verify")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["device"] = self.get_device()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = self.get_device()
        image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
        buffer = io.BytesIO()
        image.save(buffer)
        context["qr_data_uri"] = (
            "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
        )
        context["secret"] = base64.b32encode(device.bin_key).decode().rstrip("=")
        return context

    def form_valid(self, form):
        device = form.device
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(self.request, device)
        return redirect(_safe_next(self.request))


class TwoFactorVerifyView(FormView):
    """Ask for the current code from the person's authenticator app."""

    template_name = "accounts/two_factor_verify.html"
    form_class = TokenForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["device"] = TOTPDevice.objects.filter(user=self.request.user, confirmed=True).first()
        return kwargs

    def dispatch(self, request, *args, **kwargs):
        if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
            return redirect("accounts:two-factor-setup")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        otp_login(self.request, form.device)
        return redirect(_safe_next(self.request))


class AccountView(TemplateView):
    """The signed-in person's own details, role and two-factor status."""

    template_name = "accounts/account.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["has_two_factor"] = TOTPDevice.objects.filter(
            user=self.request.user, confirmed=True
        ).exists()
        return context


class AuditTrailView(PermissionRequiredMixin, TemplateView):
    """Every recorded change to one record, and every recorded view of it (administrators)."""

    permission_required = "accounts.view_audit_trail"
    template_name = "accounts/audit_trail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            content_type = ContentType.objects.get_by_natural_key(
                self.kwargs["app_label"], self.kwargs["model"]
            )
            obj = content_type.get_object_for_this_type(pk=self.kwargs["pk"])
        except Exception as exc:
            raise Http404("No such record") from exc
        context.update(audit_trail_for(obj))
        context["object"] = obj
        model = content_type.model_class()
        assert model is not None  # get_object_for_this_type found a record of it
        context["model_name"] = model._meta.verbose_name
        return context
