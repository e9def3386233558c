"""Fixtures of the CQC import tests: the recorded CQC API served over real HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from providers.cqc.client import CQCClient
from tests.conftest import require_service
from tests.cqc_import.server import RecordedCQCServer

DATA_DIR: Path = django_settings.BASE_DIR.parent / "shared" / "data" / "cqc-api-oldham"


def recorded_details() -> list[dict]:
    """Every recorded location detail, read straight from the files."""
    return [
        json.loads(path.read_text())
        for path in sorted((DATA_DIR / "location_details").glob("location_*.json"))
    ]


@pytest.fixture
def cqc_data_dir() -> Path:
    # The acceptance test of the import: with OVERSIGHT_REQUIRE_SERVICES=1 (CI) missing data fails.
    require_service(
        (DATA_DIR / "locations.json").is_file(),
        f"The recorded CQC API responses are not at {DATA_DIR} (shared/data)",
    )
    return DATA_DIR


@pytest.fixture
def cqc_api(cqc_data_dir, settings):
    """The recorded CQC API on a local port, with settings.CQC_API_BASE_URL pointing at it.

    Yields the server's state: script failures, replace details, set the changes list, and
    read back the requests it received.
    """
    with RecordedCQCServer(cqc_data_dir) as server:
        settings.CQC_API_BASE_URL = server.base_url
        settings.CQC_API_KEY = "test-subscription-key"
        yield server.state


class Sleeps(list):
    """An injectable sleep that records how long it was asked to wait, without waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def cqc_client(cqc_api, sleeps) -> CQCClient:
    """The real client, configured from settings (the local server), never really sleeping."""
    return CQCClient(sleep=sleeps)
