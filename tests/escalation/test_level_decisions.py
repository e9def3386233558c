"""Level decisions: proposed by officers, confirmed by the forum for the level, with history,
briefing tasks and the placement rating that follows."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from escalation.models import (
    Authority,
    EscalationTask,
    EscalationTaskKind,
    LevelChange,
    LevelChangeStatus,
    PlacementRatingRule,
    ServiceState,
)
from escalation.services import (
    escalation_task_complete,
    level_change_confirm,
    level_change_decline,
    level_change_propose,
    level_change_withdraw,
    placement_rating_override_remove,
    placement_rating_override_set,
)
from providers.levels import Level, PlacementRating
from tests.providers.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(officer):
    return ServiceFactory(name="Elm Lodge", contract_officer=officer)


def _propose(service, user, level, why="Evidence from the last two visits"):
    return level_change_propose(service=service, to_level=level, rationale=why, acting_user=user)


def _state(service):
    return ServiceState.objects.get(service=service)


def test_a_proposal_changes_nothing_until_it_is_confirmed(home, officer):
    change = _propose(home, officer, Level.ONE)
    assert change.status == LevelChangeStatus.PROPOSED
    assert change.from_level == Level.ROUTINE
    assert _state(home).level == Level.ROUTINE


def test_the_lead_officer_confirms_level_one(home, officer, chair):
    change = _propose(home, officer, Level.ONE)
    level_change_confirm(change=change, acting_user=chair)
    change.refresh_from_db()
    state = _state(home)
    assert (state.level, state.level_change) == (Level.ONE, change)
    assert change.status == LevelChangeStatus.CONFIRMED
    assert change.authority == Authority.LEAD_OFFICER
    assert change.proposed_by == officer and change.decided_by == chair
    assert change.decided_at is not None and change.effective_on == state.level_since
    assert state.placement_rating == PlacementRating.GREEN
    assert not EscalationTask.objects.exists()


def test_the_qpsg_confirms_level_two_and_the_rating_turns_amber(home, officer, chair):
    change = _propose(home, officer, Level.TWO)
    level_change_confirm(change=change, acting_user=chair)
    change.refresh_from_db()
    assert change.authority == Authority.QPSG
    assert _state(home).placement_rating == PlacementRating.AMBER


def test_an_officer_cannot_confirm_any_level(home, officer):
    change = _propose(home, officer, Level.ONE)
    with pytest.raises(PermissionDenied):
        level_change_confirm(change=change, acting_user=officer)
    assert LevelChange.objects.get().status == LevelChangeStatus.PROPOSED


def test_level_three_outside_a_meeting_needs_an_urgent_reason(home, officer, chair):
    change = _propose(home, officer, Level.THREE)
    with pytest.raises(ValidationError) as refused:
        level_change_confirm(change=change, acting_user=chair)
    assert "Provider Escalation Panel" in str(refused.value)
    with pytest.raises(ValidationError) as no_reason:
        level_change_confirm(change=change, acting_user=chair, urgent=True)
    assert "Enter why the decision cannot wait" in str(no_reason.value)
    assert _state(home).level == Level.ROUTINE
    assert LevelChange.objects.get().status == LevelChangeStatus.PROPOSED


def test_an_urgent_level_three_briefs_the_director(home, officer, chair):
    change = _propose(home, officer, Level.THREE)
    level_change_confirm(change=change, acting_user=chair, urgent=True, note="Fire risk tonight")
    change.refresh_from_db()
    assert change.authority == Authority.URGENT
    assert change.decision_note == "Fire risk tonight"
    assert _state(home).placement_rating == PlacementRating.RED
    assert list(EscalationTask.objects.values_list("kind", flat=True)) == [
        EscalationTaskKind.BRIEF_DIRECTOR
    ]


def test_a_pep_meeting_confirms_level_four_and_readies_the_playbook(home, officer, chair):
    change = _propose(home, officer, Level.FOUR)
    level_change_confirm(
        change=change, acting_user=chair, meeting_reference="Provider Escalation Panel, 10 Nov"
    )
    change.refresh_from_db()
    assert change.authority == Authority.PEP
    assert change.authority_reference == "Provider Escalation Panel, 10 Nov"
    assert set(EscalationTask.objects.values_list("kind", flat=True)) == {
        EscalationTaskKind.BRIEF_DIRECTOR,
        EscalationTaskKind.BRIEF_ADASS,
        EscalationTaskKind.READY_FAILURE_PLAN,
    }


def test_the_history_keeps_every_decision(home, officer, chair, director):
    one = _propose(home, officer, Level.ONE)
    level_change_confirm(change=one, acting_user=chair)
    two = _propose(home, officer, Level.TWO)
    level_change_decline(change=two, acting_user=director, note="One visit is not enough")
    back = _propose(home, officer, Level.ROUTINE)
    level_change_confirm(change=back, acting_user=chair, effective_on=datetime.date(2026, 11, 1))
    rows = list(
        LevelChange.objects.order_by("pk").values_list(
            "from_level", "to_level", "status", "decided_by__email"
        )
    )
    assert rows == [
        (0, 1, "confirmed", chair.email),
        (1, 2, "declined", director.email),
        (1, 0, "confirmed", chair.email),
    ]
    assert _state(home).level_since == datetime.date(2026, 11, 1)


def test_decline_needs_a_reason(home, officer, chair):
    change = _propose(home, officer, Level.ONE)
    with pytest.raises(ValidationError):
        level_change_decline(change=change, acting_user=chair, note=" ")


def test_proposals_are_checked(home, officer, other_officer, partner):
    with pytest.raises(PermissionDenied):
        _propose(home, other_officer, Level.ONE)
    with pytest.raises(PermissionDenied):
        _propose(home, partner, Level.ONE)
    with pytest.raises(ValidationError) as same:
        _propose(home, officer, Level.ROUTINE)
    assert "already at routine" in str(same.value)
    with pytest.raises(ValidationError) as empty:
        _propose(home, officer, Level.ONE, why="  ")
    assert "Enter why the level should change" in str(empty.value)
    _propose(home, officer, Level.ONE)
    with pytest.raises(ValidationError) as second:
        _propose(home, officer, Level.TWO)
    assert "already proposed" in str(second.value)
    assert LevelChange.objects.count() == 1


def test_a_decided_proposal_cannot_be_decided_again(home, officer, chair):
    change = _propose(home, officer, Level.ONE)
    level_change_confirm(change=change, acting_user=chair)
    with pytest.raises(ValidationError):
        level_change_decline(change=change, acting_user=chair, note="Changed my mind")


def test_the_proposer_may_withdraw_but_a_colleague_may_not(home, officer, nurse):
    change = _propose(home, officer, Level.ONE)
    with pytest.raises(PermissionDenied):
        level_change_withdraw(change=change, acting_user=nurse)
    level_change_withdraw(change=change, acting_user=officer)
    assert LevelChange.objects.get().status == LevelChangeStatus.WITHDRAWN


def test_an_override_is_recorded_and_removed(home, officer, chair):
    level_change_confirm(change=_propose(home, officer, Level.TWO), acting_user=chair)
    with pytest.raises(PermissionDenied):
        placement_rating_override_set(
            service=home, rating=PlacementRating.RED, reason="x", acting_user=officer
        )
    with pytest.raises(ValidationError):
        placement_rating_override_set(
            service=home, rating=PlacementRating.RED, reason="", acting_user=chair
        )
    override = placement_rating_override_set(
        service=home, rating=PlacementRating.RED, reason="Outbreak", acting_user=chair
    )
    assert _state(home).placement_rating == PlacementRating.RED
    # The level changing does not undo an override in force.
    level_change_confirm(change=_propose(home, officer, Level.ONE), acting_user=chair)
    assert _state(home).placement_rating == PlacementRating.RED
    placement_rating_override_remove(service=home, acting_user=chair)
    override.refresh_from_db()
    assert override.removed_by == chair and override.removed_at is not None
    assert _state(home).placement_rating == PlacementRating.GREEN


def test_the_councils_rating_table_is_followed(home, officer, chair):
    PlacementRatingRule.objects.filter(level=Level.ONE).update(rating=PlacementRating.AMBER)
    level_change_confirm(change=_propose(home, officer, Level.ONE), acting_user=chair)
    assert _state(home).placement_rating == PlacementRating.AMBER


def test_a_briefing_task_is_completed_once(home, officer, chair, nurse):
    change = _propose(home, officer, Level.THREE)
    level_change_confirm(change=change, acting_user=chair, urgent=True, note="Now")
    task = EscalationTask.objects.get()
    with pytest.raises(PermissionDenied):
        escalation_task_complete(task=task, acting_user=nurse)
    escalation_task_complete(task=task, acting_user=chair, note="Briefed on Monday")
    task.refresh_from_db()
    assert task.done_by == chair and task.note == "Briefed on Monday"


# --- pages ---------------------------------------------------------------------------------------


def test_an_officer_proposes_from_the_level_page(client, officer, home):
    client.force_login(officer)
    page = client.get(reverse("escalation:level-propose", args=[home.pk]))
    assert page.status_code == 200
    empty = client.post(reverse("escalation:level-propose", args=[home.pk]), {})
    assert "Select a level" in empty.content.decode()
    assert "Enter why the level should change" in empty.content.decode()
    assert not LevelChange.objects.exists()
    done = client.post(
        reverse("escalation:level-propose", args=[home.pk]),
        {"to_level": "2", "rationale": "Persistent medication errors"},
        follow=True,
    )
    text = done.content.decode()
    assert "Change of level proposed" in text
    assert "Persistent medication errors" in text
    assert LevelChange.objects.get().to_level == Level.TWO


def test_an_officer_is_refused_the_decision_page(client, officer, home):
    change = _propose(home, officer, Level.THREE)
    client.force_login(officer)
    url = reverse("escalation:level-decide", args=[change.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "confirm"}).status_code == 403
    assert _state(home).level == Level.ROUTINE


def test_a_chair_must_give_the_urgent_reason_on_the_page(client, officer, chair, home):
    change = _propose(home, officer, Level.THREE)
    client.force_login(chair)
    url = reverse("escalation:level-decide", args=[change.pk])
    refused = client.post(url, {"decision": "confirm"})
    assert refused.status_code == 200
    assert "decided at the Provider Escalation Panel" in refused.content.decode()
    no_reason = client.post(url, {"decision": "confirm", "urgent": "on"})
    assert "Enter why the decision cannot wait for the panel" in no_reason.content.decode()
    assert _state(home).level == Level.ROUTINE
    done = client.post(
        url, {"decision": "confirm", "urgent": "on", "note": "Fire safety"}, follow=True
    )
    assert "Level changed to level 3" in done.content.decode()
    assert _state(home).level == Level.THREE


def test_the_service_page_shows_the_level_and_rating(client, partner, officer, chair, home):
    level_change_confirm(change=_propose(home, officer, Level.TWO), acting_user=chair)
    client.force_login(partner)
    text = client.get(reverse("providers:service-detail", args=[home.pk])).content.decode()
    assert "Level and placement rating" in text
    assert "Amber" in text
    assert "Quality Peer Support Group" in text


def test_the_level_page_does_not_grow_with_history(
    client, officer, chair, home, django_assert_max_num_queries
):
    client.force_login(chair)
    url = reverse("escalation:service-level", args=[home.pk])
    level_change_confirm(change=_propose(home, officer, Level.ONE), acting_user=chair)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for level in (Level.TWO, Level.ONE, Level.TWO, Level.ONE):
        level_change_confirm(change=_propose(home, officer, level), acting_user=chair)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
