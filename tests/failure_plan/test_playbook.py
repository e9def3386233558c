"""The seeded playbook, and the checklist an incident gets from it."""

from __future__ import annotations

import pytest

from failure_plan.models import (
    Approach,
    ChecklistArea,
    ChecklistTask,
    Scenario,
    StakeholderResponsibility,
    TaskTemplate,
)
from providers.models import ServiceType
from tests.failure_plan.factories import ServiceFactory, open_incident

pytestmark = pytest.mark.django_db


def test_the_checklist_template_has_about_forty_tasks_in_the_eight_areas():
    templates = TaskTemplate.objects.all()

    assert 38 <= templates.count() <= 48
    assert set(templates.values_list("area", flat=True)) == set(ChecklistArea.values)
    assert not templates.filter(for_building=False, for_home=False).exists()


def test_some_tasks_are_for_one_approach_only():
    assert TaskTemplate.objects.filter(for_building=True, for_home=False).exists()
    assert TaskTemplate.objects.filter(for_building=False, for_home=True).exists()


def test_the_default_scenarios_follow_the_domain():
    approaches = dict(Scenario.objects.values_list("service_type", "approach"))

    for service_type in ("residential", "nursing", "housing_with_care", "supported_living"):
        assert approaches[service_type] == Approach.BUILDING
    assert approaches["day_opportunities"] == Approach.BUILDING
    assert approaches["home_support"] == Approach.HOME
    assert approaches["community_meals"] == Approach.HOME


def test_the_stakeholder_matrix_has_a_row_for_every_service_type():
    rows = {row.service_type: row for row in StakeholderResponsibility.objects.all()}

    assert set(rows) == set(ServiceType.values)
    assert (rows["nursing"].council, rows["nursing"].icb, rows["nursing"].cqc) == (
        "Financial and operational",
        "Financial and operational",
        "Oversight",
    )
    assert rows["day_opportunities"].cqc == "None"


@pytest.mark.parametrize(
    ("types", "building", "home"),
    [
        (["residential"], True, False),
        (["home_support"], False, True),
        (["residential", "home_support"], True, True),
    ],
)
def test_an_incident_gets_the_tasks_of_its_approach(officer, types, building, home):
    incident = open_incident(
        lead=officer, services_=[ServiceFactory(service_type=kind) for kind in types]
    )

    expected = TaskTemplate.objects.filter(is_active=True)
    if not home:
        expected = expected.filter(for_building=True)
    if not building:
        expected = expected.filter(for_home=True)
    assert incident.tasks.count() == expected.count()
    assert set(incident.tasks.values_list("template_id", flat=True)) == set(
        expected.values_list("pk", flat=True)
    )
    assert not incident.tasks.exclude(status=ChecklistTask.Status.NOT_STARTED).exists()


def test_tasks_not_in_use_are_left_out_of_new_checklists(officer):
    retired = TaskTemplate.objects.filter(for_building=True).first()
    retired.is_active = False
    retired.save()

    incident = open_incident(lead=officer)

    assert not incident.tasks.filter(template=retired).exists()
