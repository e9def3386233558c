"""Made-up data for trying the failure plan out (development only, never production).

``demo_world`` adds a small market of services with vacancies and an emergency closure of a
40-bed care home whose residents are imported from a CSV built by ``residents_csv``. Every
name is invented. The browser test builds the same CSV.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from failure_plan import services
from failure_plan.models import Incident
from failure_plan.services.people import COLUMN_NAMES
from providers import services as register
from providers.models import LocalAuthority, Provider, Service

FIRST_NAMES = [
    "Edith", "Arthur", "Margaret", "Stanley", "Joan", "Harold", "Doreen", "Albert", "Irene",
    "Walter", "Sylvia", "Frank", "Mavis", "Leonard", "Beryl", "Cyril", "Gladys", "Norman",
    "Winifred", "Reginald",
]  # fmt: skip
LAST_NAMES = ["Marsh", "Pickering", "Hollis", "Ashby", "Thornton", "Blake", "Fenwick", "Rowe"]

# The mix of funding among forty residents: most council-funded, some health-funded, joint,
# self-funders and people placed by other councils (DOMAIN.md, "Who is responsible").
FUNDING_MIX = (
    ["council"] * 20 + ["chc"] * 5 + ["joint"] * 4 + ["self-funder"] * 8 + ["other council"] * 3
)


def resident_names(count: int) -> list[str]:
    pairs = itertools.product(LAST_NAMES, FIRST_NAMES)
    return [f"{first} {last}" for last, first in itertools.islice(pairs, count)]


def residents_csv(*, count: int = 40, service_name: str = "", placing_council: str = "") -> bytes:
    """A people import file of ``count`` made-up residents of mixed funding."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMN_NAMES)
    writer.writeheader()
    for index, name in enumerate(resident_names(count)):
        funding = FUNDING_MIX[index % len(FUNDING_MIX)]
        writer.writerow(
            {
                "full_name": name,
                "date_of_birth": f"{1930 + index % 15}-{1 + index % 12:02d}-{1 + index % 27:02d}",
                "service": service_name,
                "funding": funding,
                "placing_council": placing_council if funding == "other council" else "",
                "advocate": "yes" if index % 7 == 0 else "no",
                "imca": "yes" if index % 11 == 0 else "no",
                "dols_lps": "yes" if index % 3 == 0 else "no",
                "medicines": "yes" if index % 2 == 0 else "no",
                "transport": "yes" if index % 5 == 0 else "no",
                "review_status": "",
                "destination": "",
                "move_date": "",
            }
        )
    return buffer.getvalue().encode("utf-8")


MARKET = [
    # provider, service, type, client group, beds, postcode, in area, vacancies
    ("Fernbrook Care Group", "Ashdown House", "residential", "older_people", 40, "NM3 2QX", True, None),
    ("Fernbrook Care Group", "Fernbrook Home Support", "home_support", "older_people", 900, "NM3 4AB", True, None),
    ("Heathside Homes", "Heathside Lodge", "residential", "older_people", 52, "NM3 6LT", True, 6),
    ("Heathside Homes", "Heathside Nursing Centre", "nursing", "older_people", 60, "NM4 1RS", True, 3),
    ("Meadowvale Care", "Meadowvale Court", "residential", "older_people", 35, "NM1 8PQ", True, 4),
    ("Meadowvale Care", "Willow Bank", "residential", "older_people", 28, "NM31 2DD", True, 2),
    ("Larkspur Living", "Larkspur House", "residential", "older_people", 30, "WX2 5HJ", False, 5),
    ("Larkspur Living", "Larkspur Gardens", "housing_with_care", "older_people", 70, "NM2 3EF", True, 8),
    ("Oakridge Support", "Oakridge Place", "residential", "ld_autism", 12, "NM5 7GH", True, 1),
]  # fmt: skip


def demo_world(*, acting_user: User) -> Incident:
    """The demo market and an emergency closure of Ashdown House (idempotent by name)."""
    providers: dict[str, Provider] = {}
    found: dict[str, Service] = {}
    today = timezone.localdate()
    for provider_name, name, kind, group, beds, postcode, in_area, free in MARKET:
        provider = (
            providers.get(provider_name) or Provider.objects.filter(name=provider_name).first()
        )
        if provider is None:
            provider = register.provider_create(acting_user=acting_user, name=provider_name)
        providers[provider_name] = provider
        service = Service.objects.filter(name=name, provider=provider).first()
        if service is None:
            host = None if in_area else LocalAuthority.objects.order_by("name").first()
            service = register.service_create(
                acting_user=acting_user,
                provider=provider,
                name=name,
                service_type=kind,
                client_group=group,
                capacity=beds,
                capacity_unit="hours" if kind == "home_support" else "beds",
                postcode=postcode,
                town="Northmoor",
                in_area=in_area,
                host_authority=host,
            )
        found[name] = service
        if free is not None and not service.vacancies.exists():
            services.vacancy_record(
                acting_user=acting_user,
                service=service,
                vacancies=free,
                recorded_on=today - datetime.timedelta(days=1),
                notes="",
            )
    incident = Incident.objects.filter(title="Ashdown House emergency closure").first()
    if incident is not None:
        return incident
    incident = services.incident_open(
        acting_user=acting_user,
        title="Ashdown House emergency closure",
        services=[found["Ashdown House"]],
        cause="emergency",
        notice_at=timezone.now() - datetime.timedelta(hours=30),
        lead=acting_user,
        is_emergency=True,
        summary="A fire in the kitchen wing has left the home without power and heating.",
        provider_registered=True,
        business_failure=False,
        activity_regulated=True,
    )
    placing = LocalAuthority.objects.exclude(name__icontains="Northmoor").order_by("name").first()
    services.people_import(
        acting_user=acting_user,
        incident=incident,
        upload=SimpleUploadedFile(
            "residents.csv",
            residents_csv(
                service_name="Ashdown House", placing_council=placing.name if placing else ""
            ),
        ),
    )
    return incident
