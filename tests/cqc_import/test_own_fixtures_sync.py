"""The CQC import (sync, command, task) on the project's own fixtures, served over HTTP: the
whole import is tested on a fresh clone, without the shared real data.

The fixtures' area, "Northmoor", lists 7 locations: 5 registered adult social care services
(3 of them rated), 1 deregistered service and 1 dentist. Their providers: Heather Care Group
(2 services), Brookvale Community Care (3 locations), and Larch Court's provider, whose detail
CQC does not publish.
"""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from providers.cqc.runs import CQCSyncError, cqc_sync_summary
from providers.cqc.sync import cqc_sync_run
from providers.models import ClientGroup, CQCRating, CQCSyncRun, Provider, Rating, Service
from providers.tasks import cqc_sync_task

pytestmark = pytest.mark.django_db

AREA = "Northmoor"
HEATHERFIELD = "1-900000101"
MOORSIDE = "1-900000102"
BROOKVALE = "1-900000103"
LARCH_COURT = "1-900000104"
OLD_MILL = "1-900000105"  # deregistered
DENTIST = "1-900000106"


@pytest.fixture
def full_run(own_cqc_client, admin):
    return cqc_sync_run(acting_user=admin, local_authority=AREA, client=own_cqc_client)


def test_a_full_import_loads_the_registered_adult_social_care_services(full_run):
    assert full_run.status == CQCSyncRun.Status.SUCCEEDED
    assert full_run.locations_seen == 7
    assert full_run.skipped_not_social_care == 1
    assert (full_run.services_created, full_run.ratings_written) == (5, 3)
    assert full_run.providers_created == Provider.objects.count() == 3
    assert not Service.objects.filter(cqc_location_id__in=[OLD_MILL, DENTIST]).exists()
    assert set(Service.objects.values_list("local_authority_name", flat=True)) == {AREA}
    assert cqc_sync_summary(full_run) == (
        "5 services created, 0 updated, 0 closed, 3 new ratings and 3 providers added."
        " 7 CQC locations checked, 1 not adult social care."
    )


def test_services_providers_and_ratings_are_mapped(full_run):
    home = Service.objects.select_related("provider").get(cqc_location_id=HEATHERFIELD)
    assert (home.name, home.capacity, home.capacity_unit) == ("Heatherfield House", 30, "beds")
    assert (home.address_line_1, home.address_line_2, home.town, home.postcode) == (
        "12 Heather Lane",
        "Upper Moor",
        "Northmoor",
        "NM1 4HH",
    )
    assert home.registered_manager == "Imogen Tarrant"
    assert home.registered_on == date(2011, 2, 14)
    assert home.provider.name == "Heather Care Group Ltd"
    assert home.provider.services.count() == 2
    rating = home.ratings.get()
    assert (rating.overall, rating.caring, rating.published_on) == (
        Rating.GOOD,
        Rating.OUTSTANDING,
        date(2024, 6, 12),
    )
    assert rating.source == CQCRating.Source.CQC_API

    agency = Service.objects.get(cqc_location_id=BROOKVALE)
    assert (agency.capacity, agency.registered_manager) == (None, "")
    assert not agency.ratings.exists()

    # CQC does not publish Larch Court's provider: the provider is named after the service.
    larch = Service.objects.select_related("provider").get(cqc_location_id=LARCH_COURT)
    assert larch.client_group == ClientGroup.LEARNING_DISABILITY_AUTISM
    assert larch.provider.name == "Larch Court Supported Living"
    assert larch.provider.cqc_provider_id == "1-900000003"


def test_a_second_run_changes_nothing(full_run, own_cqc_client, admin):
    again = cqc_sync_run(acting_user=admin, local_authority=AREA, client=own_cqc_client)
    assert (again.services_created, again.services_updated, again.services_closed) == (0, 0, 0)
    assert (again.ratings_written, again.providers_created) == (0, 0)
    assert Service.objects.count() == 5


def test_a_deregistered_location_closes_the_service_the_council_holds(
    own_cqc_client, own_cqc_api, admin
):
    provider = Provider.objects.create(name="Brookvale (typed in)")
    old_mill = Service.objects.create(
        provider=provider,
        name="Old Mill House",
        service_type="supported_living",
        client_group=ClientGroup.MENTAL_HEALTH,
        cqc_location_id=OLD_MILL,
        registered_on=date(2018, 5, 21),
    )
    run = cqc_sync_run(acting_user=admin, local_authority=AREA, client=own_cqc_client)
    old_mill.refresh_from_db()
    assert old_mill.closed_on == date(2024, 2, 29)
    assert (run.services_closed, run.services_created) == (1, 5)

    own_cqc_api.replace_detail(
        HEATHERFIELD, registrationStatus="Deregistered", deregistrationDate="2025-03-20"
    )
    run = cqc_sync_run(acting_user=admin, local_authority=AREA, client=own_cqc_client)
    home = Service.objects.get(cqc_location_id=HEATHERFIELD)
    assert home.closed_on == date(2025, 3, 20)
    assert home.ratings.filter(is_current=True).exists()  # closed, never deleted
    assert run.services_closed == 1


def test_a_new_rating_in_other_words_and_case_retires_the_old_one(full_run, own_cqc_api, admin):
    detail = own_cqc_api.recorded_detail(HEATHERFIELD)
    overall = detail["currentRatings"]["overall"]
    overall["rating"] = "REQUIRES IMPROVEMENT"
    overall["reportDate"] = "2025-02-03"
    for question in overall["keyQuestionRatings"]:
        if question["name"] == "Well-led":
            question["rating"] = "inadequate"
    own_cqc_api.replace_detail(HEATHERFIELD, currentRatings=detail["currentRatings"])

    run = cqc_sync_run(acting_user=admin, local_authority=AREA)
    assert (run.ratings_written, run.services_updated) == (1, 0)
    old, new = Service.objects.get(cqc_location_id=HEATHERFIELD).ratings.order_by("published_on")
    assert (old.overall, old.is_current) == (Rating.GOOD, False)
    assert (new.overall, new.well_led, new.is_current) == (
        Rating.REQUIRES_IMPROVEMENT,
        Rating.INADEQUATE,
        True,
    )


def test_an_incremental_run_reads_the_changes_and_keeps_to_the_area(full_run, own_cqc_api, admin):
    own_cqc_api.replace_detail(MOORSIDE, name="Moorside Nursing and Care Home")
    own_cqc_api.requests.clear()
    # The recorded /changes/location response: Moorside, a location elsewhere, Brookvale.
    run = cqc_sync_run(acting_user=admin, local_authority=AREA, mode="incremental")
    assert run.mode == CQCSyncRun.Mode.INCREMENTAL
    assert run.changes_since == full_run.started_at
    assert run.locations_seen == 2
    assert (run.services_updated, run.services_created) == (1, 0)
    assert sorted(r for r in own_cqc_api.requests if r.startswith("/locations/")) == [
        f"/locations/{MOORSIDE}",
        f"/locations/{BROOKVALE}",
    ]
    assert Service.objects.get(cqc_location_id=MOORSIDE).name == "Moorside Nursing and Care Home"


def test_an_api_failure_stops_the_run_and_records_it(own_cqc_client, own_cqc_api, admin):
    own_cqc_api.fail(f"/locations/{BROOKVALE}", *[503] * own_cqc_client.max_attempts)
    with pytest.raises(CQCSyncError, match="could not be reached") as failure:
        cqc_sync_run(acting_user=admin, local_authority=AREA, client=own_cqc_client)
    run = failure.value.run
    run.refresh_from_db()
    assert run.status == CQCSyncRun.Status.FAILED
    # Brookvale is the first location listed, so nothing was written.
    assert Service.objects.count() == run.services_created == 0


def test_the_command_imports_the_area_and_prints_a_summary(own_cqc_api):
    out, err = StringIO(), StringIO()
    call_command("cqc_sync", "--local-authority", AREA, stdout=out, stderr=err)
    assert "5 services created, 0 updated, 0 closed, 3 new ratings" in out.getvalue()
    assert "7 CQC locations checked, 1 not adult social care" in out.getvalue()
    assert err.getvalue() == ""


def test_the_scheduled_task_imports_the_councils_own_area(settings, own_cqc_api):
    settings.OVERSIGHT_CQC_LOCAL_AUTHORITY = AREA
    result = cqc_sync_task.delay(mode="incremental").get()
    run = CQCSyncRun.objects.get()
    assert result == {"status": "succeeded", "run": run.pk}
    assert (run.mode, run.services_created, run.started_by) == ("full", 5, None)
