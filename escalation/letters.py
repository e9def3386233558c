"""Placeholders in letter templates, and the safe substitution of them.

Administrators write letter templates as plain text with placeholders in braces, such as
``{service_name}``. Their text is never given to ``str.format`` (which would let ``{x.__class__}``
reach into Python objects) nor to the Django template engine (which would let an administrator
run template tags): each ``{name}`` is looked up in a fixed table of strings, and anything else
in braces is reported as unknown and left as it was.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from core.timeline import TimelineEntry, TimelineTag, register
from escalation.models import Letter, LetterStatus
from escalation.selectors import decided_level
from providers.levels import Level

# Every placeholder a letter template may use, with what it becomes (shown to administrators).
PLACEHOLDERS: dict[str, str] = {
    "provider_name": "the provider's name",
    "provider_address": "the provider's head office address, if recorded",
    "service_name": "the service's name",
    "service_address": "the service's address",
    "contract_reference": "the reference of the service's live contract, or nothing",
    "level": 'the service\'s level, for example "level 2"',
    "officer_name": "the name of the service's contract officer",
    "officer_email": "the email address of the service's contract officer",
    "today": 'the date the letter is drafted, for example "22 November 2026"',
}

# Anything in single braces on one line: a placeholder, known or not.
_TOKEN = re.compile(r"\{([^{}\n]{0,100})\}")


@dataclass(frozen=True)
class RenderedText:
    """Text with the known placeholders filled in, and the unknown ones it still holds."""

    text: str
    unknown: tuple[str, ...]


def unknown_placeholders(template_text: str) -> list[str]:
    """The placeholders in ``template_text`` that Oversight does not know, in order, once each."""
    seen: list[str] = []
    for match in _TOKEN.finditer(template_text):
        name = match.group(1)
        if name not in PLACEHOLDERS and name not in seen:
            seen.append(name)
    return seen


def render_text(template_text: str, context: dict[str, str]) -> RenderedText:
    """Replace each known ``{placeholder}`` with its value from ``context`` (as text; a
    placeholder missing from the context becomes empty). Unknown ones stay as written and are
    listed in ``unknown``. Values are inserted as they are: they are never scanned again, so a
    service called "{officer_email}" stays that name."""

    def substitute(match: re.Match) -> str:
        name = match.group(1)
        if name in PLACEHOLDERS:
            return str(context.get(name, "") or "")
        return match.group(0)

    return RenderedText(
        text=_TOKEN.sub(substitute, template_text),
        unknown=tuple(unknown_placeholders(template_text)),
    )


def placeholder_help() -> str:
    """One line listing the placeholders, for help text and error messages."""
    return ", ".join("{" + name + "}" for name in PLACEHOLDERS)


def long_date(day: datetime.date) -> str:
    """A date as a letter writes it: 22 November 2026."""
    return f"{day.day} {day:%B %Y}"


def level_words(level: int) -> str:
    """The level as it reads in a sentence: "level 2", or "routine monitoring"."""
    return "routine monitoring" if level == Level.ROUTINE else Level(level).label.lower()


def live_contract_reference(service, day: datetime.date) -> str:
    """The reference of the service's contract live on ``day`` (the newest if several), or ""."""
    contract = service.contracts.live_on(day).order_by("-start_date", "-pk").first()
    return contract.reference if contract else ""


def letter_context(service, *, today: datetime.date | None = None) -> dict[str, str]:
    """The value of every placeholder for a letter about ``service``."""
    today = today or timezone.localdate()
    provider = service.provider
    officer = service.contract_officer
    provider_address = ", ".join(
        part for part in (provider.head_office_address, provider.head_office_postcode) if part
    )
    return {
        "provider_name": provider.name,
        "provider_address": provider_address,
        "service_name": service.name,
        "service_address": service.address,
        "contract_reference": live_contract_reference(service, today),
        "level": level_words(decided_level(service=service)),
        "officer_name": officer.full_name if officer else "",
        "officer_email": officer.email if officer else "",
        "today": long_date(today),
    }


# --- the service timeline -------------------------------------------------------------------------


def letter_timeline_entries(*, service, user, limit):
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


def register_letter_source() -> None:
    register("letter", "Letters to the provider", letter_timeline_entries, order=60)
