"""The CQC API client against the recorded API served over HTTP: paging, retries, errors."""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from providers.cqc.client import CQCAPIError, CQCClient
from tests.cqc_import.conftest import Sleeps

OLDHAM_LOCATIONS = 451
NEVILLE_HOUSE = "1-109570155"


def test_lists_every_location_of_the_area_in_one_page(cqc_client, cqc_api, cqc_data_dir):
    ids = cqc_client.location_ids(local_authority="Oldham")
    recorded = json.loads((cqc_data_dir / "locations.json").read_text())["locations"]
    assert ids == [item["locationId"] for item in recorded]
    assert len(ids) == OLDHAM_LOCATIONS
    assert cqc_api.requests_for("/locations?") == [
        "/locations?localAuthority=Oldham&perPage=1000&page=1"
    ]


def test_follows_next_page_links_when_pages_are_small(cqc_client, cqc_api):
    ids = cqc_client.location_ids(local_authority="Oldham", per_page=100)
    assert len(ids) == OLDHAM_LOCATIONS
    assert len(set(ids)) == OLDHAM_LOCATIONS
    pages = [parse_qs(urlsplit(r).query)["page"][0] for r in cqc_api.requests_for("/locations?")]
    assert pages == ["1", "2", "3", "4", "5"]


def test_an_area_with_no_locations_gives_an_empty_list(cqc_client):
    assert cqc_client.location_ids(local_authority="Nowhere") == []


def test_sends_the_subscription_key_header(cqc_client, cqc_api):
    cqc_client.get_location(NEVILLE_HOUSE)
    assert cqc_api.headers[-1]["Ocp-Apim-Subscription-Key"] == "test-subscription-key"


def test_reads_a_location_detail(cqc_client):
    detail = cqc_client.get_location(NEVILLE_HOUSE)
    assert detail["name"] == "Neville House Residential Home"


def test_an_unknown_location_or_provider_is_none(cqc_client):
    assert cqc_client.get_location("1-000") is None
    # Only 20 provider details were recorded: the rest answer 404, as unknown IDs do.
    assert cqc_client.get_provider("1-101712519") is None
    assert cqc_client.get_provider("1-101611810")["name"] == "Guinness Northern Counties Limited"


def test_retries_after_429_and_waits_as_long_as_retry_after_says(cqc_client, cqc_api, sleeps):
    cqc_api.fail(f"/locations/{NEVILLE_HOUSE}", (429, {"Retry-After": "7"}))
    detail = cqc_client.get_location(NEVILLE_HOUSE)
    assert detail["locationId"] == NEVILLE_HOUSE
    assert cqc_client.attempts == 2
    assert len(cqc_api.requests_for(f"/locations/{NEVILLE_HOUSE}")) == 2
    assert sleeps == [7.0]


def test_retry_after_may_be_an_http_date(cqc_client, cqc_api, sleeps):
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    cqc_api.fail(f"/locations/{NEVILLE_HOUSE}", (429, {"Retry-After": when}))
    cqc_client.get_location(NEVILLE_HOUSE)
    assert len(sleeps) == 1 and 20 < sleeps[0] <= 30


def test_retries_server_errors_with_exponential_backoff(cqc_client, cqc_api, sleeps):
    cqc_api.fail(f"/locations/{NEVILLE_HOUSE}", 500, 500)
    assert cqc_client.get_location(NEVILLE_HOUSE)["locationId"] == NEVILLE_HOUSE
    assert cqc_client.attempts == 3
    assert sleeps == [1.0, 2.0]


def test_gives_up_with_a_clear_error_after_the_last_attempt(cqc_api, sleeps):
    client = CQCClient(sleep=sleeps, max_attempts=4)
    cqc_api.fail(f"/locations/{NEVILLE_HOUSE}", 503, 503, 503, 503)
    with pytest.raises(CQCAPIError, match="for /locations/1-109570155 after 4 attempts: HTTP 503"):
        client.get_location(NEVILLE_HOUSE)
    assert client.attempts == 4
    assert sleeps == [1.0, 2.0, 4.0]


def test_a_wrong_key_fails_at_once_and_names_the_setting(cqc_client, cqc_api, sleeps):
    cqc_api.required_key = "another-key"
    with pytest.raises(CQCAPIError, match="CQC_API_KEY"):
        cqc_client.get_location(NEVILLE_HOUSE)
    assert cqc_client.attempts == 1
    assert sleeps == []


def test_an_unreachable_api_is_retried_then_reported(settings):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sleeps = Sleeps()
    client = CQCClient(base_url=f"http://127.0.0.1:{port}/public/v1", sleep=sleeps)
    with pytest.raises(CQCAPIError, match="could not be reached .* 5 attempts: no connection"):
        client.location_ids(local_authority="Oldham")
    assert client.attempts == 5
    assert sleeps == [1.0, 2.0, 4.0, 8.0]


def test_changed_location_ids_sends_iso_timestamps_and_pages(cqc_client, cqc_api):
    cqc_api.changes = [f"1-{n}" for n in range(250)]
    start = datetime(2025, 3, 1, 2, 30, 15, 123456, tzinfo=UTC)
    end = datetime(2025, 3, 2, 2, 30, tzinfo=UTC)
    ids = cqc_client.changed_location_ids(start=start, end=end, per_page=100)
    assert ids == cqc_api.changes
    requests = cqc_api.requests_for("/changes/location")
    assert len(requests) == 3
    query = parse_qs(urlsplit(requests[0]).query)
    assert query["startTimestamp"] == ["2025-03-01T02:30:15Z"]
    assert query["endTimestamp"] == ["2025-03-02T02:30:00Z"]


def test_changed_location_ids_accepts_objects_as_well_as_bare_ids(cqc_client, cqc_api):
    cqc_api.changes = [{"locationId": "1-1"}, "1-2", {"locationId": "1-1"}]
    now = datetime.now(UTC)
    assert cqc_client.changed_location_ids(start=now - timedelta(days=1), end=now) == [
        "1-1",
        "1-2",
    ]


@pytest.mark.parametrize(
    "link",
    [
        "/locations?page=2",  # relative to the API root, as the live API sends it
        "/public/v1/locations?page=2",  # relative to the host
        "https://api.service.cqc.org.uk/public/v1/locations?page=2",  # absolute
    ],
)
def test_next_page_links_of_every_shape_resolve_under_the_api_root(link):
    client = CQCClient(base_url="https://api.service.cqc.org.uk/public/v1", api_key="")
    assert client._url(link) == "https://api.service.cqc.org.uk/public/v1/locations?page=2"
