"""Pages of the market register: the service list, service and provider pages, their forms,
exports, the CSV import and the market analysis.

Each view is thin: sign-in (LoginRequiredMixin), then the permission (django-rules, with the
service or provider as the object where the rule needs one), then a generic view that calls
one selector or service.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from core.csv_import import template_response
from core.mixins import FormPageMixin, ServiceFormMixin
from core.pagination import pagination
from providers import csv_import, exports, selectors, services
from providers.forms import (
    BCPCheckForm,
    ContractForm,
    ProviderForm,
    RatingForm,
    ServiceFilterForm,
    ServiceForm,
    ServiceImportForm,
)
from providers.mixins import ServiceObjectMixin
from providers.models import Contract, Provider, Scale, Size
from providers.rules import bcp_check_overdue, spend_is_flagged

PAGE_SIZE = 50


# --- the service list ----------------------------------------------------------------------
class ServiceListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
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
class ServiceExportMixin(LoginRequiredMixin, PermissionRequiredMixin, View):
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
class ServiceDetailView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
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
    LoginRequiredMixin, PermissionRequiredMixin, FormPageMixin, ServiceFormMixin, FormView
):
    """Add a service to the register."""

    permission_required = "providers.create_service"
    heading = "Add a service"
    back_url = reverse_lazy("providers:service-list")
    form_class = ServiceForm

    def get_initial(self):
        initial = {"in_area": "True", "capacity_unit": "beds"}
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
    LoginRequiredMixin,
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


# --- contracts -----------------------------------------------------------------------------
class ContractCreateView(
    LoginRequiredMixin,
    ServiceObjectMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Add a contract to a service."""

    permission_required = "providers.edit_contracts"
    heading = "Add a contract"
    form_class = ContractForm

    def perform(self, form):
        service = self.get_service()
        services.contract_create(
            acting_user=self.request.user, service=service, **form.cleaned_data
        )
        messages.success(self.request, "Contract added")
        return redirect("providers:service-detail", pk=service.pk)


class ContractUpdateView(
    LoginRequiredMixin, PermissionRequiredMixin, FormPageMixin, ServiceFormMixin, FormView
):
    """Change a contract."""

    permission_required = "providers.edit_contracts"
    heading = "Change contract"
    form_class = ContractForm

    def get_caption(self) -> str:
        return f"{self.get_contract().service.name}: {self.get_contract().reference}"

    def get_back_url(self) -> str:
        return reverse("providers:service-detail", args=[self.get_contract().service_id])

    def get_contract(self) -> Contract:
        if not hasattr(self, "_contract"):
            self._contract = selectors.contract_for_change(pk=self.kwargs["pk"])
        return self._contract

    def get_permission_object(self):
        return self.get_contract().service

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_contract()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contract"] = self.get_contract()
        context["service"] = self.get_contract().service
        return context

    def perform(self, form):
        contract = self.get_contract()
        services.contract_update(
            acting_user=self.request.user, contract=contract, **form.cleaned_data
        )
        messages.success(self.request, f"Contract {contract.reference} saved")
        return redirect("providers:service-detail", pk=contract.service_id)


# --- ratings and BCP checks ----------------------------------------------------------------
class RatingCreateView(
    LoginRequiredMixin,
    ServiceObjectMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Enter a CQC rating by hand (when the CQC import has not brought it in)."""

    permission_required = "providers.record_rating"
    heading = "Enter a CQC rating"
    intro = (
        "Enter the ratings as CQC published them. The newest rating becomes the service's "
        "current rating; an older one is added to the history."
    )
    form_class = RatingForm

    def perform(self, form):
        service = self.get_service()
        rating = services.rating_record(
            acting_user=self.request.user, service=service, **form.cleaned_data
        )
        if rating.is_current:
            messages.success(self.request, "Rating saved as the current CQC rating")
        else:
            messages.success(
                self.request, "Rating saved in the history: a later rating is already current"
            )
        return redirect("providers:service-detail", pk=service.pk)


class BCPCheckCreateView(
    LoginRequiredMixin,
    ServiceObjectMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Record a check of the service's business continuity plan."""

    permission_required = "providers.record_bcp_check"
    heading = "Record a business continuity plan check"
    form_class = BCPCheckForm

    def perform(self, form):
        service = self.get_service()
        services.bcp_check_record(
            acting_user=self.request.user, service=service, **form.cleaned_data
        )
        messages.success(self.request, "Business continuity plan check saved")
        return redirect("providers:service-detail", pk=service.pk)


# --- providers -----------------------------------------------------------------------------
class ProviderDetailView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """A provider: its details, its services here and elsewhere, and what the council spends."""

    permission_required = "providers.view_provider"
    template_name = "providers/provider_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        provider = selectors.provider_detail(user=user, pk=self.kwargs["pk"])
        provider_services = list(selectors.provider_services(user=user, provider=provider))
        can_see_contracts = user.has_perm("providers.see_contracts")
        spend = selectors.provider_live_spend(provider=provider) if can_see_contracts else None
        context.update(
            {
                "provider": provider,
                "services_here": [s for s in provider_services if s.in_area],
                "services_elsewhere": [s for s in provider_services if not s.in_area],
                "can_see_contracts": can_see_contracts,
                "live_spend": spend,
                "spend_flagged": can_see_contracts and spend_is_flagged(spend),
                "can_edit_provider": user.has_perm("providers.edit_provider", provider),
                "can_create_service": user.has_perm("providers.create_service"),
            }
        )
        return context


class ProviderCreateView(
    LoginRequiredMixin, PermissionRequiredMixin, FormPageMixin, ServiceFormMixin, FormView
):
    """Add a provider to the register."""

    permission_required = "providers.create_provider"
    heading = "Add a provider"
    back_url = reverse_lazy("providers:service-list")
    form_class = ProviderForm

    def perform(self, form):
        provider = services.provider_create(acting_user=self.request.user, **form.cleaned_data)
        messages.success(self.request, f"{provider.name} added")
        return redirect("providers:provider-detail", pk=provider.pk)


class ProviderUpdateView(
    LoginRequiredMixin, PermissionRequiredMixin, FormPageMixin, ServiceFormMixin, FormView
):
    """Change a provider's details."""

    permission_required = "providers.edit_provider"
    heading = "Change provider details"
    form_class = ProviderForm

    def get_caption(self) -> str:
        return self.get_provider().name

    def get_back_url(self) -> str:
        return reverse("providers:provider-detail", args=[self.get_provider().pk])

    def get_provider(self) -> Provider:
        if not hasattr(self, "_provider"):
            self._provider = selectors.provider_detail(user=self.request.user, pk=self.kwargs["pk"])
        return self._provider

    def get_permission_object(self):
        return self.get_provider()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_provider()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["provider"] = self.get_provider()
        return context

    def perform(self, form):
        provider = self.get_provider()
        services.provider_update(
            acting_user=self.request.user, provider=provider, **form.cleaned_data
        )
        messages.success(self.request, "Provider details saved")
        return redirect("providers:provider-detail", pk=provider.pk)


# --- CSV import ----------------------------------------------------------------------------
class ServiceImportView(LoginRequiredMixin, PermissionRequiredMixin, ServiceFormMixin, FormView):
    """Upload a CSV of services and contracts: every row is checked, then all are imported
    or none are."""

    permission_required = "providers.import_services"
    template_name = "providers/service_import.html"
    form_class = ServiceImportForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = csv_import.COLUMNS
        return context

    def perform(self, form):
        try:
            result = csv_import.services_import(
                acting_user=self.request.user, upload=form.cleaned_data["file"]
            )
        except csv_import.ImportRejected as rejected:
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=rejected.errors)
            )
        return self.render_to_response(self.get_context_data(form=self.form_class(), result=result))


class ServiceImportTemplateView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The CSV template: the column headings and one example row."""

    permission_required = "providers.import_services"

    def get(self, request, *args, **kwargs):
        return template_response(csv_import.ServicesImport())


# --- market analysis -----------------------------------------------------------------------
class MarketAnalysisView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The market by service type, scale and size, and local ratings against national ones."""

    permission_required = "providers.view_market_analysis"
    template_name = "providers/market_analysis.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            {
                "today": today,
                "tables": selectors.market_analysis(today=today),
                "comparisons": selectors.rating_comparison(),
                "scales": Scale.choices,
                "sizes": Size.choices,
                "benchmarks_editable": self.request.user.has_perm(
                    "providers.change_ratingbenchmark"
                ),
            }
        )
        return context
