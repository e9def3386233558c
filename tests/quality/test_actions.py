"""Action plans: actions from a visit's findings or on their own; overdue ones stand out."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from escalation.models import ServiceState
from quality.models import Action, ActionStatus
from quality.services import action_create, action_update, actions_mark_overdue
from quality.tasks import actions_mark_overdue_task
from tests.providers.factories import ServiceFactory
from tests.quality.factories import ActionFactory, CompletedVisitFactory, days_ago, days_ahead

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(officer):
    return ServiceFactory(contract_officer=officer, registered_manager="Pat Manager")


def test_an_action_needs_an_owner_and_a_due_date_not_in_the_past(officer, service):
    with pytest.raises(ValidationError) as raised:
        action_create(acting_user=officer, service=service, description="Fix", due_on=days_ago(1))
    assert raised.value.message_dict == {
        "owner": ["Select who owns the action, or enter the provider contact"],
        "due_on": ["The due date must be today or in the future"],
    }
    action = action_create(
        acting_user=officer, service=service, description="Fix", due_on=days_ahead(1), owner=officer
    )
    assert action.status == ActionStatus.OPEN


def test_an_action_from_a_finding_remembers_its_visit_and_area(client, officer, service):
    visit = CompletedVisitFactory(
        service=service, officer=officer, ratings={"safeguarding": "inadequate"}
    )
    client.force_login(officer)
    url = (
        reverse("quality:action-create", args=[service.pk]) + f"?visit={visit.pk}&area=safeguarding"
    )
    page = client.get(url).content.decode()
    assert "Evidence for safeguarding." in page
    assert 'value="Pat Manager"' in page
    due = days_ahead(14)
    response = client.post(
        url,
        {
            "description": "Train all staff in raising alerts",
            "owner_contact": "Pat Manager",
            "due_on_day": due.day,
            "due_on_month": due.month,
            "due_on_year": due.year,
        },
    )
    assert response["Location"] == reverse("quality:visit-detail", args=[visit.pk])
    action = Action.objects.get()
    assert (action.visit, action.area) == (visit, "safeguarding")
    detail = client.get(response["Location"]).content.decode()
    assert "Train all staff in raising alerts" in detail


def test_marking_an_action_done_records_when(officer, service):
    action = ActionFactory(service=service)
    action_update(acting_user=officer, action=action, status=ActionStatus.DONE, evidence="Seen")
    action.refresh_from_db()
    assert action.completed_on is not None
    action_update(acting_user=officer, action=action, status=ActionStatus.IN_PROGRESS)
    action.refresh_from_db()
    assert action.completed_on is None


def test_an_overdue_action_is_tagged_red_on_the_service_page(client, officer, service):
    ActionFactory(service=service, description="Late thing", due_on=days_ago(2))
    ActionFactory(service=service, description="On time thing", due_on=days_ahead(2))
    client.force_login(officer)
    html = client.get(reverse("providers:service-detail", args=[service.pk])).content.decode()
    assert html.count('<strong class="govuk-tag govuk-tag--red">Overdue</strong>') == 1


def test_the_daily_task_marks_each_service_with_newly_overdue_actions_once(officer, service):
    ActionFactory(service=service, due_on=days_ago(1))
    ActionFactory(service=service, due_on=days_ago(3))
    ActionFactory(
        service=service, due_on=days_ago(3), status=ActionStatus.DONE, completed_on=days_ago(4)
    )
    other = ServiceFactory()
    ActionFactory(service=other, due_on=days_ahead(3))

    assert actions_mark_overdue_task.delay().get() == 1
    state = ServiceState.objects.get(service=service)
    assert state.recalculation_reason == "action overdue"
    assert not ServiceState.objects.filter(service=other).exists()

    ServiceState.objects.filter(service=service).update(needs_recalculation=False)
    assert actions_mark_overdue() == 0  # safe to run twice
    assert not ServiceState.objects.get(service=service).needs_recalculation


def test_a_new_due_date_clears_the_overdue_mark(officer, service):
    action = ActionFactory(service=service, due_on=days_ago(1))
    actions_mark_overdue()
    action.refresh_from_db()
    assert action.overdue_since == timezone.localdate()
    action_update(acting_user=officer, action=action, due_on=days_ahead(7))
    action.refresh_from_db()
    assert action.overdue_since is None


def test_updating_an_action_through_the_page(client, nurse, service):
    action = ActionFactory(service=service, due_on=days_ago(5))
    client.force_login(nurse)
    url = reverse("quality:action-edit", args=[action.pk])
    due = action.due_on
    response = client.post(
        url,
        {
            "description": action.description,
            "owner_contact": "Registered manager",
            "due_on_day": due.day,
            "due_on_month": due.month,
            "due_on_year": due.year,
            "status": "in_progress",
            "provider_response": "Training booked for all staff",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    assert action.provider_response == "Training booked for all staff"


def test_another_officer_cannot_add_actions(client, other_officer, service):
    client.force_login(other_officer)
    due = days_ahead(3)
    response = client.post(
        reverse("quality:action-create", args=[service.pk]),
        {
            "description": "x",
            "owner_contact": "y",
            "due_on_day": due.day,
            "due_on_month": due.month,
            "due_on_year": due.year,
        },
    )
    assert response.status_code == 403
    assert not Action.objects.exists()
