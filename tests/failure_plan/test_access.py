"""Who sees the names of people affected, and the access log of every view and export
(docs/adr/0003-affected-people-access.md)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AccessLog
from tests.failure_plan.factories import AffectedPersonFactory, open_incident

pytestmark = pytest.mark.django_db

NAME = "Winifred Thornton"


@pytest.fixture
def incident(officer, nurse):
    incident = open_incident(lead=officer, team=[nurse])
    AffectedPersonFactory(incident=incident, full_name=NAME)
    return incident


def _logs(user):
    return list(AccessLog.objects.filter(user=user).order_by("pk"))


def test_viewing_the_people_list_is_recorded_against_the_incident(signed_in, officer, incident):
    client = signed_in(officer)
    url = reverse("failure_plan:people-list", args=[incident.pk])

    response = client.get(url)

    assert response.status_code == 200
    assert NAME in response.content.decode()
    (log,) = _logs(officer)
    assert (log.action, log.object_id, log.path) == ("view", str(incident.pk), url)
    assert log.content_type.model == "incident"


def test_viewing_a_person_is_recorded_against_them_without_their_name(signed_in, officer, incident):
    person = incident.people.get()
    client = signed_in(officer)

    client.get(reverse("failure_plan:person-detail", args=[incident.pk, person.pk]))
    client.get(reverse("failure_plan:person-update", args=[incident.pk, person.pk]))

    logs = _logs(officer)
    assert [(log.action, log.object_id) for log in logs] == [
        ("view", str(person.pk)),
        ("view", str(person.pk)),
    ]
    # The log outlives the retention period, so it must not hold the name.
    assert all(NAME not in log.object_repr for log in logs)


def test_an_export_is_recorded_as_an_export(signed_in, chair, incident):
    client = signed_in(chair)

    response = client.get(reverse("failure_plan:people-export", args=[incident.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert NAME in response.content.decode()
    (log,) = _logs(chair)
    assert log.action == "export"


def test_a_nurse_on_the_team_sees_names_but_may_not_export(signed_in, nurse, incident):
    client = signed_in(nurse)

    assert client.get(reverse("failure_plan:people-list", args=[incident.pk])).status_code == 200
    assert client.get(reverse("failure_plan:people-export", args=[incident.pk])).status_code == 403
    assert [log.action for log in _logs(nurse)] == ["view"]


@pytest.mark.parametrize("persona", ["other_officer", "partner"])
def test_people_off_the_team_see_counts_but_never_names(request, signed_in, incident, persona):
    user = request.getfixturevalue(persona)
    client = signed_in(user)

    summary = client.get(reverse("failure_plan:incident-detail", args=[incident.pk]))
    people = client.get(reverse("failure_plan:people-list", args=[incident.pk]))

    assert summary.status_code == 200
    page = summary.content.decode()
    assert NAME not in page
    assert "Only the project team, the lead and senior staff can see who the people are" in page
    assert people.status_code == 403
    assert _logs(user) == []


def test_a_nurse_off_the_team_sees_counts_only(signed_in, nurse, officer):
    incident = open_incident(lead=officer)
    AffectedPersonFactory(incident=incident, full_name=NAME)
    client = signed_in(nurse)

    assert client.get(reverse("failure_plan:people-list", args=[incident.pk])).status_code == 403
    assert (
        NAME
        not in client.get(
            reverse("failure_plan:incident-detail", args=[incident.pk])
        ).content.decode()
    )


def test_a_person_on_another_incident_is_not_found(signed_in, officer, incident):
    other = open_incident(lead=officer, title="Another")
    person = incident.people.get()

    response = signed_in(officer).get(
        reverse("failure_plan:person-detail", args=[other.pk, person.pk])
    )

    assert response.status_code == 404
