"""Incident pages: the list, opening one, its summary and details, the project team, the
communications log, closing it with lessons learned, and the cabinet member briefing.

Each view is thin: sign-in (LoginRequiredMixin), then the permission (django-rules, with the
incident as the object), then a generic view calling one selector or service.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from core.mixins import ServiceFormMixin
from failure_plan import selectors, services
from failure_plan.forms.incidents import (
    CommunicationForm,
    IncidentForm,
    LessonsForm,
    ProviderChoiceForm,
    TeamMemberForm,
)
from failure_plan.models import TeamMember
from failure_plan.views.mixins import IncidentMixin, signed_in_user
from providers.models import Provider, Service, ServiceQuerySet


# --- incidents ----------------------------------------------------------------------------
class IncidentListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Open and closed incidents."""

    permission_required = "failure_plan.view_incidents"
    template_name = "failure_plan/incident_list.html"
    STATUSES = {"open": "Open", "closed": "Closed", "all": "All"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "open")
        if status not in self.STATUSES:
            status = "open"
        context.update(
            {
                "status": status,
                "status_label": self.STATUSES[status],
                "statuses": self.STATUSES,
                "incidents": selectors.incident_list(status=None if status == "all" else status),
                "can_open": self.request.user.has_perm("failure_plan.open_incident"),
            }
        )
        return context


class IncidentOpenView(LoginRequiredMixin, PermissionRequiredMixin, ServiceFormMixin, FormView):
    """Open an incident: choose the provider, then its failed services and the facts."""

    permission_required = "failure_plan.open_incident"
    template_name = "failure_plan/incident_form.html"
    form_class = IncidentForm
    # The service takes the notice as a moment; the form asks for its date.
    service_error_fields = {"notice_at": "notice_date"}

    def get_provider(self) -> Provider | None:
        if not hasattr(self, "_provider"):
            chooser = ProviderChoiceForm(self.request.GET or None)
            self._chooser = chooser
            self._provider = chooser.cleaned_data["provider"] if chooser.is_valid() else None
        return self._provider

    def chosen_provider(self) -> Provider:
        """The provider, for the form: get() and post() show the chooser until one is chosen."""
        provider = self.get_provider()
        assert provider is not None, "the form is shown only once a provider is chosen"
        return provider

    def get(self, request, *args, **kwargs):
        if self.get_provider() is None:
            chooser = self._chooser if request.GET else ProviderChoiceForm()
            return self.render_to_response(
                self.get_context_data(chooser=chooser, form=None, choosing=True)
            )
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.get_provider() is None:
            return redirect("failure_plan:incident-create")
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        provider = self.chosen_provider()
        kwargs["services"] = provider.services.open().order_by("name")
        kwargs["lead_queryset"] = selectors.lead_candidates()
        return kwargs

    def get_initial(self):
        provider = self.chosen_provider()
        services_here = list(provider.services.open())
        now = timezone.localtime()
        initial = {
            "notice_date": now.date(),
            "notice_time": now.strftime("%H:%M"),
            "provider_registered": str(bool(provider.cqc_provider_id)),
            "activity_regulated": str(any(s.cqc_location_id for s in services_here)),
        }
        if self.request.user.has_perm("failure_plan.add_incident"):
            initial["lead"] = self.request.user.pk
        if len(services_here) == 1:
            initial["services"] = [services_here[0].pk]
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["provider"] = self.get_provider() if not kwargs.get("choosing") else None
        context["editing"] = False
        return context

    def perform(self, form):
        incident = services.incident_open(
            acting_user=signed_in_user(self.request), **form.service_data()
        )
        messages.success(self.request, f"Incident opened with {incident.tasks.count()} tasks")
        return redirect("failure_plan:incident-detail", pk=incident.pk)


class IncidentDetailView(LoginRequiredMixin, IncidentMixin, PermissionRequiredMixin, TemplateView):
    """The incident at a glance: the clock, the s48 decision, progress and counts."""

    permission_required = "failure_plan.view_incidents"
    template_name = "failure_plan/incident_detail.html"
    section = "summary"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        summary = selectors.incident_summary(incident=self.get_incident())
        context.update(summary)
        context["approaches"] = selectors.approach_labels(incident=self.get_incident())
        return context


class IncidentUpdateView(
    LoginRequiredMixin, IncidentMixin, PermissionRequiredMixin, ServiceFormMixin, FormView
):
    """Change an incident's details."""

    permission_required = "failure_plan.edit_incident"
    template_name = "failure_plan/incident_form.html"
    form_class = IncidentForm
    service_error_fields = {"notice_at": "notice_date"}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        incident = self.get_incident()
        provider_ids = {s.provider_id for s in incident.services.all()}
        current = {s.pk for s in incident.services.all()}
        kwargs["services"] = Service.objects.filter(
            (Q(provider_id__in=provider_ids) & ServiceQuerySet.open_q()) | Q(pk__in=current)
        ).order_by("name")
        kwargs["lead_queryset"] = selectors.lead_candidates()
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.submit_label = "Save changes"
        form.helper.inputs[0].value = "Save changes"
        return form

    def get_initial(self):
        return IncidentForm.initial_for(self.get_incident())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["editing"] = True
        return context

    def perform(self, form):
        incident = self.get_incident()
        services.incident_update(
            acting_user=signed_in_user(self.request), incident=incident, **form.service_data()
        )
        messages.success(self.request, "Incident details saved")
        return redirect("failure_plan:incident-detail", pk=incident.pk)


class TeamMemberAddView(
    LoginRequiredMixin, IncidentMixin, PermissionRequiredMixin, ServiceFormMixin, FormView
):
    """Put someone on the project team."""

    permission_required = "failure_plan.edit_incident"
    template_name = "failure_plan/team_member_form.html"
    form_class = TeamMemberForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["users"] = selectors.users_for_team()
        return kwargs

    def perform(self, form):
        incident = self.get_incident()
        member = services.team_member_add(
            acting_user=signed_in_user(self.request), incident=incident, **form.cleaned_data
        )
        messages.success(self.request, f"{member.user} added to the project team")
        return redirect("failure_plan:incident-detail", pk=incident.pk)


class TeamMemberRemoveView(LoginRequiredMixin, IncidentMixin, PermissionRequiredMixin, View):
    """Take someone off the project team (a POST from the incident page)."""

    permission_required = "failure_plan.edit_incident"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        incident = self.get_incident()
        member = (
            TeamMember.objects.select_related("user")
            .filter(pk=kwargs["member_pk"], incident=incident)
            .first()
        )
        # Pressing the button twice is harmless: the second press finds nobody to remove.
        if member is not None:
            services.team_member_remove(acting_user=signed_in_user(request), member=member)
            messages.success(request, f"{member.user} taken off the project team")
        return redirect("failure_plan:incident-detail", pk=incident.pk)


# --- communications, closing, briefing ----------------------------------------------------
class CommunicationAddView(
    LoginRequiredMixin, IncidentMixin, PermissionRequiredMixin, ServiceFormMixin, FormView
):
    """Add to the communications log."""

    permission_required = "failure_plan.work_incident"
    template_name = "failure_plan/communication_form.html"
    form_class = CommunicationForm

    def get_initial(self):
        return {"happened_on": timezone.localdate()}

    def perform(self, form):
        incident = self.get_incident()
        services.communication_record(
            acting_user=signed_in_user(self.request), incident=incident, **form.cleaned_data
        )
        messages.success(self.request, "Added to the communications log")
        return redirect(
            reverse("failure_plan:incident-detail", kwargs={"pk": incident.pk}) + "#communications"
        )


class IncidentCloseView(
    LoginRequiredMixin, IncidentMixin, PermissionRequiredMixin, ServiceFormMixin, FormView
):
    """Record the lessons-learned review, which closes the incident."""

    permission_required = "failure_plan.edit_incident"
    template_name = "failure_plan/lessons_form.html"
    form_class = LessonsForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["people"] = selectors.people_figures(incident=self.get_incident(), today=today)
        context["progress"] = selectors.checklist_progress(
            incident=self.get_incident(), today=today
        )
        return context

    def perform(self, form):
        incident = self.get_incident()
        services.incident_close(
            acting_user=signed_in_user(self.request), incident=incident, **form.cleaned_data
        )
        messages.success(self.request, "Lessons learned recorded. The incident is closed.")
        return redirect("failure_plan:incident-detail", pk=incident.pk)


class BriefingView(LoginRequiredMixin, IncidentMixin, PermissionRequiredMixin, View):
    """Start making the cabinet member briefing PDF; the job page shows its progress."""

    permission_required = "failure_plan.brief_incident"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = services.briefing_request(
            acting_user=signed_in_user(request), incident=self.get_incident()
        )
        return redirect("core:job", pk=job.pk)
