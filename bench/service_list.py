"""Server time and query count of the service list, at the demo council's size and at 25,000.

    .venv/bin/python bench/service_list.py [--requests 30] [--scale 25000] [--keep]

It never touches the development database: it (re)creates a database called
``oversight_bench`` in the same PostgreSQL server (the embedded one under .data/ when
DATABASE_URL is unset), migrates it, seeds the demo council (seed_demo, about 130 services),
measures, grows it to 25,000 services (seed_scale), measures again, and drops it (unless
--keep). Requests go through Django's test Client, signed in, so the figures are server time:
middleware, views, queries and templates, without a network.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
BENCH_DB = "oversight_bench"


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _server_url() -> str:
    """A URL of the server's maintenance database; starts the embedded server if needed."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        from config.embedded_db import embedded_database_url

        url = embedded_database_url(BASE_DIR)  # the process keeps the server running
    return _with_database(url, "postgres")


def bench_database_open(name: str) -> str:
    """Recreate the database ``name`` beside the one DATABASE_URL names (the embedded server
    when unset) and point Django's settings at it. Returns the server URL for
    ``bench_database_close``. Call before ``django.setup()``."""
    server_url = _server_url()
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', server_url)
    _admin(f'CREATE DATABASE "{name}"', server_url)
    os.environ["DATABASE_URL"] = _with_database(server_url, name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    return server_url


def bench_database_close(name: str, server_url: str, *, keep: bool) -> None:
    """Close Django's connections and drop the bench database, unless ``keep``."""
    from django.db import connections

    connections.close_all()
    if not keep:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', server_url)


def _admin(sql: str, server_url: str) -> None:
    import psycopg

    with psycopg.connect(
        server_url.replace("postgres://", "postgresql://", 1), autocommit=True
    ) as conn:
        conn.execute(sql)


def _measure(client, url: str, requests: int) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm up: templates, sessions, content types
    assert response.status_code == 200, (url, response.status_code)
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured)  # now: later requests reset the connection's query log
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return {"median": statistics.median(timings), "p95": p95, "queries": queries}


def _report(label: str, count: int, clients: dict, requests: int) -> list[str]:
    pages = [
        ("service list", "/services/"),
        ("sorted by rating, page 2", "/services/?sort=rating&page=2"),
        ("search by postcode", "/services/?q=NM4+3AB"),
        (
            "filtered: nursing, Good, contracted",
            "/services/?service_type=nursing&rating=good&contracted=yes",
        ),
        ("my services", "/services/mine/"),
    ]
    lines = []
    for who, client in clients.items():
        for page, url in pages:
            figures = _measure(client, url, requests)
            lines.append(
                f"{label:<12} {count:>7,} {who:<9} {page:<38} "
                f"{figures['median']:>8.1f} {figures['p95']:>8.1f} {figures['queries']:>7}"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=30, help="requests per page (default 30)")
    parser.add_argument(
        "--scale", type=int, default=25_000, help="services at scale (default 25000)"
    )
    parser.add_argument("--keep", action="store_true", help=f"keep the {BENCH_DB} database")
    args = parser.parse_args()

    server_url = bench_database_open(BENCH_DB)

    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.models import User
    from providers.models import Service

    setup_test_environment(debug=False)
    quiet = StringIO()
    try:
        call_command("migrate", verbosity=0)
        call_command("demo_accounts", stdout=quiet)
        started = time.perf_counter()
        call_command("seed_demo", stdout=quiet)
        seed_demo_seconds = time.perf_counter() - started

        clients = {}
        for who in ("officer", "director"):
            client = Client()
            client.force_login(User.objects.get(email=f"{who}@demo.test"))
            clients[who] = client

        header = (
            f"{'register':<12} {'services':>7} {'as':<9} {'page':<38} "
            f"{'median ms':>8} {'p95 ms':>8} {'queries':>7}"
        )
        lines = _report("seed_demo", Service.objects.count(), clients, args.requests)

        started = time.perf_counter()
        call_command(
            "seed_scale", services=max(0, args.scale - Service.objects.count()), stdout=quiet
        )
        seed_scale_seconds = time.perf_counter() - started
        with connections["default"].cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics after the bulk load
        lines += _report("seed_scale", Service.objects.count(), clients, args.requests)

        print(
            f"Service list server time over {args.requests} requests per page (Django test Client)"
        )
        print(f"seed_demo took {seed_demo_seconds:.1f}s; seed_scale took {seed_scale_seconds:.1f}s")
        print(header)
        print("-" * len(header))
        for line in lines:
            print(line)
    finally:
        bench_database_close(BENCH_DB, server_url, keep=args.keep)


if __name__ == "__main__":
    main()
