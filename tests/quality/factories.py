"""Factories for quality assurance: visits (with their areas), intelligence, call monitoring
figures and actions. Services come from tests.providers.factories."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from providers.models import ServiceType
from quality.models import (
    Action,
    AreaRating,
    Intelligence,
    IntelligenceSource,
    MonitoringFigures,
    Section42,
    Severity,
    Visit,
    VisitArea,
    VisitStatus,
    VisitType,
    areas_for,
)
from tests.accounts.factories import UserFactory
from tests.providers.factories import ServiceFactory


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def days_ahead(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class HomeSupportServiceFactory(ServiceFactory):
    service_type = ServiceType.HOME_SUPPORT
    capacity_unit = "hours"
    capacity = 900


class PlannedVisitFactory(factory.django.DjangoModelFactory):
    """A planned monitoring visit a fortnight ahead."""

    class Meta:
        model = Visit

    service = factory.SubFactory(ServiceFactory)
    visit_type = VisitType.MONITORING
    status = VisitStatus.PLANNED
    planned_date = factory.LazyFunction(lambda: days_ahead(14))
    officer = factory.LazyAttribute(lambda o: o.service.contract_officer or UserFactory())
    created_by = factory.LazyAttribute(lambda o: o.officer)


class CompletedVisitFactory(factory.django.DjangoModelFactory):
    """A completed monitoring visit rated Good in every area, 30 days ago.

    Pass ``ratings={"safeguarding": "inadequate"}`` to rate areas differently.
    """

    class Meta:
        model = Visit
        skip_postgeneration_save = True

    service = factory.SubFactory(ServiceFactory)
    visit_type = VisitType.MONITORING
    status = VisitStatus.COMPLETED
    visit_date = factory.LazyFunction(lambda: days_ago(30))
    officer = factory.LazyAttribute(lambda o: o.service.contract_officer or UserFactory())
    created_by = factory.LazyAttribute(lambda o: o.officer)
    completed_by = factory.LazyAttribute(lambda o: o.officer)
    completed_at = factory.LazyFunction(timezone.now)
    heard_manager = 1
    heard_staff = 3
    heard_people = 4
    heard_relatives = 1
    overall_rating = AreaRating.GOOD
    summary = "A well-run home. Staff know people well."

    @factory.post_generation
    def ratings(self, create, extracted, **kwargs):
        if not create:
            return
        extracted = extracted or {}
        VisitArea.objects.bulk_create(
            VisitArea(
                visit=self,
                area=area.value,
                rating=extracted.get(area.value, AreaRating.GOOD),
                evidence=f"Evidence for {area.label.lower()}.",
            )
            for area in areas_for(self.visit_type)
        )


class IntelligenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intelligence

    service = factory.SubFactory(ServiceFactory)
    source = IntelligenceSource.COMPLAINT
    received_on = factory.LazyFunction(lambda: days_ago(5))
    severity = Severity.MEDIUM
    section_42 = Section42.NO
    summary = "Relative complained about missed medication rounds"
    details = "Details that may name a person."
    logged_by = factory.SubFactory(UserFactory)


class MonitoringFiguresFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringFigures

    service = factory.SubFactory(HomeSupportServiceFactory)
    month = factory.LazyFunction(lambda: (days_ago(40)).replace(day=1))
    planned_visits = 1000
    delivered_visits = 980
    missed_visits = 20
    late_visits = 50
    short_visits = 30
    average_carers = Decimal("4.5")
    entered_by = factory.SubFactory(UserFactory)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    service = factory.SubFactory(ServiceFactory)
    description = "Review every care plan with the person and their family"
    owner_contact = "Registered manager"
    due_on = factory.LazyFunction(lambda: days_ahead(30))
    created_by = factory.SubFactory(UserFactory)
