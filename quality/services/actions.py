"""Action plans: actions raised from a visit's findings or on their own, and kept up to date."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from providers.evidence import evidence_changed
from providers.models import Service
from quality.models import (
    OPEN_ACTION_STATUSES,
    Action,
    ActionStatus,
    Area,
    Visit,
    VisitStatus,
)

EDITABLE_FIELDS = (
    "description",
    "owner",
    "owner_contact",
    "due_on",
    "status",
    "evidence",
    "provider_response",
)


def _check(values: dict, *, today: datetime.date, due_changed: bool) -> dict[str, str]:
    errors = {}
    if "description" in values and not (values["description"] or "").strip():
        errors["description"] = "Enter what needs to be done"
    has_owner = values.get("owner") is not None or (values.get("owner_contact") or "").strip()
    if ("owner" in values or "owner_contact" in values) and not has_owner:
        errors["owner"] = "Select who owns the action, or enter the provider contact"
    due_on = values.get("due_on", ...)
    if due_on is None:
        errors["due_on"] = "Enter the due date"
    elif due_on is not ... and due_changed and due_on < today:
        errors["due_on"] = "The due date must be today or in the future"
    if "status" in values and values["status"] not in ActionStatus.values:
        errors["status"] = "Select the status"
    return errors


def action_create(
    *,
    acting_user: User,
    service: Service,
    description: str,
    due_on: datetime.date,
    owner: User | None = None,
    owner_contact: str = "",
    visit: Visit | None = None,
    area: str = "",
    today: datetime.date | None = None,
) -> Action:
    """Add an action to a service's action plan, from a finding of a completed visit
    (``visit`` and ``area``) or on its own."""
    today = today or timezone.localdate()
    values = {
        "description": description,
        "owner": owner,
        "owner_contact": owner_contact,
        "due_on": due_on,
    }
    errors = _check(values, today=today, due_changed=True)
    if visit is not None and (
        visit.service_id != service.pk or visit.status != VisitStatus.COMPLETED
    ):
        errors["__all__"] = "Actions are raised from completed visits to the same service"
    if area and area not in Area.values:
        errors["area"] = "Select an area from the list"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return Action.objects.create(
            service=service,
            visit=visit,
            area=area or "",
            description=description.strip(),
            owner=owner,
            owner_contact=(owner_contact or "").strip(),
            due_on=due_on,
            created_by=acting_user,
        )


def action_update(
    *, acting_user, action: Action, today: datetime.date | None = None, **changes
) -> Action:
    """Change an action: its status, due date, owner, evidence of progress and the
    provider's response. Marking it done records today as its completion date; a new due
    date (today or later) or closing it clears its overdue mark."""
    today = today or timezone.localdate()
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))}")
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        merged = {name: getattr(action, name) for name in EDITABLE_FIELDS} | changes
        due_changed = "due_on" in changes and changes["due_on"] != action.due_on
        errors = _check(merged, today=today, due_changed=due_changed)
        if errors:
            raise ValidationError(errors)
        for name, value in changes.items():
            if isinstance(value, str):
                value = value.strip()
            setattr(action, name, value)
        if action.status == ActionStatus.DONE and action.completed_on is None:
            action.completed_on = today
        elif action.status != ActionStatus.DONE:
            action.completed_on = None
        if action.status not in OPEN_ACTION_STATUSES or action.due_on >= today:
            action.overdue_since = None
        action.save()
    return action


def actions_mark_overdue(*, today: datetime.date | None = None) -> int:
    """Find actions that have newly gone overdue (open or in progress, due date passed, not
    yet marked), mark them, and mark each of their services' risk scores for recalculation
    once. Safe to run twice on the same day. Returns how many services were marked."""
    today = today or timezone.localdate()
    with transaction.atomic():
        newly = Action.objects.select_for_update().filter(
            status__in=OPEN_ACTION_STATUSES, due_on__lt=today, overdue_since__isnull=True
        )
        service_ids = sorted(set(newly.values_list("service_id", flat=True)))
        newly.update(overdue_since=today, updated_at=timezone.now())
        for service_id in service_ids:
            evidence_changed(service_id=service_id, reason="action overdue")
    return len(service_ids)
