"""The risk register as CSV and Excel: the same rows and columns in both, and the same as
the page (no score factors, nothing commercial: partners download it too).

Like every table download, both are written by ``core.exports``: the queryset is read in chunks,
and text a spreadsheet would run as a formula is prefixed with an apostrophe.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from core.exports import table_csv, table_rows, table_xlsx
from escalation import register
from providers.levels import Level, PlacementRating

REVIEW_WORDS = {"overdue": "Overdue", "due": "Due", "": ""}


def _columns(today: datetime.date):
    return [
        ("Service", lambda s: s.name),
        ("Provider", lambda s: s.provider.name),
        ("Service type", lambda s: s.get_service_type_display()),
        ("Level", lambda s: Level(s.current_level).label),
        ("Placement rating", lambda s: PlacementRating(s.rating).label),
        ("Risk score", lambda s: s.score),
        ("Change since the last score", lambda s: s.score_change),
        ("At this level since", lambda s: s.level_since),
        ("Time at level", lambda s: register.time_at_level(s.level_since, today=today)),
        ("Authority for the level", lambda s: register.authority_text(s)),
        ("Next visit due", lambda s: s.next_due),
        ("Sanctions in force", lambda s: s.sanctions_in_force),
        ("Kinds of sanction", lambda s: register.sanction_kinds_text(s.sanction_kinds)),
        ("Next sanction review", lambda s: s.next_review),
        (
            "Sanction review",
            lambda s: REVIEW_WORDS[register.review_state(s.next_review, today=today)],
        ),
        (
            "Proposed level",
            lambda s: Level(s.proposed_level).label if s.proposed_level is not None else "",
        ),
        ("Contract officer", lambda s: s.contract_officer.full_name if s.contract_officer else ""),
        ("Closed on", lambda s: s.closed_on),
    ]


def register_rows(services, *, today: datetime.date) -> Iterator[list]:
    """The header, then one list of cell values per service."""
    return table_rows(services, _columns(today))


def register_csv(services, *, today: datetime.date) -> Iterator[str]:
    """The register as CSV text, line by line."""
    return table_csv(register_rows(services, today=today))


def register_xlsx(services, *, today: datetime.date) -> bytes:
    """The register as an .xlsx workbook with one sheet, "Risk register"."""
    return table_xlsx(register_rows(services, today=today), sheet_name="Risk register")
