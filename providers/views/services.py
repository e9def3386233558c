"""Pages of the register's services: the service list and its exports, one service, adding
and changing a service.

Each view is thin: sign-in (SignedInMixin), then the permission (django-rules, with the
service or provider as the object where the rule needs one), then a generic view that calls
one selector or service.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from accounts.mixins import SignedInMixin
from core.mixins import FormPageMixin, ServiceFormMixin
from core.pagination import pagination
from providers import exports, selectors, services
from providers.forms.register import ServiceForm
from providers.forms.service_list import ServiceFilterForm
from providers.mixins import ServiceObjectMixin
from providers.rules import bcp_check_overdue

PAGE_SIZE = 50


# --- the service list ----------------------------------------------------------------------
class ServiceListView(SignedInMixin, PermissionRequiredMixin, TemplateView):
    """The register: search, filter, sort and page through the services."""

    permission_required = "providers.view_service"
    template_name = "providers/service_list.html"
    title = "Services"
    mine = False

    def get_services(self, filters):
        if self.mine:
            return selectors.my_services(user=self.request.user, filters=filters)
        return selectors.service_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ServiceFilterForm(self.request.GET or None)
        filters = form.filters() if self.request.GET else {}
        paginator = Paginator(self.get_services(filters), PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "title": self.title,
                "mine": self.mine,
                "form": form,
                "selected_filters": form.selected() if self.request.GET else [],
                "page_obj": page,
                "services": page.object_list,
                "pagination": pagination(page, query.urlencode()),
                "query_string": query.urlencode(),
                "removal_links": _removal_links(query, form),
                "list_url": self.request.path,
            }
        )
        return context


class MyServicesView(ServiceListView):
    """The signed-in person's portfolio (as contract officer or clinical nurse)."""

    title = "My services"
    mine = True


def _removal_links(query, form) -> dict:
    """For each filter in use, the query string without it (for the "remove" tags)."""
    links = {}
    for name in ServiceFilterForm.FILTERS:
        if query.get(name):
            without = query.copy()
            without.pop(name)
            links[name] = without.urlencode()
    return links


# --- exports -------------------------------------------------------------------------------
class ServiceExportMixin(SignedInMixin, PermissionRequiredMixin, View):
    permission_required = "providers.view_service"
    mine = False

    def services(self):
        form = ServiceFilterForm(self.request.GET or None)
        filters = form.filters() if self.request.GET else {}
        if self.mine:
            services = selectors.my_services(user=self.request.user, filters=filters)
        else:
            services = selectors.service_list(user=self.request.user, filters=filters)
        include_spend = self.request.user.has_perm("providers.see_contracts")
        if include_spend:
            services = selectors.with_live_spend(services)
        return services, include_spend

    def filename(self, extension: str) -> str:
        return f"services-{timezone.localdate():%Y-%m-%d}.{extension}"


class ServiceExportCSVView(ServiceExportMixin):
    """The filtered service list as a CSV file."""

    def get(self, request, *args, **kwargs):
        services, include_spend = self.services()
        response = StreamingHttpResponse(
            exports.services_csv(services, include_spend=include_spend),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename("csv")}"'
        return response


class ServiceExportXLSXView(ServiceExportMixin):
    """The filtered service list as an Excel workbook."""

    def get(self, request, *args, **kwargs):
        services, include_spend = self.services()
        response = HttpResponse(
            exports.services_xlsx(services, include_spend=include_spend),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename("xlsx")}"'
        return response


# --- one service ---------------------------------------------------------------------------
class ServiceDetailView(SignedInMixin, PermissionRequiredMixin, TemplateView):
    """Everything the register holds about one service."""

    permission_required = "providers.view_service"
    template_name = "providers/service_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        service = selectors.service_detail(user=user, pk=self.kwargs["pk"])
        ratings = list(selectors.rating_history(service=service))
        current = next((r for r in ratings if r.is_current), None)
        bcp = selectors.latest_bcp_check(service=service)
        today = timezone.localdate()
        context.update(
            {
                "service": service,
                "can_see_contracts": user.has_perm("providers.see_contracts"),
                "contracts": selectors.contracts_for_service(user=user, service=service),
                "current_rating": current,
                "ratings": ratings,
                "bcp_check": bcp,
                "bcp_overdue": bcp_check_overdue(bcp.checked_on if bcp else None, today=today),
                "can_edit_service": user.has_perm("providers.edit_service", service),
                "can_edit_contracts": user.has_perm("providers.edit_contracts", service),
                "can_record_rating": user.has_perm("providers.record_rating", service),
                "can_record_bcp_check": user.has_perm("providers.record_bcp_check", service),
            }
        )
        return context


class ServiceCreateView(
    SignedInMixin, PermissionRequiredMixin, FormPageMixin, ServiceFormMixin, FormView
):
    """Add a service to the register."""

    permission_required = "providers.create_service"
    heading = "Add a service"
    back_url = reverse_lazy("providers:service-list")
    form_class = ServiceForm

    def get_initial(self):
        initial: dict[str, object] = {"in_area": "True", "capacity_unit": "beds"}
        if self.request.GET.get("provider", "").isdigit():
            initial["provider"] = self.request.GET["provider"]
        if self.request.user.has_role("contract_officer"):
            initial["contract_officer"] = self.request.user.pk
        return initial

    def perform(self, form):
        data = dict(form.cleaned_data)
        service = services.service_create(acting_user=self.request.user, **data)
        messages.success(self.request, f"{service.name} added")
        return redirect("providers:service-detail", pk=service.pk)


class ServiceUpdateView(
    SignedInMixin,
    ServiceObjectMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Change a service's details."""

    permission_required = "providers.edit_service"
    heading = "Change service details"
    form_class = ServiceForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_service()
        return kwargs

    def perform(self, form):
        service = self.get_service()
        services.service_update(acting_user=self.request.user, service=service, **form.cleaned_data)
        messages.success(self.request, "Service details saved")
        return redirect("providers:service-detail", pk=service.pk)
