"""Pages for letters to providers: a service's letters, drafting, editing, previewing, issuing
and downloading the PDF. Partners see none of them (letters are the council's contract action)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.mixins import FormPageMixin, ServiceFormMixin
from escalation import selectors, services
from escalation.forms.letters import LetterEditForm, LetterKindForm
from escalation.letters import letter_layout
from escalation.models import Letter, LetterStatus
from providers.mixins import ServiceObjectMixin


def _letters_url(service_pk: int) -> str:
    return reverse("escalation:service-letters", args=[service_pk])


class ServiceLettersView(
    LoginRequiredMixin, ServiceObjectMixin, PermissionRequiredMixin, TemplateView
):
    """Every letter about a service, drafts first, then issued letters newest first."""

    permission_required = "escalation.view_letters"
    template_name = "escalation/letters/service_letters.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        service = self.get_service()
        letters = list(
            Letter.objects.filter(service=service)
            .select_related("created_by", "issued_by")
            .order_by("-issued_on", "-created_at", "-pk")
        )
        context["drafts"] = [letter for letter in letters if letter.status == LetterStatus.DRAFT]
        context["issued"] = [letter for letter in letters if letter.status == LetterStatus.ISSUED]
        context["can_draft"] = self.request.user.has_perm("escalation.draft_letter", service)
        return context


class LetterDraftView(
    LoginRequiredMixin,
    ServiceObjectMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Choose the kind of letter; the draft is pre-filled from the council's template."""

    permission_required = "escalation.draft_letter"
    heading = "Draft a letter to the provider"
    intro = (
        "The draft is filled in from the council's wording for that letter, with the "
        "provider's and service's details. You can change it before it is issued."
    )
    form_class = LetterKindForm

    def get_back_url(self) -> str:
        return _letters_url(self.get_service().pk)

    def perform(self, form):
        letter = services.letter_draft(
            service=self.get_service(),
            kind=form.cleaned_data["kind"],
            acting_user=self.request.user,
        )
        messages.success(self.request, f"{letter.get_kind_display()} drafted")
        return redirect("escalation:letter-edit", pk=letter.pk)


class LetterMixin:
    """Looks up the letter in the URL (404 when missing or its service is not visible); the
    permission object is its service, or the letter for ``permission_on_letter`` views."""

    # Set by the view this is mixed into (for the type checker).
    request: HttpRequest
    kwargs: dict[str, Any]

    permission_on_letter = False

    def get_letter(self) -> Letter:
        if not hasattr(self, "_letter"):
            self._letter = selectors.service_record_for_change(
                user=self.request.user,
                queryset=Letter.objects.select_related(
                    "service__provider",
                    "service__contract_officer",
                    "created_by",
                    "issued_by",
                ),
                pk=self.kwargs["pk"],
            )
        return self._letter

    def get_permission_object(self):
        letter = self.get_letter()
        return letter if self.permission_on_letter else letter.service

    def get_caption(self) -> str:
        return self.get_letter().service.name

    def get_back_url(self) -> str:
        return reverse("escalation:letter-preview", args=[self.get_letter().pk])


class LetterEditView(
    LoginRequiredMixin,
    LetterMixin,
    PermissionRequiredMixin,
    FormPageMixin,
    ServiceFormMixin,
    FormView,
):
    """Change the subject and wording of a draft letter."""

    permission_required = "escalation.draft_letter"
    form_class = LetterEditForm

    def get_heading(self) -> str:
        return f"Edit the draft: {self.get_letter().get_kind_display().lower()}"

    def get(self, request, *args, **kwargs):
        if self.get_letter().status != LetterStatus.DRAFT:
            messages.info(request, "This letter has been issued and cannot be changed")
            return redirect(self.get_back_url())
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        letter = self.get_letter()
        return {"subject": letter.subject, "body": letter.body}

    def perform(self, form):
        letter = self.get_letter()
        services.letter_update(
            letter=letter,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            acting_user=self.request.user,
        )
        messages.success(self.request, "Draft saved")
        return redirect("escalation:letter-preview", pk=letter.pk)


class LetterPreviewView(LoginRequiredMixin, LetterMixin, PermissionRequiredMixin, TemplateView):
    """The letter laid out as it will be (or was) sent, with what can be done next."""

    permission_required = "escalation.view_letters"
    template_name = "escalation/letters/preview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        letter = self.get_letter()
        user = self.request.user
        context.update(letter_layout(letter=letter))
        context["is_draft"] = letter.status == LetterStatus.DRAFT
        context["can_edit"] = context["is_draft"] and user.has_perm(
            "escalation.draft_letter", letter.service
        )
        context["can_issue"] = context["is_draft"] and user.has_perm(
            "escalation.issue_letter", letter
        )
        return context


class LetterIssueView(LoginRequiredMixin, LetterMixin, PermissionRequiredMixin, TemplateView):
    """Confirm, then issue a draft letter: its PDF is made and kept against the service."""

    permission_required = "escalation.issue_letter"
    permission_on_letter = True
    template_name = "escalation/letters/issue.html"

    def get(self, request, *args, **kwargs):
        if self.get_letter().status != LetterStatus.DRAFT:
            messages.info(request, "This letter has already been issued")
            return redirect(self.get_back_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["letter"] = self.get_letter()
        context["back_url"] = self.get_back_url()
        return context

    def post(self, request, *args, **kwargs):
        letter = self.get_letter()
        try:
            services.letter_issue(letter=letter, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.get_back_url())
        messages.success(request, f"{letter.get_kind_display()} issued")
        return redirect(self.get_back_url())


class LetterDiscardView(LoginRequiredMixin, LetterMixin, PermissionRequiredMixin, View):
    """Throw away a draft letter. POST only."""

    permission_required = "escalation.draft_letter"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        letter = self.get_letter()
        try:
            services.letter_discard(letter=letter, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.get_back_url())
        messages.success(request, "Draft letter discarded")
        return redirect(_letters_url(letter.service_id))


class LetterPdfView(LoginRequiredMixin, LetterMixin, PermissionRequiredMixin, View):
    """The issued letter's PDF, as a download, to people who may read letters. The file lives
    outside any public URL; this view is the only way to it."""

    permission_required = "escalation.view_letters"

    def get(self, request, *args, **kwargs):
        letter = self.get_letter()
        if letter.status != LetterStatus.ISSUED or not letter.pdf:
            raise Http404("This letter has not been issued")
        response = FileResponse(
            letter.pdf.open("rb"),
            as_attachment=True,
            filename=(letter.pdf.name or "").rsplit("/", 1)[-1],
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        return response
