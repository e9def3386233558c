"""View mixins every app's form pages share: the page around the form, and what happens to a
valid form (one service call, its ValidationError shown on the form)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from core.forms import apply_service_errors

if TYPE_CHECKING:
    from django.views.generic.base import ContextMixin, TemplateResponseMixin
    from django.views.generic.edit import FormMixin
    from django_stubs_ext import StrOrPromise

    # The views these mixins go into, for the type checker; at run time they stay plain
    # classes, so they add nothing to a view's method resolution order.
    class _FormPageBase(TemplateResponseMixin, ContextMixin): ...

    _ServiceFormBase = FormMixin
else:
    _FormPageBase = _ServiceFormBase = object


class FormPageMixin(_FormPageBase):
    """Gives core/form_page.html its heading, caption, introduction and back link.

    ``heading``, ``intro`` and ``back_url`` are fixed; a page whose words depend on its object
    overrides ``get_heading`` or ``get_intro``, and a page about one object overrides
    ``get_back_url`` (and ``get_caption``) to lead back to it."""

    template_name: str | None = "core/form_page.html"
    heading: StrOrPromise = ""
    intro: StrOrPromise = ""
    back_url: StrOrPromise = ""

    def get_heading(self) -> str:
        return str(self.heading)

    def get_caption(self) -> str:
        return ""

    def get_intro(self) -> str:
        return str(self.intro)

    def get_back_url(self) -> str:
        return str(self.back_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "heading": self.get_heading(),
                "caption": self.get_caption(),
                "back_url": self.get_back_url(),
                "intro": self.get_intro(),
            }
        )
        return context


class ServiceFormMixin(_ServiceFormBase):
    """A valid form goes to one service call, in ``perform``, which returns the response (a
    redirect, or the page again with a result). A ValidationError the service raises is put on
    the form, by field where the form has that field, and the form is shown again.

    ``service_error_fields`` maps a service's argument names to the form's field names where
    they differ, so those errors land on the right field."""

    service_error_fields: dict[str, str] = {}

    def perform(self, form):
        raise NotImplementedError(f"{type(self).__name__} must define perform(form)")

    def form_valid(self, form):
        try:
            return self.perform(form)
        except ValidationError as error:
            apply_service_errors(form, error, rename=self.service_error_fields)
            return self.form_invalid(form)
