"""View mixins other apps use for pages about one service (escalation's level and letter forms
as well as the register's own). They need the Service model and the providers selectors, so
they live here rather than in core."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from providers import selectors
from providers.models import Service

if TYPE_CHECKING:
    from django.views.generic.base import ContextMixin, TemplateResponseMixin, View

    from accounts.mixins import SignedInRequest

    # The signed-in views this mixes into, for the type checker; a plain class at run time.
    class _ServicePageBase(TemplateResponseMixin, ContextMixin, View):
        request: SignedInRequest

else:
    _ServicePageBase = object


class ServiceObjectMixin(_ServicePageBase):
    """Looks up the service in the URL (404 if missing) as the object to check rules against."""

    def get_service(self) -> Service:
        if not hasattr(self, "_service"):
            self._service = selectors.service_for_change(
                user=self.request.user, pk=self.kwargs["pk"]
            )
        return self._service

    def get_permission_object(self):
        return self.get_service()

    # A form about one service is captioned with its name and leads back to its page.
    def get_caption(self) -> str:
        return self.get_service().name

    def get_back_url(self) -> str:
        return reverse("providers:service-detail", args=[self.get_service().pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["service"] = self.get_service()
        return context
