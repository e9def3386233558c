"""The Provider Escalation Panel in a real browser: the chair schedules a meeting, builds the
agenda, records a decision to escalate a service to level 4 with an action, publishes the
minutes; the service's level then shows level 4 with the PEP meeting as its authority, and the
action comes back as a matter arising on the next meeting's agenda.

Every page these tests load is checked by axe (see tests/e2e/conftest.py).
"""

from __future__ import annotations

import datetime
import re

from playwright.sync_api import Page, expect

from escalation.models import Authority, ServiceState
from panels.models import Meeting
from tests.e2e.browser import follow, navigate, screenshot, sign_in, submit, visit
from tests.panels.factories import service_at


def _fill_date(page: Page, prefix: str, day: datetime.date) -> None:
    page.locator(f"#id_{prefix}_day").fill(str(day.day))
    page.locator(f"#id_{prefix}_month").fill(str(day.month))
    page.locator(f"#id_{prefix}_year").fill(str(day.year))


def test_the_pep_chair_escalates_a_service_to_level_four_and_the_action_comes_back(
    page: Page, chair, officer
):
    service = service_at(3, by=chair, name="Ashgrove Nursing Home")
    sign_in(page, chair.email)

    # Schedule the next PEP meeting on the panel's usual date.
    visit(page, "/panels/")
    follow(page, "Schedule a meeting")
    page.get_by_label("Provider Escalation Panel", exact=True).check()
    submit(page, "Schedule the meeting")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Meeting scheduled: Provider Escalation Panel"
    )
    meeting = Meeting.objects.get()

    # Build the agenda: the level 3 service is on it.
    submit(page, "Build the agenda")
    agenda = page.locator("table").first
    expect(agenda).to_contain_text("Ashgrove Nursing Home")
    screenshot(page, "panels-agenda")

    # Run the meeting: record the decision on the item's own page.
    follow(page, "Run the meeting from item 1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ashgrove Nursing Home")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Level 3")
    page.get_by_label("Escalate", exact=True).check()
    page.get_by_label("New level (unless the level is maintained)").select_option("4")
    page.get_by_label("Discussion and rationale").fill(
        "Two safeguarding enquiries and an Inadequate CQC rating: risk of closure."
    )
    submit(page, "Save the minutes")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Minutes saved")
    screenshot(page, "panels-item")

    # Agree an action with an owner and due date.
    follow(page, "Add an action")
    page.get_by_label("Action", exact=True).fill("Weekly unannounced visits for a month")
    page.get_by_label("Owner").select_option(label=str(officer))
    _fill_date(page, "due_on", meeting.date + datetime.timedelta(days=14))
    submit(page, "Add the action")
    expect(page.locator("#actions + table, #actions ~ table").first).to_contain_text(
        "Weekly unannounced visits for a month"
    )

    # Publish the minutes.
    follow(page, "Agenda")
    follow(page, "Publish the minutes")
    submit(page, "Publish the minutes")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Minutes published")
    expect(page.get_by_role("link", name="Download the minutes (PDF)")).to_be_visible()

    # The register: level 4, decided by the PEP meeting.
    state = ServiceState.objects.select_related("level_change").get(service=service)
    assert state.level == 4
    assert state.level_change.authority == Authority.PEP
    assert state.level_change.authority_reference == meeting.reference
    visit(page, f"/services/{service.pk}/level/")
    expect(page.locator("main")).to_contain_text("Level 4")
    expect(page.locator("main")).to_contain_text(meeting.reference)

    # The next PEP meeting: the open action comes first as a matter arising.
    visit(page, "/panels/schedule/")
    page.get_by_label("Provider Escalation Panel", exact=True).check()
    _fill_date(page, "day", meeting.date + datetime.timedelta(days=35))
    submit(page, "Schedule the meeting")
    submit(page, "Build the agenda")
    first_row = page.locator("table").first.locator("tbody tr").first
    expect(first_row).to_contain_text("Matters arising: Weekly unannounced visits for a month")


def test_the_chair_moves_between_items_from_the_keyboard_and_makes_the_pack(page: Page, chair):
    from panels.services import agenda_item_add
    from tests.panels.factories import MeetingFactory

    meeting = MeetingFactory(chair=chair)
    first, second = (
        agenda_item_add(meeting=meeting, title=title, acting_user=chair)
        for title in ("Market update", "Winter pressures")
    )
    sign_in(page, chair.email)
    visit(page, f"/panels/meetings/{meeting.pk}/items/{first.pk}/")
    expect(page.locator("#keyboard-hint")).to_be_visible()

    # j goes to the next item; Alt+Left back to the previous one.
    navigate(page, lambda: page.keyboard.press("j"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Winter pressures")
    navigate(page, lambda: page.keyboard.press("Alt+ArrowLeft"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Market update")

    # Typing j into the minutes types a j, and unsaved text stops the shortcuts.
    page.get_by_label("Minutes").fill("Discussed jointly")
    page.get_by_label("Minutes").press("j")
    page.locator("h1").click()
    page.keyboard.press("Alt+ArrowRight")
    expect(page.get_by_label("Minutes")).to_have_value("Discussed jointlyj")
    expect(page.get_by_role("heading", level=1)).to_have_text("Market update")
    assert page.url.endswith(f"/items/{first.pk}/"), second

    # The briefing pack is made in the background with a progress page.
    visit(page, f"/panels/meetings/{meeting.pk}/")
    submit(page, "Make the briefing pack (PDF)")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Briefing pack")
    expect(page.locator("[data-testid=job-download]")).to_be_visible()


def test_a_stale_save_in_the_browser_shows_the_newer_minutes_and_keeps_mine(
    page: Page, chair, director, officer
):
    from panels.services import agenda_item_add, minutes_save, panel_action_add
    from tests.panels.factories import MeetingFactory

    meeting = MeetingFactory(chair=chair)
    item = agenda_item_add(meeting=meeting, title="Winter pressures", acting_user=chair)
    action = panel_action_add(
        item=item,
        description="Ask the ICB for discharge figures",
        owner=officer,
        due_on=meeting.date + datetime.timedelta(days=7),
        acting_user=chair,
    )
    sign_in(page, chair.email)
    visit(page, f"/panels/meetings/{meeting.pk}/items/{item.pk}/")
    page.get_by_label("Minutes").fill("My notes from the chair")
    # Meanwhile the director saves the same item's minutes.
    minutes_save(item=item, expected_version=0, acting_user=director, rationale="Director's notes")
    submit(page, "Save the minutes")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Someone else saved these minutes while you were editing"
    )
    expect(page.get_by_test_id("newer-minutes")).to_contain_text("Director's notes")
    expect(page.get_by_label("Minutes")).to_have_value("My notes from the chair")
    screenshot(page, "panels-conflict")
    submit(page, "Save the minutes")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Minutes saved")

    # The chair's other pages pass axe too.
    visit(page, f"/panels/meetings/{meeting.pk}/agenda/add/")
    visit(page, f"/panels/meetings/{meeting.pk}/attendees/add/")
    page.get_by_label("Who").select_option(label=str(officer))
    page.get_by_label("Agency they represent").fill("Council commissioning")
    submit(page, "Invite")
    submit(page, page.get_by_role("button", name=re.compile(f"^Apologies.*{officer}")))
    expect(page.locator("#attendees ~ table").first).to_contain_text("Apologies")
    visit(page, f"/panels/meetings/{meeting.pk}/actions/{action.pk}/done/")
    submit(page, "Mark as done")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Action marked as done"
    )
    visit(page, "/panels/")
