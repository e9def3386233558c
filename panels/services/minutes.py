"""Minutes: each item's discussion and decision, publishing them (every decision goes into the
risk register through ``escalation.services`` with the meeting as the authority) and the
minutes PDF."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.pdf import render_pdf
from core.queue import enqueue_on_commit
from escalation.models import LevelChange, LevelChangeStatus
from escalation.selectors import decided_level
from escalation.services import level_change_confirm, level_change_decline, level_change_propose
from panels import notices, rules
from panels.models import AgendaItem, Decision, ItemOutcome, Meeting, MeetingStatus
from panels.selectors import minutes_context
from providers.levels import Level


class MinutesConflict(Exception):
    """Someone else saved the item's minutes after this person opened them."""

    def __init__(self, current: AgendaItem):
        super().__init__("Someone else saved these minutes while you were editing")
        self.current = current


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
    rules.require_perm(acting_user, "panels.run_meeting", item.meeting)
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if item.minutes_version != expected_version:
        raise MinutesConflict(item)
    errors = {}
    if item.is_service_item:
        level = decided_level(service=item.service_id)
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


def _apply_decision(*, item: AgendaItem, meeting: Meeting, acting_user) -> None:
    """Carry one item's decision into the risk register through escalation.services."""
    service = item.service
    assert service is not None  # only service items carry a decision
    level = decided_level(service=service.pk)
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
    to_level = item.to_level
    assert to_level is not None  # decision_errors requires it for every decision but maintain
    if open_change and open_change.to_level != to_level:
        level_change_decline(
            change=open_change,
            acting_user=acting_user,
            note=f"The {meeting.get_panel_display()} decided on "
            f"{Level(to_level).label.lower()} instead.",
        )
        open_change = None
    change = open_change or level_change_propose(
        service=service, to_level=to_level, rationale=note, acting_user=acting_user
    )
    if rules.decision_is_referral(panel=meeting.panel, from_level=level, to_level=to_level):
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
    rules.require_perm(acting_user, "panels.run_meeting", meeting)
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
    transaction.on_commit(
        lambda: notices.minutes_published(meeting=meeting, acting_user=acting_user)
    )
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
