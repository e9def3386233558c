"""The people affected by a failure: the register, one person, adding and changing them, the
wellbeing check, importing and exporting them. Every page that shows their names, and every
export of them, writes the access log (docs/adr/0003-affected-people-access.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View
from django.views.generic.edit import FormMixin
from rules.contrib.views import PermissionRequiredMixin

from accounts.models import AccessLog
from core.csv_import import template_response
from core.mixins import ServiceFormMixin
from failure_plan import exports, selectors, services
from failure_plan.forms.common import CSVUploadForm
from failure_plan.forms.people import PersonForm, WellbeingCheckForm
from failure_plan.models import Incident
from failure_plan.rules.dates import WellbeingState, person_is_placed, wellbeing_check_state
from failure_plan.rules.duties import responsibility_for
from failure_plan.services import people as people_services
from failure_plan.views.mixins import IncidentMixin, PersonMixin, log_access, signed_in_user

# --- people -------------------------------------------------------------------------------
WELLBEING_LABELS: dict[str, str] = {
    WellbeingState.NOT_MOVED: "After the move",
    WellbeingState.UPCOMING: "Not due yet",
    WellbeingState.DUE: "Due",
    WellbeingState.OVERDUE: "Overdue",
    WellbeingState.DONE: "Done",
}
WELLBEING_TAGS: dict[str, str] = {
    WellbeingState.NOT_MOVED: "govuk-tag--grey",
    WellbeingState.UPCOMING: "govuk-tag--blue",
    WellbeingState.DUE: "govuk-tag--yellow",
    WellbeingState.OVERDUE: "govuk-tag--red",
    WellbeingState.DONE: "govuk-tag--green",
}


def _person_rows(people, today):
    rows = []
    for person in people:
        who = responsibility_for(
            funding=person.funding,
            placing_council=person.placing_council.name if person.placing_council else "",
        )
        window = person.wellbeing_window
        wellbeing = wellbeing_check_state(
            move_date=person.move_date, checked_on=person.wellbeing_checked_on, today=today
        )
        rows.append(
            {
                "person": person,
                "responsibility": who,
                "reservation": person.live_reservations[0] if person.live_reservations else None,
                "placed": person_is_placed(
                    has_destination=person.has_destination,
                    move_date=person.move_date,
                    today=today,
                ),
                "window": window,
                "wellbeing": wellbeing,
                "wellbeing_label": WELLBEING_LABELS[wellbeing],
                "wellbeing_tag": WELLBEING_TAGS[wellbeing],
            }
        )
    return rows


class PeopleListView(LoginRequiredMixin, IncidentMixin, PermissionRequiredMixin, TemplateView):
    """Everyone receiving care at the failed services. Each view is written to the access log."""

    permission_required = "failure_plan.see_people"
    template_name = "failure_plan/people_list.html"
    section = "people"

    def get(self, request, *args, **kwargs):
        log_access(request, self.get_incident())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident = self.get_incident()
        today = timezone.localdate()
        show = self.request.GET.get("show", "")
        if show not in selectors.PEOPLE_FILTERS:
            show = ""
        people = list(selectors.people_for(incident=incident, show=show, today=today))
        context.update(
            {
                "rows": _person_rows(people, today),
                "show": show,
                "show_label": selectors.PEOPLE_FILTERS.get(show, ""),
                "filters": selectors.PEOPLE_FILTERS,
                "figures": selectors.people_figures(incident=incident, today=today),
                "today": today,
            }
        )
        return context


class PersonDetailView(LoginRequiredMixin, PersonMixin, PermissionRequiredMixin, TemplateView):
    """One person: their details, who is responsible, their move and wellbeing check."""

    permission_required = "failure_plan.see_people"
    template_name = "failure_plan/person_detail.html"
    section = "people"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["row"] = _person_rows([self.get_person()], today)[0]
        context["can_reserve"] = self.request.user.has_perm(
            "failure_plan.change_people", self.get_incident()
        ) and self.request.user.has_perm("failure_plan.view_capacity")
        return context


class PersonFormMixin(FormMixin):
    """The person form, offering the incident's services (the view puts IncidentMixin first)."""

    form_class = PersonForm
    template_name: str | None = "failure_plan/person_form.html"
    section = "people"
    get_incident: Callable[[], Incident]

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["incident_services"] = self.get_incident().services.all()
        return kwargs


class PersonAddView(
    LoginRequiredMixin,
    IncidentMixin,
    PermissionRequiredMixin,
    PersonFormMixin,
    ServiceFormMixin,
    FormView,
):
    """Add someone to the register by hand."""

    permission_required = "failure_plan.change_people"

    def get_initial(self):
        initial: dict[str, Any] = {"review_status": "not_started"}
        services_here = list(self.get_incident().services.all())
        if len(services_here) == 1:
            initial["service"] = services_here[0].pk
        return initial

    def perform(self, form):
        incident = self.get_incident()
        services.person_add(
            acting_user=signed_in_user(self.request), incident=incident, **form.service_data()
        )
        messages.success(self.request, "Person added")
        if "add_another" in self.request.POST:
            return redirect("failure_plan:person-add", pk=incident.pk)
        return redirect("failure_plan:people-list", pk=incident.pk)


class PersonUpdateView(
    LoginRequiredMixin,
    PersonMixin,
    PermissionRequiredMixin,
    PersonFormMixin,
    ServiceFormMixin,
    FormView,
):
    """Change a person's details, review, destination or move date."""

    permission_required = "failure_plan.change_people"

    def get_initial(self):
        return PersonForm.initial_for(self.get_person())

    def perform(self, form):
        person = self.get_person()
        services.person_update(
            acting_user=signed_in_user(self.request), person=person, **form.service_data()
        )
        messages.success(self.request, "Details saved")
        return redirect("failure_plan:person-detail", pk=person.incident_id, person_pk=person.pk)


class WellbeingCheckView(
    LoginRequiredMixin, PersonMixin, PermissionRequiredMixin, ServiceFormMixin, FormView
):
    """Record the wellbeing check 4 to 6 weeks after the move."""

    permission_required = "failure_plan.change_people"
    template_name = "failure_plan/wellbeing_form.html"
    form_class = WellbeingCheckForm
    section = "people"

    def get_initial(self):
        person = self.get_person()
        return {"checked_on": person.wellbeing_checked_on, "notes": person.wellbeing_notes}

    def perform(self, form):
        person = self.get_person()
        services.wellbeing_check_record(
            acting_user=signed_in_user(self.request), person=person, **form.cleaned_data
        )
        messages.success(self.request, "Wellbeing check saved")
        return redirect("failure_plan:people-list", pk=person.incident_id)


class PeopleImportView(
    LoginRequiredMixin, IncidentMixin, PermissionRequiredMixin, ServiceFormMixin, FormView
):
    """Upload everyone at once from a CSV file: all rows are added, or none are."""

    permission_required = "failure_plan.change_people"
    template_name = "failure_plan/people_import.html"
    form_class = CSVUploadForm
    section = "people"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = people_services.COLUMNS
        return context

    def perform(self, form):
        incident = self.get_incident()
        try:
            result = services.people_import(
                acting_user=signed_in_user(self.request),
                incident=incident,
                upload=form.cleaned_data["file"],
            )
        except services.ImportRejected as rejected:
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=rejected.errors)
            )
        messages.success(
            self.request, f"{result.created} {'person' if result.created == 1 else 'people'} added"
        )
        return redirect("failure_plan:people-list", pk=incident.pk)


class PeopleImportTemplateView(LoginRequiredMixin, IncidentMixin, PermissionRequiredMixin, View):
    """The CSV template for importing people: headings and one made-up example."""

    permission_required = "failure_plan.change_people"

    def get(self, request, *args, **kwargs):
        return template_response(people_services.PeopleImport(incident=self.get_incident()))


class PeopleExportView(LoginRequiredMixin, IncidentMixin, PermissionRequiredMixin, View):
    """The people as CSV, for authorised roles only. Each export is written to the access log."""

    permission_required = "failure_plan.export_people"

    def get(self, request, *args, **kwargs):
        incident = self.get_incident()
        today = timezone.localdate()
        people = list(selectors.people_for(incident=incident, today=today))
        log_access(request, incident, AccessLog.Action.EXPORT)
        rows = _person_rows(people, today)
        response = HttpResponse(exports.people_csv(rows), content_type="text/csv; charset=utf-8")
        filename = f"{incident.reference}-people-{today:%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response


# --- capacity -----------------------------------------------------------------------------
