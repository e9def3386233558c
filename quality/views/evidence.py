"""Files attached to visits: attach, download (recorded) and remove."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from accounts.mixins import SignedInRequest
from accounts.models import AccessLog
from accounts.services import access_log_record
from core.mixins import ServiceFormMixin
from quality import selectors, services
from quality.forms.evidence import EvidenceForm
from quality.models import VisitStatus
from quality.services.evidence import CONTENT_TYPES
from quality.views.mixins import VisitMixin, client_ip


class EvidenceUploadView(
    LoginRequiredMixin, VisitMixin, PermissionRequiredMixin, ServiceFormMixin, FormView
):
    """Attach a file (PDF, DOCX, XLSX, JPG or PNG) to a visit."""

    request: SignedInRequest
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

    request: SignedInRequest
    permission_required = "quality.view_evidence"

    def get(self, request, pk):
        evidence = selectors.evidence_for_download(user=request.user, pk=pk)
        access_log_record(
            user=request.user,
            obj=evidence,
            path=request.path,
            action=AccessLog.Action.DOWNLOAD,
            ip_address=client_ip(request),
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

    request: SignedInRequest
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
