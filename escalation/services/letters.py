"""Letters to providers: drafted from the council's templates, edited, issued as a PDF, kept.

A draft copies the template's wording with the placeholders filled in, so a later change to the
template never touches it. Issuing renders the PDF once and stores it with the letter; from then
on the letter cannot be edited, discarded or issued again.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core.pdf import render_pdf
from escalation.letters import (
    letter_context,
    letter_layout,
    long_date,
    render_text,
    unknown_placeholders,
)
from escalation.models import Letter, LetterKind, LetterStatus, LetterTemplate
from escalation.services import notices
from providers.models import Service

SUBJECT_MAX = 255
BODY_MAX = 20_000


@transaction.atomic
def letter_draft(*, service: Service, kind: str, acting_user) -> Letter:
    """Start a letter of ``kind`` about ``service`` from the council's template, with every
    placeholder filled in from the service as it is today."""
    if not acting_user.has_perm("escalation.draft_letter", service):
        raise PermissionDenied("You cannot draft letters about this service.")
    if kind not in LetterKind.values:
        raise ValidationError({"kind": "Select the kind of letter"})
    template = LetterTemplate.objects.filter(kind=kind).first()
    if template is None:
        raise ValidationError(
            {"kind": f"There is no template for a {LetterKind(kind).label.lower()} letter yet"}
        )
    context = letter_context(service)
    return Letter.objects.create(
        service=service,
        kind=kind,
        subject=render_text(template.subject, context).text[:SUBJECT_MAX],
        body=render_text(template.body, context).text,
        signatory=template.signatory,
        created_by=acting_user,
    )


def _lock_draft(letter: Letter, action: str) -> Letter:
    """The letter's row, locked, so two people cannot issue (or edit and issue) it at once."""
    locked = (
        Letter.objects.select_for_update(of=("self",))
        .select_related("service__provider", "service__contract_officer")
        .get(pk=letter.pk)
    )
    if locked.status != LetterStatus.DRAFT:
        assert locked.issued_on is not None  # every issued letter has its date (a constraint)
        raise ValidationError(
            f"This letter was issued on {long_date(locked.issued_on)}: it cannot be {action}."
        )
    return locked


def _check_draft_rights(letter: Letter, acting_user) -> None:
    if not acting_user.has_perm("escalation.draft_letter", letter.service):
        raise PermissionDenied("You cannot change letters about this service.")


@transaction.atomic
def letter_update(*, letter: Letter, subject: str, body: str, acting_user) -> Letter:
    """Change the subject and wording of a draft letter. Issued letters cannot change."""
    _check_draft_rights(letter, acting_user)
    locked = _lock_draft(letter, "changed")
    errors = {}
    subject, body = subject.strip(), body.strip()
    if not subject:
        errors["subject"] = "Enter the subject of the letter"
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = f"The subject must be {SUBJECT_MAX} characters or fewer"
    if not body:
        errors["body"] = "Enter the text of the letter"
    elif len(body) > BODY_MAX:
        errors["body"] = f"The letter must be {BODY_MAX:,} characters or fewer"
    if errors:
        raise ValidationError(errors)
    locked.subject, locked.body = subject, body
    locked.save(update_fields=["subject", "body", "updated_at"])
    letter.refresh_from_db()
    return locked


@transaction.atomic
def letter_issue(*, letter: Letter, acting_user) -> Letter:
    """Issue a draft letter: date it today, render its PDF (marked OFFICIAL-SENSITIVE, with page
    numbers) and keep the PDF against the service. Refused for a letter already issued, and for
    one that still holds a placeholder Oversight cannot fill (it would reach the provider as
    "{foo}")."""
    if not acting_user.has_perm("escalation.issue_letter", letter):
        raise PermissionDenied("You cannot issue letters.")
    locked = _lock_draft(letter, "issued again")
    leftovers = unknown_placeholders(locked.subject) + unknown_placeholders(locked.body)
    if leftovers:
        names = ", ".join("{" + name + "}" for name in dict.fromkeys(leftovers))
        raise ValidationError(f"Remove {names} from the letter before you issue it")
    locked.status = LetterStatus.ISSUED
    locked.issued_by = acting_user
    locked.issued_on = timezone.localdate()
    pdf = render_pdf("pdf/letter.html", letter_layout(letter=locked), title=locked.subject)
    name = f"{locked.issued_on:%Y-%m-%d}-{slugify(locked.get_kind_display())}-{locked.pk}.pdf"
    locked.pdf.save(name, ContentFile(pdf), save=False)
    locked.save(update_fields=["status", "issued_by", "issued_on", "pdf", "updated_at"])
    letter.refresh_from_db()
    transaction.on_commit(lambda: notices.letter_issued(letter=locked, acting_user=acting_user))
    return locked


@transaction.atomic
def letter_discard(*, letter: Letter, acting_user) -> None:
    """Throw away a draft letter. Issued letters are kept for good."""
    _check_draft_rights(letter, acting_user)
    locked = _lock_draft(letter, "discarded")
    locked.delete()
