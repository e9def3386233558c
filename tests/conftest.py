"""Shared fixtures: personas for every role, real-service requirements, the matrix world.

Personas (DEVELOPERS: the people the app is for):
    officer        a contract officer with a portfolio
    other_officer  a contract officer colleague without that portfolio
    nurse          a clinical quality nurse
    chair          a panel chair (chairs PEP and QPSG)
    director       a director of adult social care
    partner        a partner member (e.g. an ICB safeguarding lead)
    admin          a system administrator
    anonymous      someone who has not signed in
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import Client

from accounts.roles import Role
from config.celery import app as celery_app
from tests.accounts.factories import UserFactory

REQUIRE_SERVICES = os.environ.get("OVERSIGHT_REQUIRE_SERVICES") == "1"

PERSONA_ROLES = {
    "officer": Role.CONTRACT_OFFICER,
    "other_officer": Role.CONTRACT_OFFICER,
    "nurse": Role.CLINICAL_NURSE,
    "chair": Role.PANEL_CHAIR,
    "director": Role.DIRECTOR,
    "partner": Role.PARTNER,
    "admin": Role.ADMINISTRATOR,
}
PERSONAS = ["anonymous", *PERSONA_ROLES]


def require_service(available: bool, reason: str) -> None:
    """Skip a test whose real service is missing, or fail when CI demands every service."""
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"OVERSIGHT_REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


REDIS_DATABASES = 16  # Redis's default number of numbered databases


def redis_url_for_worker(url: str, worker: str, worker_count: int) -> str:
    """The Redis URL one pytest-xdist process uses: its own numbered database, spread over the
    16 so that another checkout's run on the next number does not meet it (``/4`` with two
    processes: 4 and 12). Without xdist (no worker id) the URL is unchanged."""
    if not url or not worker.startswith("gw"):
        return url
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    stride = max(1, REDIS_DATABASES // max(1, worker_count))
    database = (base + int(worker.removeprefix("gw")) * stride) % REDIS_DATABASES
    return urlunsplit(parts._replace(path=f"/{database}"))


def pytest_configure(config):
    """Under pytest-xdist, point this process's cache, Celery and ``REDIS_URL`` (read by the
    ``redis_url`` fixture and passed to the subprocesses of the production-process tests) at
    its own Redis database, so that one process's real worker never takes another's tasks, a
    purge never empties another's queue, and cache keys (the recalculation locks) never clash.
    Settings are already loaded by now, so they are changed in place."""
    url = os.environ.get("REDIS_URL", "")
    own = redis_url_for_worker(
        url,
        os.environ.get("PYTEST_XDIST_WORKER", ""),
        int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")),
    )
    if own == url:
        return
    os.environ["REDIS_URL"] = own
    django_settings.REDIS_URL = own
    django_settings.CACHES = {
        **django_settings.CACHES,
        "default": {**django_settings.CACHES["default"], "LOCATION": own},
    }
    caches.__dict__.pop("settings", None)  # the cache handler reads CACHES again on first use
    django_settings.CELERY_BROKER_URL = django_settings.CELERY_RESULT_BACKEND = own
    celery_app.conf.update(broker_url=own, result_backend=own)


@pytest.fixture
def redis_url() -> str:
    """The real Redis URL; skipped without one (a failure when services are required)."""
    url = os.environ.get("REDIS_URL", "")
    require_service(bool(url), "REDIS_URL is not set: this test needs a real Redis")
    return url


def _persona(role: Role, **extra):
    return UserFactory(role=role, **extra)


@pytest.fixture
def officer(db):
    return _persona(
        Role.CONTRACT_OFFICER, full_name="Olu Officer", email="olu.officer@council.test"
    )


@pytest.fixture
def other_officer(db):
    return _persona(
        Role.CONTRACT_OFFICER, full_name="Cara Colleague", email="cara.colleague@council.test"
    )


@pytest.fixture
def nurse(db):
    return _persona(
        Role.CLINICAL_NURSE,
        full_name="Nia Nurse",
        email="nia.nurse@icb.test",
        organisation="Northmoor ICB",
    )


@pytest.fixture
def chair(db):
    return _persona(Role.PANEL_CHAIR, full_name="Chris Chair", email="chris.chair@council.test")


@pytest.fixture
def director(db):
    return _persona(Role.DIRECTOR, full_name="Dee Director", email="dee.director@council.test")


@pytest.fixture
def partner(db):
    return _persona(
        Role.PARTNER,
        full_name="Pat Partner",
        email="pat.partner@icb.test",
        organisation="Northmoor ICB",
    )


@pytest.fixture
def admin(db):
    return _persona(Role.ADMINISTRATOR, full_name="Ada Admin", email="ada.admin@council.test")


@pytest.fixture
def anonymous():
    return None


@pytest.fixture
def persona_clients(request, db) -> dict[str, Client]:
    """A signed-in test client per persona (anonymous: not signed in)."""
    clients = {}
    for name in PERSONAS:
        client = Client()
        user = request.getfixturevalue(name)
        if user is not None:
            client.force_login(user)
        clients[name] = client
    return clients


@pytest.fixture
def signed_in(client):
    """Sign the test client in as a given user: ``signed_in(officer)``."""

    def _sign_in(user):
        client.force_login(user)
        return client

    return _sign_in


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """A database kept with --reuse-db may have been flushed by the last run's final
    transactional test: restore the reference data once, before any module-scoped fixture
    (the seed_demo tests) needs the role groups."""
    from tests.reference_data import reference_data_missing, restore_reference_data

    with django_db_blocker.unblock():
        if reference_data_missing():
            restore_reference_data()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Before each database test, put back seeded reference data a transactional test flushed."""
    if not any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    ) and not (request.node.get_closest_marker("django_db")):
        return
    request.getfixturevalue(
        "transactional_db" if "transactional_db" in request.fixturenames else "db"
    )
    from tests.reference_data import reference_data_missing, restore_reference_data

    if reference_data_missing():
        restore_reference_data()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded and generated files go to a temporary folder, never the developer's .data/."""
    settings.MEDIA_ROOT = tmp_path / "media"
