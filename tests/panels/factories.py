"""Factories and helpers for the panels tests."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from escalation.services import level_set_initial
from panels.models import Meeting, Panel, PanelAction, PanelMember
from tests.accounts.factories import UserFactory
from tests.providers.factories import ServiceFactory


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class MeetingFactory(factory.django.DjangoModelFactory):
    """A PEP meeting a week from today, 10:00 to 12:00."""

    class Meta:
        model = Meeting

    panel = Panel.PEP
    starts_at = factory.LazyFunction(lambda: at(timezone.localdate() + datetime.timedelta(days=7)))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    location = "Committee Room 2"
    chair = factory.SubFactory(UserFactory)


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMember

    panel = Panel.PEP
    user = factory.SubFactory(UserFactory)
    agency = "Northmoor ICB"


class PanelActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelAction

    meeting = factory.SubFactory(MeetingFactory)
    service = factory.SubFactory(ServiceFactory)
    description = "Unannounced visit within two weeks"
    owner = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    created_by = factory.SelfAttribute("owner")


def service_at(level: int, *, by, name: str | None = None, days: int = 40):
    """A service whose level was carried over ``days`` ago."""
    service = ServiceFactory(**({"name": name} if name else {}))
    if level:
        level_set_initial(
            service=service,
            level=level,
            since=timezone.localdate() - datetime.timedelta(days=days),
            acting_user=by,
            note="Carried over",
        )
    return service
