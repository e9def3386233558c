"""The escalation app's entries on the service timeline: level decisions, sanctions and
issued letters."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from core.timeline import TimelineEntry, TimelineTag, register
from escalation.models import Letter, LetterStatus, LevelChange, LevelChangeStatus, Sanction

STATUS_COLOURS: dict[str, str] = {
    LevelChangeStatus.PROPOSED: "govuk-tag--blue",
    LevelChangeStatus.CONFIRMED: "govuk-tag--green",
    LevelChangeStatus.DECLINED: "govuk-tag--grey",
    LevelChangeStatus.WITHDRAWN: "govuk-tag--grey",
}


def _level_entries(*, service, user, limit):
    changes = (
        LevelChange.objects.filter(service=service)
        .select_related("proposed_by", "decided_by")
        .order_by("-proposed_at", "-pk")[:limit]
    )
    url = reverse("escalation:service-level", args=[service.pk])
    for change in changes:
        decided = change.status != LevelChangeStatus.PROPOSED and change.decided_at
        details = [("Proposed by", str(change.proposed_by)), ("Why", change.rationale)]
        if decided:
            details.append(("Decided by", str(change.decided_by)))
            if change.authority:
                details.append(("Authority", change.get_authority_display()))
            if change.authority_reference:
                details.append(("Meeting", change.authority_reference))
            if change.decision_note:
                details.append(("Decision", change.decision_note))
        yield TimelineEntry(
            kind="level",
            date=change.effective_on
            or timezone.localtime(change.decided_at or change.proposed_at).date(),
            title=(
                f"{change.get_from_level_display()} to {change.get_to_level_display()}: "
                f"{change.get_status_display().lower()}"
            ),
            byline=str(change.decided_by if decided else change.proposed_by),
            tags=(TimelineTag(change.get_status_display(), STATUS_COLOURS[change.status]),),
            url=url,
            link_text="View the level and its history",
            recorded_at=change.decided_at or change.proposed_at,
            details=tuple(details),
        )


def _sanction_entries(*, service, user, limit):
    sanctions = (
        Sanction.objects.filter(service=service)
        .select_related("authorised_by")
        .order_by("-start_date", "-pk")[:limit]
    )
    url = reverse("escalation:service-level", args=[service.pk]) + "#sanctions"
    for sanction in sanctions:
        details = [
            ("Authorised by", str(sanction.authorised_by)),
            ("Review date", f"{sanction.review_date:%-d %B %Y}"),
        ]
        if sanction.scope_detail:
            details.append(("Covers", sanction.scope_detail))
        if sanction.end_date:
            details.append(("Ends", f"{sanction.end_date:%-d %B %Y}"))
        yield TimelineEntry(
            kind="sanction",
            date=sanction.start_date,
            title=f"{sanction.get_imposition_display()} {sanction.get_kind_display().lower()}",
            byline=str(sanction.authorised_by),
            description=sanction.reason[:300],
            tags=(TimelineTag(sanction.get_scope_display(), "govuk-tag--red"),),
            url=url,
            link_text="View sanctions",
            recorded_at=sanction.created_at,
            details=tuple(details),
        )


def _letter_entries(*, service, user, limit):
    """Issued letters on the service timeline (drafts were never sent, so they are not
    evidence), for people who may read letters; nothing for anyone else."""

    if not user.has_perm("escalation.view_letters"):
        return
    letters = (
        Letter.objects.filter(service=service, status=LetterStatus.ISSUED)
        .select_related("issued_by")
        .order_by("-issued_on", "-created_at", "-pk")[:limit]
    )
    for letter in letters:
        assert letter.issued_on is not None  # every issued letter has its date (a constraint)
        yield TimelineEntry(
            kind="letter",
            date=letter.issued_on,
            title=f"{letter.get_kind_display()} issued",
            byline=str(letter.issued_by),
            description=letter.subject,
            tags=(TimelineTag("Letter", "govuk-tag--purple"),),
            url=reverse("escalation:letter-preview", args=[letter.pk]),
            link_text="Read the letter",
            recorded_at=letter.updated_at,
        )


def register_escalation_sources() -> None:
    register("level", "Level decisions", _level_entries, order=40)
    register("sanction", "Sanctions", _sanction_entries, order=50)
    register("letter", "Letters to the provider", _letter_entries, order=60)
