"""Fixtures of the CQC import tests: recorded CQC API responses served over real HTTP.

Two sets of responses, in the same shapes:

- ``own_cqc_api``: the project's own small fixtures in ``tests/cqc_import/fixtures/``, written by
  hand for the fictional area "Northmoor". Always there, so the client, the mapping and the sync
  are tested on a fresh clone.
- ``cqc_api``: the real Oldham responses in the shared data (``$OVERSIGHT_SHARED_DATA``, by
  default ``../shared/data`` beside the project), for fidelity on top. Tests that use them are
  skipped, saying why, where the data is absent; CI has it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from providers.cqc.client import CQCClient
from tests.cqc_import.server import (
    DEFAULT_DATA_DIR,
    FIXTURES_AREA,
    FIXTURES_DIR,
    RecordedCQC,
    RecordedCQCServer,
)

DATA_DIR: Path = DEFAULT_DATA_DIR


def recorded_details(data_dir: Path = DATA_DIR) -> list[dict]:
    """Every recorded location detail, read straight from the files."""
    return [
        json.loads(path.read_text())
        for path in sorted((data_dir / "location_details").glob("location_*.json"))
    ]


@pytest.fixture
def cqc_data_dir() -> Path:
    if not (DATA_DIR / "locations.json").is_file():
        pytest.skip(
            f"the real CQC API responses are not at {DATA_DIR} (set OVERSIGHT_SHARED_DATA to "
            "the shared data folder); tests on the project's own fixtures still run"
        )
    return DATA_DIR


def _serve(data_dir: Path, settings, **kwargs):
    server = RecordedCQCServer(data_dir, **kwargs)
    settings.CQC_API_BASE_URL = server.base_url
    settings.CQC_API_KEY = "test-subscription-key"
    return server


@pytest.fixture
def cqc_api(cqc_data_dir, settings):
    """The recorded Oldham API on a local port, with settings.CQC_API_BASE_URL pointing at it.

    Yields the server's state: script failures, replace details, set the changes list, and
    read back the requests it received.
    """
    with _serve(cqc_data_dir, settings) as server:
        yield server.state


@pytest.fixture
def own_cqc_api(settings) -> Iterator[RecordedCQC]:
    """The project's own fixtures (area "Northmoor") served the same way as ``cqc_api``."""
    with _serve(FIXTURES_DIR, settings, local_authority=FIXTURES_AREA) as server:
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


@pytest.fixture
def own_cqc_client(own_cqc_api, sleeps) -> CQCClient:
    """The real client against the project's own fixtures, never really sleeping."""
    return CQCClient(sleep=sleeps)
