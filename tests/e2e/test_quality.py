"""Quality assurance in a real browser: an officer plans a visit, records a full monitoring
visit (all ten key areas), sees it on the service's timeline and raises an action from a
finding; a visit dated in the future is not completed.

Every page these tests load is checked by axe (see tests/e2e/conftest.py).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from playwright.sync_api import Page, expect

from quality.models import KEY_AREAS, Action, Visit, VisitStatus
from tests.e2e.browser import follow, screenshot, sign_in, submit, visit
from tests.providers.factories import ServiceFactory


def _fill_date(page: Page, prefix: str, day: datetime.date) -> None:
    page.locator(f"#id_{prefix}_day").fill(str(day.day))
    page.locator(f"#id_{prefix}_month").fill(str(day.month))
    page.locator(f"#id_{prefix}_year").fill(str(day.year))


def _rate(page: Page, area_label: str, rating: str) -> None:
    page.get_by_role("group", name=area_label, exact=True).get_by_label(rating, exact=True).check()


def test_an_officer_plans_records_and_follows_up_a_monitoring_visit(page: Page, officer):
    service = ServiceFactory(
        name="Heatherside House", contract_officer=officer, registered_manager="Sam Lee"
    )
    today = timezone.localdate()
    sign_in(page, officer.email)

    # Plan a visit for next week.
    visit(page, f"/services/{service.pk}/")
    follow(page, page.locator("#visits").get_by_role("button", name="Plan a visit"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan a visit")
    page.get_by_label("Planned monitoring visit", exact=True).check()
    _fill_date(page, "planned_date", today + datetime.timedelta(days=7))
    submit(page, "Plan visit")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Planned monitoring visit planned for"
    )
    planned = Visit.objects.get(service=service)
    assert planned.status == VisitStatus.PLANNED

    # Record it: every one of the ten key areas on one page.
    follow(page, page.locator("#visits").get_by_role("link", name="Planned monitoring visit"))
    follow(page, "Record this visit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a planned monitoring visit")
    for area in KEY_AREAS:
        _rate(page, area.label, "Good")
    _rate(page, "Safeguarding", "Requires improvement")
    page.get_by_label("Evidence for safeguarding").fill(
        "Two incidents were not reported to the safeguarding team."
    )
    page.get_by_label("Managers", exact=True).fill("1")
    page.get_by_label("Staff", exact=True).fill("4")
    page.get_by_label("People using the service", exact=True).fill("6")
    page.get_by_label("Relatives", exact=True).fill("2")
    _rate(page, "Overall rating", "Good")
    page.get_by_label("Overall outcome").fill(
        "A warm, settled home; safeguarding reporting is weak."
    )

    # A visit dated tomorrow cannot be completed, and nothing typed is lost.
    _fill_date(page, "visit_date", today + datetime.timedelta(days=1))
    submit(page, "Complete visit")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The visit date must be today or in the past")
    expect(page.locator("#id_visit_date-error")).to_contain_text(
        "The visit date must be today or in the past"
    )
    expect(page.get_by_label("Overall outcome")).to_have_value(
        "A warm, settled home; safeguarding reporting is weak."
    )
    expect(
        page.get_by_role("group", name="Safeguarding", exact=True).get_by_label(
            "Requires improvement", exact=True
        )
    ).to_be_checked()
    screenshot(page, "quality-visit-future-date")
    assert Visit.objects.get(pk=planned.pk).status == VisitStatus.PLANNED

    _fill_date(page, "visit_date", today)
    submit(page, "Complete visit")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Planned monitoring visit completed"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Planned monitoring visit")
    completed = Visit.objects.get(pk=planned.pk)
    assert completed.status == VisitStatus.COMPLETED
    assert completed.areas.count() == 10
    screenshot(page, "quality-visit-detail")

    # The visit is on the service's timeline.
    follow(page, "Back to Heatherside House")
    timeline = page.locator("#timeline")
    expect(timeline.locator(".moj-timeline__item").first).to_contain_text(
        "Planned monitoring visit"
    )
    expect(timeline).to_contain_text("A warm, settled home")
    screenshot(page, "quality-service-page")

    # Raise an action from the safeguarding finding.
    follow(page, timeline.get_by_role("link", name="View the visit"))
    follow(page, page.get_by_role("button", name="Create an action for safeguarding"))
    expect(page.locator(".govuk-inset-text")).to_contain_text("Two incidents were not reported")
    page.get_by_label("What needs to be done").fill(
        "Train every member of staff in raising a safeguarding alert"
    )
    _fill_date(page, "due_on", today + datetime.timedelta(days=28))
    submit(page, "Save action")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Action added to the action plan"
    )
    expect(page.locator("#area-safeguarding")).to_contain_text("Train every member of staff")
    action = Action.objects.get()
    assert (action.visit_id, action.area) == (completed.pk, "safeguarding")
    assert action.owner_contact == "Sam Lee"


def test_completing_an_unplanned_visit_dated_in_the_future_is_refused(page: Page, officer):
    service = ServiceFactory(name="Larchfield Court", contract_officer=officer)
    sign_in(page, officer.email)
    visit(page, f"/services/{service.pk}/")
    follow(page, page.locator("#visits").get_by_role("button", name="Record a visit"))
    page.get_by_label("Unannounced visit", exact=True).check()
    submit(page, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an unannounced visit")

    _fill_date(page, "visit_date", timezone.localdate() + datetime.timedelta(days=3))
    submit(page, "Complete visit")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link").first).to_have_text(
        "The visit date must be today or in the past"
    )
    expect(summary).to_contain_text("Select a rating for leadership and management")
    summary.get_by_role("link", name="Select a rating for staffing levels and recruitment").click()
    expect(page.locator("#id_staffing_rating_1")).to_be_focused()
    assert not Visit.objects.filter(service=service).exists()
