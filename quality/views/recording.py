"""Recording a visit on one page: an unplanned one, a planned one or a draft, and amending a
completed one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.mixins import SignedInRequest
from core.mixins import ServiceFormMixin
from quality import services
from quality.forms.visits import VisitForm, visit_initial
from quality.models import AreaRating, VisitStatus, VisitType, areas_for
from quality.rules import visit_types_for_user
from quality.views.mixins import ServiceMixin, VisitMixin


class VisitFormView(ServiceFormMixin, TemplateView):
    """The one-page visit form, shared by recording, continuing and amending a visit. Each
    view's ``perform`` saves through its service (its form and intent are its own)."""

    request: SignedInRequest

    template_name = "quality/visit_form.html"
    amend = False

    def visit_type(self) -> str:
        raise NotImplementedError

    def intent(self) -> str:
        if self.amend:
            return "amend"
        intent = self.request.POST.get("intent", "draft")
        return intent if intent in ("draft", "attach", "complete") else "draft"

    def get_form(self, form_class=None) -> VisitForm:
        visit_type, amend = self.visit_type(), self.amend
        if self.request.method == "POST":
            return VisitForm(
                self.request.POST, intent=self.intent(), visit_type=visit_type, amend=amend
            )
        return VisitForm(initial=self.get_initial(), visit_type=visit_type, amend=amend)

    def get_initial(self) -> dict[str, Any]:
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


class VisitRecordView(LoginRequiredMixin, ServiceMixin, PermissionRequiredMixin, VisitFormView):
    """Record a visit that was not planned: save it as a draft or complete it."""

    request: SignedInRequest
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


class VisitEditView(LoginRequiredMixin, VisitMixin, PermissionRequiredMixin, VisitFormView):
    """Record a planned visit, or carry on with a draft."""

    request: SignedInRequest
    permission_required = "quality.continue_visit"

    def visit_type(self) -> str:
        return self.get_visit().visit_type

    def get_initial(self) -> dict[str, Any]:
        visit = self.get_visit()
        initial = visit_initial(visit)
        planned = visit.planned_date  # always set on a planned visit (a check constraint)
        if visit.status == VisitStatus.PLANNED and not visit.visit_date and planned is not None:
            today = timezone.localdate()
            initial["visit_date"] = planned if planned <= today else today
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


class VisitAmendView(LoginRequiredMixin, VisitMixin, PermissionRequiredMixin, VisitFormView):
    """Amend a completed visit, giving the reason."""

    request: SignedInRequest
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
