"""Every change the panels make: scheduling, attendance, the agenda, minutes, decisions,
actions and publishing. Level changes go through ``escalation.services`` with the meeting as
the authority; nothing here writes a service's level itself."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from core.jobs import job_create
from core.models import Job
from core.pdf import render_pdf
from core.queue import enqueue_on_commit
from escalation.models import LevelChange, LevelChangeStatus, ServiceState
from escalation.services import (
    level_change_confirm,
    level_change_decline,
    level_change_propose,
)
from panels import notices, rules
from panels.models import (
    ActionStatus,
    AgendaItem,
    Attendance,
    Attendee,
    Decision,
    ItemKind,
    ItemOutcome,
    Meeting,
    MeetingStatus,
    Panel,
    PanelAction,
    PanelMember,
    PanelSettings,
)
from panels.selectors import minutes_context
from providers.levels import Level
from providers.models import Service

# Used when an administrator has not saved settings for a panel (docs/adr/0011-panels.md).
DEFAULT_SETTINGS = {
    Panel.PEP: {"weekday": 1, "week_of_month": 2, "interval_weeks": None},
    Panel.QPSG: {"weekday": 3, "week_of_month": None, "interval_weeks": 2},
}


class MinutesConflict(Exception):
    """Someone else saved the item's minutes after this person opened them."""

    def __init__(self, current: AgendaItem):
        super().__init__("Someone else saved these minutes while you were editing")
        self.current = current


def _require(acting_user, perm: str, obj=None) -> None:
    if not acting_user.has_perm(perm, obj):
        raise PermissionDenied("Only a panel chair can do this.")


def panel_settings(panel: str) -> PanelSettings:
    """The council's defaults for a panel, or the built-in ones (unsaved) when none are set."""
    found = PanelSettings.objects.filter(panel=panel).first()
    return found or PanelSettings(panel=panel, **DEFAULT_SETTINGS[Panel(panel)])


def next_meeting_day(*, panel: str, after: datetime.date) -> datetime.date:
    settings = panel_settings(panel)
    last = (
        Meeting.objects.filter(panel=panel)
        .exclude(status=MeetingStatus.CANCELLED)
        .aggregate(last=Max("starts_at"))["last"]
    )
    return rules.next_meeting_date(
        weekday=settings.weekday,
        after=after,
        week_of_month=settings.week_of_month,
        interval_weeks=settings.interval_weeks,
        last_meeting=timezone.localtime(last).date() if last else None,
    )


@transaction.atomic
def meeting_schedule(
    *,
    panel: str,
    acting_user,
    day: datetime.date | None = None,
    start_time: datetime.time | None = None,
    location: str | None = None,
) -> Meeting:
    """Schedule a meeting of a panel (the next default date unless ``day`` is given); its
    members are invited as attendees with their agencies."""
    _require(acting_user, "panels.chair")
    if panel not in Panel.values:
        raise ValidationError({"panel": "Select the panel"})
    settings = panel_settings(panel)
    day = day or next_meeting_day(panel=panel, after=timezone.localdate())
    starts_at = timezone.make_aware(
        datetime.datetime.combine(day, start_time or settings.start_time)
    )
    meeting = Meeting.objects.create(
        panel=panel,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=settings.duration_minutes),
        location=settings.location if location is None else location,
        chair=acting_user,
    )
    Attendee.objects.bulk_create(
        Attendee(meeting=meeting, user_id=member.user_id, agency=member.agency)
        for member in PanelMember.objects.filter(panel=panel)
    )
    return meeting


@transaction.atomic
def attendee_add(*, meeting: Meeting, user, agency: str, acting_user) -> Attendee:
    """Invite someone who is not a member (a presenting officer, say) to one meeting."""
    _require(acting_user, "panels.run_meeting", meeting)
    if not agency.strip():
        raise ValidationError({"agency": "Enter the agency they represent"})
    if Attendee.objects.filter(meeting=meeting, user=user).exists():
        raise ValidationError({"user": f"{user} is already invited"})
    attendee = Attendee.objects.create(
        meeting=meeting, user=user, agency=agency.strip(), is_member=False
    )
    Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1)
    return attendee


@transaction.atomic
def attendance_record(*, attendee: Attendee, attendance: str, acting_user) -> Attendee:
    """Record that an attendee is present or sent apologies."""
    _require(acting_user, "panels.run_meeting", attendee.meeting)
    if attendance not in Attendance.values:
        raise ValidationError({"attendance": "Select present or apologies"})
    attendee.attendance = attendance
    attendee.save(update_fields=["attendance", "updated_at"])
    return attendee


# --- the agenda -----------------------------------------------------------------------------
def _next_position(meeting: Meeting) -> int:
    top = meeting.items.aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


@transaction.atomic
def agenda_build(*, meeting: Meeting, acting_user) -> int:
    """Build (or top up) the agenda from the register. Matters arising come first: every open
    action from earlier meetings of the panel. Then every service at the panel's levels, every
    open proposal that is the panel's to decide (referrals in, candidates out). Items already
    on the agenda stay where the chair put them. Returns how many items were added."""
    _require(acting_user, "panels.run_meeting", meeting)
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
            meeting.date, panel_settings(meeting.panel).cutoff_working_days
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
    _require(acting_user, "panels.run_meeting", meeting)
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
    _require(acting_user, "panels.run_meeting", item.meeting)
    if item.minutes_version or item.actions.exists():
        raise ValidationError("This item has minutes or actions: it cannot be removed")
    item.delete()


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, acting_user) -> None:
    """Swap an item with its neighbour above ("up") or below ("down")."""
    _require(acting_user, "panels.run_meeting", item.meeting)
    items = list(item.meeting.items.select_for_update().order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        other.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


# --- minutes --------------------------------------------------------------------------------
@transaction.atomic
def minutes_save(
    *,
    item: AgendaItem,
    expected_version: int,
    acting_user,
    rationale: str,
    decision: str = "",
    to_level: int | None = None,
    sanctions_recommended: str = "",
) -> AgendaItem:
    """Save an item's minutes and decision. Refused with ``MinutesConflict`` when someone
    saved them since ``expected_version`` was read: nobody's text is silently overwritten."""
    _require(acting_user, "panels.run_meeting", item.meeting)
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if item.minutes_version != expected_version:
        raise MinutesConflict(item)
    errors = {}
    if item.is_service_item:
        level = _current_level(item.service_id)
        if not decision:
            errors["decision"] = "Select the panel's decision"
        else:
            errors.update(
                rules.decision_errors(
                    panel=item.meeting.panel,
                    decision=decision,
                    current_level=level,
                    to_level=to_level,
                )
            )
    else:
        decision, to_level = "", None
    if not rationale.strip():
        errors["rationale"] = "Enter the discussion and the reason for the decision"
    if errors:
        raise ValidationError(errors)
    item.decision = decision
    item.to_level = None if decision == Decision.MAINTAIN else to_level
    item.rationale = rationale.strip()
    item.sanctions_recommended = sanctions_recommended.strip()
    item.minutes_version += 1
    item.minutes_saved_by = acting_user
    item.minutes_saved_at = timezone.now()
    item.save()
    return item


def _current_level(service_id: int) -> int:
    return (
        ServiceState.objects.filter(service_id=service_id).values_list("level", flat=True).first()
        or Level.ROUTINE
    )


# --- actions --------------------------------------------------------------------------------
@transaction.atomic
def panel_action_add(
    *, item: AgendaItem, description: str, owner, due_on: datetime.date | None, acting_user
) -> PanelAction:
    """Record an action the panel agreed on an item, with its owner and due date."""
    _require(acting_user, "panels.run_meeting", item.meeting)
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
    action = PanelAction.objects.create(
        meeting=item.meeting,
        item=item,
        service_id=item.service_id or (item.action.service_id if item.action_id else None),
        description=description.strip(),
        owner=owner,
        due_on=due_on,
        created_by=acting_user,
    )
    transaction.on_commit(lambda: notices.action_assigned(action=action, actor=acting_user))
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


# --- publishing -----------------------------------------------------------------------------
def _apply_decision(*, item: AgendaItem, meeting: Meeting, acting_user) -> None:
    """Carry one item's decision into the risk register through escalation.services."""
    service = item.service
    level = _current_level(service.pk)
    open_change = LevelChange.objects.filter(
        service=service, status=LevelChangeStatus.PROPOSED
    ).first()
    note = item.rationale
    if item.decision == Decision.MAINTAIN:
        if open_change and rules.proposal_is_for_panel(
            panel=meeting.panel, from_level=open_change.from_level, to_level=open_change.to_level
        ):
            level_change_decline(change=open_change, acting_user=acting_user, note=note)
            item.outcome, item.level_change = ItemOutcome.DECLINED, open_change
        else:
            item.outcome = ItemOutcome.UNCHANGED
        return
    errors = rules.decision_errors(
        panel=meeting.panel, decision=item.decision, current_level=level, to_level=item.to_level
    )
    if errors:
        raise ValidationError(f"{item.heading}: {next(iter(errors.values()))}")
    if open_change and open_change.to_level != item.to_level:
        level_change_decline(
            change=open_change,
            acting_user=acting_user,
            note=f"The {meeting.get_panel_display()} decided on "
            f"{Level(item.to_level).label.lower()} instead.",
        )
        open_change = None
    change = open_change or level_change_propose(
        service=service, to_level=item.to_level, rationale=note, acting_user=acting_user
    )
    if rules.decision_is_referral(panel=meeting.panel, from_level=level, to_level=item.to_level):
        item.outcome, item.level_change = ItemOutcome.REFERRED, change
        return
    level_change_confirm(
        change=change,
        acting_user=acting_user,
        note=note,
        meeting_reference=meeting.reference,
        effective_on=meeting.date,
    )
    item.outcome, item.level_change = ItemOutcome.CONFIRMED, change


@transaction.atomic
def minutes_publish(*, meeting: Meeting, acting_user) -> Meeting:
    """Publish the minutes: every decision goes into the risk register with this meeting as
    its authority (a QPSG decision PEP owns becomes a referral), the meeting is closed to
    editing and the minutes PDF is made in the background. All or nothing."""
    _require(acting_user, "panels.run_meeting", meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    items = list(meeting.items.select_related("service", "action").order_by("position", "pk"))
    if not items:
        raise ValidationError("The agenda is empty: build it before publishing minutes")
    unminuted = [item.heading for item in items if item.is_service_item and not item.decision]
    if unminuted:
        raise ValidationError(
            "Record a decision for every service before publishing: " + ", ".join(unminuted)
        )
    for item in items:
        if item.is_service_item:
            _apply_decision(item=item, meeting=meeting, acting_user=acting_user)
            item.save(update_fields=["outcome", "level_change", "updated_at"])
    meeting.status = MeetingStatus.PUBLISHED
    meeting.published_at = timezone.now()
    meeting.published_by = acting_user
    meeting.save(update_fields=["status", "published_at", "published_by", "updated_at"])

    enqueue_on_commit("panels.tasks.minutes_pdf_generate", meeting.pk)
    transaction.on_commit(lambda: notices.minutes_published(meeting=meeting, actor=acting_user))
    return meeting


def minutes_pdf_store(*, meeting_id: int) -> Meeting:
    """Render the published minutes to PDF and keep them on the meeting (safe to repeat)."""
    context = minutes_context(meeting_id=meeting_id)
    meeting = context["meeting"]
    pdf = render_pdf("pdf/panels/minutes.html", context, title=f"Minutes: {meeting.reference}")
    meeting.minutes_pdf.save(
        f"minutes-{meeting.panel}-{meeting.date:%Y-%m-%d}.pdf", ContentFile(pdf), save=False
    )
    Meeting.objects.filter(pk=meeting.pk).update(minutes_pdf=meeting.minutes_pdf.name)
    return meeting


@transaction.atomic
def pack_request(*, meeting: Meeting, acting_user) -> Job:
    """Start making the members' briefing pack PDF in the background; the job tracks it."""
    _require(acting_user, "panels.see_meeting", meeting)
    job = job_create(
        acting_user=acting_user,
        kind="panels.pack",
        title=f"Briefing pack: {meeting.reference}",
        params={"meeting": meeting.pk},
    )
    enqueue_on_commit("panels.tasks.pack_pdf_generate", str(job.pk), meeting.pk)
    return job
