"""Notifications in a real browser: an officer's proposal reaches the chair, who sees the
unread count in the header, opens the notification to the service's level page, and marks the
rest read. Every page is checked by axe (see tests/e2e/conftest.py)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from escalation.services import level_change_propose
from tests.e2e.browser import follow, screenshot, sign_in, submit
from tests.providers.factories import ServiceFactory


def test_the_chair_reads_a_proposal_from_the_notifications_page(page: Page, officer, chair):
    for name in ("Ashgrove House", "Birch Lodge"):
        home = ServiceFactory(name=name, contract_officer=officer)
        # These tests commit, so the proposal makes its notification as it does in real use.
        level_change_propose(
            service=home, to_level=2, rationale="Persistent concerns", acting_user=officer
        )
    sign_in(page, chair.email)
    count = page.get_by_test_id("unread-count")
    expect(count).to_have_text("2 unread")

    follow(page, page.get_by_role("link", name="Notifications 2 unread"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.locator("main")).to_contain_text("You have 2 unread notifications.")
    screenshot(page, "notifications")

    follow(page, "Ashgrove House: change of level proposed")
    expect(page.locator("main")).to_contain_text("Ashgrove House")
    expect(page.get_by_test_id("unread-count")).to_have_text("1 unread")

    follow(page, page.get_by_role("link", name="Notifications 1 unread"))
    submit(page, "Mark all as read")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "1 notification marked as read"
    )
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
