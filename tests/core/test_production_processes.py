"""The Makefile's production targets, run for real: gunicorn serves /healthz, a worker works.

docker-compose.yml runs the same targets (checked in test_compose.py), so this is what the
containers do, minus the containers.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from core.models import WorkerHeartbeat

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url(**override) -> str:
    """The test database as a URL; the embedded server is reached through its socket folder."""
    db = {**connection.settings_dict, **override}
    socket_dir = db.get("OPTIONS", {}).get("host", "") if "HOST" not in override else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    url = f"postgres://{db['USER']}{password}@{db.get('HOST') or ''}{port}/{db['NAME']}"
    return f"{url}?host={socket_dir}" if socket_dir else url


def _production_env(redis_url: str, **extra) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OVERSIGHT_", "PYTEST_", "DJANGO_"))
    }
    env.update(
        OVERSIGHT_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=_database_url(),
        REDIS_URL=redis_url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        WEB_CONCURRENCY="1",
        WORKER_CONCURRENCY="1",
    )
    env.update(extra)
    return env


def _get_json(url: str, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())
        # TimeoutError: a server still starting on a busy machine (tests run in parallel) may
        # accept the connection before it can answer; ask again until the deadline.
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            last_error = error
            time.sleep(0.5)
    raise AssertionError(f"{url} never answered: {last_error}")


def _start(target: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        ["make", "--no-print-directory", target],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen) -> str:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, 15)
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        output, _ = process.communicate()
    return output.decode(errors="replace")


@pytest.mark.django_db(transaction=True)
def test_make_serve_runs_gunicorn_that_answers_healthz(redis_url):
    port = _free_port()
    web = _start("serve", _production_env(redis_url, BIND=f"127.0.0.1:{port}"))
    try:
        status, body = _get_json(f"http://127.0.0.1:{port}/healthz")
    finally:
        output = _stop(web)
    assert status == 200, output
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert "gunicorn" in output.lower()


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_is_unreachable(redis_url):
    port = _free_port()
    dead_db = _database_url(HOST="127.0.0.1", PORT=str(_free_port()))
    web = _start(
        "serve",
        _production_env(
            redis_url, BIND=f"127.0.0.1:{port}", DATABASE_URL=dead_db, DATABASE_CONNECT_TIMEOUT="2"
        ),
    )
    try:
        status, body = _get_json(f"http://127.0.0.1:{port}/healthz")
    finally:
        output = _stop(web)
    assert status == 503, output
    assert body["database"] == "unreachable"


@pytest.mark.django_db(transaction=True)
def test_make_worker_runs_a_celery_worker_that_consumes_tasks(redis_url):
    from config.celery import app as celery_app

    worker = _start("worker", _production_env(redis_url))
    saved = {
        key: celery_app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")
    }
    celery_app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False)
    try:
        result = celery_app.send_task("core.tasks.heartbeat_record")
        heartbeat_pk = result.get(timeout=90)
    finally:
        celery_app.conf.update(saved)
        output = _stop(worker)
    assert WorkerHeartbeat.objects.filter(pk=heartbeat_pk).exists(), output
