"""Who holds a role, defined once (``User.objects.with_role`` / ``active_with_role``)."""

from __future__ import annotations

import pytest

from accounts.models import User
from accounts.roles import Role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_people_with_a_role_are_those_in_its_group():
    chair = UserFactory(role=Role.PANEL_CHAIR)
    director = UserFactory(role=Role.DIRECTOR)
    officer = UserFactory(role=Role.CONTRACT_OFFICER)
    UserFactory()  # no role
    assert list(User.objects.with_role(Role.PANEL_CHAIR)) == [chair]
    both = User.objects.with_role(Role.PANEL_CHAIR, "director")
    assert set(both) == {chair, director} and officer not in both


def test_someone_with_two_of_the_roles_is_listed_once():
    chair = UserFactory(role=Role.PANEL_CHAIR)
    chair.groups.add(*UserFactory(role=Role.DIRECTOR).groups.all())
    assert list(User.objects.with_role(Role.PANEL_CHAIR, Role.DIRECTOR)).count(chair) == 1


def test_active_with_role_leaves_out_inactive_accounts():
    active = UserFactory(role=Role.DIRECTOR)
    UserFactory(role=Role.DIRECTOR, is_active=False)
    assert list(User.objects.active_with_role(Role.DIRECTOR)) == [active]


def test_with_no_role_given_anyone_with_a_role_counts():
    officer = UserFactory(role=Role.CONTRACT_OFFICER)
    partner = UserFactory(role=Role.PARTNER)
    UserFactory()  # no role
    UserFactory(role=Role.PARTNER, is_active=False)
    assert set(User.objects.active_with_role()) == {officer, partner}
