"""The foundation in a real browser: signing in and out, lockout, public pages, form errors.

Every page these tests load is checked by axe (see tests/e2e/conftest.py).
"""

from __future__ import annotations

import re

from django.conf import settings
from playwright.sync_api import Page, expect

from tests.e2e.browser import follow, screenshot, sign_in, submit, visit

WRONG_PASSWORD = "not-the-right-password"


def _heading(page: Page):
    return page.get_by_role("heading", level=1)


def test_pages_are_styled_by_the_compiled_stylesheet(page):
    with page.expect_response(lambda r: r.url.endswith("/static/css/application.css")) as css:
        visit(page, "/sign-in")

    assert css.value.status == 200
    # GOV.UK Frontend compiled with the app's Sass: Arial, not the browser's default serif.
    font = page.locator("h1").evaluate("element => getComputedStyle(element).fontFamily")
    assert "arial" in font.lower()


def test_a_person_signs_in_opens_their_account_and_signs_out(page, live_server, officer):
    sign_in(page, officer.email)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(_heading(page)).to_have_text("Welcome, Olu")
    expect(page.get_by_text("Contract officer", exact=True)).to_be_visible()

    follow(page, "Your account")
    expect(_heading(page)).to_have_text("Your account")
    expect(page.get_by_text("olu.officer@council.test")).to_be_visible()
    expect(page.get_by_text("Olu Officer")).to_be_visible()

    submit(page, "Sign out")
    expect(_heading(page)).to_have_text("You have signed out")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

    # Signed out for real: the account page now asks them to sign in.
    visit(page, "/account")
    expect(_heading(page)).to_have_text("Sign in to Oversight")


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(page, officer):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5

    # Typing the address in capitals does not buy more attempts.
    for attempt in range(limit - 1):
        email = officer.email.upper() if attempt % 2 else officer.email
        sign_in(page, email, WRONG_PASSWORD)
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Enter a correct email address and password"
        )

    sign_in(page, officer.email, WRONG_PASSWORD, status=429)
    expect(_heading(page)).to_have_text("Your account is locked")

    sign_in(page, officer.email, status=429)
    expect(_heading(page)).to_have_text("Your account is locked")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_an_anonymous_visitor_opens_the_accessibility_statement_from_the_footer(page):
    visit(page, "/")
    expect(_heading(page)).to_have_text("Sign in to Oversight")

    follow(
        page, page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement")
    )

    expect(_heading(page)).to_have_text("Accessibility statement for Oversight")


def test_signing_in_with_empty_fields_shows_the_error_summary(page):
    visit(page, "/sign-in")

    submit(page, "Sign in")

    expect(page).to_have_title(re.compile(r"^Error: Sign in – Oversight – "))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_text(["Enter your email address", "Enter your password"])
    # Each message is also shown by its field.
    expect(page.locator("#id_username_1_error")).to_have_text("Error: Enter your email address")
    expect(page.locator("#id_password_1_error")).to_have_text("Error: Enter your password")
    expect(page.get_by_label("Email address")).to_have_attribute(
        "aria-describedby", re.compile(r"\bid_username_1_error\b")
    )
    screenshot(page, "e2e-error-summary")

    summary.get_by_role("link", name="Enter your password").click()
    expect(page.locator("#id_password")).to_be_focused()
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.locator("#id_username")).to_be_focused()

    page.locator("#id_username").fill("olu.officer@council.test")
    submit(page, "Sign in")
    expect(page.locator("#id_username")).to_have_value("olu.officer@council.test")
    expect(summary.get_by_role("link")).to_have_text(["Enter your password"])
