"""Services of the failure plan: validation in GOV.UK words, and nothing half-saved."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pghistory.models import Events

from demo.failure_plan import residents_csv
from failure_plan import services
from failure_plan.models import (
    AffectedPerson,
    ChecklistTask,
    Communication,
    Funding,
    Incident,
    TaskTemplate,
)
from failure_plan.services.common import flatten
from failure_plan.services.people import COLUMN_NAMES
from providers.models import LocalAuthority
from tests.failure_plan.factories import AffectedPersonFactory, ServiceFactory, open_incident

pytestmark = pytest.mark.django_db


def _messages(excinfo) -> dict[str, str]:
    return flatten(excinfo.value)


def _upload(text: str | bytes, name: str = "people.csv") -> SimpleUploadedFile:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def _csv(*rows: dict) -> str:
    lines = [",".join(COLUMN_NAMES)]
    for row in rows:
        lines.append(",".join(str(row.get(name, "")) for name in COLUMN_NAMES))
    return "\n".join(lines) + "\n"


# --- incidents ----------------------------------------------------------------------------
def test_opening_an_incident_without_the_essentials_names_each_problem(officer):
    with pytest.raises(ValidationError) as excinfo:
        services.incident_open(
            acting_user=officer,
            title="",
            services=[],
            cause="",
            notice_at=None,
            lead=None,
        )

    assert _messages(excinfo) == {
        "title": "Enter a name for the incident",
        "services": "Select the services that have failed",
        "cause": "Select the cause of the failure",
        "notice_at": "Enter the notice date",
        "lead": "Select who leads the response",
    }
    assert not Incident.objects.exists()


def test_a_partner_member_cannot_lead_an_incident(officer, partner):
    with pytest.raises(ValidationError) as excinfo:
        services.incident_open(
            acting_user=officer,
            title="Another",
            services=[ServiceFactory()],
            cause="emergency",
            notice_at=timezone.now(),
            lead=partner,
        )

    assert _messages(excinfo) == {"lead": "Select someone who may lead an incident"}


def test_a_notice_in_the_future_is_refused(officer):
    with pytest.raises(ValidationError) as excinfo:
        open_incident(lead=officer, notice_at=timezone.now() + datetime.timedelta(days=1))

    assert "notice_at" in _messages(excinfo)


def test_opening_an_incident_records_who_did_it_in_the_history(officer):
    incident = open_incident(lead=officer)

    event = Events.objects.tracks(incident).get()
    assert event.pgh_context["user_email"] == officer.email
    assert incident.opened_by == officer
    assert incident.reference == f"FI-{incident.notice_at:%Y}-{incident.pk:04d}"


def test_adding_a_home_support_branch_adds_approach_two_tasks_and_keeps_the_rest(officer):
    incident = open_incident(lead=officer)
    first = incident.tasks.order_by("pk").first()
    services.checklist_task_update(
        acting_user=officer, task=first, status=ChecklistTask.Status.IN_PROGRESS
    )
    before = incident.tasks.count()

    branch = ServiceFactory(service_type="home_support")
    services.incident_update(
        acting_user=officer, incident=incident, services=[*incident.services.all(), branch]
    )

    home_only = TaskTemplate.objects.filter(for_building=False, for_home=True).count()
    assert incident.tasks.count() == before + home_only
    first.refresh_from_db()
    assert first.status == ChecklistTask.Status.IN_PROGRESS


def test_someone_is_put_on_the_team_once(officer, nurse):
    incident = open_incident(lead=officer, team=[nurse])

    with pytest.raises(ValidationError) as excinfo:
        services.team_member_add(
            acting_user=officer, incident=incident, user=nurse, role_on_team="Health lead"
        )

    assert _messages(excinfo) == {"user": "Nia Nurse is already on the project team"}


# --- the checklist ------------------------------------------------------------------------
def test_a_task_marked_done_without_a_date_is_completed_today(officer):
    incident = open_incident(lead=officer)
    task = incident.tasks.first()

    services.checklist_task_update(
        acting_user=officer, task=task, status="done", owner=officer, progress="  Agreed  "
    )

    task.refresh_from_db()
    assert (task.status, task.completed_on, task.owner, task.progress) == (
        "done",
        timezone.localdate(),
        officer,
        "Agreed",
    )


@pytest.mark.parametrize(
    ("status", "completed", "message"),
    [
        ("in_progress", 0, "Only enter a date completed when the task is done"),
        ("done", 1, "Date completed must be today or in the past"),
        ("done", -10, "Date completed must be on or after the notice date"),
    ],
)
def test_the_date_completed_is_checked(officer, status, completed, message):
    incident = open_incident(lead=officer)
    task = incident.tasks.first()

    with pytest.raises(ValidationError) as excinfo:
        services.checklist_task_update(
            acting_user=officer,
            task=task,
            status=status,
            completed_on=timezone.localdate() + datetime.timedelta(days=completed),
        )

    assert _messages(excinfo) == {"completed_on": message}
    task.refresh_from_db()
    assert task.status == "not_started"


def test_a_closed_incident_cannot_be_changed(officer):
    incident = open_incident(lead=officer)
    services.lessons_record(
        acting_user=officer, incident=incident, went_well="a", to_improve="b", actions="c"
    )

    with pytest.raises(ValidationError) as excinfo:
        services.checklist_task_update(
            acting_user=officer, task=incident.tasks.first(), status="done"
        )

    assert _messages(excinfo) == {"__all__": "This incident is closed and can no longer be changed"}


# --- people -------------------------------------------------------------------------------
def test_a_person_needs_a_name_a_service_and_funding(officer):
    incident = open_incident(lead=officer)

    with pytest.raises(ValidationError) as excinfo:
        services.person_add(
            acting_user=officer, incident=incident, full_name=" ", service=None, funding=""
        )

    assert _messages(excinfo) == {
        "full_name": "Enter the person's full name",
        "service": "Select the service they receive care from",
        "funding": "Select how their care is funded",
    }


def test_a_person_must_receive_care_at_one_of_the_failed_services(officer):
    incident = open_incident(lead=officer)

    with pytest.raises(ValidationError) as excinfo:
        services.person_add(
            acting_user=officer,
            incident=incident,
            full_name="Edith Marsh",
            service=ServiceFactory(),
            funding=Funding.COUNCIL,
        )

    assert _messages(excinfo) == {"service": "Select the service they receive care from"}


def test_someone_placed_by_another_council_needs_the_placing_council(officer):
    incident = open_incident(lead=officer)

    with pytest.raises(ValidationError) as excinfo:
        services.person_add(
            acting_user=officer,
            incident=incident,
            full_name="Edith Marsh",
            service=incident.services.first(),
            funding=Funding.OTHER_COUNCIL,
        )

    assert _messages(excinfo) == {"placing_council": "Select the council that placed them"}


def test_a_move_date_before_the_notice_is_refused(officer):
    incident = open_incident(lead=officer, notice_at=timezone.now() - datetime.timedelta(days=3))

    with pytest.raises(ValidationError) as excinfo:
        services.person_add(
            acting_user=officer,
            incident=incident,
            full_name="Edith Marsh",
            service=incident.services.first(),
            funding=Funding.COUNCIL,
            move_date=timezone.localdate() - datetime.timedelta(days=5),
        )

    assert _messages(excinfo) == {
        "move_date": "Enter a move date that is on or after the notice date"
    }


def test_the_placing_council_is_cleared_when_the_funding_changes(officer):
    incident = open_incident(lead=officer)
    council = LocalAuthority.objects.first()
    person = services.person_add(
        acting_user=officer,
        incident=incident,
        full_name="Edith Marsh",
        service=incident.services.first(),
        funding=Funding.OTHER_COUNCIL,
        placing_council=council,
    )

    services.person_update(acting_user=officer, person=person, funding=Funding.SELF_FUNDER)

    person.refresh_from_db()
    assert (person.funding, person.placing_council) == (Funding.SELF_FUNDER, None)


def test_the_wellbeing_check_follows_the_move(officer):
    incident = open_incident(lead=officer, notice_at=timezone.now() - datetime.timedelta(days=50))
    person = AffectedPersonFactory(incident=incident)

    with pytest.raises(ValidationError) as excinfo:
        services.wellbeing_check_record(
            acting_user=officer, person=person, checked_on=timezone.localdate()
        )
    assert _messages(excinfo) == {"checked_on": "Record the move date before the wellbeing check"}

    moved = timezone.localdate() - datetime.timedelta(days=40)
    services.person_update(
        acting_user=officer, person=person, destination="Heathside Lodge", move_date=moved
    )
    with pytest.raises(ValidationError) as excinfo:
        services.wellbeing_check_record(
            acting_user=officer, person=person, checked_on=moved - datetime.timedelta(days=1)
        )
    assert _messages(excinfo) == {"checked_on": "Enter a date that is on or after the move date"}

    services.wellbeing_check_record(
        acting_user=officer, person=person, checked_on=timezone.localdate(), notes="Settled well"
    )
    person.refresh_from_db()
    assert person.wellbeing_checked_on == timezone.localdate()
    assert person.wellbeing_window == (
        moved + datetime.timedelta(days=28),
        moved + datetime.timedelta(days=42),
    )


# --- import -------------------------------------------------------------------------------
def test_forty_residents_of_mixed_funding_are_imported_at_once(officer):
    incident = open_incident(lead=officer)
    council = LocalAuthority.objects.get(name="Birmingham")

    result = services.people_import(
        acting_user=officer,
        incident=incident,
        upload=_upload(residents_csv(placing_council="Birmingham")),
    )

    assert result.created == 40
    people = incident.people.all()
    assert people.count() == 40
    counts = {f: people.filter(funding=f).count() for f in Funding.values}
    assert counts == {
        "council": 20,
        "health": 5,
        "joint": 4,
        "self_funder": 8,
        "other_council": 3,
    }
    assert set(
        people.filter(funding="other_council").values_list("placing_council", flat=True)
    ) == {council.pk}
    assert people.filter(needs_medicines=True).count() == 20


def test_an_import_with_any_bad_row_adds_nobody_and_names_each_line_and_column(officer):
    incident = open_incident(lead=officer)
    text = _csv(
        {"full_name": "Edith Marsh", "funding": "council"},
        {"full_name": "", "funding": "lottery", "advocate": "maybe"},
        {"full_name": "Arthur Pickering", "funding": "other council"},
        {"full_name": "Joan Hollis", "funding": "self-funder", "move_date": "31/02/2026"},
        {"full_name": "Stanley Ashby", "funding": "chc", "service": "Nowhere House"},
    )

    with pytest.raises(services.ImportRejected) as excinfo:
        services.people_import(acting_user=officer, incident=incident, upload=_upload(text))

    assert excinfo.value.errors == [
        "Line 3: advocate: Enter yes or no",
        "Line 3: full_name: Enter the person's full name",
        "Line 3: funding: Select how their care is funded",
        "Line 4: placing_council: Select the council that placed them",
        "Line 5: move_date: Enter a real date, like 2025-03-27",
        "Line 6: service: Enter the name or CQC location ID of one of the failed services",
    ]
    assert not AffectedPerson.objects.exists()


def test_an_import_file_without_the_required_columns_is_refused(officer):
    incident = open_incident(lead=officer)

    with pytest.raises(services.ImportRejected) as excinfo:
        services.people_import(
            acting_user=officer, incident=incident, upload=_upload("name,dob\nEdith,\n")
        )

    assert excinfo.value.errors == [
        "Line 1: the file must have a column called full_name",
        "Line 1: the file must have a column called funding",
    ]


def test_the_service_column_is_needed_when_several_services_failed(officer):
    first, second = ServiceFactory(), ServiceFactory()
    incident = open_incident(lead=officer, services_=[first, second])
    text = _csv(
        {"full_name": "Edith Marsh", "funding": "council", "service": first.cqc_location_id},
        {"full_name": "Arthur Pickering", "funding": "council", "service": second.name},
        {"full_name": "Joan Hollis", "funding": "council"},
    )

    with pytest.raises(services.ImportRejected) as excinfo:
        services.people_import(acting_user=officer, incident=incident, upload=_upload(text))

    assert excinfo.value.errors == [
        "Line 4: service: Enter which of the failed services they receive care from"
    ]


def test_the_import_template_imports_cleanly(officer):
    from failure_plan.services.people import template_csv

    incident = open_incident(lead=officer)

    result = services.people_import(
        acting_user=officer, incident=incident, upload=_upload(template_csv(incident))
    )

    assert result.created == 1


def test_a_file_that_is_not_utf8_is_refused(officer):
    incident = open_incident(lead=officer)

    with pytest.raises(services.ImportRejected) as excinfo:
        services.people_import(
            acting_user=officer,
            incident=incident,
            upload=_upload("full_name\n\xff\n".encode("latin-1")),
        )

    assert excinfo.value.errors == ["The file must be a CSV saved as UTF-8"]


# --- communications and closing -----------------------------------------------------------
def test_the_communications_log_needs_each_part(officer):
    incident = open_incident(lead=officer)

    with pytest.raises(ValidationError) as excinfo:
        services.communication_record(
            acting_user=officer,
            incident=incident,
            kind="",
            happened_on=None,
            summary="",
            by_whom="",
        )

    assert _messages(excinfo) == {
        "kind": "Select the kind of communication",
        "happened_on": "Enter the date",
        "by_whom": "Enter who it was from or who led it",
        "summary": "Enter a summary",
    }
    services.communication_record(
        acting_user=officer,
        incident=incident,
        kind="cabinet_briefing",
        happened_on=timezone.localdate(),
        summary="Briefed on the closure plan",
        by_whom="Director of Adult Social Care",
    )
    assert Communication.objects.get().recorded_by == officer


def test_the_lessons_learned_review_closes_the_incident(officer):
    incident = open_incident(lead=officer)
    now = timezone.now()

    with pytest.raises(ValidationError) as excinfo:
        services.incident_close(
            acting_user=officer, incident=incident, went_well="", to_improve="", actions=""
        )
    assert set(_messages(excinfo)) == {"went_well", "to_improve", "actions"}
    incident.refresh_from_db()
    assert incident.is_open

    review = services.incident_close(
        acting_user=officer,
        incident=incident,
        warning_signs="Late payments to staff",
        went_well="Everyone moved within 60 hours",
        to_improve="Earlier contact with self-funders' families",
        actions="Keep a live list of residents per home",
        now=now,
    )

    incident.refresh_from_db()
    assert (incident.status, incident.closed_at) == ("closed", now)
    assert review.recorded_by == officer
    with pytest.raises(ValidationError):
        services.incident_close(
            acting_user=officer, incident=incident, went_well="a", to_improve="b", actions="c"
        )
