"""What the failure plan's pages share: the incident (or person) in the URL as the object the
permissions are checked on, and the access log of every view of the people affected."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.http import HttpRequest
from django.views.generic.base import ContextMixin
from django.views.generic.edit import FormView

from accounts.models import AccessLog, User
from accounts.services import access_log_record
from failure_plan import selectors
from failure_plan.models import AffectedPerson, Incident

INCIDENT_PERMISSIONS = {
    "can_edit": "failure_plan.edit_incident",
    "can_work": "failure_plan.work_incident",
    "can_brief": "failure_plan.brief_incident",
    "can_see_people": "failure_plan.see_people",
    "can_change_people": "failure_plan.change_people",
    "can_export_people": "failure_plan.export_people",
}


def signed_in_user(request: HttpRequest) -> User:
    """The person making the request. Every failure plan view puts LoginRequiredMixin first,
    so by the time a view acts the user is signed in, never anonymous."""
    return cast(User, request.user)


def log_access(request: HttpRequest, obj: Any, action: str = AccessLog.Action.VIEW) -> None:
    access_log_record(
        user=signed_in_user(request),
        obj=obj,
        path=request.get_full_path(),
        action=action,
        ip_address=request.META.get("REMOTE_ADDR"),
    )


class IncidentMixin(ContextMixin):
    """The incident in the URL (404 if missing) as the object permissions are checked on."""

    request: HttpRequest
    kwargs: dict[str, Any]

    def get_incident(self) -> Incident:
        if not hasattr(self, "_incident"):
            self._incident = selectors.incident_for(pk=self.kwargs["pk"])
        return self._incident

    def get_permission_object(self) -> Incident:
        return self.get_incident()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        incident = self.get_incident()
        user = self.request.user
        context["incident"] = incident
        context["perms_incident"] = {
            name: user.has_perm(perm, incident) for name, perm in INCIDENT_PERMISSIONS.items()
        }
        # A page names its tab with ``section`` (some through another mixin).
        context["section"] = getattr(self, "section", "")
        return context


if TYPE_CHECKING:
    # The person pages are template and form views: mypy checks the mixin's get() and
    # form_invalid() against the form view's, which the view it is mixed into provides.
    PersonPage = FormView
else:
    PersonPage = object


class PersonMixin(IncidentMixin, PersonPage):
    """A person on the incident's register (404 if not on it)."""

    log_views = True

    def get_person(self) -> AffectedPerson:
        if not hasattr(self, "_person"):
            self._person = selectors.person_for(
                incident=self.get_incident(), pk=self.kwargs["person_pk"]
            )
        return self._person

    def get(self, request, *args, **kwargs):
        if self.log_views:
            log_access(request, self.get_person())
        return super().get(request, *args, **kwargs)

    def form_invalid(self, form):
        # The page shown again holds the person's details: that is a view too.
        log_access(self.request, self.get_person())
        return super().form_invalid(form)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["person"] = self.get_person()
        return context
