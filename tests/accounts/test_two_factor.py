"""TOTP two-factor authentication, required when the setting is on (the production default)."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def require_2fa(settings):
    settings.OVERSIGHT_REQUIRE_2FA = True


def test_without_a_device_a_signed_in_person_must_set_one_up(client, officer, require_2fa):
    client.post("/sign-in", {"username": officer.email, "password": PASSWORD})
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/two-factor/set-up")
    page = client.get(response.url)
    assert page.status_code == 200
    assert b"data:image/svg+xml;base64," in page.content


def test_setting_up_with_the_right_code_lets_the_person_in(client, officer, require_2fa):
    client.post("/sign-in", {"username": officer.email, "password": PASSWORD})
    client.get("/two-factor/set-up")
    device = TOTPDevice.objects.get(user=officer)
    wrong = client.post(
        "/two-factor/set-up", {"token": "000000" if _code(device) != "000000" else "111111"}
    )
    assert "The security code is wrong" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a person takes longer than the one-second throttle to retype
    assert client.post("/two-factor/set-up", {"token": _code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


def test_with_a_device_the_code_is_asked_at_each_sign_in(client, officer, require_2fa):
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    client.post("/sign-in", {"username": officer.email, "password": PASSWORD})
    response = client.get("/account")
    assert response.url.startswith("/two-factor/verify")
    assert client.post("/two-factor/verify", {"token": "abc"}).status_code == 200
    assert client.get("/account").status_code == 302
    client.post("/two-factor/verify?next=/account", {"token": _code(device)})
    assert client.get("/account").status_code == 200


def test_public_pages_and_sign_out_work_before_the_code(client, officer, require_2fa):
    client.post("/sign-in", {"username": officer.email, "password": PASSWORD})
    assert client.get("/accessibility").status_code == 200
    assert client.post("/sign-out").status_code == 302


def test_the_demo_setting_turns_two_factor_off(client, officer, settings):
    settings.OVERSIGHT_REQUIRE_2FA = False
    client.post("/sign-in", {"username": officer.email, "password": PASSWORD})
    assert client.get("/").status_code == 200
