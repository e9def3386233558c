"""Factories and helpers for the failure plan tests.

Incidents are opened through the service (``open_incident``), so their checklists are made
the way the app makes them. Providers and services come from tests/providers/factories.py.
"""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from failure_plan import services
from failure_plan.models import AffectedPerson, Funding, Incident, Vacancy
from providers.models import ServiceType
from tests.providers.factories import ProviderFactory, ServiceFactory

__all__ = ["AffectedPersonFactory", "ProviderFactory", "ServiceFactory", "VacancyFactory"]


def open_incident(
    *,
    lead,
    services_=None,
    service_type: str = ServiceType.RESIDENTIAL,
    notice_at: datetime.datetime | None = None,
    is_emergency: bool = True,
    cause: str = "emergency",
    title: str = "Ashdown House closure",
    team=(),
    **facts,
) -> Incident:
    """An incident opened by ``lead`` against ``services_`` (default: one new care home)."""
    if services_ is None:
        services_ = [ServiceFactory(service_type=service_type, capacity=40)]
    incident = services.incident_open(
        acting_user=lead,
        title=title,
        services=services_,
        cause=cause,
        notice_at=notice_at or timezone.now() - datetime.timedelta(hours=2),
        lead=lead,
        is_emergency=is_emergency,
        **facts,
    )
    for member in team:
        services.team_member_add(
            acting_user=lead, incident=incident, user=member, role_on_team="Social work lead"
        )
    return incident


class AffectedPersonFactory(factory.django.DjangoModelFactory):
    """Someone council-funded at the incident's first service; pass ``incident``."""

    class Meta:
        model = AffectedPerson

    full_name = factory.Sequence(lambda n: f"Resident Number{n:03d}")
    funding = Funding.COUNCIL
    service = factory.LazyAttribute(lambda person: person.incident.services.first())


class VacancyFactory(factory.django.DjangoModelFactory):
    """Three vacancies reported yesterday at a new care home."""

    class Meta:
        model = Vacancy

    service = factory.SubFactory(ServiceFactory)
    vacancies = 3
    recorded_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
