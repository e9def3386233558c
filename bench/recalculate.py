"""Time of the nightly risk recalculation over every service, against one plain SQL aggregate.

    .venv/bin/python bench/recalculate.py [--services 25000] [--keep]

It never touches the development database: it (re)creates a database called
``oversight_bench_risk`` in the same PostgreSQL server as DATABASE_URL (the embedded one when
unset), migrates it, bulk-loads the services and about 20 evidence items per service with
INSERT ... SELECT generate_series (triggers off while loading), runs
``escalation.services.risk_recalculate_all`` and prints its seconds and its ratio to a single
``SELECT service_id, count(*) ... GROUP BY`` over the same evidence tables. Goal: under 60 s at
25,000 services and 500,000 evidence items, and a ratio under 5.

The first run is the first ever: every service gets its first score and its state row (each
state row an audit event). Two more runs follow on the same data, each timed against the plain
aggregate measured again just before it (the machine's load varies):

* the same night again: nothing has changed, so nothing is written — the steady state;
* the next night (``today`` one day later): the 3- and 12-month windows move on a day, and
  about a 28th of the services are due their four-weekly checkpoint score
  (docs/adr/0006-risk-score.md).
"""

from __future__ import annotations

import argparse
import datetime
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))
BENCH_DB = "oversight_bench_risk"

from service_list import bench_database_close, bench_database_open  # noqa: E402

LOAD = """
SET session_replication_role = replica;
INSERT INTO providers_provider (created_at, updated_at, name, scale, size, head_office_address,
    head_office_postcode, phone, notes)
SELECT now(), now(), 'Bench Provider ' || g, 'local', 'small', '', '', '', ''
FROM generate_series(1, %(providers)s) g;

INSERT INTO providers_service (created_at, updated_at, name, service_type, client_group,
    capacity, capacity_unit, registered_manager, address_line_1, address_line_2, town, postcode,
    phone, local_authority_name, in_area, provider_id)
SELECT now(), now(), 'Bench Service ' || g,
    CASE WHEN g %% 10 = 0 THEN 'home_support' WHEN g %% 3 = 0 THEN 'nursing' ELSE 'residential' END,
    'older_people', 30, 'beds', CASE WHEN g %% 17 = 0 THEN '' ELSE 'A Manager' END,
    '', '', 'Benchton', 'BT1 1AA', '', '', true,
    (SELECT min(id) FROM providers_provider) + (g %% %(providers)s)
FROM generate_series(1, %(services)s) g;

INSERT INTO providers_cqcrating (created_at, updated_at, overall, safe, effective, caring,
    responsive, well_led, published_on, is_current, source, service_id)
SELECT now(), now(), r[1 + (s.id %% 4)], r[1 + (s.id %% 3)], 'good', 'good', 'good',
    r[1 + (s.id %% 5) %% 4], current_date - 200, true, 'cqc_api', s.id
FROM providers_service s,
    (SELECT ARRAY['good', 'requires_improvement', 'inadequate', 'outstanding'] AS r) a;

INSERT INTO quality_intelligence (created_at, updated_at, source, received_on, severity,
    section_42, clinical_area, summary, details, logged_by_id, service_id)
SELECT now(), now(),
    (ARRAY['safeguarding', 'complaint', 'whistleblowing', 'financial', 'family', 'cqc'])
        [1 + floor(random() * 6)::int],
    current_date - floor(random() * 450)::int,
    (ARRAY['low', 'medium', 'high', 'critical'])[1 + floor(random() * 4)::int],
    'no', '', 'Bench intelligence', '', %(user)s, s.id
FROM providers_service s, generate_series(1, 8) g;

INSERT INTO quality_visit (created_at, updated_at, visit_type, status, visit_date, plan_notes,
    heard_manager, heard_staff, heard_people, heard_relatives, overall_rating, summary,
    follow_up, host_council_view, completed_at, cancelled_reason, completed_by_id,
    created_by_id, officer_id, service_id)
SELECT now(), now(), 'monitoring', 'completed', current_date - (g * 150 + s.id %% 60)::int, '',
    1, 1, 1, 1, 'good', 'Bench visit', '', '', now(), '', %(user)s, %(user)s, %(user)s, s.id
FROM providers_service s, generate_series(1, 2) g;

INSERT INTO quality_visitarea (created_at, updated_at, area, rating, evidence, visit_id)
SELECT now(), now(), (ARRAY['leadership', 'staffing', 'skills'])[g],
    (ARRAY['good', 'requires_improvement', 'inadequate', 'good', 'not_assessed'])
        [1 + floor(random() * 5)::int],
    '', v.id
FROM quality_visit v, generate_series(1, 3) g;

INSERT INTO quality_action (created_at, updated_at, area, description, owner_contact, due_on,
    status, evidence, provider_response, created_by_id, service_id)
SELECT now(), now(), '', 'Bench action', 'Manager', current_date + 30 - floor(random() * 60)::int,
    (ARRAY['open', 'in_progress', 'cancelled'])[1 + floor(random() * 3)::int], '', '',
    %(user)s, s.id
FROM providers_service s, generate_series(1, 2) g;

INSERT INTO providers_contract (created_at, updated_at, reference, contract_type, start_date,
    annual_value, annual_spend, council_funded, health_funded, jointly_funded, self_funders,
    other_council_placed, service_id)
SELECT now(), now(), 'BENCH-' || s.id, 'spot', current_date - 400, 500000,
    (s.id %% 40) * 50000, s.id %% 60, 0, 0, 0, 0, s.id
FROM providers_service s;

INSERT INTO quality_monitoringfigures (created_at, updated_at, month, planned_visits,
    delivered_visits, missed_visits, late_visits, short_visits, average_carers, source,
    entered_by_id, service_id)
SELECT now(), now(), (date_trunc('month', current_date) - make_interval(months => g))::date,
    1000, 1000 - m, m, floor(random() * 200)::int, 10, 4.5, 'import', %(user)s, s.id
FROM providers_service s, generate_series(1, 12) g, LATERAL (SELECT floor(random() * 60)::int AS m) x
WHERE s.service_type = 'home_support';
SET session_replication_role = DEFAULT;
"""

EVIDENCE_TABLES = [
    "providers_cqcrating",
    "quality_intelligence",
    "quality_visit",
    "quality_visitarea",
    "quality_action",
    "providers_contract",
    "quality_monitoringfigures",
]

PLAIN_AGGREGATE = """
SELECT service_id, count(*) FROM (
    SELECT service_id FROM providers_cqcrating
    UNION ALL SELECT service_id FROM quality_intelligence
    UNION ALL SELECT v.service_id FROM quality_visitarea a JOIN quality_visit v ON v.id = a.visit_id
    UNION ALL SELECT service_id FROM quality_visit
    UNION ALL SELECT service_id FROM quality_action
    UNION ALL SELECT service_id FROM providers_contract
    UNION ALL SELECT service_id FROM quality_monitoringfigures
) evidence GROUP BY service_id
"""


ONE_DAY = datetime.timedelta(days=1)


def _plain_aggregate_seconds(connection) -> float:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(PLAIN_AGGREGATE)
        cursor.fetchall()
    return time.perf_counter() - started


def _counts(connection) -> tuple[int, int]:
    """Score rows, and audit events of service states (one per state written)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM escalation_riskscore), "
            "(SELECT count(*) FROM escalation_servicestateevent)"
        )
        return cursor.fetchone()


def _written(connection, before: tuple[int, int]) -> str:
    scores, states = (a - b for a, b in zip(_counts(connection), before, strict=True))
    return f"{scores:,} new scores and {states:,} state changes (audit events)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--services", type=int, default=25_000)
    parser.add_argument("--keep", action="store_true", help=f"keep the {BENCH_DB} database")
    args = parser.parse_args()

    server_url = bench_database_open(BENCH_DB)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from escalation.services import risk_recalculate_all

    try:
        call_command("migrate", verbosity=0)
        user = User.objects.create(email="bench@bench.test", full_name="Bench")
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                LOAD,
                {
                    "providers": max(1, args.services // 10),
                    "services": args.services,
                    "user": user.pk,
                },
            )
            cursor.execute("ANALYZE")
            counts = {}
            for table in EVIDENCE_TABLES:
                cursor.execute(f"SELECT count(*) FROM {table}")
                counts[table] = cursor.fetchone()[0]
        load_seconds = time.perf_counter() - started

        plain_seconds = _plain_aggregate_seconds(connection)
        before = _counts(connection)

        started = time.perf_counter()
        scored = risk_recalculate_all()
        nightly_seconds = time.perf_counter() - started

        print(f"services: {args.services:,}; evidence items: {sum(counts.values()):,}")
        for table, count in counts.items():
            print(f"  {table:<28} {count:>9,}")
        print(f"bulk load: {load_seconds:.1f} s")
        print(f"plain SQL aggregate (one GROUP BY over the evidence): {plain_seconds:.2f} s")
        print(f"nightly recalculation ({scored:,} services scored): {nightly_seconds:.2f} s")
        print(f"ratio nightly / plain aggregate: {nightly_seconds / plain_seconds:.1f}")
        print("goal: under 60 s and a ratio under 5")
        print(f"  first run wrote {_written(connection, before)}")

        today = timezone.localdate()
        for label, day in (
            ("the same night again (steady state)", today),
            ("the next night (windows move a day; checkpoints due)", today + ONE_DAY),
        ):
            plain_seconds = _plain_aggregate_seconds(connection)
            before = _counts(connection)
            started = time.perf_counter()
            risk_recalculate_all(today=day)
            seconds = time.perf_counter() - started
            print(
                f"{label}: {seconds:.2f} s; plain aggregate just before {plain_seconds:.2f} s; "
                f"ratio {seconds / plain_seconds:.1f}; wrote {_written(connection, before)}"
            )
    finally:
        bench_database_close(BENCH_DB, server_url, keep=args.keep)


if __name__ == "__main__":
    main()
