"""The CQC sync against the real recorded Oldham responses, served over HTTP."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, timedelta

import pytest
from django.apps import apps
from django.db import connections
from django.utils import timezone

from providers.cqc.runs import (
    CQCSyncAlreadyRunning,
    CQCSyncError,
    area_lock_key,
    cqc_sync_summary,
)
from providers.cqc.sync import cqc_sync_run
from providers.models import (
    ClientGroup,
    CQCRating,
    CQCSyncRun,
    Provider,
    Rating,
    Service,
    ServiceType,
)
from tests.cqc_import.conftest import recorded_details

pytestmark = pytest.mark.django_db

NEVILLE_HOUSE = "1-109570155"  # registered residential home, rated Good (2018-10-10)
EBENEZER = "1-10024040008"  # registered home care agency, not yet rated
FILBERT_STREET = "1-10415126755"  # deregistered social care location (2024-07-17)
DENTIST = "1-1015412687"


def _independent_counts() -> tuple[int, Counter, int]:
    """Count straight from the files, not with the app's mapping: registered adult social
    care locations, their overall ratings (case-folded words) and the number with none."""
    registered = [
        d
        for d in recorded_details()
        if d["type"] == "Social Care Org" and d["registrationStatus"] == "Registered"
    ]
    words = Counter(
        d["currentRatings"]["overall"]["rating"].casefold()
        for d in registered
        if "currentRatings" in d
    )
    unrated = sum(1 for d in registered if "currentRatings" not in d)
    return len(registered), words, unrated


def _snapshot() -> dict:
    """Everything the second run must leave alone: rows, timestamps, history events."""
    return {
        "services": dict(Service.objects.values_list("pk", "updated_at")),
        "providers": dict(Provider.objects.values_list("pk", "updated_at")),
        "ratings": dict(CQCRating.objects.values_list("pk", "updated_at")),
        "current": set(CQCRating.objects.filter(is_current=True).values_list("pk", flat=True)),
        "events": {
            name: apps.get_model("providers", name).objects.count()
            for name in ("ServiceEvent", "ProviderEvent", "CQCRatingEvent")
        },
    }


@pytest.fixture
def full_run(cqc_client, admin):
    return cqc_sync_run(acting_user=admin, local_authority="Oldham", client=cqc_client)


def test_full_import_loads_exactly_the_registered_adult_social_care_locations(full_run, cqc_api):
    registered, _words, _unrated = _independent_counts()
    assert registered == 106
    assert Service.objects.count() == 106
    assert full_run.status == CQCSyncRun.Status.SUCCEEDED
    assert full_run.services_created == 106
    assert full_run.locations_seen == 451
    assert full_run.skipped_not_social_care == 451 - 224
    assert not Service.objects.filter(cqc_location_id__in=[FILBERT_STREET, DENTIST]).exists()
    assert not Service.objects.filter(closed_on__isnull=False).exists()
    assert set(Service.objects.values_list("local_authority_name", flat=True)) == {"Oldham"}
    # Only the 20 recorded provider details exist; the client copes with the 404s.
    assert Provider.objects.count() == full_run.providers_created == 95


def test_full_import_rating_distribution_matches_the_files(full_run):
    _registered, words, unrated = _independent_counts()
    expected = {
        {"good": "good", "requires improvement": "requires_improvement"}.get(word, word): n
        for word, n in words.items()
    }
    current = CQCRating.objects.filter(is_current=True)
    assert dict(Counter(current.values_list("overall", flat=True))) == expected
    assert Service.objects.filter(ratings__isnull=True).count() == unrated
    assert full_run.ratings_written == sum(words.values())
    assert set(current.values_list("source", flat=True)) == {CQCRating.Source.CQC_API}
    # The figures as measured in March 2025, so a changed recording is noticed.
    assert expected == {"good": 57, "requires_improvement": 11, "outstanding": 4}
    assert unrated == 34


def test_full_import_maps_a_care_home(full_run):
    home = Service.objects.select_related("provider").get(cqc_location_id=NEVILLE_HOUSE)
    assert home.name == "Neville House Residential Home"
    assert home.service_type == ServiceType.RESIDENTIAL
    assert home.client_group == ClientGroup.OLDER_PEOPLE
    assert (home.capacity, home.capacity_unit) == (22, "beds")
    assert home.registered_manager == "Rachael Maponga Mulvey"
    assert (home.address_line_1, home.address_line_2, home.town, home.postcode) == (
        "Neville Street",
        "Chadderton",
        "Oldham",
        "OL9 6LD",
    )
    assert home.registered_on == date(2010, 12, 7)
    assert home.provider.cqc_provider_id == "1-101712519"
    rating = home.ratings.get()
    assert (rating.overall, rating.safe, rating.well_led) == ("good", "good", "good")
    assert rating.published_on == date(2018, 10, 10)


def test_full_import_maps_home_support_without_beds(full_run):
    agency = Service.objects.get(cqc_location_id=EBENEZER)
    assert agency.service_type == ServiceType.HOME_SUPPORT
    assert agency.client_group == ClientGroup.LEARNING_DISABILITY_AUTISM
    assert agency.capacity is None
    assert not agency.ratings.exists()  # not yet rated


def test_a_second_run_changes_nothing(full_run, cqc_client, admin):
    before = _snapshot()
    again = cqc_sync_run(acting_user=admin, local_authority="Oldham", client=cqc_client)
    assert again.status == CQCSyncRun.Status.SUCCEEDED
    assert (again.services_created, again.services_updated, again.services_closed) == (0, 0, 0)
    assert (again.ratings_written, again.providers_created) == (0, 0)
    assert not again.changed_anything
    assert _snapshot() == before
    assert cqc_sync_summary(again).startswith("0 services created, 0 updated, 0 closed")


def test_a_deregistered_location_closes_its_service_and_never_deletes_it(
    cqc_client, cqc_api, admin
):
    provider = Provider.objects.create(name="Filbert Care", cqc_provider_id="1-9392802916")
    service = Service.objects.create(
        provider=provider,
        name="26 Filbert Street",
        service_type=ServiceType.SUPPORTED_LIVING,
        client_group=ClientGroup.LEARNING_DISABILITY_AUTISM,
        cqc_location_id=FILBERT_STREET,
        registered_on=date(2021, 3, 3),
    )
    run = cqc_sync_run(acting_user=admin, local_authority="Oldham", client=cqc_client)
    service.refresh_from_db()
    assert service.closed_on == date(2024, 7, 17)
    assert run.services_closed == 1
    assert run.services_created == 106  # the other 117 deregistered locations are not created
    assert Service.objects.count() == 107

    # A service the first run created that CQC then deregisters: closed, ratings kept.
    cqc_api.replace_detail(
        NEVILLE_HOUSE, registrationStatus="Deregistered", deregistrationDate="2025-03-20"
    )
    run = cqc_sync_run(acting_user=admin, local_authority="Oldham", client=cqc_client)
    home = Service.objects.get(cqc_location_id=NEVILLE_HOUSE)
    assert home.closed_on == date(2025, 3, 20)
    assert home.ratings.filter(is_current=True).exists()
    assert (run.services_closed, run.services_updated, run.ratings_written) == (1, 0, 0)
    assert Service.objects.count() == 107


def test_a_changed_rating_writes_one_new_row_and_retires_the_old_one(full_run, cqc_api, admin):
    detail = cqc_api.recorded_detail(NEVILLE_HOUSE)
    overall = detail["currentRatings"]["overall"]
    overall["rating"] = "Requires Improvement"  # CQC's words come in either case
    overall["reportDate"] = "2025-03-01"
    for question in overall["keyQuestionRatings"]:
        if question["name"] == "Safe":
            question["rating"] = "Requires improvement"
    cqc_api.replace_detail(NEVILLE_HOUSE, currentRatings=detail["currentRatings"])
    ratings_before = CQCRating.objects.count()

    run = cqc_sync_run(acting_user=admin, local_authority="Oldham")
    assert (run.ratings_written, run.services_updated) == (1, 0)
    assert CQCRating.objects.count() == ratings_before + 1
    home = Service.objects.get(cqc_location_id=NEVILLE_HOUSE)
    old, new = home.ratings.order_by("published_on")
    assert (old.overall, old.is_current) == (Rating.GOOD, False)
    assert new.is_current
    assert (new.overall, new.safe, new.effective) == (
        Rating.REQUIRES_IMPROVEMENT,
        Rating.REQUIRES_IMPROVEMENT,
        Rating.GOOD,
    )
    assert new.published_on == date(2025, 3, 1)
    assert new.source == CQCRating.Source.CQC_API


def test_a_newer_rating_entered_by_hand_is_not_replaced_by_an_older_cqc_one(
    full_run, cqc_client, admin
):
    home = Service.objects.get(cqc_location_id=NEVILLE_HOUSE)
    home.ratings.update(is_current=False)
    CQCRating.objects.create(
        service=home,
        overall=Rating.OUTSTANDING,
        published_on=timezone.localdate(),
        source=CQCRating.Source.MANUAL,
    )
    run = cqc_sync_run(acting_user=admin, local_authority="Oldham", client=cqc_client)
    assert run.ratings_written == 0
    assert home.ratings.get(is_current=True).overall == Rating.OUTSTANDING


def test_an_existing_service_is_matched_and_the_councils_own_fields_are_kept(cqc_client, admin):
    provider = Provider.objects.create(name="Neville House (typed in)")
    service = Service.objects.create(
        provider=provider,
        name="Neville House",
        service_type=ServiceType.RESIDENTIAL,
        client_group=ClientGroup.MENTAL_HEALTH,  # the council's own judgement
        cqc_location_id=NEVILLE_HOUSE,
        capacity=20,
    )
    run = cqc_sync_run(acting_user=admin, local_authority="Oldham", client=cqc_client)
    service.refresh_from_db()
    provider.refresh_from_db()
    assert (run.services_created, run.services_updated) == (105, 1)
    assert service.name == "Neville House Residential Home"
    assert service.capacity == 22
    assert service.client_group == ClientGroup.MENTAL_HEALTH
    assert service.provider_id == provider.pk
    assert provider.cqc_provider_id == "1-101712519"  # the hand-entered provider is linked


def test_an_incremental_run_touches_only_the_changed_locations(full_run, cqc_api, admin):
    untouched = dict(Service.objects.values_list("cqc_location_id", "updated_at"))
    cqc_api.replace_detail(NEVILLE_HOUSE, name="Neville House")
    cqc_api.changes = [NEVILLE_HOUSE, EBENEZER]
    cqc_api.requests.clear()

    run = cqc_sync_run(acting_user=admin, local_authority="Oldham", mode="incremental")
    assert run.mode == CQCSyncRun.Mode.INCREMENTAL
    assert run.changes_since == full_run.started_at
    assert run.locations_seen == 2
    assert (run.services_updated, run.services_created, run.ratings_written) == (1, 0, 0)
    details = [r for r in cqc_api.requests if r.startswith("/locations/")]
    assert sorted(details) == sorted([f"/locations/{NEVILLE_HOUSE}", f"/locations/{EBENEZER}"])
    changes = cqc_api.requests_for("/changes/location")
    expected_start = full_run.started_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert f"startTimestamp={expected_start.replace(':', '%3A')}" in changes[0]
    after = dict(Service.objects.values_list("cqc_location_id", "updated_at"))
    changed = {key for key in after if after[key] != untouched[key]}
    assert changed == {NEVILLE_HOUSE}
    assert Service.objects.get(cqc_location_id=NEVILLE_HOUSE).name == "Neville House"


def test_an_incremental_run_ignores_changes_elsewhere_in_england(full_run, cqc_api, admin):
    cqc_api.changes = ["1-999999999", EBENEZER]  # the first is not an Oldham location
    cqc_api.requests.clear()
    run = cqc_sync_run(acting_user=admin, local_authority="Oldham", mode="incremental")
    assert run.locations_seen == 1
    assert [r for r in cqc_api.requests if r.startswith("/locations/")] == [
        f"/locations/{EBENEZER}"
    ]


def test_an_incremental_run_with_no_earlier_run_imports_everything(cqc_client, admin):
    run = cqc_sync_run(
        acting_user=admin, local_authority="Oldham", mode="incremental", client=cqc_client
    )
    assert run.mode == CQCSyncRun.Mode.FULL
    assert run.services_created == 106


def test_rate_limits_and_server_errors_during_a_run_are_retried(cqc_client, cqc_api, sleeps):
    cqc_api.fail(f"/locations/{NEVILLE_HOUSE}", (429, {"Retry-After": "2"}))
    cqc_api.fail(f"/locations/{EBENEZER}", 500, 500)
    run = cqc_sync_run(acting_user=None, local_authority="Oldham", client=cqc_client)
    assert run.status == CQCSyncRun.Status.SUCCEEDED
    assert run.services_created == 106
    assert len(cqc_api.requests_for(f"/locations/{NEVILLE_HOUSE}")) == 2
    assert len(cqc_api.requests_for(f"/locations/{EBENEZER}")) == 3
    assert sorted(sleeps) == [1.0, 2.0, 2.0]


def test_an_api_failure_stops_the_run_records_it_and_leaves_no_half_written_service(
    cqc_client, cqc_api, admin
):
    cqc_api.fail(f"/locations/{EBENEZER}", *[503] * cqc_client.max_attempts)
    with pytest.raises(CQCSyncError, match="could not be reached") as failure:
        cqc_sync_run(acting_user=admin, local_authority="Oldham", client=cqc_client)
    run = failure.value.run
    run.refresh_from_db()
    assert run.status == CQCSyncRun.Status.FAILED
    assert "could not be reached" in run.error
    assert run.finished_at is not None
    # Ebenezer is the first location listed, so nothing was written before the failure.
    assert Service.objects.count() == run.services_created == 0


def test_a_location_that_cannot_be_stored_is_rolled_back_and_the_run_marked_failed(
    cqc_client, cqc_api, admin
):
    detail = cqc_api.recorded_detail(NEVILLE_HOUSE)
    # A publication date in the future breaks a database constraint on the rating row,
    # after the service row was written in the same transaction.
    detail["currentRatings"]["overall"]["reportDate"] = str(date.today() + timedelta(days=30))
    cqc_api.replace_detail(NEVILLE_HOUSE, currentRatings=detail["currentRatings"])
    with pytest.raises(CQCSyncError) as failure:
        cqc_sync_run(acting_user=admin, local_authority="Oldham", client=cqc_client)
    run = failure.value.run
    assert run.status == CQCSyncRun.Status.FAILED
    assert NEVILLE_HOUSE in run.error
    assert not Service.objects.filter(cqc_location_id=NEVILLE_HOUSE).exists()
    assert Service.objects.count() == run.services_created == 105
    # The next incremental run starts from the last successful one, so it retries it.
    assert not CQCSyncRun.objects.filter(status=CQCSyncRun.Status.SUCCEEDED).exists()


def test_progress_is_reported_per_location(cqc_client):
    calls = []
    cqc_sync_run(
        acting_user=None,
        local_authority="Oldham",
        client=cqc_client,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[0] == (0, 451)
    assert calls[-1] == (451, 451)
    assert len(calls) == 452


def test_only_one_run_per_area_at_a_time(cqc_client):
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", list(area_lock_key("oldham")))
        with pytest.raises(CQCSyncAlreadyRunning, match="already running"):
            cqc_sync_run(acting_user=None, local_authority="Oldham", client=cqc_client)
        assert not CQCSyncRun.objects.exists()
    finally:
        other.close()


def test_a_run_left_running_by_a_dead_worker_is_marked_failed(cqc_client):
    stale = CQCSyncRun.objects.create(local_authority="Oldham", mode="full")
    cqc_sync_run(acting_user=None, local_authority="Oldham", client=cqc_client)
    stale.refresh_from_db()
    assert stale.status == CQCSyncRun.Status.FAILED
    assert "interrupted" in stale.error


def test_an_area_must_be_named():
    with pytest.raises(ValueError, match="local authority"):
        cqc_sync_run(acting_user=None, local_authority="  ")
