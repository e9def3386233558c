"""Signing in and out, lockout, session limits and passwords."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command

from accounts.middleware import SESSION_LAST_SEEN, SESSION_STARTED
from accounts.models import User
from accounts.roles import GROUP_NAMES, Role
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client, email, password=PASSWORD):
    return client.post("/sign-in", {"username": email, "password": password})


def test_the_six_roles_exist_as_groups_from_the_data_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= set(GROUP_NAMES.values())
    assert len(GROUP_NAMES) == 6


def test_a_person_signs_in_with_their_email_address_in_any_case(client, officer):
    response = _sign_in(client, officer.email.upper())
    assert response.status_code == 302
    assert response.url == "/"
    assert client.get("/").context["user"] == officer


def test_a_wrong_password_gets_a_govuk_error(client, officer):
    response = _sign_in(client, officer.email, "not-the-password")
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Enter a correct email address and password" in content


def test_empty_fields_get_specific_messages(client, db):
    content = client.post("/sign-in", {"username": "", "password": ""}).content.decode()
    assert "Enter your email address" in content
    assert "Enter your password" in content


def test_five_failures_lock_the_account_for_fifteen_minutes_with_a_clear_message(
    client, officer, settings
):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    for _ in range(4):
        assert _sign_in(client, officer.email, "wrong-password-1").status_code == 200
    fifth = _sign_in(client, officer.email, "wrong-password-1")
    assert fifth.status_code == 429
    assert "Your account is locked" in fifth.content.decode()
    assert "15 minutes" in fifth.content.decode()
    # Even the right password is refused while the lock lasts.
    right = _sign_in(client, officer.email)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_not_per_office(client, officer, other_officer):
    for _ in range(5):
        _sign_in(client, officer.email, "wrong-password-1")
    assert _sign_in(client, other_officer.email).status_code == 302


def test_sign_out_is_a_post_and_ends_the_session(client, officer):
    client.force_login(officer)
    assert client.get("/sign-out").status_code == 405
    response = client.post("/sign-out")
    assert response.status_code == 302
    assert response.url == "/signed-out"
    assert client.get("/").status_code == 302


def test_pages_need_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/sign-in?next=/")


def test_idle_sessions_end_after_thirty_minutes(client, officer, settings):
    assert settings.OVERSIGHT_IDLE_TIMEOUT_MINUTES == 30
    _sign_in(client, officer.email)
    session = client.session
    session[SESSION_LAST_SEEN] = time.time() - 31 * 60
    session.save()
    response = client.get("/account")
    assert response.status_code == 302
    follow = client.get(response.url)
    assert "had not used Oversight for 30 minutes" in follow.content.decode()
    assert client.get("/account").status_code == 302


def test_an_active_session_still_ends_after_its_absolute_lifetime(client, officer, settings):
    _sign_in(client, officer.email)
    session = client.session
    session[SESSION_STARTED] = time.time() - (settings.OVERSIGHT_SESSION_MAX_HOURS * 3600 + 60)
    session[SESSION_LAST_SEEN] = time.time() - 60
    session.save()
    response = client.get("/account")
    assert response.status_code == 302
    assert "signed in for" in client.get(response.url).content.decode()


def test_activity_within_the_limit_keeps_the_session(client, officer):
    _sign_in(client, officer.email)
    session = client.session
    session[SESSION_LAST_SEEN] = time.time() - 29 * 60
    session.save()
    assert client.get("/account").status_code == 200


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-pass1", "at least 12 characters"),
        ("password1234", "too common"),
        ("123456789012345", "entirely numeric"),
    ],
)
def test_passwords_need_twelve_characters_and_are_not_common(password, message):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert message in " ".join(error.value.messages)


def test_a_long_uncommon_password_is_accepted():
    validate_password("heron-lantern-quarry-41")


def test_demo_accounts_one_per_role_with_the_configured_password(settings, capsys):
    settings.OVERSIGHT_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("demo_accounts")
    output = capsys.readouterr().out
    expected = {
        "officer@demo.test": Role.CONTRACT_OFFICER,
        "nurse@demo.test": Role.CLINICAL_NURSE,
        "chair@demo.test": Role.PANEL_CHAIR,
        "director@demo.test": Role.DIRECTOR,
        "partner@demo.test": Role.PARTNER,
        "admin@demo.test": Role.ADMINISTRATOR,
    }
    for email, role in expected.items():
        user = User.objects.get(email=email)
        assert user.has_role(role)
        assert user.check_password("demo-password-for-tests")
        assert email in output
    # Run again: nothing more is created.
    call_command("demo_accounts")
    assert User.objects.count() == 6


def test_demo_accounts_are_never_created_in_production(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("demo_accounts")
    assert not User.objects.exists()


def test_failures_count_against_the_account_whatever_the_case_typed(client, officer):
    for variant in [
        "OLU.OFFICER@council.test",
        "olu.officer@council.test",
        "Olu.Officer@Council.test",
        " olu.officer@council.test",
        "olu.officer@COUNCIL.TEST",
    ]:
        response = _sign_in(client, variant, "wrong-password-1")
    assert response.status_code == 429


def test_email_and_password_boxes_in_error_get_the_red_border(client, db, settings):
    content = client.post("/sign-in", {"username": "", "password": ""}).content.decode()
    assert content.count("govuk-form-group--error") >= 2
    # The stylesheet gives any input inside a group in error the GOV.UK error border.
    css = (settings.BASE_DIR / "static" / "css" / "application.css").read_text()
    assert ".govuk-form-group--error>.govuk-input" in css
