"""Pages of quality assurance: the visit schedule, visits, evidence files, intelligence, call
monitoring figures, action plans, the service timeline and the calendar feed.

Each view is thin: sign-in (LoginRequiredMixin), then the permission (django-rules, with the
service, visit or record as the object), then a generic view that calls one selector or
service. Anything not visible is a 404; visible but not changeable is a 403.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from accounts.models import AccessLog
from accounts.services import access_log_record
from core import ical, timeline
from core.csv_import import ImportRejected, template_response
from core.mixins import ServiceFormMixin
from core.pagination import page_url, pagination
from quality import selectors, services
from quality.forms import (
    ActionForm,
    EvidenceForm,
    IntelligenceForm,
    MonitoringForm,
    MonitoringImportForm,
    ScheduleFilterForm,
    TimelineFilterForm,
    VisitCancelForm,
    VisitForm,
    VisitPlanForm,
    VisitTypeForm,
    action_initial,
    monitoring_initial,
    visit_initial,
)
from quality.models import Area, AreaRating, VisitStatus, VisitType, areas_for
from quality.rules import is_home_support, visit_types_for_user
from quality.services.calendar import token_hash
from quality.services.evidence import CONTENT_TYPES
from quality.services.monitoring import COLUMNS, MonitoringImport

PAGE_SIZE = 50
TIMELINE_PAGE_SIZE = 25
CALENDAR_TOKEN_SESSION_KEY = "quality_calendar_token"


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


# --- mixins ---------------------------------------------------------------------------------
class ServiceMixin:
    """The service in the URL (404 if it cannot be seen) is the object rules check."""

    home_support_only = False

    def get_service(self):
        if not hasattr(self, "_service"):
            service = selectors.service_for_quality(user=self.request.user, pk=self.kwargs["pk"])
            if self.home_support_only and not is_home_support(service):
                raise Http404("Call monitoring figures are kept for home support services")
            self._service = service
        return self._service

    def get_permission_object(self):
        return self.get_service()

    def service_url(self) -> str:
        return reverse("providers:service-detail", args=[self.get_service().pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["service"] = self.get_service()
        context["back_url"] = self.service_url()
        return context


class VisitMixin:
    """The visit in the URL (404 if its service cannot be seen) is the object rules check."""

    def get_visit(self):
        if not hasattr(self, "_visit"):
            self._visit = selectors.visit_for_change(user=self.request.user, pk=self.kwargs["pk"])
        return self._visit

    def get_permission_object(self):
        return self.get_visit()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["visit"] = self.get_visit()
        context["service"] = self.get_visit().service
        return context


# --- the schedule and the calendar feed -------------------------------------------------------
class ScheduleView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Visits due and overdue: an officer's portfolio, or the whole team for managers."""

    permission_required = "quality.view_schedule"
    template_name = "quality/schedule.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        team = selectors.sees_whole_team(user)
        form = ScheduleFilterForm(self.request.GET or None, team=team)
        filters = form.filters() if self.request.GET else {}
        today = timezone.localdate()
        everything = selectors.schedule(user=user, officer=filters.get("officer"), today=today)
        rows = (
            everything.filter(due_status=filters["status"]) if filters.get("status") else everything
        )
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "form": form,
                "team": team,
                "today": today,
                "counts": selectors.schedule_counts(everything),
                "page_obj": page,
                "rows": page.object_list,
                "pagination": pagination(page, query.urlencode()),
                "status": filters.get("status", ""),
                "officer": filters.get("officer"),
                "status_labels": dict(ScheduleFilterForm.STATUSES),
                "can_use_calendar": user.has_perm("quality.use_calendar_feed"),
            }
        )
        return context


class CalendarView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """A private calendar feed of the planned visits you carry out: make, replace or stop it."""

    permission_required = "quality.use_calendar_feed"
    template_name = "quality/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        token = self.request.session.pop(CALENDAR_TOKEN_SESSION_KEY, None)
        feed_url = ""
        if token:
            feed_url = self.request.build_absolute_uri(
                reverse("quality:calendar-feed", args=[token])
            )
        context.update(
            {
                "feed": getattr(self.request.user, "calendar_feed", None),
                "feed_url": feed_url,
                "planned": selectors.planned_visits_for_feed(user=self.request.user)[:20],
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "stop":
            services.calendar_feed_revoke(acting_user=request.user)
            messages.success(request, "Your calendar feed is turned off")
        else:
            token = services.calendar_feed_create(acting_user=request.user)
            # Shown once on the next page, then forgotten: only its hash is stored.
            request.session[CALENDAR_TOKEN_SESSION_KEY] = token
        return redirect("quality:calendar")


@method_decorator([login_not_required, never_cache], name="dispatch")
class CalendarFeedView(View):
    """The calendar feed itself (text/calendar): no sign-in; the secret token is the key."""

    def get(self, request, token: str):
        feed = selectors.feed_for_token_hash(token_hash(token))
        if feed is None:
            raise Http404("No such calendar")
        feed.__class__.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
        events = []
        for visit in selectors.planned_visits_for_feed(user=feed.user):
            service = visit.service
            # Only the service and the kind of visit: no notes, nothing about any person.
            events.append(
                ical.CalendarEvent(
                    uid=f"visit-{visit.pk}@{request.get_host().split(':')[0]}",
                    day=visit.planned_date,
                    summary=f"{visit.get_visit_type_display()}: {service.name}",
                    location=service.address,
                    url=request.build_absolute_uri(
                        reverse("quality:visit-detail", args=[visit.pk])
                    ),
                    description="Planned in Oversight. Sign in to see or record the visit.",
                    last_modified=visit.updated_at,
                )
            )
        body = ical.calendar(
            events,
            name=f"{settings.OVERSIGHT_SERVICE_NAME}: planned visits",
            product=f"-//{settings.OVERSIGHT_COUNCIL_NAME}//Oversight//EN",
            now=timezone.now(),
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="oversight-visits.ics"'
        response["X-Robots-Tag"] = "noindex"
        return response


# --- planning and recording visits -----------------------------------------------------------
class VisitPlanView(
    LoginRequiredMixin, ServiceMixin, PermissionRequiredMixin, ServiceFormMixin, FormView
):
    """Plan a visit to a service on a future date."""

    permission_required = "quality.plan_visit"
    template_name = "quality/form_page.html"
    form_class = VisitPlanForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["types"] = visit_types_for_user(self.request.user, self.get_service())
        return kwargs

    def get_initial(self):
        initial = {"officer": self.request.user}
        next_visit = selectors.next_visit(service=self.get_service())
        if next_visit.unannounced:
            initial["visit_type"] = VisitType.UNANNOUNCED
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"heading": "Plan a visit", "caption": self.get_service().name})
        return context

    def perform(self, form):
        visit = services.visit_plan(
            acting_user=self.request.user,
            service=self.get_service(),
            visit_type=form.cleaned_data["visit_type"],
            planned_date=form.cleaned_data["planned_date"],
            officer=form.cleaned_data["officer"],
            notes=form.cleaned_data["notes"],
        )
        messages.success(
            self.request,
            f"{visit.get_visit_type_display()} planned for {visit.planned_date:%-d %B %Y}",
        )
        return redirect(self.service_url())


class VisitNewView(LoginRequiredMixin, ServiceMixin, PermissionRequiredMixin, FormView):
    """Choose the kind of visit to record; the recording page depends on it."""

    permission_required = "quality.record_visit"
    template_name = "quality/visit_type.html"
    form_class = VisitTypeForm
    http_method_names = ["get", "head", "options"]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["types"] = visit_types_for_user(self.request.user, self.get_service())
        if "visit_type" in self.request.GET:
            kwargs["data"] = self.request.GET
        return kwargs

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_bound and form.is_valid():
            return redirect(
                "quality:visit-record",
                pk=self.get_service().pk,
                visit_type=form.cleaned_data["visit_type"],
            )
        return self.render_to_response(self.get_context_data(form=form))


class VisitFormMixin(ServiceFormMixin):
    """The one-page visit form, shared by recording, continuing and amending a visit. Each
    view's ``perform`` saves through its service (its form and intent are its own)."""

    template_name = "quality/visit_form.html"
    amend = False

    def visit_type(self) -> str:
        raise NotImplementedError

    def intent(self) -> str:
        if self.amend:
            return "amend"
        intent = self.request.POST.get("intent", "draft")
        return intent if intent in ("draft", "attach", "complete") else "draft"

    def get_form(self, form_class=None):
        kwargs = {"visit_type": self.visit_type(), "amend": self.amend}
        if self.request.method == "POST":
            return VisitForm(self.request.POST, intent=self.intent(), **kwargs)
        return VisitForm(initial=self.get_initial(), **kwargs)

    def get_initial(self):
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit_type = self.visit_type()
        label = VisitType(visit_type).label.lower()
        article = "an" if label[0] in "aeiou" else "a"
        context.update(
            {
                "visit_type": visit_type,
                "visit_type_label": VisitType(visit_type).label,
                "heading": f"Amend the {label}" if self.amend else f"Record {article} {label}",
                "rates_areas": bool(areas_for(visit_type)),
                "clinical": visit_type == VisitType.CLINICAL,
                "amend": self.amend,
                "rating_choices": AreaRating.choices,
            }
        )
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form))

    def after_save(self, visit, intent: str):
        if intent == "complete":
            messages.success(self.request, f"{visit.get_visit_type_display()} completed")
            return redirect("quality:visit-detail", pk=visit.pk)
        if intent == "attach":
            return redirect("quality:evidence-upload", pk=visit.pk)
        messages.success(self.request, "Visit saved as a draft. You can finish it later.")
        return redirect("quality:visit-edit", pk=visit.pk)


class VisitRecordView(
    LoginRequiredMixin, ServiceMixin, PermissionRequiredMixin, VisitFormMixin, TemplateView
):
    """Record a visit that was not planned: save it as a draft or complete it."""

    permission_required = "quality.record_visit"

    def visit_type(self) -> str:
        visit_type = self.kwargs["visit_type"]
        if visit_type not in VisitType.values:
            raise Http404("No such kind of visit")
        return visit_type

    def has_permission(self):
        if not super().has_permission():
            return False
        return self.visit_type() in visit_types_for_user(self.request.user, self.get_service())

    def get_initial(self):
        return {"visit_date": timezone.localdate()}

    def perform(self, form):
        intent = self.intent()
        visit = services.visit_record(
            acting_user=self.request.user,
            service=self.get_service(),
            visit_type=self.visit_type(),
            data=form.to_data(),
            complete=intent == "complete",
        )
        return self.after_save(visit, intent)


class VisitEditView(
    LoginRequiredMixin, VisitMixin, PermissionRequiredMixin, VisitFormMixin, TemplateView
):
    """Record a planned visit, or carry on with a draft."""

    permission_required = "quality.continue_visit"

    def visit_type(self) -> str:
        return self.get_visit().visit_type

    def get_initial(self):
        visit = self.get_visit()
        initial = visit_initial(visit)
        if visit.status == VisitStatus.PLANNED and not visit.visit_date:
            today = timezone.localdate()
            initial["visit_date"] = visit.planned_date if visit.planned_date <= today else today
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["evidence_files"] = self.get_visit().evidence_files.select_related("uploaded_by")
        return context

    def perform(self, form):
        intent = self.intent()
        if intent == "complete":
            visit = services.visit_complete(
                acting_user=self.request.user, visit=self.get_visit(), data=form.to_data()
            )
        else:
            visit = services.visit_save_draft(
                acting_user=self.request.user, visit=self.get_visit(), data=form.to_data()
            )
        return self.after_save(visit, intent)


class VisitAmendView(
    LoginRequiredMixin, VisitMixin, PermissionRequiredMixin, VisitFormMixin, TemplateView
):
    """Amend a completed visit, giving the reason."""

    permission_required = "quality.amend_visit"
    amend = True

    def visit_type(self) -> str:
        return self.get_visit().visit_type

    def get_initial(self):
        return visit_initial(self.get_visit())

    def perform(self, form):
        services.visit_amend(
            acting_user=self.request.user,
            visit=self.get_visit(),
            data=form.to_data(),
            reason=form.cleaned_data["reason"],
        )
        messages.success(self.request, "Visit amended. The reason and changes are in its history.")
        return redirect("quality:visit-detail", pk=self.get_visit().pk)


class VisitCancelView(
    LoginRequiredMixin, VisitMixin, PermissionRequiredMixin, ServiceFormMixin, FormView
):
    """Cancel a planned visit."""

    permission_required = "quality.cancel_visit"
    template_name = "quality/form_page.html"
    form_class = VisitCancelForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit = self.get_visit()
        context.update(
            {
                "heading": "Cancel a planned visit",
                "caption": visit.service.name,
                "intro": f"{visit.get_visit_type_display()} planned for {visit.planned_date:%-d %B %Y}.",
                "back_url": reverse("quality:visit-detail", args=[visit.pk]),
            }
        )
        return context

    def perform(self, form):
        visit = self.get_visit()
        services.visit_cancel(
            acting_user=self.request.user, visit=visit, reason=form.cleaned_data["reason"]
        )
        messages.success(self.request, "Planned visit cancelled")
        return redirect("providers:service-detail", pk=visit.service_id)


class VisitDetailView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """A visit as recorded: areas, who was heard, outcome, files, amendments and actions."""

    permission_required = "quality.view_quality"
    template_name = "quality/visit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        visit = selectors.visit_detail(user=user, pk=self.kwargs["pk"])
        can_see_files = user.has_perm("quality.view_evidence")
        if visit.status == VisitStatus.COMPLETED:
            # Evidence of a visit may name people receiving care: record who read it.
            access_log_record(
                user=user, obj=visit, path=self.request.path, ip_address=_client_ip(self.request)
            )
        areas = {row.area: row for row in visit.areas.all()}
        context.update(
            {
                "visit": visit,
                "service": visit.service,
                "area_rows": [
                    (area, areas.get(area.value)) for area in areas_for(visit.visit_type)
                ],
                "can_see_files": can_see_files,
                "can_change": user.has_perm("quality.continue_visit", visit),
                "can_amend": user.has_perm("quality.amend_visit", visit),
                "can_cancel": user.has_perm("quality.cancel_visit", visit),
                "can_attach": user.has_perm("quality.attach_evidence", visit),
                "can_add_actions": user.has_perm("quality.manage_actions", visit.service)
                and visit.status == VisitStatus.COMPLETED,
                "actions_by_area": _actions_by_area(visit),
            }
        )
        return context


def _actions_by_area(visit) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for action in visit.actions.all():
        grouped.setdefault(action.area, []).append(action)
    return grouped


# --- evidence files --------------------------------------------------------------------------
class EvidenceUploadView(
    LoginRequiredMixin, VisitMixin, PermissionRequiredMixin, ServiceFormMixin, FormView
):
    """Attach a file (PDF, DOCX, XLSX, JPG or PNG) to a visit."""

    permission_required = "quality.attach_evidence"
    template_name = "quality/evidence_form.html"
    form_class = EvidenceForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit = self.get_visit()
        context["evidence_files"] = visit.evidence_files.select_related("uploaded_by")
        context["return_url"] = (
            reverse("quality:visit-edit", args=[visit.pk])
            if visit.status in (VisitStatus.PLANNED, VisitStatus.DRAFT)
            else reverse("quality:visit-detail", args=[visit.pk])
        )
        return context

    def perform(self, form):
        evidence = services.evidence_attach(
            acting_user=self.request.user,
            visit=self.get_visit(),
            upload=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )
        messages.success(self.request, f"{evidence.original_name} attached")
        return redirect("quality:evidence-upload", pk=self.get_visit().pk)


class EvidenceDownloadView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """A file attached to a visit, to people who may see it (every download is recorded)."""

    permission_required = "quality.view_evidence"

    def get(self, request, pk):
        evidence = selectors.evidence_for_download(user=request.user, pk=pk)
        access_log_record(
            user=request.user,
            obj=evidence,
            path=request.path,
            action=AccessLog.Action.DOWNLOAD,
            ip_address=_client_ip(request),
        )
        response = FileResponse(
            evidence.file.open("rb"),
            as_attachment=True,
            filename=evidence.original_name,
            content_type=CONTENT_TYPES[evidence.kind],
        )
        response["Cache-Control"] = "private, no-store"
        return response


class EvidenceRemoveView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Remove a file from a visit that is not yet completed."""

    permission_required = "quality.remove_evidence"
    template_name = "quality/evidence_remove.html"

    def get_evidence(self):
        if not hasattr(self, "_evidence"):
            self._evidence = selectors.evidence_for_download(
                user=self.request.user, pk=self.kwargs["pk"]
            )
        return self._evidence

    def get_permission_object(self):
        return self.get_evidence()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["evidence"] = self.get_evidence()
        context["visit"] = self.get_evidence().visit
        return context

    def post(self, request, *args, **kwargs):
        evidence = self.get_evidence()
        try:
            services.evidence_remove(acting_user=request.user, evidence=evidence)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"{evidence.original_name} removed")
        return redirect("quality:evidence-upload", pk=evidence.visit_id)


# --- intelligence -----------------------------------------------------------------------------
class IntelligenceAddView(
    LoginRequiredMixin, ServiceMixin, PermissionRequiredMixin, ServiceFormMixin, FormView
):
    """Log intelligence about a service."""

    permission_required = "quality.log_intelligence"
    template_name = "quality/form_page.html"
    form_class = IntelligenceForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"heading": "Add intelligence", "caption": self.get_service().name})
        return context

    def perform(self, form):
        services.intelligence_add(
            acting_user=self.request.user, service=self.get_service(), **form.cleaned_data
        )
        messages.success(self.request, "Intelligence saved")
        return redirect(f"{self.service_url()}#timeline")


class IntelligenceDetailView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """One item of intelligence in full. Each reading is recorded."""

    permission_required = "quality.view_intelligence_details"
    template_name = "quality/intelligence_detail.html"

    def get_item(self):
        if not hasattr(self, "_item"):
            self._item = selectors.intelligence_detail(user=self.request.user, pk=self.kwargs["pk"])
        return self._item

    def get_permission_object(self):
        return self.get_item()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = self.get_item()
        access_log_record(
            user=self.request.user,
            obj=item,
            path=self.request.path,
            ip_address=_client_ip(self.request),
        )
        context.update({"item": item, "service": item.service})
        return context


# --- call monitoring ---------------------------------------------------------------------------
class MonitoringView(LoginRequiredMixin, ServiceMixin, PermissionRequiredMixin, TemplateView):
    """A home support service's call monitoring figures: the trend and every month."""

    permission_required = "quality.view_quality"
    template_name = "quality/monitoring.html"
    home_support_only = True

    def get_context_data(self, **kwargs):
        from quality.charts import monitoring_chart

        context = super().get_context_data(**kwargs)
        service = self.get_service()
        trend = selectors.monitoring_trend(service=service)
        context.update(
            {
                "trend": trend,
                "chart": monitoring_chart(trend),
                "rows": selectors.monitoring_for_service(service=service),
                "can_record": self.request.user.has_perm("quality.record_monitoring", service),
            }
        )
        return context


class MonitoringAddView(
    LoginRequiredMixin, ServiceMixin, PermissionRequiredMixin, ServiceFormMixin, FormView
):
    """Enter one month's call monitoring figures."""

    permission_required = "quality.record_monitoring"
    template_name = "quality/form_page.html"
    form_class = MonitoringForm
    home_support_only = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "heading": "Enter call monitoring figures",
                "caption": self.get_service().name,
                "intro": "One month of electronic call monitoring figures from the provider.",
                "back_url": reverse("quality:monitoring", args=[self.get_service().pk]),
            }
        )
        return context

    def perform(self, form):
        row = services.monitoring_record(
            acting_user=self.request.user,
            service=self.get_service(),
            month=form.cleaned_data["month"],
            **form.figures(),
        )
        messages.success(self.request, f"Figures for {row.month:%B %Y} saved")
        return redirect("quality:monitoring", pk=self.get_service().pk)


class MonitoringEditView(LoginRequiredMixin, PermissionRequiredMixin, ServiceFormMixin, FormView):
    """Correct one month's call monitoring figures."""

    permission_required = "quality.record_monitoring"
    template_name = "quality/form_page.html"
    form_class = MonitoringForm

    def get_row(self):
        if not hasattr(self, "_row"):
            self._row = selectors.monitoring_for_change(
                user=self.request.user, pk=self.kwargs["pk"]
            )
        return self._row

    def get_permission_object(self):
        return self.get_row().service

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editing": True}

    def get_initial(self):
        return monitoring_initial(self.get_row())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        row = self.get_row()
        context.update(
            {
                "heading": f"Change the figures for {row.month:%B %Y}",
                "caption": row.service.name,
                "service": row.service,
                "back_url": reverse("quality:monitoring", args=[row.service_id]),
            }
        )
        return context

    def perform(self, form):
        row = self.get_row()
        services.monitoring_update(acting_user=self.request.user, figures_row=row, **form.figures())
        messages.success(self.request, f"Figures for {row.month:%B %Y} changed")
        return redirect("quality:monitoring", pk=row.service_id)


class MonitoringImportView(
    LoginRequiredMixin, ServiceMixin, PermissionRequiredMixin, ServiceFormMixin, FormView
):
    """Import months of call monitoring figures from a CSV file: all rows or none."""

    permission_required = "quality.record_monitoring"
    template_name = "quality/monitoring_import.html"
    form_class = MonitoringImportForm
    home_support_only = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = COLUMNS
        context["back_url"] = reverse("quality:monitoring", args=[self.get_service().pk])
        return context

    def perform(self, form):
        try:
            result = services.monitoring_import(
                acting_user=self.request.user,
                service=self.get_service(),
                raw=form.cleaned_data["file"].read(),
            )
        except ImportRejected as rejected:
            return self.render_to_response(
                self.get_context_data(form=form, import_errors=rejected.row_errors)
            )
        total = result["created"] + result["updated"]
        messages.success(
            self.request,
            f"{total} month{'s' if total != 1 else ''} imported: "
            f"{result['created']} added, {result['updated']} replaced",
        )
        return redirect("quality:monitoring", pk=self.get_service().pk)


class MonitoringTemplateView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The CSV template for call monitoring figures."""

    permission_required = "quality.view_quality"

    def get(self, request, *args, **kwargs):
        return template_response(MonitoringImport())


# --- action plans ------------------------------------------------------------------------------
class ActionListView(LoginRequiredMixin, ServiceMixin, PermissionRequiredMixin, TemplateView):
    """A service's action plan: open actions, then done and cancelled ones."""

    permission_required = "quality.view_quality"
    template_name = "quality/action_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        service = self.get_service()
        context.update(
            {
                "actions": selectors.actions_for_service(service=service),
                "can_manage": self.request.user.has_perm("quality.manage_actions", service),
            }
        )
        return context


class ActionCreateView(
    LoginRequiredMixin, ServiceMixin, PermissionRequiredMixin, ServiceFormMixin, FormView
):
    """Add an action to a service's action plan, from a visit's finding or on its own."""

    permission_required = "quality.manage_actions"
    template_name = "quality/action_form.html"
    form_class = ActionForm

    def finding(self):
        """The visit and area the action comes from, given as ?visit=&area= (or nothing)."""
        if not hasattr(self, "_finding"):
            visit, area = None, ""
            visit_id = self.request.GET.get("visit", "")
            if visit_id.isdigit():
                visit = (
                    self.get_service()
                    .visits.filter(status=VisitStatus.COMPLETED)
                    .prefetch_related("areas")
                    .filter(pk=int(visit_id))
                    .first()
                )
            if visit is not None and self.request.GET.get("area") in Area.values:
                area = self.request.GET["area"]
            self._finding = (visit, area)
        return self._finding

    def get_initial(self):
        # The registered manager usually owns an action at the provider.
        return {"owner_contact": self.get_service().registered_manager}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit, area = self.finding()
        row = None
        if visit and area:
            row = next((r for r in visit.areas.all() if r.area == area), None)
        context.update(
            {
                "finding_visit": visit,
                "finding_area": Area(area) if area else None,
                "finding_row": row,
                "back_url": reverse("quality:visit-detail", args=[visit.pk])
                if visit
                else self.service_url(),
            }
        )
        return context

    def perform(self, form):
        visit, area = self.finding()
        services.action_create(
            acting_user=self.request.user,
            service=self.get_service(),
            visit=visit,
            area=area,
            **form.cleaned_data,
        )
        messages.success(self.request, "Action added to the action plan")
        if visit:
            return redirect("quality:visit-detail", pk=visit.pk)
        return redirect("quality:actions", pk=self.get_service().pk)


class ActionEditView(LoginRequiredMixin, PermissionRequiredMixin, ServiceFormMixin, FormView):
    """Update an action: status, due date, owner, evidence and the provider's response."""

    permission_required = "quality.manage_actions"
    template_name = "quality/action_form.html"
    form_class = ActionForm

    def get_action(self):
        if not hasattr(self, "_action"):
            self._action = selectors.action_for_change(user=self.request.user, pk=self.kwargs["pk"])
        return self._action

    def get_permission_object(self):
        return self.get_action().service

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "editing": True,
            "original_due_on": self.get_action().due_on,
        }

    def get_initial(self):
        return action_initial(self.get_action())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action = self.get_action()
        context.update(
            {
                "action": action,
                "service": action.service,
                "editing": True,
                "back_url": reverse("quality:actions", args=[action.service_id]),
            }
        )
        return context

    def perform(self, form):
        action = self.get_action()
        services.action_update(acting_user=self.request.user, action=action, **form.cleaned_data)
        messages.success(self.request, "Action updated")
        return redirect("quality:actions", pk=action.service_id)


# --- the timeline ------------------------------------------------------------------------------
class ServiceTimelineView(LoginRequiredMixin, ServiceMixin, PermissionRequiredMixin, TemplateView):
    """Everything known about a service, newest first, one kind or all."""

    permission_required = "quality.view_quality"
    template_name = "quality/timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = TimelineFilterForm(self.request.GET or None)
        kind = form.chosen_kind() if self.request.GET else ""
        page_number = self.request.GET.get("page", "1")
        page_number = int(page_number) if page_number.isdigit() and int(page_number) > 0 else 1
        # One more than the page needs tells whether there is a next page.
        wanted = page_number * TIMELINE_PAGE_SIZE + 1
        entries = timeline.service_timeline(
            service=self.get_service(), user=self.request.user, kind=kind, limit=wanted
        )
        start = (page_number - 1) * TIMELINE_PAGE_SIZE
        query = self.request.GET.copy()
        query.pop("page", None)
        # Newer and older only: the merged history has no page count to number pages by.
        query = query.urlencode()
        context.update(
            {
                "form": form,
                "kind": kind,
                "entries": entries[start : start + TIMELINE_PAGE_SIZE],
                "page_number": page_number,
                "previous_url": page_url(query, page_number - 1) if page_number > 1 else "",
                "next_url": page_url(query, page_number + 1)
                if len(entries) > start + TIMELINE_PAGE_SIZE
                else "",
            }
        )
        return context
