"""The audit foundation: pghistory events for changes, an append-only access log."""

import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, transaction
from pghistory.models import Events

from accounts.models import AccessLog
from accounts.services import access_log_record

pytestmark = pytest.mark.django_db


def test_changes_to_a_user_are_recorded_with_who_made_them(client, admin, officer):
    client.force_login(admin)
    client.get("/")  # any request: the history context carries the acting user
    officer.job_title = "Senior quality officer"
    officer.save()
    events = list(Events.objects.tracks(officer).order_by("pgh_created_at"))
    assert [e.pgh_label for e in events][-1] == "update"
    assert events[-1].pgh_diff == {"job_title": ["Quality officer", "Senior quality officer"]}


def test_access_log_records_who_viewed_what(officer, director):
    entry = access_log_record(user=director, obj=officer, path="/people/1")
    assert entry.user == director
    assert entry.object_id == str(officer.pk)
    assert entry.object_repr == str(officer)


def test_access_log_rows_cannot_be_changed_or_deleted(officer, director):
    entry = access_log_record(user=director, obj=officer, path="/people/1")
    with pytest.raises((InternalError, IntegrityError, ProgrammingError)), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).update(path="/elsewhere")
    with pytest.raises((InternalError, IntegrityError, ProgrammingError)), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).delete()
    assert AccessLog.objects.get(pk=entry.pk).path == "/people/1"


def test_administrators_read_the_trail_of_a_record(client, admin, officer, director):
    access_log_record(user=director, obj=officer, path="/people/1")
    officer.job_title = "Lead officer"
    officer.save()
    client.force_login(admin)
    response = client.get(f"/audit/accounts/user/{officer.pk}")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Lead officer" in content
    assert director.full_name in content
    assert "/people/1" in content


def test_others_cannot_read_audit_trails(client, director, officer):
    client.force_login(director)
    assert client.get(f"/audit/accounts/user/{officer.pk}").status_code == 403


def test_an_unknown_record_is_not_found(client, admin):
    client.force_login(admin)
    assert client.get("/audit/accounts/user/999999").status_code == 404
    assert client.get("/audit/nope/nothing/1").status_code == 404


def test_administrators_reach_a_services_trail_from_its_page_and_see_who_changed_it(
    client, admin, officer
):
    from tests.providers.factories import ServiceFactory

    service = ServiceFactory(contract_officer=officer, registered_manager="Sam Lee")
    client.force_login(officer)
    client.post(
        f"/services/{service.pk}/edit/",
        {},
    )  # a failed edit changes nothing and records nothing
    officer_client_events = Events.objects.tracks(service).count()
    service.registered_manager = ""
    service.save()
    client.force_login(admin)
    page = client.get(f"/services/{service.pk}/").content.decode()
    assert f"/audit/providers/service/{service.pk}" in page
    trail = client.get(f"/audit/providers/service/{service.pk}").content.decode()
    assert "Sam Lee" in trail
    assert Events.objects.tracks(service).count() == officer_client_events + 1


def test_others_do_not_see_the_audit_trail_link(client, director, officer):
    from tests.providers.factories import ServiceFactory

    service = ServiceFactory(contract_officer=officer)
    client.force_login(director)
    assert "/audit/" not in client.get(f"/services/{service.pk}/").content.decode()
