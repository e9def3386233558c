"""The risk register: every service's level, placement rating, score and sanctions, for every
role (docs/adr/0008-risk-register.md)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.views.generic import TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from accounts.rules import is_clinical_nurse, is_contract_officer
from core.pagination import pagination
from escalation import exports, register, selectors
from escalation.forms.register import RegisterFilterForm

PAGE_SIZE = 50


def _filter_form(request) -> RegisterFilterForm:
    user = request.user
    return RegisterFilterForm(
        request.GET or None, show_mine=is_contract_officer(user) or is_clinical_nurse(user)
    )


def _sort_links(query, filters: dict) -> list[dict]:
    """Each sortable column's heading: its link (the other direction when it is the current
    sort) and its aria-sort value."""
    current = filters.get("sort") or selectors.REGISTER_DEFAULT_SORT
    links = []
    for key, (label, _field, default_order) in selectors.REGISTER_SORTS.items():
        order = filters.get("order") or selectors.REGISTER_SORTS[current][2]
        if key == current:
            next_order = "asc" if order == "desc" else "desc"
            aria = "ascending" if order == "asc" else "descending"
        else:
            next_order, aria = default_order, "none"
        params = query.copy()
        params.pop("page", None)
        params["sort"], params["order"] = key, next_order
        links.append({"key": key, "label": label, "url": f"?{params.urlencode()}", "aria": aria})
    return links


def _removal_link(query, chosen: dict) -> str:
    """The query string without one selected filter (one value of a multiple choice)."""
    without = query.copy()
    without.pop("page", None)
    if chosen["value"]:
        kept = [v for v in without.getlist(chosen["name"]) if v != chosen["value"]]
        without.setlist(chosen["name"], kept)
    else:
        without.pop(chosen["name"], None)
    return without.urlencode()


def _decorate(service, *, today) -> None:
    """The words for the page's computed columns (no queries)."""
    service.trend = register.score_trend(service.score, service.score_change)
    service.time_at_level = register.time_at_level(service.level_since, today=today)
    service.review = register.review_state(service.next_review, today=today)
    service.authority_text = register.authority_text(service)
    service.sanction_kinds_text = register.sanction_kinds_text(service.sanction_kinds)


class RegisterView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The risk register: filter, sort, page through and download every service's risk."""

    permission_required = "escalation.view_register"
    template_name = "escalation/register.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        form = _filter_form(self.request)
        filters = form.filters() if self.request.GET else {}
        services = selectors.register_services(user=self.request.user, filters=filters, today=today)
        paginator = Paginator(services, PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        for service in page.object_list:
            _decorate(service, today=today)
        query = self.request.GET.copy()
        query.pop("page", None)
        selected = form.selected() if self.request.GET else []
        for chosen in selected:
            chosen["remove"] = _removal_link(query, chosen)
        context.update(
            {
                "title": "Risk register",
                "form": form,
                "check_fields": [form[name] for name in form.CHECKS if name in form.fields],
                "select_fields": [form[name] for name in ("service_type", "officer", "status")],
                "selected_filters": selected,
                "level_counts": selectors.register_level_counts(services),
                "page_obj": page,
                "services": page.object_list,
                "pagination": pagination(page, query.urlencode()),
                "query_string": query.urlencode(),
                "sort_links": {link["key"]: link for link in _sort_links(query, filters)},
                "status": filters.get("status") or "open",
                "today": today,
            }
        )
        return context


class RegisterExportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The filtered register as CSV (``?format=csv``) or Excel (``?format=xlsx``)."""

    permission_required = "escalation.view_register"

    def get(self, request, *args, **kwargs):
        kind = request.GET.get("format")
        if kind not in ("csv", "xlsx"):
            raise Http404("Choose CSV or Excel")
        today = timezone.localdate()
        form = _filter_form(request)
        query = request.GET.copy()
        query.pop("format")
        filters = form.filters() if query else {}
        services = selectors.register_services(user=request.user, filters=filters, today=today)
        filename = f"risk-register-{today:%Y-%m-%d}.{kind}"
        response: HttpResponseBase
        if kind == "csv":
            response = StreamingHttpResponse(
                exports.register_csv(services, today=today),
                content_type="text/csv; charset=utf-8",
            )
        else:
            response = HttpResponse(
                exports.register_xlsx(services, today=today),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
