"""Escalation's point-in-time rules, each defined once (escalation.models QuerySets and the
expressions in escalation.selectors): sanctions in force on a day and the level on a day from
the level history. Boundary days, so a rule off by one day fails."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from escalation import risk
from escalation.models import Authority, LevelChange, LevelChangeStatus, Sanction
from escalation.selectors import level_change_on, level_on
from providers.levels import Level
from providers.models import Service
from tests.providers.factories import ServiceFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 15)
ONE = datetime.timedelta(days=1)


def _sanction(service, user, start, end):
    return Sanction.objects.create(
        service=service,
        kind="placement_stop",
        imposition="imposed",
        reason="Concerns about care",
        start_date=start,
        review_date=start + 28 * ONE,
        end_date=end,
        authorised_by=user,
        recorded_by=user,
    )


def test_a_sanction_is_in_force_from_its_start_until_the_day_before_its_end(chair):
    service = ServiceFactory()
    starts_today = _sanction(service, chair, DAY, None)
    ends_tomorrow = _sanction(service, chair, DAY - 10 * ONE, DAY + ONE)
    ends_today = _sanction(service, chair, DAY - 10 * ONE, DAY)
    ended_yesterday = _sanction(service, chair, DAY - 10 * ONE, DAY - ONE)
    starts_tomorrow = _sanction(service, chair, DAY + ONE, None)
    in_force = set(Sanction.objects.in_force_on(DAY).values_list("pk", flat=True))
    assert in_force == {starts_today.pk, ends_tomorrow.pk}
    assert not {ends_today.pk, ended_yesterday.pk, starts_tomorrow.pk} & in_force

    # The instance method and the risk engine's SQL rule agree with the queryset on each one.
    for sanction in Sanction.objects.all():
        assert sanction.in_force_on(DAY) == (sanction.pk in in_force)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT "
                + risk.sanction_in_force("%(start)s::date", "%(end)s::date", "%(day)s::date"),
                {"start": sanction.start_date, "end": sanction.end_date, "day": DAY},
            )
            assert cursor.fetchone()[0] == (sanction.pk in in_force)


def _confirmed(service, user, to_level, on, *, from_level=0, decided_at=None):
    return LevelChange.objects.create(
        service=service,
        from_level=from_level,
        to_level=to_level,
        status=LevelChangeStatus.CONFIRMED,
        rationale="Evidence reviewed",
        proposed_by=user,
        decided_by=user,
        decided_at=decided_at or timezone.now(),
        authority=Authority.PEP,
        effective_on=on,
    )


def _level(day):
    return Service.objects.annotate(level=level_on(day)).values_list("level", flat=True).get()


def test_the_level_on_a_day_is_the_last_confirmed_change_in_effect_by_then(chair):
    service = ServiceFactory()
    first = _confirmed(service, chair, Level.TWO, DAY - 30 * ONE)
    second = _confirmed(service, chair, Level.THREE, DAY, from_level=Level.TWO)
    _confirmed(service, chair, Level.FOUR, DAY + ONE, from_level=Level.THREE)
    LevelChange.objects.create(
        service=service,
        from_level=Level.THREE,
        to_level=Level.ONE,
        rationale="Improved",
        proposed_by=chair,
    )  # proposed, never decided: not history
    declined = _confirmed(service, chair, Level.ONE, DAY - ONE, from_level=Level.TWO)
    declined.status = LevelChangeStatus.DECLINED
    declined.save()

    assert _level(DAY - 31 * ONE) == Level.ROUTINE  # before the first decision
    assert _level(DAY - 30 * ONE) == Level.TWO  # in effect from its own day
    assert _level(DAY - ONE) == Level.TWO  # the declined change counts for nothing
    assert _level(DAY) == Level.THREE
    assert _level(DAY + ONE) == Level.FOUR
    assert list(LevelChange.objects.in_effect_on(DAY)) == [second, first]
    change_id = (
        Service.objects.annotate(change=level_change_on(DAY)).values_list("change", flat=True).get()
    )
    assert change_id == second.pk
    assert (
        Service.objects.annotate(change=level_change_on(DAY - 31 * ONE))
        .values_list("change", flat=True)
        .get()
        is None
    )


def test_two_changes_in_effect_the_same_day_the_latest_decided_wins(chair):
    service = ServiceFactory()
    now = timezone.now()
    _confirmed(service, chair, Level.TWO, DAY, decided_at=now)
    later = _confirmed(service, chair, Level.ONE, DAY, from_level=Level.TWO, decided_at=now + ONE)
    assert _level(DAY) == Level.ONE
    assert LevelChange.objects.in_effect_on(DAY).first() == later
