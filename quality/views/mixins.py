"""What the quality pages share: the signed-in request, and the service or visit in the URL as
the object the permission rules check."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.views.generic.base import ContextMixin

from accounts.mixins import SignedInRequest
from providers.mixins import ServiceObjectMixin
from providers.models import Service
from quality import selectors
from quality.models import Visit
from quality.rules import is_home_support


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class ServiceMixin(ServiceObjectMixin):
    """The service in the URL (404 if it cannot be seen) is the object rules check. A page
    about it is captioned with its name and leads back to it (``get_back_url``), unless it
    says otherwise."""

    # Set by the view this is mixed into (for the type checker).
    request: SignedInRequest
    kwargs: dict[str, Any]
    home_support_only = False

    def get_service(self) -> Service:
        if not hasattr(self, "_service"):
            service = selectors.service_for_quality(user=self.request.user, pk=self.kwargs["pk"])
            if self.home_support_only and not is_home_support(service):
                raise Http404("Call monitoring figures are kept for home support services")
            self._service = service
        return self._service

    def service_url(self) -> str:
        return reverse("providers:service-detail", args=[self.get_service().pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["back_url"] = self.get_back_url()
        return context


class VisitMixin(ContextMixin):
    """The visit in the URL (404 if its service cannot be seen) is the object rules check."""

    # Set by the view this is mixed into (for the type checker).
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_visit(self) -> Visit:
        if not hasattr(self, "_visit"):
            self._visit = selectors.visit_for_change(user=self.request.user, pk=self.kwargs["pk"])
        return self._visit

    def get_permission_object(self) -> Visit:
        return self.get_visit()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["visit"] = self.get_visit()
        context["service"] = self.get_visit().service
        return context
