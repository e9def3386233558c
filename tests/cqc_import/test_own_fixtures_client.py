"""The CQC API client against the project's own fixtures (tests/cqc_import/fixtures/), served
over HTTP: these run on a fresh clone, without the shared real data."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from providers.cqc.client import CQCAPIError, CQCClient
from tests.cqc_import.server import FIXTURES_DIR

HEATHERFIELD = "1-900000101"  # residential home, Good
BROOKVALE = "1-900000103"  # home care agency, first in the list, not yet rated


def _fixture(name: str) -> dict:
    return json.loads((FIXTURES_DIR / name).read_text())


def _values(node):
    """Every value in a JSON document, however deep."""
    if isinstance(node, dict):
        for value in node.values():
            yield value
            yield from _values(value)
    elif isinstance(node, list):
        for value in node:
            yield value
            yield from _values(value)


def test_the_fixtures_leave_fields_out_rather_than_sending_null_as_cqc_does():
    details = [
        *sorted((FIXTURES_DIR / "location_details").glob("*.json")),
        *sorted((FIXTURES_DIR / "provider_details").glob("*.json")),
    ]
    assert len(details) == 9
    for path in details:
        assert None not in list(_values(json.loads(path.read_text()))), path.name
    # Paging fields are where CQC does send null: no previous or next page.
    listing = _fixture("locations.json")
    assert listing["previousPageUri"] is None and listing["nextPageUri"] is None
    assert {"total", "page", "perPage", "totalPages", "firstPageUri", "lastPageUri"} <= set(listing)


def test_lists_every_location_of_the_area_in_one_page(own_cqc_client, own_cqc_api):
    ids = own_cqc_client.location_ids(local_authority="Northmoor")
    assert ids == [item["locationId"] for item in _fixture("locations.json")["locations"]]
    assert len(ids) == 7
    assert own_cqc_api.requests_for("/locations?") == [
        "/locations?localAuthority=Northmoor&perPage=1000&page=1"
    ]


def test_follows_next_page_links_when_pages_are_small(own_cqc_client, own_cqc_api):
    ids = own_cqc_client.location_ids(local_authority="Northmoor", per_page=3)
    assert ids == [item["locationId"] for item in _fixture("locations.json")["locations"]]
    requests = own_cqc_api.requests_for("/locations?")
    assert [parse_qs(urlsplit(r).query)["page"][0] for r in requests] == ["1", "2", "3"]


def test_another_area_has_no_locations(own_cqc_client):
    assert own_cqc_client.location_ids(local_authority="Oldham") == []


def test_reads_details_and_sends_the_subscription_key(own_cqc_client, own_cqc_api):
    assert own_cqc_client.get_location(HEATHERFIELD)["name"] == "Heatherfield House"
    assert own_cqc_api.headers[-1]["Ocp-Apim-Subscription-Key"] == "test-subscription-key"
    assert own_cqc_client.get_provider("1-900000001")["name"] == "Heather Care Group Ltd"


def test_unknown_locations_and_unpublished_providers_are_none(own_cqc_client):
    assert own_cqc_client.get_location("1-900009999") is None
    assert own_cqc_client.get_provider("1-900000003") is None  # Larch Court's provider


def test_retries_after_429_and_then_server_errors(own_cqc_client, own_cqc_api, sleeps):
    own_cqc_api.fail(f"/locations/{HEATHERFIELD}", (429, {"Retry-After": "5"}), 502)
    assert own_cqc_client.get_location(HEATHERFIELD)["locationId"] == HEATHERFIELD
    assert own_cqc_client.attempts == 3
    assert sleeps == [5.0, 2.0]


def test_gives_up_after_the_last_attempt(own_cqc_api, sleeps):
    client = CQCClient(sleep=sleeps, max_attempts=3)
    own_cqc_api.fail(f"/locations/{BROOKVALE}", 500, 500, 500)
    with pytest.raises(CQCAPIError, match=f"/locations/{BROOKVALE} after 3 attempts: HTTP 500"):
        client.get_location(BROOKVALE)


def test_reads_the_recorded_changes_response_page_by_page(own_cqc_client, own_cqc_api):
    recorded = _fixture("changes_location.json")
    start = datetime(2025, 3, 1, 2, 30, tzinfo=UTC)
    end = datetime(2025, 3, 2, 2, 30, tzinfo=UTC)
    ids = own_cqc_client.changed_location_ids(start=start, end=end, per_page=2)
    assert ids == recorded["changes"] == ["1-900000102", "1-555000999", "1-900000103"]
    requests = own_cqc_api.requests_for("/changes/location")
    assert len(requests) == 2
    query = parse_qs(urlsplit(requests[0]).query)
    assert (query["startTimestamp"], query["endTimestamp"]) == (
        ["2025-03-01T02:30:00Z"],
        ["2025-03-02T02:30:00Z"],
    )
