"""The market register in a real browser. Every page these tests load is checked by axe
(see tests/e2e/conftest.py)."""

from __future__ import annotations

import datetime

from playwright.sync_api import Page, expect

from providers.models import Contract
from tests.e2e.browser import follow, screenshot, sign_in, submit, visit
from tests.providers.factories import (
    BusinessContinuityCheckFactory,
    ContractFactory,
    CQCRatingFactory,
    ServiceFactory,
)


def _heading(page: Page):
    return page.get_by_role("heading", level=1)


def _fill_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def test_an_officer_finds_a_service_by_postcode_and_edits_its_contract(page, officer):
    service = ServiceFactory(name="Kestrelmere House", postcode="NM7 2PL", contract_officer=officer)
    ServiceFactory(name="Plovergarth Lodge", postcode="NM9 9ZZ")
    CQCRatingFactory(service=service, overall="requires_improvement", safe="inadequate")
    contract = ContractFactory(
        service=service, reference="NM-CH-0042", start_date=datetime.date(2024, 4, 1)
    )

    sign_in(page, officer.email)
    follow(page, "Services")
    expect(_heading(page)).to_have_text("Services")

    page.get_by_label("Search by name, postcode or CQC location ID").fill("nm7 2pl")
    submit(page, "Search")
    expect(page.get_by_text("1 service", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Plovergarth Lodge")).to_have_count(0)

    follow(page, "Kestrelmere House")
    expect(_heading(page)).to_have_text("Kestrelmere House")
    expect(page.get_by_role("heading", name="Contracts")).to_be_visible()

    follow(page, "Change contract NM-CH-0042")
    expect(_heading(page)).to_have_text("Change contract")
    _fill_date(page, "End date (optional)", "31", "3", "2024")
    submit(page, "Save contract")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("The end date must be the same as or after the start date")
    expect(page).to_have_title("Error: Change contract – Oversight – Northmoor Council")
    screenshot(page, "contract-end-before-start")
    contract.refresh_from_db()
    assert contract.end_date is None  # nothing was saved

    # The summary's link takes the officer to the first box to fix.
    summary.get_by_role(
        "link", name="The end date must be the same as or after the start date"
    ).click()
    expect(page.locator("#id_end_date_day")).to_be_focused()

    _fill_date(page, "End date (optional)", "31", "3", "2027")
    submit(page, "Save contract")
    expect(_heading(page)).to_have_text("Kestrelmere House")
    expect(page.get_by_text("Contract NM-CH-0042 saved")).to_be_visible()
    contract.refresh_from_db()
    assert contract.end_date == datetime.date(2027, 3, 31)
    assert Contract.objects.count() == 1


def test_a_partner_reads_the_register_without_the_councils_commercial_terms(page, partner, officer):
    service = ServiceFactory(name="Teaselwick Court", contract_officer=officer)
    ContractFactory(service=service, reference="NM-SECRET-1")

    sign_in(page, partner.email)
    visit(page, f"/services/{service.pk}/")
    expect(_heading(page)).to_have_text("Teaselwick Court")
    expect(page.get_by_text("NM-SECRET-1")).to_have_count(0)
    expect(page.get_by_role("link", name="Change service details")).to_have_count(0)
    visit(page, f"/services/{service.pk}/edit/", status=403)
    visit(page, "/market/", status=403)


def test_every_register_page_passes_axe(page, admin, officer):
    service = ServiceFactory(
        name="Sorrelmere House", contract_officer=officer, registered_manager=""
    )
    CQCRatingFactory(service=service, published_on=datetime.date(2021, 5, 1), is_current=False)
    CQCRatingFactory(service=service)
    ContractFactory(service=service)
    BusinessContinuityCheckFactory(service=service)
    ServiceFactory(in_area=False, service_type="nursing", contract_officer=officer)

    sign_in(page, admin.email)
    visit(page, "/services/?service_type=residential&sort=rating")
    visit(page, "/services/mine/")
    visit(page, f"/services/{service.pk}/")
    visit(page, f"/providers/{service.provider_id}/")
    visit(page, "/market/")
    for url, button in [
        ("/services/add/", "Save service"),
        (f"/services/{service.pk}/edit/", "Save service"),
        (f"/services/{service.pk}/contracts/add/", "Save contract"),
        (f"/services/{service.pk}/ratings/add/", "Save rating"),
        (f"/services/{service.pk}/bcp-checks/add/", "Save check"),
        ("/providers/add/", "Save provider"),
        (f"/providers/{service.provider_id}/edit/", "Save provider"),
    ]:
        visit(page, url)
        if url.endswith("/edit/"):
            continue
        submit(page, button)  # empty or incomplete: the page comes back with errors
        expect(page.locator(".govuk-error-summary")).to_be_visible()

    visit(page, "/services/import/")
    page.get_by_label("Upload a file").set_input_files(
        files=[
            {
                "name": "services.csv",
                "mimeType": "text/csv",
                "buffer": b"provider_name,service_name,service_type,client_group\nA Ltd,B House,Spaceship,older people\n",
            }
        ]
    )
    submit(page, "Upload and check")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Line 2: service_type: Select a service type from the list"
    )
