"""Capacity: the vacancy finder, recording vacancies (by form or CSV), and reserving one for
a person affected."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from core.csv_import import template_response
from core.mixins import ServiceFormMixin
from failure_plan import selectors, services
from failure_plan.forms.capacity import FinderForm, ReserveForm, VacancyForm
from failure_plan.forms.common import CSVUploadForm
from failure_plan.services.capacity import VacanciesImport
from failure_plan.views.mixins import PersonMixin, log_access, signed_in_user


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
        initial: dict[str, Any] = {"recorded_on": timezone.localdate()}
        if self.request.GET.get("service", "").isdigit():
            initial["service"] = int(self.request.GET["service"])
        return initial

    def perform(self, form):
        vacancy = services.vacancy_record(
            acting_user=signed_in_user(self.request), **form.cleaned_data
        )
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
                acting_user=signed_in_user(self.request), upload=form.cleaned_data["file"]
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
                    acting_user=signed_in_user(request), person=person, vacancy=vacancy
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
            services.reservation_release(
                acting_user=signed_in_user(request), reservation=reservation
            )
            messages.success(request, "Reservation released")
        return redirect("failure_plan:person-detail", pk=person.incident_id, person_pk=person.pk)
