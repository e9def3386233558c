"""Add many fictional services quickly, for benchmarks (bench/service_list.py).

Unlike seed_demo this writes with ``bulk_create`` in batches, bypassing the service functions:
it exists to measure pages against a large register, not to model a council. The history
triggers (pghistory) are switched off for its inserts, so benchmark rows leave no audit
events. Every name is invented; CQC IDs use the "1-7" range that nothing else in Oversight
generates.
"""

from __future__ import annotations

import datetime
import random
import time
from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from accounts.services import user_create
from demo.providers import PREFIXES, STREETS, SUFFIXES
from providers.models import (
    KEY_QUESTIONS,
    BusinessContinuityCheck,
    CapacityUnit,
    ClientGroup,
    Contract,
    ContractType,
    CQCRating,
    Provider,
    Rating,
    Scale,
    Service,
    ServiceType,
    Size,
)
from providers.selectors import contract_officers

TYPE_WEIGHTS = {
    ServiceType.RESIDENTIAL: 30,
    ServiceType.NURSING: 20,
    ServiceType.HOME_SUPPORT: 20,
    ServiceType.SUPPORTED_LIVING: 12,
    ServiceType.HOUSING_WITH_CARE: 10,
    ServiceType.DAY_OPPORTUNITIES: 5,
    ServiceType.COMMUNITY_MEALS: 3,
}
RATING_WEIGHTS = {
    Rating.OUTSTANDING: 5,
    Rating.GOOD: 73,
    Rating.REQUIRES_IMPROVEMENT: 17,
    Rating.INADEQUATE: 3,
    Rating.NOT_RATED: 2,
}
UNITS = {
    ServiceType.HOME_SUPPORT: CapacityUnit.HOURS,
    ServiceType.HOUSING_WITH_CARE: CapacityUnit.PLACES,
    ServiceType.DAY_OPPORTUNITIES: CapacityUnit.PLACES,
    ServiceType.SUPPORTED_LIVING: CapacityUnit.PEOPLE,
    ServiceType.COMMUNITY_MEALS: CapacityUnit.PEOPLE,
}


class Command(BaseCommand):
    help = (
        "Add N fictional services (with providers, ratings, contracts, BCP checks) for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, default=25_000)
        parser.add_argument("--batch", type=int, default=2_000)
        parser.add_argument("--seed", type=int, default=25_000)

    def handle(self, *args, services: int, batch: int, seed: int, **options):
        if settings.PRODUCTION:
            raise CommandError("Benchmark data is never created in production.")
        if services < 1:
            raise CommandError("--services must be 1 or more")
        started = time.perf_counter()
        rng = random.Random(seed)
        today = timezone.localdate()
        officers = list(contract_officers()[:20]) or self._officers()
        base = Service.objects.filter(cqc_location_id__startswith="1-7").count()
        stems = [p + s for p in PREFIXES for s in SUFFIXES]

        with transaction.atomic(), pgtrigger.ignore():
            providers = Provider.objects.bulk_create(
                [
                    Provider(
                        name=f"{rng.choice(stems)} Care {base + n:06d} Ltd",
                        cqc_provider_id=f"1-7{base + n:09d}",
                        scale=rng.choice(Scale.values),
                        size=rng.choices(Size.values, weights=[2, 3, 5])[0],
                    )
                    for n in range(max(1, services // 5))
                ],
                batch_size=batch,
            )
            types = list(TYPE_WEIGHTS)
            type_weights = list(TYPE_WEIGHTS.values())
            service_rows = []
            for n in range(services):
                service_type = rng.choices(types, weights=type_weights)[0]
                service_rows.append(
                    Service(
                        provider=rng.choice(providers),
                        name=f"{rng.choice(stems)} {rng.choice(['House', 'Court', 'Lodge', 'Branch'])} {base + n:06d}",
                        service_type=service_type,
                        client_group=rng.choice(ClientGroup.values),
                        cqc_location_id=f"1-7{base + n:09d}",
                        capacity=rng.randint(6, 90),
                        capacity_unit=UNITS.get(service_type, CapacityUnit.BEDS),
                        registered_manager="" if rng.random() < 0.08 else "Registered Manager",
                        address_line_1=f"{rng.randint(1, 300)} {rng.choice(STREETS)}",
                        town="Northmoor",
                        postcode=f"NM{rng.randint(1, 19)} {rng.randint(1, 9)}AB",
                        in_area=rng.random() > 0.06,
                        contract_officer=rng.choice(officers),
                        closed_on=today if rng.random() < 0.02 else None,
                    )
                )
            created = Service.objects.bulk_create(service_rows, batch_size=batch)
            self.stdout.write(f"{len(providers)} providers, {len(created)} services")

            ratings, contracts, checks = [], [], []
            rating_values = list(RATING_WEIGHTS)
            rating_weights = list(RATING_WEIGHTS.values())
            for n, service in enumerate(created):
                if rng.random() < 0.92:
                    overall = rng.choices(rating_values, weights=rating_weights)[0]
                    ratings.append(
                        CQCRating(
                            service=service,
                            overall=overall,
                            **dict.fromkeys(KEY_QUESTIONS, overall),
                            published_on=today - datetime.timedelta(days=rng.randint(30, 1500)),
                            is_current=True,
                            source=CQCRating.Source.IMPORT,
                        )
                    )
                if rng.random() < 0.85:
                    start = today - datetime.timedelta(days=rng.randint(30, 1500))
                    contracts.append(
                        Contract(
                            service=service,
                            reference=f"SCALE-{base + n:07d}",
                            contract_type=rng.choice(ContractType.values),
                            start_date=start,
                            end_date=None
                            if rng.random() < 0.7
                            else start + datetime.timedelta(days=1095),
                            annual_value=Decimal(rng.randint(50, 2000) * 1000),
                            annual_spend=Decimal(rng.randint(50, 2000) * 1000),
                            council_funded=rng.randint(0, 40),
                            health_funded=rng.randint(0, 5),
                            jointly_funded=rng.randint(0, 2),
                            self_funders=rng.randint(0, 20),
                        )
                    )
                if rng.random() < 0.8:
                    checks.append(
                        BusinessContinuityCheck(
                            service=service,
                            checked_on=today - datetime.timedelta(days=rng.randint(1, 600)),
                            outcome=BusinessContinuityCheck.Outcome.ADEQUATE,
                        )
                    )
            CQCRating.objects.bulk_create(ratings, batch_size=batch)
            Contract.objects.bulk_create(contracts, batch_size=batch)
            BusinessContinuityCheck.objects.bulk_create(checks, batch_size=batch)
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {len(created):,} services, {len(ratings):,} ratings, "
                f"{len(contracts):,} contracts and {len(checks):,} BCP checks "
                f"in {time.perf_counter() - started:.1f}s"
            )
        )

    def _officers(self):
        return [
            user_create(
                acting_user=None,
                email=f"scale.officer{n:02d}@bench.test",
                full_name=f"Scale Officer {n:02d}",
                role=Role.CONTRACT_OFFICER,
            )
            for n in range(10)
        ]
