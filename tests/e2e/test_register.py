"""The risk register in a real browser: a partner member signs in, opens the register from
the navigation, filters it to Red services and downloads them as CSV. Every page is checked
by axe (see tests/e2e/conftest.py)."""

from __future__ import annotations

import csv
import datetime
import io

from django.utils import timezone
from playwright.sync_api import Page, expect

from escalation.services import level_change_confirm, level_change_propose, sanction_record
from providers.levels import Level
from tests.e2e.browser import follow, screenshot, sign_in, submit
from tests.providers.factories import ServiceFactory


def _escalate(service, level, chair):
    change = level_change_propose(
        service=service, to_level=level, rationale="Serious concerns", acting_user=chair
    )
    level_change_confirm(
        change=change, acting_user=chair, meeting_reference="PEP meeting, 12 November 2026"
    )


def test_a_partner_filters_the_register_to_red_and_downloads_it(page: Page, partner, chair):
    red = ServiceFactory(name="Ashgrove House")
    _escalate(red, Level.THREE, chair)
    today = timezone.localdate()
    sanction_record(
        service=red,
        kind="placement_stop",
        imposition="imposed",
        scope="whole",
        reason="Safeguarding",
        start_date=today - datetime.timedelta(days=30),
        review_date=today - datetime.timedelta(days=1),
        authorised_by=chair,
        acting_user=chair,
    )
    amber = ServiceFactory(name="Birchfield Court")
    _escalate(amber, Level.TWO, chair)
    ServiceFactory(name="Cedarwood Lodge")

    sign_in(page, partner.email)
    follow(page, page.get_by_role("navigation").get_by_role("link", name="Risk register"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Risk register")
    table = page.locator("table").last
    expect(table).to_contain_text("Ashgrove House")
    expect(table).to_contain_text("Birchfield Court")
    expect(table).to_contain_text("Cedarwood Lodge")

    page.get_by_role("group", name="Placement rating").get_by_label("Red", exact=True).check()
    submit(page, "Apply filters")
    expect(page.get_by_role("status")).to_have_text("1 service")
    expect(table).to_contain_text("Ashgrove House")
    expect(table).not_to_contain_text("Birchfield Court")
    expect(table).to_contain_text("Review overdue")
    expect(page.locator(".app-filter__tag")).to_contain_text("Placement rating: Red")
    screenshot(page, "register-red")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("risk-register-")
    text = open(download.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    rows = list(csv.reader(io.StringIO(text)))
    assert [row[0] for row in rows[1:]] == ["Ashgrove House"]
    assert "Red" in rows[1]
