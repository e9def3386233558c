"""Typed views for signed-in people: behind LoginRequiredMixin, ``request.user`` is a User."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest

from accounts.models import User

if TYPE_CHECKING:
    from django.views.generic.base import TemplateResponseMixin, View

    # For the type checker the mixin is a view, so its ``request`` overrides the views' own
    # declaration instead of clashing with it; at run time it is LoginRequiredMixin alone.
    class _SignedInBase(LoginRequiredMixin, TemplateResponseMixin, View): ...

else:
    _SignedInBase = LoginRequiredMixin


class SignedInRequest(HttpRequest):
    """A request from someone signed in, for the type checker: ``user`` is never anonymous.
    Never instantiated; views that require sign-in declare their ``request`` with it."""

    user: User


class SignedInMixin(_SignedInBase):
    """LoginRequiredMixin, with ``request`` typed as a signed-in person's request."""

    request: SignedInRequest
