"""An emergency closure of a 40-bed care home, worked in a real browser from notice to the
lessons-learned review. Every page visited is checked by axe (tests/e2e/conftest.py).

The residents are of mixed funding: council, health (CHC), joint, self-funders and people
placed by another council. Names are invented (demo.failure_plan).
"""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from demo.failure_plan import resident_names, residents_csv
from failure_plan.models import AffectedPerson, Incident
from tests.e2e.browser import follow, screenshot, sign_in, submit, visit
from tests.failure_plan.factories import ProviderFactory, ServiceFactory, VacancyFactory

PLACING_COUNCIL = "Birmingham"


def _heading(page: Page):
    return page.get_by_role("heading", level=1)


def _market():
    provider = ProviderFactory(name="Fernbrook Care Group")
    home = ServiceFactory(provider=provider, name="Ashdown House", capacity=40, postcode="NM3 2QX")
    for name, postcode, free in (
        ("Heathside Lodge", "NM3 6LT", 2),
        ("Meadowvale Court", "NM1 8PQ", 4),
    ):
        VacancyFactory(service=ServiceFactory(name=name, postcode=postcode), vacancies=free)
    return provider, home


def _fill_date(page: Page, prefix: str, day: datetime.date) -> None:
    page.locator(f"#id_{prefix}_day").fill(str(day.day))
    page.locator(f"#id_{prefix}_month").fill(str(day.month))
    page.locator(f"#id_{prefix}_year").fill(str(day.year))


def _press(page: Page, name: str) -> None:
    """Follow a link styled as a button (the GOV.UK button component gives it role=button)."""
    follow(page, page.get_by_role("button", name=name, exact=True))


def _open_person(page: Page, name: str) -> None:
    back = page.get_by_role("link", name="Back to people affected", exact=True)
    if not back.count():
        back = page.get_by_role("link", name="People affected", exact=True)
    follow(page, back)
    follow(page, name)
    expect(_heading(page)).to_have_text(name)


def test_an_emergency_closure_of_a_forty_bed_care_home(page: Page, officer, nurse):
    _market()
    today = timezone.localdate()
    names = resident_names(40)

    sign_in(page, officer.email)
    visit(page, "/failures/")
    expect(_heading(page)).to_have_text("Provider failures")

    # Notice arrives: open the incident.
    _press(page, "Open an incident")
    page.locator("#id_provider").select_option(label="Fernbrook Care Group")
    submit(page, "Continue")
    page.locator("#id_title").fill("Ashdown House emergency closure")
    page.get_by_label("Ashdown House (residential care home)").check()
    page.get_by_label("Emergency", exact=True).check()
    page.locator("#id_is_emergency_1").check()  # yes
    page.locator("#id_summary").fill("Fire in the kitchen wing; no power or heating.")
    page.locator("#id_provider_registered_1").check()  # yes
    page.locator("#id_business_failure_2").check()  # no
    page.locator("#id_activity_regulated_1").check()  # yes
    submit(page, "Open incident")
    expect(_heading(page)).to_have_text("Ashdown House emergency closure")
    expect(page.get_by_test_id("clock")).to_contain_text("On track")
    expect(page.get_by_test_id("section-48")).to_contain_text("does not apply because:")
    incident = Incident.objects.get()
    tasks = incident.tasks.count()
    expect(page.get_by_test_id("checklist-progress")).to_have_text(f"0 of {tasks} tasks done")

    # The lead sets up the project team.
    follow(page, "Add someone to the project team")
    page.locator("#id_user").select_option(label=str(nurse))
    page.locator("#id_role_on_team").fill("Health lead for CHC-funded residents")
    submit(page, "Add to team")
    expect(page.get_by_test_id("team")).to_contain_text("Nia Nurse")

    # Import the forty residents.
    follow(page, page.get_by_role("link", name="People affected", exact=True))
    _press(page, "Import from CSV")
    page.locator("#id_file").set_input_files(
        files=[
            {
                "name": "ashdown-residents.csv",
                "mimeType": "text/csv",
                "buffer": residents_csv(
                    service_name="Ashdown House", placing_council=PLACING_COUNCIL
                ),
            }
        ]
    )
    submit(page, "Upload and import")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("40 people added")
    expect(page.get_by_test_id("people").locator("tbody tr")).to_have_count(40)
    expect(page.get_by_test_id("people")).to_contain_text(
        f"Placed by another council ({PLACING_COUNCIL})"
    )
    expect(page.get_by_test_id("people")).to_contain_text("Self-funder")
    screenshot(page, "failure-people")

    # Match people to vacancies: a council-funded, a CHC-funded and another council's resident.
    # Heathside Lodge has two vacancies: once both are held it drops out of the finder.
    targets = {
        names[0]: "Heathside Lodge",
        names[20]: "Heathside Lodge",
        names[37]: "Meadowvale Court",
    }
    reserved = list(targets)
    for name, target in targets.items():
        _open_person(page, name)
        _press(page, "Find and reserve a vacancy")
        vacancies = page.get_by_test_id("vacancies")
        if target == "Meadowvale Court":
            expect(vacancies).not_to_contain_text("Heathside Lodge")
        expect(vacancies).to_contain_text(target)
        submit(page, f"Reserve at {target}")
        expect(page.get_by_test_id("person-move")).to_contain_text(target)
        _press(page, "Change details")
        _fill_date(page, "move_date", today)
        submit(page, "Save")
        expect(page.get_by_test_id("person-move")).to_contain_text("Placed")

    # A self-funder goes to live with family.
    self_funder = names[30]
    _open_person(page, self_funder)
    expect(page.get_by_test_id("responsibility")).to_contain_text(
        "Funding and long-term planning stay with the person"
    )
    _press(page, "Change details")
    page.locator("#id_destination").fill("Moving in with her son in Northmoor")
    _fill_date(page, "move_date", today)
    submit(page, "Save")

    follow(page, "Back to people affected")
    follow(page, page.get_by_role("link", name="Summary", exact=True))
    expect(page.get_by_test_id("clock")).to_contain_text("36 of 40")

    # Work the checklist.
    follow(page, page.get_by_role("link", name="Checklist", exact=True))
    follow(page, "Set up the project group and agree when it meets")
    page.get_by_label("Done", exact=True).check()
    page.locator("#id_owner").select_option(label=str(officer))
    page.locator("#id_progress").fill("Group meets at 8am and 4pm daily")
    submit(page, "Save task")
    follow(page, "Brief the cabinet member")
    page.get_by_label("In progress", exact=True).check()
    page.locator("#id_owner").select_option(label=str(nurse))
    submit(page, "Save task")
    # A building-based closure has no approach 2 tasks.
    expect(page.get_by_text("Move every call into the new providers' rotas")).to_have_count(0)
    follow(
        page, "Prepare the council's position if a factoring company claims the provider's debts"
    )
    page.get_by_label("Not needed", exact=True).check()
    submit(page, "Save task")
    expect(page.get_by_test_id("checklist-progress")).to_have_text(
        f"1 of {tasks - 1} tasks done (1 not needed)"
    )
    screenshot(page, "failure-checklist")

    # Log the cabinet member briefing and make the briefing PDF.
    follow(page, page.get_by_role("link", name="Summary", exact=True))
    follow(page, "Add to the communications log")
    page.get_by_label("Cabinet member briefing", exact=True).check()
    page.locator("#id_by_whom").fill("Director of Adult Social Care")
    page.locator("#id_summary").fill("Briefed on the closure and the plan to move everyone")
    submit(page, "Add to the log")
    expect(page.get_by_test_id("communications")).to_contain_text("Briefed on the closure")
    submit(page, "Make the cabinet member briefing (PDF)")
    expect(page.get_by_test_id("job-download")).to_be_visible()

    # Five weeks pass: everyone has moved, and the wellbeing checks fall due.
    earlier = datetime.timedelta(days=35)
    Incident.objects.filter(pk=incident.pk).update(notice_at=incident.notice_at - earlier)
    people = AffectedPerson.objects.filter(incident=incident)
    people.filter(move_date__isnull=False).update(move_date=today - earlier)
    people.filter(move_date__isnull=True).update(
        destination="Moved by the council's brokerage team", move_date=today - earlier
    )

    visit(page, f"/failures/{incident.pk}/people/?show=wellbeing_due")
    expect(page.get_by_test_id("people").locator("tbody tr")).to_have_count(40)
    for name in [*reserved, self_funder]:
        follow(page, f"Record the wellbeing check for {name}")
        _fill_date(page, "checked_on", today)
        page.locator("#id_notes").fill("Settled; family visiting weekly")
        submit(page, "Save wellbeing check")
    visit(page, f"/failures/{incident.pk}/")
    expect(page.get_by_test_id("people-figures")).to_contain_text("4 done, 36 due, 0 overdue")
    expect(page.get_by_test_id("clock")).to_contain_text("Everyone placed")

    # Close with lessons learned.
    follow(page, "Record lessons learned and close")
    page.locator("#id_warning_signs").fill("Two missed maintenance visits flagged last quarter")
    page.locator("#id_went_well").fill("Everyone was safe and placed within 60 hours")
    page.locator("#id_to_improve").fill("Earlier calls to the families of self-funders")
    page.locator("#id_actions").fill("Keep a live list of residents for every care home")
    submit(page, "Save the review and close the incident")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The incident is closed"
    )
    expect(page.get_by_test_id("lessons")).to_contain_text("Everyone was safe and placed")
    expect(page.get_by_role("link", name="Record lessons learned and close")).to_have_count(0)
    screenshot(page, "failure-closed")

    incident.refresh_from_db()
    assert incident.status == "closed"
    assert re.match(r"FI-\d{4}-\d{4}", incident.reference)
