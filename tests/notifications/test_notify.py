"""Who is told what: the notify service itself, and the escalation and panel events that
raise notifications. Nothing about people receiving care ever reaches a notification."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from escalation.models import LetterKind, SanctionImposition, SanctionKind, SanctionScope
from escalation.services import (
    letter_draft,
    letter_issue,
    level_change_confirm,
    level_change_decline,
    level_change_propose,
    sanction_end,
    sanction_record,
)
from notifications.models import Notification, Reason
from notifications.services import notification_open, notifications_mark_all_read, notify
from panels.services import minutes_publish, minutes_save, panel_action_add
from tests.accounts.factories import UserFactory
from tests.failure_plan.factories import AffectedPersonFactory, open_incident
from tests.panels.factories import MeetingFactory, PanelMemberFactory, service_at
from tests.providers.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``committed(service, **kwargs)`` calls a service and then runs what it queued for after
    the commit (notifications, their emails), as a real commit would."""

    def call(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return call


def _told(subject: str) -> list[str]:
    return sorted(
        Notification.objects.filter(subject=subject).values_list("recipient__email", flat=True)
    )


# --- the service -----------------------------------------------------------------------------------


def test_each_recipient_is_told_once_but_not_the_actor_or_an_inactive_account(
    officer, chair, director
):
    gone = UserFactory(is_active=False)
    created = notify(
        recipients=[officer, chair, chair, None, gone, director],
        subject="Willow Court: now level 2",
        body="Moved.",
        reason=Reason.LEVEL_CHANGE,
        acting_user=director,
    )
    assert sorted(n.recipient_id for n in created) == sorted([officer.pk, chair.pk])
    officer.refresh_from_db()
    director.refresh_from_db()
    assert (officer.unread_notifications, director.unread_notifications) == (1, 0)


def test_reading_one_and_then_all_keeps_the_unread_count_true(officer, chair):
    for n in range(3):
        notify(recipients=[officer, chair], subject=f"Item {n}", body="-", reason=Reason.PANEL)
    first = Notification.objects.filter(recipient=officer).last()
    notification_open(notification=first, acting_user=officer)
    notification_open(notification=first, acting_user=officer)  # twice: still one read
    officer.refresh_from_db()
    assert officer.unread_notifications == 2
    assert notifications_mark_all_read(acting_user=officer) == 2
    officer.refresh_from_db()
    chair.refresh_from_db()
    assert (officer.unread_notifications, chair.unread_notifications) == (0, 3)
    with pytest.raises(PermissionError):
        notification_open(
            notification=Notification.objects.filter(recipient=chair).first(), acting_user=officer
        )


# --- escalation -----------------------------------------------------------------------------------


def test_a_level_two_decision_tells_the_chairs_then_the_officer_but_not_directors(
    committed, officer, chair, director
):
    home = ServiceFactory(name="Willow Court", contract_officer=officer)
    change = committed(
        level_change_propose,
        service=home,
        to_level=2,
        rationale="Persistent low-level concerns",
        acting_user=officer,
    )
    assert _told("Willow Court: change of level proposed") == [chair.email]
    committed(level_change_confirm, change=change, acting_user=chair, note="Agreed at QPSG")
    assert _told("Willow Court: now level 2") == [officer.email]
    body = Notification.objects.filter(subject="Willow Court: now level 2").first().body
    assert "confirmed by Quality Peer Support Group" in body


def test_leaving_level_three_and_a_refusal_reach_the_directors(committed, officer, chair, director):
    home = service_at(3, by=chair, name="Ashgrove")
    home.contract_officer = officer
    home.save()
    change = committed(
        level_change_propose, service=home, to_level=2, rationale="Improved", acting_user=officer
    )
    committed(
        level_change_decline, change=change, acting_user=chair, note="Not yet: wait for the visit"
    )
    assert _told("Ashgrove: change of level not agreed") == sorted([officer.email, director.email])


def test_sanctions_and_letters_tell_the_officer_and_the_directors(
    committed, officer, chair, director
):
    home = ServiceFactory(name="Willow Court", contract_officer=officer)
    start = timezone.localdate()
    stop = committed(
        sanction_record,
        service=home,
        kind=SanctionKind.PLACEMENT_STOP,
        imposition=SanctionImposition.IMPOSED,
        scope=SanctionScope.WHOLE,
        reason="Unsafe staffing at night",
        start_date=start,
        review_date=start + datetime.timedelta(days=28),
        authorised_by=director,
        acting_user=chair,
    )
    assert _told("Willow Court: placement stop recorded") == sorted([officer.email, director.email])
    committed(
        sanction_end, sanction=stop, end_date=None, reason="Staffing restored", acting_user=chair
    )
    assert _told("Willow Court: placement stop lifted") == sorted([officer.email, director.email])
    letter = letter_draft(service=home, kind=LetterKind.NOTICE_OF_CONCERN, acting_user=officer)
    committed(letter_issue, letter=letter, acting_user=chair)
    assert _told("Willow Court: notice of concern issued") == sorted(
        [officer.email, director.email]
    )
    # Each of them was emailed once (the console backend in tests).
    assert len(mail.outbox) == Notification.objects.count() == 6


# --- panels ----------------------------------------------------------------------------------------


def test_an_action_owner_and_the_panel_hear_of_the_minutes(committed, officer, chair, partner):
    PanelMemberFactory(user=partner)
    meeting = MeetingFactory(chair=chair)
    from panels.services import agenda_item_add

    item = agenda_item_add(meeting=meeting, title="Winter pressures", acting_user=chair)
    committed(
        panel_action_add,
        item=item,
        description="Ask the ICB for discharge figures",
        owner=officer,
        due_on=meeting.date + datetime.timedelta(days=7),
        acting_user=chair,
    )
    assert _told(f"Action for you from {meeting.short_title}") == [officer.email]
    minutes_save(item=item, expected_version=0, acting_user=chair, rationale="Discussed")
    committed(minutes_publish, meeting=meeting, acting_user=chair)
    assert _told(f"Minutes published: {meeting.short_title}") == [partner.email]


# --- personal data ------------------------------------------------------------------------------


def test_no_notification_or_email_names_a_person_receiving_care(
    committed, officer, chair, director
):
    home = ServiceFactory(name="Willow Court", contract_officer=officer)
    incident = open_incident(lead=director, services_=[home])
    people = [
        AffectedPersonFactory(incident=incident, full_name=f"Edith Marlowe{n}") for n in range(3)
    ]
    change = committed(
        level_change_propose,
        service=home,
        to_level=3,
        rationale="Edith Marlowe0 was harmed",
        acting_user=officer,
    )
    committed(
        level_change_confirm, change=change, acting_user=chair, urgent=True, note="Edith Marlowe1"
    )
    committed(
        sanction_record,
        service=home,
        kind=SanctionKind.PLACEMENT_STOP,
        imposition=SanctionImposition.IMPOSED,
        scope=SanctionScope.WHOLE,
        reason="After the harm to Edith Marlowe2",
        start_date=timezone.localdate(),
        review_date=timezone.localdate() + datetime.timedelta(days=14),
        authorised_by=director,
        acting_user=chair,
    )
    committed(
        letter_issue,
        letter=letter_draft(service=home, kind=LetterKind.POTENTIAL_BREACH, acting_user=officer),
        acting_user=chair,
    )
    assert Notification.objects.count() >= 5
    texts = [f"{n.subject}\n{n.body}\n{n.url}" for n in Notification.objects.all()]
    texts += [f"{m.subject}\n{m.body}" for m in mail.outbox]
    for person in people:
        for text in texts:
            assert "Marlowe" not in text, (person.full_name, text)
