"""Pages of the failure plan: the playbook, incidents, their checklist, the people affected,
the vacancy finder, the communications log, closing with lessons learned and the briefing.

Each view is thin: sign-in (LoginRequiredMixin), then the permission (django-rules, with the
incident as the object), then a generic view calling one selector or service. Every page that
shows the names of people affected, and every export of them, writes the access log.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from accounts.models import AccessLog
from accounts.services import access_log_record
from core.csv_import import template_response
from core.mixins import ServiceFormMixin
from failure_plan import exports, selectors, services
from failure_plan.forms import (
    ChecklistTaskForm,
    CommunicationForm,
    CSVUploadForm,
    FinderForm,
    IncidentForm,
    LessonsForm,
    PersonForm,
    ProviderChoiceForm,
    ReserveForm,
    TeamMemberForm,
    VacancyForm,
    WellbeingCheckForm,
)
from failure_plan.models import ChecklistTask, Incident, TeamMember
from failure_plan.rules import (
    WellbeingState,
    person_is_placed,
    responsibility_for,
    wellbeing_check_state,
)
from failure_plan.services import people as people_services
from failure_plan.services.capacity import VacanciesImport
from failure_plan.services.incidents import lead_candidates
from providers.models import Provider, Service, ServiceQuerySet

INCIDENT_PERMISSIONS = {
    "can_edit": "failure_plan.edit_incident",
    "can_work": "failure_plan.work_incident",
    "can_brief": "failure_plan.brief_incident",
    "can_see_people": "failure_plan.see_people",
    "can_change_people": "failure_plan.change_people",
    "can_export_people": "failure_plan.export_people",
}


def log_access(request, obj, action: str = AccessLog.Action.VIEW) -> None:
    access_log_record(
        user=request.user,
        obj=obj,
        path=request.get_full_path(),
        action=action,
        ip_address=request.META.get("REMOTE_ADDR"),
    )


# --- mixins -------------------------------------------------------------------------------
class IncidentMixin:
    """The incident in the URL (404 if missing) as the object permissions are checked on."""

    def get_incident(self) -> Incident:
        if not hasattr(self, "_incident"):
            self._incident = selectors.incident_for(pk=self.kwargs["pk"])
        return self._incident

    def get_permission_object(self):
        return self.get_incident()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident = self.get_incident()
        user = self.request.user
        context["incident"] = incident
        context["perms_incident"] = {
            name: user.has_perm(perm, incident) for name, perm in INCIDENT_PERMISSIONS.items()
        }
        context["section"] = getattr(self, "section", "")
        return context


class PersonMixin(IncidentMixin):
    """A person on the incident's register (404 if not on it)."""

    log_views = True

    def get_person(self):
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.get_person()
        return context


# --- the playbook -------------------------------------------------------------------------
class PlaybookView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The scenarios and the stakeholder matrix."""

    permission_required = "failure_plan.view_playbook"
    template_name = "failure_plan/playbook.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **selectors.playbook()}


class ChecklistTemplateView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The checklist every incident starts from, by area, with the approaches of each task."""

    permission_required = "failure_plan.view_playbook"
    template_name = "failure_plan/checklist_template.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = selectors.checklist_template()
        context["groups"] = groups
        context["task_count"] = sum(len(group["tasks"]) for group in groups)
        return context


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
        provider = self.get_provider()
        kwargs["services"] = provider.services.open().order_by("name")
        kwargs["lead_queryset"] = lead_candidates()
        return kwargs

    def get_initial(self):
        provider = self.get_provider()
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
        incident = services.incident_open(acting_user=self.request.user, **form.service_data())
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
        context["approaches"] = _approach_labels(self.get_incident())
        return context


def _approach_labels(incident: Incident) -> list[str]:
    from failure_plan.models import Approach
    from failure_plan.rules import approaches_for

    found = approaches_for(
        {s.service_type for s in incident.services.all()}, selectors.scenario_map()
    )
    return [Approach(a).label for a in found]


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
        kwargs["lead_queryset"] = lead_candidates()
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
            acting_user=self.request.user, incident=incident, **form.service_data()
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
            acting_user=self.request.user, incident=incident, **form.cleaned_data
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
            services.team_member_remove(acting_user=request.user, member=member)
            messages.success(request, f"{member.user} taken off the project team")
        return redirect("failure_plan:incident-detail", pk=incident.pk)


# --- the checklist ------------------------------------------------------------------------
class ChecklistView(LoginRequiredMixin, IncidentMixin, PermissionRequiredMixin, TemplateView):
    """The incident's checklist as a GOV.UK task list, by area."""

    permission_required = "failure_plan.view_incidents"
    template_name = "failure_plan/checklist.html"
    section = "checklist"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident = self.get_incident()
        today = timezone.localdate()
        context.update(
            {
                "groups": selectors.checklist_for(incident=incident),
                "progress": selectors.checklist_progress(incident=incident, today=today),
                "today": today,
            }
        )
        return context


class ChecklistTaskUpdateView(
    LoginRequiredMixin, IncidentMixin, PermissionRequiredMixin, ServiceFormMixin, FormView
):
    """Record a task's owner, dates, progress and status."""

    permission_required = "failure_plan.work_incident"
    template_name = "failure_plan/task_form.html"
    form_class = ChecklistTaskForm
    section = "checklist"

    def get_task(self) -> ChecklistTask:
        if not hasattr(self, "_task"):
            self._task = selectors.task_for(incident=self.get_incident(), pk=self.kwargs["task_pk"])
        return self._task

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["owners"] = selectors.team_for_choice(incident=self.get_incident())
        return kwargs

    def get_initial(self):
        return ChecklistTaskForm.initial_for(self.get_task())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["task"] = self.get_task()
        return context

    def perform(self, form):
        task = self.get_task()
        task.incident = self.get_incident()
        services.checklist_task_update(
            acting_user=self.request.user, task=task, **form.cleaned_data
        )
        messages.success(self.request, f"Task saved: {task.title}")
        return redirect(
            reverse("failure_plan:checklist", kwargs={"pk": task.incident_id})
            + f"#area-{task.area}"
        )


# --- people -------------------------------------------------------------------------------
WELLBEING_LABELS = {
    WellbeingState.NOT_MOVED: "After the move",
    WellbeingState.UPCOMING: "Not due yet",
    WellbeingState.DUE: "Due",
    WellbeingState.OVERDUE: "Overdue",
    WellbeingState.DONE: "Done",
}
WELLBEING_TAGS = {
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


class PersonFormMixin:
    form_class = PersonForm
    template_name = "failure_plan/person_form.html"
    section = "people"

    def get_form_kwargs(self):
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
        initial = {"review_status": "not_started"}
        services_here = list(self.get_incident().services.all())
        if len(services_here) == 1:
            initial["service"] = services_here[0].pk
        return initial

    def perform(self, form):
        incident = self.get_incident()
        services.person_add(acting_user=self.request.user, incident=incident, **form.service_data())
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
        services.person_update(acting_user=self.request.user, person=person, **form.service_data())
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
            acting_user=self.request.user, person=person, **form.cleaned_data
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
                acting_user=self.request.user, incident=incident, upload=form.cleaned_data["file"]
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
def _finder_context(request, *, initial: dict | None = None, exclude: set[int] | None = None):
    data = request.GET if request.GET else (initial or {})
    form = FinderForm(data)
    filters = form.filters()
    vacancies = list(selectors.vacancy_finder(**filters, exclude_service_ids=exclude))
    return {"finder": form, "vacancies": vacancies, "filtered": bool(data)}


class CapacityFinderView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Services' latest vacancies by service type, client group and area."""

    permission_required = "failure_plan.view_capacity"
    template_name = "failure_plan/capacity_finder.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_finder_context(self.request))
        context["can_record"] = self.request.user.has_perm("failure_plan.record_vacancy")
        return context


class VacancyRecordView(LoginRequiredMixin, PermissionRequiredMixin, ServiceFormMixin, FormView):
    """Record how many vacancies a service has."""

    permission_required = "failure_plan.record_vacancy"
    template_name = "failure_plan/vacancy_form.html"
    form_class = VacancyForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["services"] = selectors.services_for_vacancies()
        return kwargs

    def get_initial(self):
        initial = {"recorded_on": timezone.localdate()}
        if self.request.GET.get("service", "").isdigit():
            initial["service"] = int(self.request.GET["service"])
        return initial

    def perform(self, form):
        vacancy = services.vacancy_record(acting_user=self.request.user, **form.cleaned_data)
        messages.success(self.request, f"Vacancies saved for {vacancy.service}")
        return redirect("failure_plan:capacity-finder")


class VacancyImportView(LoginRequiredMixin, PermissionRequiredMixin, ServiceFormMixin, FormView):
    """Record many services' vacancies from a CSV file: all rows or none."""

    permission_required = "failure_plan.record_vacancy"
    template_name = "failure_plan/vacancy_import.html"
    form_class = CSVUploadForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = VacanciesImport.columns
        return context

    def perform(self, form):
        try:
            result = services.vacancies_import(
                acting_user=self.request.user, upload=form.cleaned_data["file"]
            )
        except services.ImportRejected as rejected:
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=rejected.errors)
            )
        messages.success(self.request, f"Vacancies saved for {result.created} services")
        return redirect("failure_plan:capacity-finder")


class VacancyImportTemplateView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The CSV template for vacancies."""

    permission_required = "failure_plan.record_vacancy"

    def get(self, request, *args, **kwargs):
        return template_response(VacanciesImport())


class PersonReserveView(LoginRequiredMixin, PersonMixin, PermissionRequiredMixin, TemplateView):
    """Find a vacancy of the right type and client group for a person, and reserve it."""

    permission_required = ("failure_plan.change_people", "failure_plan.view_capacity")
    template_name = "failure_plan/person_reserve.html"
    section = "people"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.get_person()
        incident = self.get_incident()
        initial = {
            "service_type": person.service.service_type,
            "client_group": person.service.client_group,
        }
        context.update(
            _finder_context(
                self.request,
                initial=initial,
                exclude={s.pk for s in incident.services.all()},
            )
        )
        context["reservation"] = selectors.reservation_for(person=person)
        context.setdefault("reserve_error", None)
        return context

    def post(self, request, *args, **kwargs):
        person = self.get_person()
        form = ReserveForm(request.POST)
        error = "Select a vacancy"
        if form.is_valid():
            vacancy = selectors.vacancy_for_reserving(pk=form.cleaned_data["vacancy"])
            try:
                reservation = services.vacancy_reserve(
                    acting_user=request.user, person=person, vacancy=vacancy
                )
            except ValidationError as exc:
                error = exc.messages[0]
            else:
                messages.success(request, f"Vacancy reserved at {reservation.vacancy.service.name}")
                return redirect(
                    "failure_plan:person-detail", pk=person.incident_id, person_pk=person.pk
                )
        log_access(request, person)
        return self.render_to_response(self.get_context_data(reserve_error=error))


class ReservationReleaseView(LoginRequiredMixin, PersonMixin, PermissionRequiredMixin, View):
    """Give back the vacancy held for a person."""

    permission_required = "failure_plan.change_people"
    http_method_names = ["post"]
    log_views = False

    def post(self, request, *args, **kwargs):
        person = self.get_person()
        reservation = selectors.reservation_for(person=person)
        if reservation is not None:
            services.reservation_release(acting_user=request.user, reservation=reservation)
            messages.success(request, "Reservation released")
        return redirect("failure_plan:person-detail", pk=person.incident_id, person_pk=person.pk)


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
            acting_user=self.request.user, incident=incident, **form.cleaned_data
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
            acting_user=self.request.user, incident=incident, **form.cleaned_data
        )
        messages.success(self.request, "Lessons learned recorded. The incident is closed.")
        return redirect("failure_plan:incident-detail", pk=incident.pk)


class BriefingView(LoginRequiredMixin, IncidentMixin, PermissionRequiredMixin, View):
    """Start making the cabinet member briefing PDF; the job page shows its progress."""

    permission_required = "failure_plan.brief_incident"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = services.briefing_request(acting_user=request.user, incident=self.get_incident())
        return redirect("core:job", pk=job.pk)
