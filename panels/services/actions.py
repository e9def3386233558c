"""Actions the panel agrees on an item, and marking them done."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from panels import notices, rules
from panels.models import ActionStatus, AgendaItem, PanelAction


@transaction.atomic
def panel_action_add(
    *, item: AgendaItem, description: str, owner, due_on: datetime.date | None, acting_user
) -> PanelAction:
    """Record an action the panel agreed on an item, with its owner and due date."""
    rules.require_perm(acting_user, "panels.run_meeting", item.meeting)
    errors = {}
    if not description.strip():
        errors["description"] = "Enter the action"
    if owner is None:
        errors["owner"] = "Select who owns the action"
    if due_on is None:
        errors["due_on"] = "Enter the due date"
    elif due_on < item.meeting.date:
        errors["due_on"] = "The due date must be on or after the meeting"
    if errors:
        raise ValidationError(errors)
    assert due_on is not None  # required above
    action = PanelAction.objects.create(
        meeting=item.meeting,
        item=item,
        service_id=item.service_id or (item.action.service_id if item.action is not None else None),
        description=description.strip(),
        owner=owner,
        due_on=due_on,
        created_by=acting_user,
    )
    transaction.on_commit(lambda: notices.action_assigned(action=action, acting_user=acting_user))
    return action


@transaction.atomic
def panel_action_complete(*, action: PanelAction, acting_user, note: str = "") -> PanelAction:
    """Mark an action done: it stops coming back as a matter arising."""
    if not (acting_user.has_perm("panels.chair") or action.owner_id == acting_user.pk):
        raise PermissionDenied("Only the action's owner or a chair can mark it done.")
    action = PanelAction.objects.select_for_update().get(pk=action.pk)
    if action.status == ActionStatus.DONE:
        return action
    action.status, action.done_on, action.done_note = (
        ActionStatus.DONE,
        timezone.localdate(),
        note.strip(),
    )
    action.save(update_fields=["status", "done_on", "done_note", "updated_at"])
    return action
