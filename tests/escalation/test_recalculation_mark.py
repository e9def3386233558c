"""Evidence marks a service's risk score for recalculation, once, idempotently."""

import datetime

import pytest
from django.utils import timezone

from escalation.models import SanctionImposition, SanctionKind, SanctionScope, ServiceState
from escalation.services import risk_mark_for_recalculation, sanction_end, sanction_record
from providers.levels import Level, current_level_expression
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


def test_recording_and_ending_a_sanction_marks_the_service(service, chair):
    today = timezone.localdate()
    stop = sanction_record(
        service=service,
        kind=SanctionKind.PLACEMENT_STOP,
        imposition=SanctionImposition.IMPOSED,
        scope=SanctionScope.WHOLE,
        reason="Unsafe staffing at night",
        start_date=today,
        review_date=today + datetime.timedelta(days=28),
        authorised_by=chair,
        acting_user=chair,
    )
    state = ServiceState.objects.get(service=service)
    assert state.needs_recalculation
    assert state.recalculation_reason == "sanction"

    ServiceState.objects.filter(service=service).update(
        needs_recalculation=False, recalculation_reason=""
    )
    sanction_end(sanction=stop, end_date=today, reason="Staffing restored", acting_user=chair)
    state = ServiceState.objects.get(service=service)
    assert state.needs_recalculation
    assert state.recalculation_reason == "sanction"
