"""Placeholders in letter templates, and the safe substitution of them.

Administrators write letter templates as plain text with placeholders in braces, such as
``{service_name}``. Their text is never given to ``str.format`` (which would let ``{x.__class__}``
reach into Python objects) nor to the Django template engine (which would let an administrator
run template tags): each ``{name}`` is looked up in a fixed table of strings, and anything else
in braces is reported as unknown and left as it was.

``letter_layout`` gives a letter's layout (addresses, paragraphs), the same for the PDF and the
preview page.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from escalation.models import Letter
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


def letter_layout(*, letter: Letter) -> dict:
    """What the letter's layout needs, for the PDF and the preview page alike."""
    service = letter.service
    return {
        "letter": letter,
        "service": service,
        "provider": service.provider,
        "service_address_lines": [
            line
            for line in (
                service.name,
                service.address_line_1,
                service.address_line_2,
                service.town,
                service.postcode,
            )
            if line
        ],
        "paragraphs": paragraphs(letter.body),
        "council_name": settings.OVERSIGHT_COUNCIL_NAME,
    }


def paragraphs(body: str) -> list[str]:
    """The letter's paragraphs: text separated by blank lines (single line breaks are kept
    inside a paragraph by the template)."""
    blocks = [block.strip() for block in body.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]
