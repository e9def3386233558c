"""Who is told about escalation decisions, and what they are told.

The people concerned (issue 5, DOMAIN.md): the service's portfolio officer, the panel chairs
who decide, and the directors for anything at levels 3-4 or any contract action. Messages
name the service, its provider, levels, sanctions and letters only — never the people
receiving care (docs/adr/0010-notifications.md). Each function is called after the change
commits, so a notification never announces something that was rolled back.
"""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from escalation import rules
from escalation.models import Authority, Letter, LevelChange, Sanction
from notifications.models import Reason
from notifications.services import notify
from providers.levels import Level


def _people_with_role(*roles) -> list:
    return list(User.objects.active_with_role(*roles))


def _name(user) -> str:
    return user.get_full_name() or user.email


def level_proposed(*, change: LevelChange, acting_user) -> None:
    """A proposal waits for its forum: the officer and the chairs hear of it."""
    service = change.service
    forum = Authority(
        rules.forum_for_change(from_level=change.from_level, to_level=change.to_level)
    )
    notify(
        recipients=[service.contract_officer, *_people_with_role(Role.PANEL_CHAIR)],
        subject=f"{service.name}: change of level proposed",
        body=(
            f"{_name(acting_user)} proposed moving {service.name} ({service.provider.name}) from "
            f"{change.get_from_level_display().lower()} to "
            f"{change.get_to_level_display().lower()}. It is for the {forum.label} to decide."
        ),
        url=reverse("escalation:service-level", args=[service.pk]),
        reason=Reason.LEVEL_CHANGE,
        acting_user=acting_user,
    )


def level_decided(*, change: LevelChange, acting_user) -> None:
    """A decision: the officer and the proposer hear of it; directors too at levels 3-4, with
    the briefing tasks the new level needs."""
    service = change.service
    recipients = [service.contract_officer, change.proposed_by]
    serious = max(change.to_level, change.from_level) >= Level.THREE
    if serious:
        recipients += _people_with_role(Role.DIRECTOR)
    if change.status == "confirmed":
        subject = f"{service.name}: now {change.get_to_level_display().lower()}"
        body = (
            f"{service.name} ({service.provider.name}) moved from "
            f"{change.get_from_level_display().lower()} to "
            f"{change.get_to_level_display().lower()} on {change.effective_on:%-d %B %Y}, "
            f"confirmed by {change.get_authority_display()}"
            + (f" ({change.authority_reference})" if change.authority_reference else "")
            + "."
        )
        tasks = [task.get_kind_display() for task in change.tasks.all()]
        if tasks:
            body += " To do: " + "; ".join(tasks) + "."
    else:
        subject = f"{service.name}: change of level not agreed"
        body = (
            f"The proposal to move {service.name} ({service.provider.name}) to "
            f"{change.get_to_level_display().lower()} was not agreed."
        )
    notify(
        recipients=recipients,
        subject=subject,
        body=body,
        url=reverse("escalation:service-level", args=[service.pk]),
        reason=Reason.LEVEL_CHANGE,
        acting_user=acting_user,
    )


def sanction_changed(*, sanction: Sanction, acting_user, ended: bool) -> None:
    """A placement stop or restriction starts or ends: brokers act on it, so the officer, the
    person who authorised it and the directors hear of it."""
    service = sanction.service
    what = f"{sanction.get_imposition_display().lower()} {sanction.get_kind_display().lower()}"
    if ended:
        subject = f"{service.name}: {sanction.get_kind_display().lower()} lifted"
        body = f"The {what} at {service.name} ({service.provider.name}) ends on {sanction.end_date:%-d %B %Y}."
    else:
        subject = f"{service.name}: {sanction.get_kind_display().lower()} recorded"
        body = (
            f"A {what} ({sanction.get_scope_display().lower()}) at {service.name} "
            f"({service.provider.name}) starts on {sanction.start_date:%-d %B %Y}, "
            f"authorised by {_name(sanction.authorised_by)}; review due "
            f"{sanction.review_date:%-d %B %Y}."
        )
    notify(
        recipients=[
            service.contract_officer,
            sanction.authorised_by,
            *_people_with_role(Role.DIRECTOR),
        ],
        subject=subject,
        body=body,
        url=reverse("escalation:service-level", args=[service.pk]),
        reason=Reason.SANCTION,
        acting_user=acting_user,
    )


def letter_issued(*, letter: Letter, acting_user) -> None:
    """A letter went to the provider: the officer and the directors hear of it."""
    service = letter.service
    notify(
        recipients=[service.contract_officer, *_people_with_role(Role.DIRECTOR)],
        subject=f"{service.name}: {letter.get_kind_display().lower()} issued",
        body=(
            f"{_name(acting_user)} issued a {letter.get_kind_display().lower()} to "
            f"{service.provider.name} about {service.name} on {letter.issued_on:%-d %B %Y}."
        ),
        url=reverse("escalation:service-letters", args=[service.pk]),
        reason=Reason.LETTER,
        acting_user=acting_user,
    )
