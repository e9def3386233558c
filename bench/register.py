"""Server time and query count of the risk register, at the demo council's size and at 25,000.

    .venv/bin/python bench/register.py [--requests 20] [--scale 25000] [--keep]

Like bench/service_list.py it never touches the development database: it (re)creates a
database called ``oversight_bench_register`` in the same PostgreSQL server, migrates it, seeds
the demo council (seed_demo, seed_quality_demo), gives some services levels and sanctions
through the escalation services, scores every service twice (so each has a trend), measures,
grows the register to 25,000 services (seed_scale), scores and escalates again, measures again,
and drops the database (unless --keep). Requests go through Django's test Client, signed in, so
the figures are server time: middleware, views, queries and templates, without a network.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))

from service_list import bench_database_close, bench_database_open  # noqa: E402

BENCH_DB = "oversight_bench_register"

PAGES = [
    ("register (level, highest first)", "/register/"),
    ("placement rating Red", "/register/?rating=red"),
    ("sorted by score, page 2", "/register/?sort=score&page=2"),
    ("sorted by next visit due", "/register/?sort=due"),
    ("sanctions in force, review due", "/register/?sanctions=on&review_due=on"),
    ("search by provider name", "/register/?q=care"),
    ("my portfolio (officer only)", "/register/?mine=on"),
    ("CSV export, levels 3 and 4", "/register/export/?format=csv&level=3&level=4"),
]


def _get(client, url: str):
    response = client.get(url)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return response


def _measure(client, url: str, requests: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = _get(client, url)  # warm up: templates, sessions, content types
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        _get(client, url)
    queries = len(captured)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = _get(client, url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return {"median": statistics.median(timings), "p95": p95, "queries": queries}


def _report(label: str, count: int, clients: dict, requests: int) -> list[str]:
    lines = []
    for who, client in clients.items():
        for page, url in PAGES:
            if "mine" in url and who != "officer":
                continue
            figures = _measure(client, url, requests)
            lines.append(
                f"{label:<11} {count:>7,} {who:<8} {page:<34} "
                f"{figures['median']:>9.1f} {figures['p95']:>8.1f} {figures['queries']:>7}"
            )
    return lines


def _escalate(services, *, chair, officer) -> None:
    """Levels, sanctions and open proposals for some services, through the services."""
    from escalation.services import level_change_propose, level_set_initial, sanction_record
    from providers.levels import Level

    today = datetime.date.today()
    for n, service in enumerate(services):
        level = [Level.ONE, Level.TWO, Level.TWO, Level.THREE, Level.FOUR][n % 5]
        level_set_initial(
            service=service,
            level=level,
            since=today - datetime.timedelta(days=7 * (n % 80)),
            acting_user=chair,
            note="Carried over for the benchmark",
        )
        if level >= Level.TWO and n % 2 == 0:
            sanction_record(
                service=service,
                kind="placement_stop",
                imposition="imposed" if level >= Level.THREE else "voluntary",
                scope="whole",
                reason="Benchmark",
                start_date=today - datetime.timedelta(days=30),
                review_date=today + datetime.timedelta(days=(n % 40) - 10),
                authorised_by=chair,
                acting_user=chair,
            )
        if n % 7 == 0:
            level_change_propose(
                service=service,
                to_level=Level.ONE if level != Level.ONE else Level.TWO,
                rationale="Benchmark",
                acting_user=chair,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=20, help="requests per page (default 20)")
    parser.add_argument(
        "--scale", type=int, default=25_000, help="services at scale (default 25000)"
    )
    parser.add_argument("--keep", action="store_true", help=f"keep the {BENCH_DB} database")
    args = parser.parse_args()

    server_url = bench_database_open(BENCH_DB)
    os.environ.pop("REDIS_URL", None)  # tasks queued by the services run in-process

    import logging

    import django

    django.setup()
    logging.getLogger("celery").setLevel(logging.WARNING)  # eager tasks log every run
    from io import StringIO

    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.models import User
    from escalation.models import ServiceState
    from escalation.services import risk_recalculate_all
    from providers.models import Service

    setup_test_environment(debug=False)
    quiet = StringIO()
    try:
        call_command("migrate", verbosity=0)
        call_command("demo_accounts", stdout=quiet)
        call_command("seed_demo", stdout=quiet)
        call_command("seed_quality_demo", stdout=quiet)
        chair = User.objects.get(email="chair@demo.test")
        officer = User.objects.get(email="officer@demo.test")
        open_services = Service.objects.open().order_by("pk")
        _escalate(list(open_services[:30]), chair=chair, officer=officer)
        risk_recalculate_all()
        risk_recalculate_all()

        clients = {}
        for who in ("officer", "partner"):
            client = Client()
            client.force_login(User.objects.get(email=f"{who}@demo.test"))
            clients[who] = client

        header = (
            f"{'register':<11} {'services':>7} {'as':<8} {'page':<34} "
            f"{'median ms':>9} {'p95 ms':>8} {'queries':>7}"
        )
        lines = _report("seed_demo", Service.objects.count(), clients, args.requests)

        started = time.perf_counter()
        call_command(
            "seed_scale", services=max(0, args.scale - Service.objects.count()), stdout=quiet
        )
        seed_scale_seconds = time.perf_counter() - started
        started = time.perf_counter()
        without_level = open_services.exclude(
            pk__in=ServiceState.objects.exclude(level=0).values("service")
        )
        _escalate(list(without_level[: args.scale // 50]), chair=chair, officer=officer)
        escalate_seconds = time.perf_counter() - started
        started = time.perf_counter()
        risk_recalculate_all()
        risk_recalculate_all()
        score_seconds = time.perf_counter() - started
        with connections["default"].cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics after the bulk load
        lines += _report("seed_scale", Service.objects.count(), clients, args.requests)

        print(f"Risk register server time over {args.requests} requests per page (test Client)")
        print(
            f"seed_scale took {seed_scale_seconds:.1f}s; levels and sanctions for "
            f"{args.scale // 50} more services {escalate_seconds:.1f}s; two scoring runs "
            f"{score_seconds:.1f}s; services not at routine: "
            f"{ServiceState.objects.exclude(level=0).count()}"
        )
        print(header)
        print("-" * len(header))
        for line in lines:
            print(line)
    finally:
        bench_database_close(BENCH_DB, server_url, keep=args.keep)


if __name__ == "__main__":
    main()
