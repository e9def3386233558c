"""Evidence marks a service's risk score for recalculation, once, idempotently."""

import pytest

from escalation.models import Level, ServiceState
from escalation.selectors import current_level_expression
from escalation.services import risk_mark_for_recalculation
from providers.models import Provider, Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    provider = Provider.objects.create(name="Moorside Care Ltd")
    return Service.objects.create(
        provider=provider,
        name="Moorside House",
        service_type="residential",
        client_group="older_people",
    )


def test_marking_creates_the_state_and_flags_it(service):
    risk_mark_for_recalculation(service_id=service.pk, reason="visit completed")
    state = ServiceState.objects.get(service=service)
    assert state.needs_recalculation
    assert state.recalculation_reason == "visit completed"
    assert state.level == Level.ROUTINE


def test_marking_twice_keeps_one_row(service):
    risk_mark_for_recalculation(service_id=service.pk, reason="intelligence added")
    ServiceState.objects.filter(service=service).update(needs_recalculation=False)
    risk_mark_for_recalculation(service_id=service.pk, reason="visit completed")
    assert ServiceState.objects.filter(service=service).count() == 1
    assert ServiceState.objects.get(service=service).needs_recalculation


def test_a_service_without_state_is_routine(service):
    level = Service.objects.annotate(level=current_level_expression()).get(pk=service.pk).level
    assert level == Level.ROUTINE
