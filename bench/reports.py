"""Time to build the quarterly Safeguarding Adults Board report, at the demo council's size and
at 25,000 services. Goals: under 10 s and under 60 s.

    .venv/bin/python bench/reports.py [--scale 25000] [--repeat 3] [--keep]

It never touches the development database: it (re)creates a database called
``oversight_bench_reports`` in the same PostgreSQL server as DATABASE_URL (the embedded one
when unset), migrates it, seeds the demo council as ``make run`` does (seed_demo,
seed_quality_demo, seed_escalation_demo, failure_plan_demo), builds the report for the last
finished quarter, then grows the register to ``--scale`` services (seed_scale) and loads a
quarter's history for them with INSERT ... SELECT (history triggers off while loading):
level decisions before and during the quarter for about one service in eight, placement
stops, a planned visit per service and what became of it, safeguarding concerns and
complaints, and an earlier CQC rating for every rated service; then builds the report again.

A build is what the Celery task does (``reports.services.report_build``): every figure counted
in PostgreSQL, the document drawn, the PDF rendered with WeasyPrint and stored. The figures
and the PDF are timed separately; the best of ``--repeat`` builds is printed with its median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))

from service_list import bench_database_close, bench_database_open  # noqa: E402

BENCH_DB = "oversight_bench_reports"

# A quarter's history for every service seed_scale added (ids above %(first)s). Dates are
# relative to the quarter: %(start)s, %(end)s. Deterministic (ids, not random()).
HISTORY = """
SET session_replication_role = replica;
INSERT INTO escalation_levelchange (created_at, updated_at, service_id, from_level, to_level,
    status, rationale, proposed_by_id, proposed_at, decided_by_id, decided_at, authority,
    authority_reference, decision_note, effective_on)
SELECT now(), now(), s.id, 0, CASE WHEN s.id %% 50 = 0 THEN 3 ELSE 1 END,
    'confirmed', 'Carried over', %(user)s, now(), %(user)s, now(), 'migrated', '', '',
    %(start)s::date - 200
FROM providers_service s WHERE s.id > %(first)s AND s.id %% 8 = 0;

INSERT INTO escalation_levelchange (created_at, updated_at, service_id, from_level, to_level,
    status, rationale, proposed_by_id, proposed_at, decided_by_id, decided_at, authority,
    authority_reference, decision_note, effective_on)
SELECT now(), now(), s.id, CASE WHEN s.id %% 50 = 0 THEN 3 ELSE 1 END,
    CASE WHEN s.id %% 50 = 0 THEN 4 ELSE 2 END, 'confirmed', 'Escalated', %(user)s, now(),
    %(user)s, now(), CASE WHEN s.id %% 50 = 0 THEN 'pep' ELSE 'qpsg' END,
    'Panel meeting', '', %(start)s::date + (s.id %% 80)::int
FROM providers_service s
WHERE s.id > %(first)s AND s.id %% 8 = 0 AND s.id %% 3 = 0;

INSERT INTO escalation_sanction (created_at, updated_at, service_id, kind, imposition, scope,
    scope_detail, reason, start_date, review_date, end_date, authorised_by_id, recorded_by_id,
    end_reason)
SELECT now(), now(), s.id, 'placement_stop',
    CASE WHEN s.id %% 2 = 0 THEN 'imposed' ELSE 'voluntary' END, 'whole', '', 'Concerns',
    %(start)s::date + (s.id %% 60)::int, %(start)s::date + (s.id %% 60)::int + 28,
    CASE WHEN s.id %% 3 = 0 THEN %(start)s::date + (s.id %% 60)::int + 20 END,
    %(user)s, %(user)s, ''
FROM providers_service s WHERE s.id > %(first)s AND s.id %% 40 = 0;

INSERT INTO quality_visit (created_at, updated_at, visit_type, status, planned_date, visit_date,
    plan_notes, heard_manager, heard_staff, heard_people, heard_relatives, overall_rating,
    summary, follow_up, host_council_view, completed_at, cancelled_reason, completed_by_id,
    created_by_id, officer_id, service_id)
SELECT now(), now(), 'monitoring',
    CASE WHEN s.id %% 10 < 7 THEN 'completed' WHEN s.id %% 10 = 7 THEN 'cancelled' ELSE 'planned' END,
    %(start)s::date + (s.id %% 85)::int,
    CASE WHEN s.id %% 10 < 7 THEN %(start)s::date + (s.id %% 85)::int + 1 END,
    '', 1, 1, 1, 1, CASE WHEN s.id %% 10 < 7 THEN 'good' ELSE '' END, '', '', '',
    CASE WHEN s.id %% 10 < 7 THEN now() END, '', %(user)s, %(user)s, %(user)s, s.id
FROM providers_service s WHERE s.id > %(first)s;

INSERT INTO quality_intelligence (created_at, updated_at, source, received_on, severity,
    section_42, clinical_area, summary, details, logged_by_id, service_id)
SELECT now(), now(), (ARRAY['safeguarding', 'complaint', 'whistleblowing'])[1 + g %% 3],
    %(start)s::date - 270 + ((s.id * 7 + g * 31) %% 360)::int,
    (ARRAY['low', 'medium', 'high', 'critical'])[1 + (s.id + g) %% 4],
    (ARRAY['yes', 'no', 'not_known'])[1 + (s.id + g) %% 3], '', 'Bench intelligence', '',
    %(user)s, s.id
FROM providers_service s, generate_series(1, 4) g WHERE s.id > %(first)s;

INSERT INTO providers_cqcrating (created_at, updated_at, overall, safe, effective, caring,
    responsive, well_led, published_on, is_current, source, service_id)
SELECT now(), now(), 'requires_improvement', 'good', 'good', 'good', 'good', 'good',
    r.published_on - 700, false, 'import', r.service_id
FROM providers_cqcrating r WHERE r.service_id > %(first)s AND r.published_on IS NOT NULL;
SET session_replication_role = DEFAULT;
"""

TABLES = [
    "providers_service",
    "escalation_levelchange",
    "escalation_sanction",
    "quality_visit",
    "quality_intelligence",
    "providers_cqcrating",
]


HEADER = (
    f"{'register':<14} {'services':>7} {'report':<26} {'best s':>7} {'median':>7} "
    f"{'figures':>8} {'pages':>6} {'queries':>8}"
)


def _build(kind: str, period, repeat: int) -> dict:
    """Build the report ``repeat`` times as the task does; time the figures and the whole."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.figures import FIGURES
    from reports.models import Report
    from reports.services import report_build

    totals, figures_times, pages, queries = [], [], 0, 0
    for _ in range(repeat):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            FIGURES[kind](period)
        figures_times.append(time.perf_counter() - started)
        queries = len(captured)
        report = Report.objects.create(
            kind=kind,
            period_start=period.start,
            period_end=period.end,
            version=Report.objects.filter(kind=kind, period_start=period.start).count() + 1,
        )
        started = time.perf_counter()
        report = report_build(report_id=report.pk)
        totals.append(time.perf_counter() - started)
        assert report.status == "ready", report.error
        pages = report.pages
    return {
        "best": min(totals),
        "median": statistics.median(totals),
        "figures": min(figures_times),
        "pages": pages,
        "queries": queries,
    }


def _line(label: str, services: int, kind: str, figures: dict, goal: str) -> str:
    line = _format(label, services, kind, figures, goal)
    print(line, flush=True)
    return line


def _format(label: str, services: int, kind: str, figures: dict, goal: str) -> str:
    return (
        f"{label:<14} {services:>7,} {kind:<26} {figures['best']:>7.2f} {figures['median']:>7.2f} "
        f"{figures['figures']:>8.2f} {figures['pages']:>6} {figures['queries']:>8}   {goal}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=25_000, help="services at scale")
    parser.add_argument("--repeat", type=int, default=3, help="builds per size (default 3)")
    parser.add_argument("--keep", action="store_true", help=f"keep the {BENCH_DB} database")
    args = parser.parse_args()

    server_url = bench_database_open(BENCH_DB)
    os.environ.pop("REDIS_URL", None)  # tasks the demo seeding queues run in-process
    os.environ.setdefault("MEDIA_ROOT", str(Path("/tmp") / BENCH_DB))

    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)  # the demo's eager tasks and emails log every run
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from providers.models import Service
    from reports import rules

    quiet = StringIO()
    lines = []
    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        for command in (
            "demo_accounts",
            "seed_demo",
            "seed_quality_demo",
            "seed_escalation_demo",
            "seed_panels_demo",
            "failure_plan_demo",
        ):
            call_command(command, stdout=quiet)
        seed_seconds = time.perf_counter() - started
        today = timezone.localdate()
        quarter = rules.latest_finished(rules.SAB_QUARTERLY, today)
        month = rules.latest_finished(rules.MMG_MONTHLY, today)

        demo = Service.objects.count()
        print(f"Report builds ({args.repeat} per size): {quarter.label}; {month.label}")
        print(f"demo seeding took {seed_seconds:.1f} s")
        print(HEADER)
        print("-" * len(HEADER), flush=True)
        lines.append(
            _line(
                "demo council",
                demo,
                "board report (quarterly)",
                _build(rules.SAB_QUARTERLY, quarter, args.repeat),
                "goal: under 10 s",
            )
        )
        lines.append(
            _line(
                "demo council",
                demo,
                "MMG report (monthly)",
                _build(rules.MMG_MONTHLY, month, args.repeat),
                "",
            )
        )

        started = time.perf_counter()
        first = Service.objects.order_by("-pk").values_list("pk", flat=True).first()
        call_command("seed_scale", services=max(0, args.scale - demo), stdout=quiet)
        user = User.objects.order_by("pk").first()
        with connection.cursor() as cursor:
            cursor.execute(
                HISTORY,
                {"first": first, "user": user.pk, "start": quarter.start, "end": quarter.end},
            )
            cursor.execute("ANALYZE")
            counts = {}
            for table in TABLES:
                cursor.execute(f"SELECT count(*) FROM {table}")
                counts[table] = cursor.fetchone()[0]
        load_seconds = time.perf_counter() - started
        scale = Service.objects.count()
        lines.append(
            _line(
                "at scale",
                scale,
                "board report (quarterly)",
                _build(rules.SAB_QUARTERLY, quarter, args.repeat),
                "goal: under 60 s",
            )
        )
        lines.append(
            _line(
                "at scale",
                scale,
                "MMG report (monthly)",
                _build(rules.MMG_MONTHLY, month, args.repeat),
                "",
            )
        )

        print(f"\nscale load (seed_scale and a quarter's history) took {load_seconds:.1f} s:")
        for table, count in counts.items():
            print(f"  {table:<26} {count:>9,}")
        print("\nSummary")
        print(HEADER)
        print("-" * len(HEADER))
        for line in lines:
            print(line)
    finally:
        bench_database_close(BENCH_DB, server_url, keep=args.keep)


if __name__ == "__main__":
    main()
