"""The words the risk register uses for its computed columns, shared by the page and the
exports so both say the same thing (docs/adr/0008-risk-register.md)."""

from __future__ import annotations

import datetime

from escalation.models import Authority, SanctionKind
from escalation.rules import sanction_review_due_by, sanction_review_overdue


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole calendar months from ``start`` to ``end``."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def time_at_level(since: datetime.date | None, *, today: datetime.date) -> str:
    """How long a service has been at its level, in the largest unit that reads naturally:
    "3 days", "5 weeks", "4 months", "2 years 1 month". Empty when no level was recorded."""
    if since is None:
        return ""
    days = (today - since).days
    if days < 1:
        return "Since today"
    if days < 14:
        return _plural(days, "day")
    months = months_between(since, today)
    if months < 2:
        return _plural(days // 7, "week")
    if months < 24:
        return _plural(months, "month")
    years, rest = divmod(months, 12)
    return _plural(years, "year") + (f" {_plural(rest, 'month')}" if rest else "")


SINCE = "since the last score"


def score_trend(score: int | None, change: int | None) -> dict:
    """The direction of a score since the previous calculation, in words as well as an arrow:
    {"direction": "up", "arrow": "↑", "text": "Up 5", "since": "since the last score"}."""
    if score is None:
        return {"direction": "none", "arrow": "", "text": "Not scored yet", "since": ""}
    if change is None:
        return {"direction": "new", "arrow": "", "text": "First score", "since": ""}
    if change > 0:
        return {"direction": "up", "arrow": "↑", "text": f"Up {change}", "since": SINCE}
    if change < 0:
        return {"direction": "down", "arrow": "↓", "text": f"Down {-change}", "since": SINCE}
    return {"direction": "same", "arrow": "→", "text": "No change", "since": SINCE}


def sanction_kinds_text(kinds: list[str] | None) -> str:
    """The kinds of the sanctions in force: "Placement stop, Restriction of hours"."""
    return ", ".join(SanctionKind(kind).label for kind in kinds or [])


def authority_text(service) -> str:
    """Who decided the current level, and where: "Confirmed by the Provider Escalation Panel
    (PEP meeting, 12 November 2026)", "Urgent decision", "Carried over from the previous
    register". Empty for a routine service with no recorded decision."""
    if not service.level_authority:
        return ""
    authority = Authority(service.level_authority)
    if authority in (Authority.URGENT, Authority.MIGRATED):
        text = authority.label
    else:
        text = f"Confirmed by the {authority.label}"
    reference = service.level_authority_reference
    return f"{text} ({reference})" if reference else text


def review_state(review: datetime.date | None, *, today: datetime.date) -> str:
    """ "overdue", "due" (within 14 days) or "" for the earliest review of the sanctions in
    force."""
    if review is None:
        return ""
    if sanction_review_overdue(review, today=today):
        return "overdue"
    if review <= sanction_review_due_by(today):
        return "due"
    return ""
