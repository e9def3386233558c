"""The home page shows an officer their due and overdue visits and overdue actions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.providers.factories import ServiceFactory
from tests.quality.factories import ActionFactory, CompletedVisitFactory, days_ago

pytestmark = pytest.mark.django_db


def test_an_officer_sees_their_overdue_visits_and_actions(client, officer, other_officer):
    late = ServiceFactory(contract_officer=officer, name="Late Lodge")
    CompletedVisitFactory(service=late, visit_date=days_ago(400))
    recent = ServiceFactory(contract_officer=officer, name="Recent Rest")
    CompletedVisitFactory(service=recent, visit_date=days_ago(10))
    ServiceFactory(contract_officer=other_officer, name="Not Mine")
    ActionFactory(service=late, description="Fix the fire doors", due_on=days_ago(3))

    client.force_login(officer)
    html = client.get(reverse("core:home")).content.decode()

    assert "Your visits" in html
    assert "Late Lodge" in html
    assert "Recent Rest" not in html
    assert "Not Mine" not in html
    assert "Fix the fire doors" in html
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in html


def test_a_director_sees_the_team_and_a_partner_sees_no_schedule(
    client, director, partner, officer
):
    ServiceFactory(contract_officer=officer, name="Team Home")
    client.force_login(director)
    assert "The team's visits" in client.get(reverse("core:home")).content.decode()
    client.force_login(partner)
    assert "home-visits-title" not in client.get(reverse("core:home")).content.decode()
