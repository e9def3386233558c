"""Level decisions and placement ratings: the only code that changes a service's level.

An officer proposes (``level_change_propose``); the forum for the level confirms
(``level_change_confirm``) or does not agree (``level_change_decline``). Confirming moves the
service's level and placement rating, creates the briefing tasks the new level needs, and tells
the people concerned. Panels call ``level_change_confirm`` with the meeting as the authority.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from escalation import rules
from escalation.models import (
    Authority,
    EscalationTask,
    LevelChange,
    LevelChangeStatus,
    PlacementRatingOverride,
    PlacementRatingRule,
    ServiceState,
)
from escalation.services import notices
from providers.levels import Level, PlacementRating
from providers.models import Service


def _locked_state(service: Service) -> ServiceState:
    ServiceState.objects.get_or_create(service=service)
    return ServiceState.objects.select_for_update().get(service=service)


def _rating_table() -> dict[int, str]:
    return dict(PlacementRatingRule.objects.values_list("level", "rating"))


def placement_rating_refresh(*, state: ServiceState) -> str:
    """Set the state's placement rating: the override in force, else the rating its level
    gives. Saves only when it changed. Returns the rating."""
    override = (
        PlacementRatingOverride.objects.filter(service_id=state.service_id, removed_at=None)
        .values_list("rating", flat=True)
        .first()
    )
    rating = override or rules.placement_rating_from_level(state.level, _rating_table())
    if rating != state.placement_rating:
        state.placement_rating = rating
        state.save(update_fields=["placement_rating", "updated_at"])
    return rating


@transaction.atomic
def level_change_propose(
    *, service: Service, to_level: int, rationale: str, acting_user
) -> LevelChange:
    """Propose a new level for a service, with the reason. One open proposal per service."""
    if not acting_user.has_perm("escalation.propose_level", service):
        raise PermissionDenied("You cannot propose a level for this service.")
    state = _locked_state(service)
    errors = {}
    if to_level not in Level.values:
        errors["to_level"] = "Select a level"
    elif to_level == state.level:
        errors["to_level"] = f"The service is already at {Level(to_level).label.lower()}"
    if not rationale.strip():
        errors["rationale"] = "Enter why the level should change"
    if LevelChange.objects.filter(service=service, status=LevelChangeStatus.PROPOSED).exists():
        errors["to_level"] = (
            "A change of level is already proposed for this service: "
            "it must be decided or withdrawn first"
        )
    if errors:
        raise ValidationError(errors)
    latest = service.risk_scores.order_by("-calculated_at", "-pk").first()
    change = LevelChange.objects.create(
        service=service,
        from_level=state.level,
        to_level=to_level,
        rationale=rationale.strip(),
        proposed_by=acting_user,
        score_at_proposal=latest.score if latest else None,
        suggested_level_at_proposal=latest.suggested_level if latest else None,
    )
    transaction.on_commit(lambda: notices.level_proposed(change=change, acting_user=acting_user))
    return change


def _check_decider(change: LevelChange, acting_user) -> None:
    if not acting_user.has_perm("escalation.decide_level", change):
        forum = rules.forum_for_change(from_level=change.from_level, to_level=change.to_level)
        raise PermissionDenied(
            f"Only the chair of the {Authority(forum).label} can confirm this change of level."
        )


def _open_change(change: LevelChange) -> LevelChange:
    change = LevelChange.objects.select_for_update().get(pk=change.pk)
    if change.status != LevelChangeStatus.PROPOSED:
        raise ValidationError(
            f"This proposal has already been {change.get_status_display().lower()}."
        )
    return change


@transaction.atomic
def level_change_confirm(
    *,
    change: LevelChange,
    acting_user,
    note: str = "",
    urgent: bool = False,
    meeting_reference: str = "",
    effective_on: datetime.date | None = None,
) -> LevelChange:
    """Confirm a proposed change: the service moves to the new level from ``effective_on``
    (today by default).

    The authority is the forum for the level (``rules.forum_for_change``). A PEP change
    (to or from levels 3-4) is confirmed in a PEP meeting — pass ``meeting_reference``, e.g.
    "PEP meeting, 12 November 2026" — or as an urgent decision with its reason in ``note``.
    """
    _check_decider(change, acting_user)
    change = _open_change(change)
    forum = rules.forum_for_change(from_level=change.from_level, to_level=change.to_level)
    if meeting_reference:
        authority, reference = forum, meeting_reference
    elif rules.needs_meeting_or_urgent_reason(
        from_level=change.from_level, to_level=change.to_level
    ):
        if not urgent:
            raise ValidationError(
                {
                    "urgent": "Levels 3 and 4 are decided at the Provider Escalation Panel: "
                    "confirm it in a meeting, or as an urgent decision with a reason"
                }
            )
        if not note.strip():
            raise ValidationError({"note": "Enter why the decision cannot wait for the panel"})
        authority, reference = Authority.URGENT, ""
    else:
        authority = Authority.URGENT if urgent else forum
        reference = ""
        if urgent and not note.strip():
            raise ValidationError({"note": "Enter why the decision cannot wait for the panel"})
    now = timezone.now()
    today = timezone.localdate()
    effective_on = effective_on or today
    state = _locked_state(change.service)
    if state.level != change.from_level:
        raise ValidationError(
            "The service's level has changed since this was proposed: decline this proposal "
            "and propose again."
        )
    change.status = LevelChangeStatus.CONFIRMED
    change.decided_by = acting_user
    change.decided_at = now
    change.authority = authority
    change.authority_reference = reference
    change.decision_note = note.strip()
    change.effective_on = effective_on
    change.save()
    state.level = change.to_level
    state.level_since = effective_on
    state.level_change = change
    state.save(update_fields=["level", "level_since", "level_change", "updated_at"])
    placement_rating_refresh(state=state)
    due = rules.briefing_due_on(today)
    EscalationTask.objects.bulk_create(
        EscalationTask(service=change.service, level_change=change, kind=kind, due_on=due)
        for kind in rules.briefing_tasks_for_change(
            from_level=change.from_level, to_level=change.to_level
        )
    )
    # The visit schedule follows the level; the score does not, so no recalculation.
    transaction.on_commit(lambda: notices.level_decided(change=change, acting_user=acting_user))
    return change


@transaction.atomic
def level_change_decline(*, change: LevelChange, acting_user, note: str) -> LevelChange:
    """Record that the forum did not agree a proposed change, and why."""
    _check_decider(change, acting_user)
    change = _open_change(change)
    if not note.strip():
        raise ValidationError({"note": "Enter why the change was not agreed"})
    change.status = LevelChangeStatus.DECLINED
    change.decided_by = acting_user
    change.decided_at = timezone.now()
    change.authority = rules.forum_for_change(
        from_level=change.from_level, to_level=change.to_level
    )
    change.decision_note = note.strip()
    change.save()
    transaction.on_commit(lambda: notices.level_decided(change=change, acting_user=acting_user))
    return change


@transaction.atomic
def level_change_withdraw(*, change: LevelChange, acting_user) -> LevelChange:
    """The proposer (or a chair) withdraws an open proposal."""
    if change.proposed_by_id != acting_user.pk and not acting_user.has_perm(
        "escalation.decide_level", change
    ):
        raise PermissionDenied("Only the person who proposed it or a chair can withdraw it.")
    change = _open_change(change)
    change.status = LevelChangeStatus.WITHDRAWN
    change.decided_by = acting_user
    change.decided_at = timezone.now()
    change.save()
    return change


@transaction.atomic
def level_set_initial(
    *, service: Service, level: int, since: datetime.date, acting_user, note: str
) -> LevelChange:
    """Record a level carried over from the council's previous register (seeding, imports):
    a confirmed change with the authority "carried over", so the history stays complete."""
    state = _locked_state(service)
    change = LevelChange.objects.create(
        service=service,
        from_level=state.level,
        to_level=level,
        status=LevelChangeStatus.CONFIRMED,
        rationale=note,
        proposed_by=acting_user,
        proposed_at=timezone.now(),
        decided_by=acting_user,
        decided_at=timezone.now(),
        authority=Authority.MIGRATED,
        effective_on=since,
    )
    state.level, state.level_since, state.level_change = level, since, change
    state.save(update_fields=["level", "level_since", "level_change", "updated_at"])
    placement_rating_refresh(state=state)
    return change


@transaction.atomic
def escalation_task_complete(*, task: EscalationTask, acting_user, note: str = "") -> None:
    """Mark a briefing task done."""
    if not acting_user.has_perm("escalation.complete_task", task):
        raise PermissionDenied("You cannot complete this task.")
    task = EscalationTask.objects.select_for_update().get(pk=task.pk)
    if task.done_at:
        return
    task.done_at, task.done_by, task.note = timezone.now(), acting_user, note.strip()
    task.save(update_fields=["done_at", "done_by", "note", "updated_at"])


@transaction.atomic
def placement_rating_override_set(
    *, service: Service, rating: str, reason: str, acting_user
) -> PlacementRatingOverride:
    """Give a service a different placement rating from the one its level gives, with the
    reason. Replaces any override in force."""
    if not acting_user.has_perm("escalation.override_rating", service):
        raise PermissionDenied("You cannot change placement ratings.")
    errors = {}
    if rating not in PlacementRating.values:
        errors["rating"] = "Select a placement rating"
    if not reason.strip():
        errors["reason"] = "Enter why the rating differs from the level's"
    if errors:
        raise ValidationError(errors)
    state = _locked_state(service)
    now = timezone.now()
    PlacementRatingOverride.objects.filter(service=service, removed_at=None).update(
        removed_at=now, removed_by=acting_user
    )
    override = PlacementRatingOverride.objects.create(
        service=service, rating=rating, reason=reason.strip(), set_by=acting_user, set_at=now
    )
    placement_rating_refresh(state=state)
    return override


@transaction.atomic
def placement_rating_override_remove(*, service: Service, acting_user) -> None:
    """End the override in force: the rating follows the level again."""
    if not acting_user.has_perm("escalation.override_rating", service):
        raise PermissionDenied("You cannot change placement ratings.")
    state = _locked_state(service)
    PlacementRatingOverride.objects.filter(service=service, removed_at=None).update(
        removed_at=timezone.now(), removed_by=acting_user
    )
    placement_rating_refresh(state=state)
