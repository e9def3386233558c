"""The pages: forms submitted as a person would, errors in GOV.UK words, the markup of the
published components the pages rely on."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from demo.failure_plan import residents_csv
from failure_plan.models import ChecklistTask, Incident, Vacancy
from tests.failure_plan.factories import (
    AffectedPersonFactory,
    ProviderFactory,
    ServiceFactory,
    VacancyFactory,
    open_incident,
)

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_an_officer_opens_an_incident_in_two_steps(signed_in, officer):
    provider = ProviderFactory(name="Fernbrook Care Group")
    home = ServiceFactory(provider=provider, name="Ashdown House")
    ServiceFactory(provider=provider, name="Fernbrook Home Support", service_type="home_support")
    client = signed_in(officer)
    url = reverse("failure_plan:incident-create")

    chooser = client.get(url)
    assert "Which provider has failed?" in chooser.content.decode()
    form = client.get(url, {"provider": provider.pk})
    assert "Ashdown House (residential care home)" in form.content.decode()

    notice = timezone.localtime() - datetime.timedelta(hours=3)
    response = client.post(
        f"{url}?provider={provider.pk}",
        {
            "title": "Ashdown House emergency closure",
            "services": [home.pk],
            "cause": "emergency",
            **_date("notice_date", notice.date()),
            "notice_time": notice.strftime("%H:%M"),
            "is_emergency": "True",
            "lead": officer.pk,
            "provider_registered": "True",
            "business_failure": "False",
            "activity_regulated": "True",
        },
    )

    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("failure_plan:incident-detail", args=[incident.pk])
    assert incident.notice_at == notice.replace(second=0, microsecond=0)
    assert list(incident.services.all()) == [home]
    page = client.get(response["Location"]).content.decode()
    assert "72-hour clock" in page
    assert "does not apply because:" in page
    assert "it has not become unable to carry on the activity because of business failure" in page


def test_opening_an_incident_with_nothing_filled_in_shows_the_error_summary(signed_in, officer):
    provider = ProviderFactory()
    ServiceFactory(provider=provider)
    client = signed_in(officer)

    response = client.post(reverse("failure_plan:incident-create") + f"?provider={provider.pk}", {})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "There is a problem" in page
    for message in (
        "Enter a name for the incident",
        "Select the services that have failed",
        "Select the cause of the failure",
        "Enter the notice date",
        "Enter the notice time",
        "Select yes if this is an emergency closure",
        "Select who leads the response",
    ):
        assert message in page
    assert not Incident.objects.exists()


def test_the_checklist_is_the_published_task_list_with_overall_progress(signed_in, officer):
    incident = open_incident(lead=officer)
    tasks = list(incident.tasks.order_by("pk"))
    client = signed_in(officer)
    done = tasks[0]

    response = client.post(
        reverse("failure_plan:task-update", args=[incident.pk, done.pk]),
        {"status": "done", "owner": officer.pk, "progress": "Group meets at 8am and 4pm"},
    )
    client.post(
        reverse("failure_plan:task-update", args=[incident.pk, tasks[1].pk]),
        {"status": "not_needed"},
    )

    assert response.status_code == 302
    page = client.get(reverse("failure_plan:checklist", args=[incident.pk])).content.decode()
    total = len(tasks)
    assert f"1 of {total - 1} tasks done (1 not needed)" in page
    assert page.count('<ul class="govuk-task-list"') == 8
    assert 'class="govuk-task-list__item govuk-task-list__item--with-link"' in page
    assert f'aria-describedby="task-{done.pk}-hint task-{done.pk}-status"' in page
    assert f'<div class="govuk-task-list__status" id="task-{done.pk}-status">Done</div>' in page
    assert "govuk-task-list__status--cannot-start-yet" in page
    assert '<strong class="govuk-tag govuk-tag--blue">Not started</strong>' in page


def test_an_overdue_task_shows_as_overdue_and_puts_the_clock_at_risk(signed_in, officer):
    incident = open_incident(lead=officer, notice_at=timezone.now() - datetime.timedelta(days=2))
    ChecklistTask.objects.filter(pk=incident.tasks.first().pk).update(
        planned_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    client = signed_in(officer)

    checklist = client.get(reverse("failure_plan:checklist", args=[incident.pk])).content.decode()
    summary = client.get(
        reverse("failure_plan:incident-detail", args=[incident.pk])
    ).content.decode()

    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in checklist
    assert 'govuk-tag--yellow app-clock__state">At risk</strong>' in summary
    assert "1 checklist task is overdue" in summary


def test_a_person_is_added_and_a_bad_move_date_is_explained(signed_in, officer):
    incident = open_incident(lead=officer, notice_at=timezone.now() - datetime.timedelta(days=2))
    client = signed_in(officer)
    url = reverse("failure_plan:person-add", args=[incident.pk])
    data = {
        "full_name": "Edith Marsh",
        "service": incident.services.first().pk,
        "funding": "council",
        "needs": ["needs_medicines", "needs_transport"],
        "review_status": "not_started",
        **_date("move_date", timezone.localdate() - datetime.timedelta(days=10)),
    }

    refused = client.post(url, data)
    assert "Enter a move date that is on or after the notice date" in refused.content.decode()

    data.update(_date("move_date", timezone.localdate()))
    added = client.post(url, data)

    assert added.status_code == 302
    person = incident.people.get()
    assert (person.needs_medicines, person.needs_transport, person.needs_imca) == (
        True,
        True,
        False,
    )


def test_a_csv_of_forty_residents_is_imported_and_a_bad_one_lists_its_problems(signed_in, officer):
    incident = open_incident(lead=officer)
    client = signed_in(officer)
    url = reverse("failure_plan:people-import", args=[incident.pk])
    bad = residents_csv().replace(b",other council,,", b",other council,Atlantis,", 1)

    refused = client.post(url, {"file": SimpleUploadedFile("residents.csv", bad)})

    page = refused.content.decode()
    assert "There is a problem: nothing was imported" in page
    # Rows 38 to 40 of the file (lines 39 to 41) are the three people placed by other councils.
    assert "Line 39: placing_council: Enter a council&#x27;s name or GSS code" in page
    assert "Line 40: placing_council: Select the council that placed them" in page
    assert "Line 41: placing_council: Select the council that placed them" in page
    assert not incident.people.exists()

    added = client.post(
        url,
        {"file": SimpleUploadedFile("residents.csv", residents_csv(placing_council="Birmingham"))},
    )
    assert added.status_code == 302
    assert incident.people.count() == 40

    template = client.get(reverse("failure_plan:people-import-template", args=[incident.pk]))
    assert template.content.decode().startswith("full_name,date_of_birth,service,funding")


def test_a_vacancy_is_reserved_from_the_finder(signed_in, officer):
    incident = open_incident(lead=officer)
    person = AffectedPersonFactory(incident=incident)
    vacancy = VacancyFactory(vacancies=1, service=ServiceFactory(name="Heathside Lodge"))
    client = signed_in(officer)
    url = reverse("failure_plan:person-reserve", args=[incident.pk, person.pk])

    finder = client.get(url).content.decode()
    assert "Heathside Lodge" in finder
    assert incident.services.first().name not in finder.split("with vacancies")[1]

    response = client.post(url, {"vacancy": vacancy.pk})
    assert response.status_code == 302
    again = client.post(url, {"vacancy": vacancy.pk})
    assert "There are no vacancies left at Heathside Lodge" in again.content.decode()
    assert Vacancy.objects.get().reserved == 1

    client.post(reverse("failure_plan:reservation-release", args=[incident.pk, person.pk]))
    assert Vacancy.objects.get().reserved == 0


def test_vacancies_are_recorded_by_form(signed_in, officer):
    service = ServiceFactory(name="Meadowvale Court")
    client = signed_in(officer)

    refused = client.post(reverse("failure_plan:vacancy-record"), {"service": service.pk})
    assert "Enter the number of vacancies, or 0" in refused.content.decode()

    response = client.post(
        reverse("failure_plan:vacancy-record"),
        {"service": service.pk, "vacancies": "4", **_date("recorded_on", timezone.localdate())},
    )
    assert response.status_code == 302
    finder = client.get(reverse("failure_plan:capacity-finder")).content.decode()
    assert "Meadowvale Court" in finder


def test_the_communications_log_and_the_lessons_review_close_the_incident(signed_in, officer):
    incident = open_incident(lead=officer)
    client = signed_in(officer)

    client.post(
        reverse("failure_plan:communication-add", args=[incident.pk]),
        {
            "kind": "cabinet_briefing",
            **_date("happened_on", timezone.localdate()),
            "by_whom": "Director of Adult Social Care",
            "summary": "Briefed on the plan to move everyone by Friday",
        },
    )
    response = client.post(
        reverse("failure_plan:incident-close", args=[incident.pk]),
        {
            "went_well": "Everyone safe within 60 hours",
            "to_improve": "Earlier contact with families",
            "actions": "Keep resident lists current",
        },
    )

    assert response.status_code == 302
    incident.refresh_from_db()
    assert not incident.is_open
    page = client.get(response["Location"]).content.decode()
    assert "Briefed on the plan to move everyone by Friday" in page
    assert "Everyone safe within 60 hours" in page
    assert "Change incident details" not in page
    closed_again = client.get(reverse("failure_plan:incident-close", args=[incident.pk]))
    assert closed_again.status_code == 403


def test_the_playbook_pages_show_the_scenarios_matrix_and_template(signed_in, partner):
    client = signed_in(partner)

    playbook = client.get(reverse("failure_plan:playbook")).content.decode()
    template = client.get(reverse("failure_plan:checklist-template")).content.decode()

    assert "Approach 2: home-based" in playbook
    assert "Financial and operational" in playbook
    assert "tasks in 8 areas" in template
    assert "Market shaping" in template
