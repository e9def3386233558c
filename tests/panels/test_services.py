"""Scheduling, building the agenda, minutes, decisions through the escalation services,
actions coming back as matters arising."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from escalation.models import Authority, LevelChange, LevelChangeStatus, ServiceState
from escalation.services import level_change_propose
from panels import services
from panels.models import (
    AgendaItem,
    Attendee,
    Decision,
    ItemKind,
    ItemOutcome,
    MeetingStatus,
    Panel,
)
from tests.panels.factories import (
    MeetingFactory,
    PanelActionFactory,
    PanelMemberFactory,
    at,
    service_at,
)

pytestmark = pytest.mark.django_db


def _decide(item, chair, decision, to_level=None, text="Discussed at length."):
    return services.minutes_save(
        item=item,
        expected_version=item.minutes_version,
        acting_user=chair,
        rationale=text,
        decision=decision,
        to_level=to_level,
    )


def test_scheduling_uses_the_panels_defaults_and_invites_its_members(chair, partner):
    PanelMemberFactory(panel=Panel.PEP, user=partner, agency="Northmoor ICB")
    PanelMemberFactory(panel=Panel.QPSG)
    meeting = services.meeting_schedule(panel=Panel.PEP, acting_user=chair)
    local = timezone.localtime(meeting.starts_at)
    assert local.weekday() == 1 and 8 <= local.day <= 14  # a second Tuesday
    assert (local.hour, local.minute) == (10, 0)
    assert meeting.ends_at - meeting.starts_at == datetime.timedelta(hours=2)
    assert meeting.location == "Council House, Committee Room 2"
    assert [(a.user, a.agency) for a in meeting.attendees.all()] == [(partner, "Northmoor ICB")]


def test_only_chairs_schedule_meetings(officer):
    with pytest.raises(PermissionDenied):
        services.meeting_schedule(panel=Panel.PEP, acting_user=officer)


def test_the_pep_agenda_has_matters_arising_first_then_levels_three_and_four_and_proposals(
    chair, officer
):
    earlier = MeetingFactory(panel=Panel.PEP, chair=chair, starts_at=at(timezone.localdate()))
    open_action = PanelActionFactory(meeting=earlier, owner=officer, created_by=chair)
    PanelActionFactory(
        meeting=earlier,
        owner=officer,
        created_by=chair,
        status="done",
        done_on=timezone.localdate(),
    )
    four = service_at(4, by=chair, name="Ashgrove")
    three = service_at(3, by=chair, name="Birchwood")
    leaving = service_at(3, by=chair, name="Cedars")
    level_change_propose(service=leaving, to_level=2, rationale="Improved", acting_user=chair)
    rising = service_at(2, by=chair, name="Damson Court")
    level_change_propose(service=rising, to_level=3, rationale="Worse", acting_user=chair)
    lower = service_at(1, by=chair, name="Elms")
    level_change_propose(service=lower, to_level=2, rationale="QPSG's", acting_user=chair)
    service_at(2, by=chair, name="Firs")  # a QPSG service

    meeting = MeetingFactory(panel=Panel.PEP, chair=chair)
    added = services.agenda_build(meeting=meeting, acting_user=chair)

    items = list(meeting.items.order_by("position"))
    assert added == 5
    assert [(i.kind, i.action_id or i.service.name) for i in items] == [
        (ItemKind.MATTERS_ARISING, open_action.pk),
        (ItemKind.SERVICE, "Ashgrove"),
        (ItemKind.SERVICE, "Birchwood"),
        (ItemKind.CANDIDATE_OUT, "Cedars"),
        (ItemKind.REFERRAL, "Damson Court"),
    ]
    assert {four.pk, three.pk} <= {i.service_id for i in items}
    # Building again adds nothing and keeps the chair's order.
    services.agenda_item_move(item=items[4], direction="up", acting_user=chair)
    assert services.agenda_build(meeting=meeting, acting_user=chair) == 0
    assert [i.service.name for i in meeting.items.order_by("position")[3:]] == [
        "Damson Court",
        "Cedars",
    ]


def test_the_qpsg_agenda_takes_level_two_and_its_own_proposals(chair):
    service_at(2, by=chair, name="Firs")
    service_at(3, by=chair, name="Ashgrove")
    lower = service_at(1, by=chair, name="Elms")
    level_change_propose(service=lower, to_level=2, rationale="Concerns", acting_user=chair)
    meeting = MeetingFactory(panel=Panel.QPSG, chair=chair)
    services.agenda_build(meeting=meeting, acting_user=chair)
    assert [(i.kind, i.service.name) for i in meeting.items.order_by("position")] == [
        (ItemKind.SERVICE, "Firs"),
        (ItemKind.REFERRAL, "Elms"),
    ]


def test_the_chair_adds_removes_and_reorders_items(chair):
    meeting = MeetingFactory(chair=chair)
    service = service_at(1, by=chair)
    first = services.agenda_item_add(meeting=meeting, service=service, acting_user=chair)
    other = services.agenda_item_add(meeting=meeting, title="Market update", acting_user=chair)
    assert other.kind == ItemKind.OTHER and other.heading == "Market update"
    with pytest.raises(ValidationError):
        services.agenda_item_add(meeting=meeting, service=service, acting_user=chair)
    with pytest.raises(ValidationError):
        services.agenda_item_add(meeting=meeting, title=" ", acting_user=chair)
    services.agenda_item_move(item=other, direction="up", acting_user=chair)
    assert list(meeting.items.order_by("position")) == [other, first]
    services.agenda_item_remove(item=first, acting_user=chair)
    assert list(meeting.items.all()) == [other]


def test_a_stale_save_is_refused_and_nothing_is_overwritten(chair, director):
    meeting = MeetingFactory(chair=chair)
    item = services.agenda_item_add(meeting=meeting, title="AOB", acting_user=chair)
    services.minutes_save(item=item, expected_version=0, acting_user=chair, rationale="First")
    with pytest.raises(services.MinutesConflict) as caught:
        services.minutes_save(
            item=item, expected_version=0, acting_user=director, rationale="Second"
        )
    assert caught.value.current.rationale == "First"
    item.refresh_from_db()
    assert (item.rationale, item.minutes_version) == ("First", 1)


def test_escalating_to_four_at_pep_confirms_the_level_with_the_meeting_as_authority(
    chair, django_capture_on_commit_callbacks
):
    service = service_at(3, by=chair, name="Ashgrove")
    meeting = MeetingFactory(panel=Panel.PEP, chair=chair)
    services.agenda_build(meeting=meeting, acting_user=chair)
    item = meeting.items.get(service=service)
    _decide(item, chair, Decision.ESCALATE, 4, "Serious safeguarding concerns.")

    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_publish(meeting=meeting, acting_user=chair)

    state = ServiceState.objects.select_related("level_change").get(service=service)
    assert state.level == 4
    assert state.level_since == meeting.date
    assert state.level_change.authority == Authority.PEP
    assert state.level_change.authority_reference == meeting.reference
    assert meeting.reference.startswith("Provider Escalation Panel, ")
    item.refresh_from_db()
    assert item.outcome == ItemOutcome.CONFIRMED and item.level_change == state.level_change
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED
    assert meeting.minutes_pdf.name.endswith(".pdf")  # made on commit


def test_a_qpsg_decision_to_escalate_to_three_is_a_referral_left_open_for_pep(chair):
    service = service_at(2, by=chair)
    meeting = MeetingFactory(panel=Panel.QPSG, chair=chair)
    services.agenda_build(meeting=meeting, acting_user=chair)
    _decide(meeting.items.get(), chair, Decision.ESCALATE, 3)
    services.minutes_publish(meeting=meeting, acting_user=chair)
    assert ServiceState.objects.get(service=service).level == 2
    change = LevelChange.objects.get(service=service, status=LevelChangeStatus.PROPOSED)
    assert change.to_level == 3
    assert meeting.items.get().outcome == ItemOutcome.REFERRED
    # ...and it is on the next PEP agenda as a referral.
    pep = MeetingFactory(panel=Panel.PEP, chair=chair)
    services.agenda_build(meeting=pep, acting_user=chair)
    assert pep.items.get().kind == ItemKind.REFERRAL


def test_maintaining_declines_the_proposal_and_closing_takes_the_service_off(chair):
    kept = service_at(3, by=chair, name="Kept")
    proposal = level_change_propose(service=kept, to_level=2, rationale="Better", acting_user=chair)
    closed = service_at(3, by=chair, name="Closed")
    meeting = MeetingFactory(panel=Panel.PEP, chair=chair)
    services.agenda_build(meeting=meeting, acting_user=chair)
    _decide(meeting.items.get(service=kept), chair, Decision.MAINTAIN)
    _decide(meeting.items.get(service=closed), chair, Decision.CLOSE, 1)
    services.minutes_publish(meeting=meeting, acting_user=chair)
    proposal.refresh_from_db()
    assert proposal.status == LevelChangeStatus.DECLINED
    assert ServiceState.objects.get(service=kept).level == 3
    assert ServiceState.objects.get(service=closed).level == 1


def test_publishing_needs_a_decision_for_every_service_and_changes_nothing_otherwise(chair):
    one = service_at(3, by=chair)
    service_at(4, by=chair)
    meeting = MeetingFactory(panel=Panel.PEP, chair=chair)
    services.agenda_build(meeting=meeting, acting_user=chair)
    _decide(meeting.items.get(service=one), chair, Decision.ESCALATE, 4)
    with pytest.raises(ValidationError, match="Record a decision for every service"):
        services.minutes_publish(meeting=meeting, acting_user=chair)
    assert ServiceState.objects.get(service=one).level == 3
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_an_open_action_comes_back_as_a_matter_arising_until_done(chair, officer):
    service = service_at(3, by=chair)
    first = MeetingFactory(panel=Panel.PEP, chair=chair, starts_at=at(timezone.localdate()))
    services.agenda_build(meeting=first, acting_user=chair)
    item = first.items.get()
    action = services.panel_action_add(
        item=item,
        description="Unannounced visit",
        owner=officer,
        due_on=timezone.localdate() + datetime.timedelta(days=7),
        acting_user=chair,
    )
    assert action.service == service
    second = MeetingFactory(panel=Panel.PEP, chair=chair)
    services.agenda_build(meeting=second, acting_user=chair)
    arising = second.items.order_by("position").first()
    assert (arising.kind, arising.action) == (ItemKind.MATTERS_ARISING, action)
    assert not AgendaItem.objects.filter(meeting__panel=Panel.QPSG).exists()

    services.panel_action_complete(action=action, acting_user=officer, note="Visited")
    third = MeetingFactory(
        panel=Panel.PEP,
        chair=chair,
        starts_at=at(timezone.localdate() + datetime.timedelta(days=30)),
    )
    services.agenda_build(meeting=third, acting_user=chair)
    assert not third.items.filter(kind=ItemKind.MATTERS_ARISING).exists()


def test_an_action_needs_an_owner_and_a_due_date_on_or_after_the_meeting(chair):
    meeting = MeetingFactory(chair=chair)
    item = services.agenda_item_add(meeting=meeting, title="AOB", acting_user=chair)
    with pytest.raises(ValidationError) as caught:
        services.panel_action_add(
            item=item,
            description="",
            owner=None,
            due_on=meeting.date - datetime.timedelta(days=1),
            acting_user=chair,
        )
    assert set(caught.value.message_dict) == {"description", "owner", "due_on"}


def test_attendance_and_invitations(chair, partner):
    meeting = MeetingFactory(chair=chair)
    attendee = services.attendee_add(meeting=meeting, user=partner, agency="CQC", acting_user=chair)
    services.attendance_record(attendee=attendee, attendance="apologies", acting_user=chair)
    assert Attendee.objects.get(pk=attendee.pk).attendance == "apologies"
    meeting.refresh_from_db()
    assert meeting.sequence == 1


def test_the_demo_seeds_one_pep_and_one_qpsg_meeting_with_agendas(chair):
    from demo.panels import seed_panels

    service_at(3, by=chair, name="Ashgrove")
    service_at(2, by=chair, name="Firs")
    meetings = seed_panels(chair=chair)
    assert sorted(m.panel for m in meetings) == [Panel.PEP, Panel.QPSG]
    assert {m.panel: [i.service.name for i in m.items.all()] for m in meetings} == {
        Panel.PEP: ["Ashgrove"],
        Panel.QPSG: ["Firs"],
    }
    assert seed_panels(chair=chair) == []  # idempotent


def test_published_decisions_are_on_the_service_timeline_for_those_who_may_see_them(chair, partner):
    from core.timeline import service_timeline

    service = service_at(3, by=chair)
    meeting = MeetingFactory(panel=Panel.PEP, chair=chair)
    services.agenda_build(meeting=meeting, acting_user=chair)
    _decide(meeting.items.get(), chair, Decision.MAINTAIN, text="Improving slowly.")
    assert service_timeline(service=service, user=chair, kind="panel") == []  # not published
    services.minutes_publish(meeting=meeting, acting_user=chair)

    [entry] = service_timeline(service=service, user=chair, kind="panel")
    assert entry.title == f"{meeting.short_title}: maintain the level"
    assert ("Rationale", "Improving slowly.") in entry.details
    # A partner who does not sit on PEP does not see PEP's minutes there either.
    assert service_timeline(service=service, user=partner, kind="panel") == []


def test_agendas_build_themselves_at_the_cut_off_once(chair):
    service_at(3, by=chair, name="Ashgrove")
    day = datetime.date(2026, 12, 8)  # a Tuesday: the cut-off is Tuesday 1 December
    meeting = MeetingFactory(panel=Panel.PEP, chair=chair, starts_at=at(day))
    assert services.agendas_build_due(today=datetime.date(2026, 11, 30)) == 0
    assert not meeting.items.exists()
    assert services.agendas_build_due(today=datetime.date(2026, 12, 1)) == 1
    assert [i.service.name for i in meeting.items.all()] == ["Ashgrove"]
    assert services.agendas_build_due(today=datetime.date(2026, 12, 2)) == 0


def test_the_cut_off_build_is_on_the_beat_schedule():
    from config.celery import app

    entry = app.conf.beat_schedule["panels-agendas-at-cutoff"]
    assert entry["task"] == "panels.tasks.agendas_build_due_task"


def test_a_decision_for_another_level_declines_the_proposal_and_confirms_its_own(chair):
    service = service_at(3, by=chair)
    proposal = level_change_propose(
        service=service, to_level=2, rationale="Improving", acting_user=chair
    )
    meeting = MeetingFactory(panel=Panel.PEP, chair=chair)
    services.agenda_build(meeting=meeting, acting_user=chair)
    _decide(meeting.items.get(), chair, Decision.ESCALATE, 4)
    services.minutes_publish(meeting=meeting, acting_user=chair)
    proposal.refresh_from_db()
    assert proposal.status == LevelChangeStatus.DECLINED
    assert "decided on level 4 instead" in proposal.decision_note
    assert ServiceState.objects.get(service=service).level == 4
