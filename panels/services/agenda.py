"""The agenda: built from the register (by the chair or at the cut-off), then items added,
removed and moved by the chair."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from escalation.models import LevelChange, LevelChangeStatus, ServiceState
from panels import rules
from panels.models import ActionStatus, AgendaItem, ItemKind, Meeting, MeetingStatus, PanelAction
from panels.selectors import panel_settings
from providers.models import Service


def _next_position(meeting: Meeting) -> int:
    top = meeting.items.aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


@transaction.atomic
def agenda_build(*, meeting: Meeting, acting_user) -> int:
    """Build (or top up) the agenda from the register. Matters arising come first: every open
    action from earlier meetings of the panel. Then every service at the panel's levels, every
    open proposal that is the panel's to decide (referrals in, candidates out). Items already
    on the agenda stay where the chair put them. Returns how many items were added."""
    rules.require_perm(acting_user, "panels.run_meeting", meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    existing = list(meeting.items.all())
    have_services = {item.service_id for item in existing if item.service_id}
    have_actions = {item.action_id for item in existing if item.action_id}

    arising = [
        AgendaItem(meeting=meeting, kind=ItemKind.MATTERS_ARISING, action=action)
        for action in PanelAction.objects.filter(
            meeting__panel=meeting.panel,
            meeting__starts_at__lt=meeting.starts_at,
            status=ActionStatus.OPEN,
        ).order_by("due_on", "pk")
        if action.pk not in have_actions
    ]
    proposals = {
        change.service_id: change
        for change in LevelChange.objects.filter(status=LevelChangeStatus.PROPOSED)
        if rules.proposal_is_for_panel(
            panel=meeting.panel, from_level=change.from_level, to_level=change.to_level
        )
    }
    at_level = list(
        ServiceState.objects.filter(level__in=meeting.levels)
        .order_by("-level", "service__name")
        .values_list("service_id", flat=True)
    )
    service_items = []
    for service_id in at_level:
        if service_id in have_services:
            continue
        change = proposals.pop(service_id, None)
        kind = ItemKind.SERVICE
        if change is not None:
            kind = ItemKind.REFERRAL if change.is_escalation else ItemKind.CANDIDATE_OUT
        service_items.append(
            AgendaItem(meeting=meeting, kind=kind, service_id=service_id, proposal=change)
        )
    for service_id, change in sorted(proposals.items(), key=lambda pair: pair[1].pk):
        if service_id in have_services:
            continue
        kind = ItemKind.REFERRAL if change.is_escalation else ItemKind.CANDIDATE_OUT
        service_items.append(
            AgendaItem(meeting=meeting, kind=kind, service_id=service_id, proposal=change)
        )

    old_top = max((item.position for item in existing), default=0)
    if arising:
        # Matters arising go before everything already there.
        AgendaItem.objects.filter(meeting=meeting).update(position=F("position") + len(arising))
        for index, item in enumerate(arising, start=1):
            item.position = index
    start = old_top + len(arising) + 1
    for offset, item in enumerate(service_items):
        item.position = start + offset
    AgendaItem.objects.bulk_create([*arising, *service_items])
    meeting.agenda_built_at = timezone.now()
    meeting.save(update_fields=["agenda_built_at", "updated_at"])
    return len(arising) + len(service_items)


def agendas_build_due(*, today: datetime.date | None = None) -> int:
    """Build the agenda of every scheduled meeting whose cut-off has come and whose agenda
    nobody has built yet, as its chair (the nightly task). Returns how many were built."""
    today = today or timezone.localdate()
    built = 0
    meetings = Meeting.objects.filter(
        status=MeetingStatus.SCHEDULED, agenda_built_at__isnull=True, starts_at__date__gt=today
    ).select_related("chair")
    for meeting in meetings:
        cutoff = rules.agenda_cutoff(
            meeting.date, panel_settings(panel=meeting.panel).cutoff_working_days
        )
        if cutoff > today or not meeting.chair.has_perm("panels.run_meeting", meeting):
            continue
        agenda_build(meeting=meeting, acting_user=meeting.chair)
        built += 1
    return built


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, acting_user, service: Service | None = None, title: str = ""
) -> AgendaItem:
    """The chair adds a service, or an item of other business, at the end of the agenda."""
    rules.require_perm(acting_user, "panels.run_meeting", meeting)
    if service is None and not title.strip():
        raise ValidationError({"title": "Enter the item's title, or choose a service"})
    if service is not None and meeting.items.filter(service=service).exists():
        raise ValidationError({"service": f"{service.name} is already on the agenda"})
    proposal = None
    if service is not None:
        proposal = LevelChange.objects.filter(
            service=service, status=LevelChangeStatus.PROPOSED
        ).first()
    return AgendaItem.objects.create(
        meeting=meeting,
        position=_next_position(meeting),
        kind=ItemKind.ADDED if service else ItemKind.OTHER,
        service=service,
        proposal=proposal,
        title="" if service else title.strip(),
    )


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, acting_user) -> None:
    """Take an item off the agenda (before anything is minuted against it)."""
    rules.require_perm(acting_user, "panels.run_meeting", item.meeting)
    if item.minutes_version or item.actions.exists():
        raise ValidationError("This item has minutes or actions: it cannot be removed")
    item.delete()


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, acting_user) -> None:
    """Swap an item with its neighbour above ("up") or below ("down")."""
    rules.require_perm(acting_user, "panels.run_meeting", item.meeting)
    items = list(item.meeting.items.select_for_update().order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        other.position = position
    AgendaItem.objects.bulk_update(items, ["position"])
