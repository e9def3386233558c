"""Letters in a real browser: an officer drafts a notice of concern from the service page and
edits it (a blank subject is refused, nothing lost); a panel chair issues it and the letter is
listed with its PDF. Every page visited is checked by axe (see tests/e2e/conftest.py)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from escalation.models import Letter, LetterStatus
from tests.e2e.browser import follow, screenshot, sign_in, submit, visit
from tests.providers.factories import ContractFactory, ProviderFactory, ServiceFactory


def test_an_officer_drafts_and_a_chair_issues_a_notice_of_concern(page: Page, officer, chair):
    provider = ProviderFactory(name="Ashgrove Care Ltd", head_office_address="4 Kiln Street")
    service = ServiceFactory(name="Larkfield House", provider=provider, contract_officer=officer)
    ContractFactory(service=service, reference="NM-ASC-0777")

    sign_in(page, officer.email)
    visit(page, f"/services/{service.pk}/")
    follow(page, page.get_by_role("link", name="Letters to the provider about Larkfield House"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Letters to the provider")
    follow(page, "Draft a letter")
    page.get_by_label("Notice of concern", exact=True).check()
    submit(page, "Draft the letter")
    expect(page.get_by_label("Subject")).to_have_value("Notice of concern: Larkfield House")
    expect(page.get_by_label("Letter", exact=True)).to_contain_text("NM-ASC-0777")

    # A blank subject is refused and the wording typed is kept.
    page.get_by_label("Subject").fill("")
    page.get_by_label("Letter", exact=True).fill("Dear Ashgrove Care Ltd,\n\nWe are concerned.")
    submit(page, "Save and preview")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the subject of the letter")
    expect(page.get_by_label("Letter", exact=True)).to_have_value(
        "Dear Ashgrove Care Ltd,\n\nWe are concerned."
    )
    page.get_by_label("Subject").fill("Notice of concern: Larkfield House")
    submit(page, "Save and preview")
    expect(page.get_by_text("We are concerned.")).to_be_visible()
    expect(page.get_by_role("link", name="Issue the letter")).to_have_count(0)
    screenshot(page, "letters-draft-preview")

    page.context.clear_cookies()
    sign_in(page, chair.email)
    letter = Letter.objects.get(service=service)
    visit(page, f"/letters/{letter.pk}/")
    follow(page, "Issue the letter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Issue the notice of concern?")
    submit(page, "Issue the letter")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Notice of concern issued"
    )
    expect(page.get_by_role("link", name="Download the letter as sent (PDF)")).to_be_visible()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ISSUED and letter.issued_by == chair
    visit(page, f"/services/{service.pk}/letters/")
    expect(page.get_by_role("link", name="Download PDF")).to_have_count(1)
    screenshot(page, "letters-list")
