"""The demo council's market: about 130 fictional services run by about 60 fictional providers.

The shape follows the source papers (DOMAIN.md, "The market"; seed 002 section 5; the CQC
rating tables in seeds 000 and 004): 73 care homes (48 for older people, 15 for people with a
learning disability or autism, 10 for mental health; residential and nursing), 17 home
support branches, 18 housing with care schemes, 14 supported living schemes, day
opportunities and community meals; providers national, regional and local, large, medium and
small; CQC ratings about 5% Outstanding, 75% Good, 17% Requires improvement, 3% Inadequate
and a few not yet rated.

Every name, address, postcode, phone number and CQC ID is invented. Postcodes use the area
"NM" (Northmoor), which does not exist; phone numbers are in Ofcom's 01632 960xxx range,
reserved for drama. Everything is drawn from ``random.Random(SEED)``, so two runs on the same
day build the same council. Writes go through providers.services like any other change.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_create
from demo.accounts import DEMO_ACCOUNTS
from providers import services
from providers.models import (
    KEY_QUESTIONS,
    BusinessContinuityCheck,
    CapacityUnit,
    ClientGroup,
    ContractType,
    CQCRating,
    LocalAuthority,
    Rating,
    Scale,
    Service,
    ServiceType,
    Size,
)

SEED = 20151214  # the date of the first source paper

PREFIXES = [
    "Amber", "Bramble", "Cobble", "Dapple", "Elder", "Fallow", "Gorse", "Heather", "Ivory",
    "Juniper", "Kestrel", "Linnet", "Marram", "Nettle", "Osier", "Plover", "Quill", "Rowan",
    "Sorrel", "Teasel", "Umber", "Vetch", "Whin", "Yarrow", "Burdock", "Campion", "Dunnock",
    "Eyebright", "Fieldfare", "Goldcrest",
]  # fmt: skip
SUFFIXES = [
    "mere", "holt", "wick", "combe", "stead", "ford", "lea", "ridge", "dene", "brook", "garth",
    "thwaite",
]  # fmt: skip
STREETS = [
    "Moor Lane", "Chapel Street", "Quarry Road", "Mill Bank", "Station Road", "Beacon Way",
    "Tannery Lane", "Furnace Road", "Priory Walk", "Weavers Row", "Canal Side", "Ropewalk",
    "Market Street", "Foundry Close", "Orchard Rise",
]  # fmt: skip
TOWNS = ["Northmoor", "Northmoor", "Northmoor", "Kelby", "Ashworth Green", "Lower Brindle"]
FIRST_NAMES = [
    "Alison", "Bola", "Carys", "Declan", "Eleni", "Farid", "Gemma", "Hassan", "Imogen", "Jonah",
    "Kirsty", "Leon", "Marta", "Nikhil", "Orla", "Pavel", "Rhian", "Samir", "Tamsin", "Usha",
    "Vikram", "Wendy", "Yusuf", "Zara",
]  # fmt: skip
SURNAMES = [
    "Ashdown", "Brierley", "Caldwell", "Dobrev", "Egan", "Fairclough", "Gill", "Hollins",
    "Iqbal", "Jarvis", "Kowalczyk", "Lindqvist", "Mbeki", "Nuttall", "Okoro", "Pickering",
    "Quayle", "Rahman", "Stott", "Thornber", "Uddin", "Varga", "Whitworth", "Yeadon",
]  # fmt: skip

# Extra people who hold portfolios in the demo council, besides the demo accounts.
EXTRA_OFFICERS = [
    ("sam.whitfield@demo.test", "Sam Whitfield"),
    ("grace.adeyemi@demo.test", "Grace Adeyemi"),
    ("tomasz.brennan@demo.test", "Tomasz Brennan"),
]
EXTRA_NURSE = ("ruth.okonjo@demo.test", "Ruth Okonjo")
DEMO_OFFICER = "officer@demo.test"
DEMO_NURSE = "nurse@demo.test"
DEMO_OFFICER_PORTFOLIO = 25

T = ServiceType
C = ClientGroup
NL, NM = (Scale.NATIONAL, Size.LARGE), (Scale.NATIONAL, Size.MEDIUM)
RL, RM, RS = (
    (Scale.REGIONAL, Size.LARGE),
    (Scale.REGIONAL, Size.MEDIUM),
    (Scale.REGIONAL, Size.SMALL),
)
LL, LM, LS = (Scale.LOCAL, Size.LARGE), (Scale.LOCAL, Size.MEDIUM), (Scale.LOCAL, Size.SMALL)

# Each sector: the providers that run it (scale and size, how many), and its services
# ((service type, client group), how many). Providers get one service each, then the rest
# go to the larger ones.
SECTORS = [
    (
        "care homes",
        [(NL, 4), (NM, 3), (RL, 3), (RM, 5), (RS, 2), (LL, 1), (LM, 8), (LS, 14)],
        [
            ((T.RESIDENTIAL, C.OLDER_PEOPLE), 28),
            ((T.NURSING, C.OLDER_PEOPLE), 20),
            ((T.RESIDENTIAL, C.LEARNING_DISABILITY_AUTISM), 13),
            ((T.NURSING, C.LEARNING_DISABILITY_AUTISM), 2),
            ((T.RESIDENTIAL, C.MENTAL_HEALTH), 7),
            ((T.NURSING, C.MENTAL_HEALTH), 3),
        ],
    ),
    (
        "home support",
        [(NL, 1), (RL, 1), (RM, 1), (LM, 2), (LS, 2)],
        [((T.HOME_SUPPORT, C.OLDER_PEOPLE), 13), ((T.HOME_SUPPORT, C.PHYSICAL_DISABILITY), 4)],
    ),
    ("housing with care", [(NL, 1), (RM, 1)], [((T.HOUSING_WITH_CARE, C.OLDER_PEOPLE), 8)]),
    (
        "supported living",
        [(RL, 1), (RM, 1), (LM, 2), (LS, 2)],
        [
            ((T.SUPPORTED_LIVING, C.LEARNING_DISABILITY_AUTISM), 10),
            ((T.SUPPORTED_LIVING, C.MENTAL_HEALTH), 4),
        ],
    ),
    (
        "day opportunities",
        [(LM, 1), (LS, 1)],
        [
            ((T.DAY_OPPORTUNITIES, C.OLDER_PEOPLE), 3),
            ((T.DAY_OPPORTUNITIES, C.LEARNING_DISABILITY_AUTISM), 3),
        ],
    ),
    ("community meals", [(LM, 1)], [((T.COMMUNITY_MEALS, C.OLDER_PEOPLE), 2)]),
    (
        "third sector",
        [(LS, 1)],
        [((T.THIRD_SECTOR_SMALL, C.OLDER_PEOPLE), 1), ((T.SHELTERED_HOUSING, C.OLDER_PEOPLE), 1)],
    ),
]
# The council runs more than half of the housing with care (seed 002, section 5).
COUNCIL_SCHEMES = 10

REGULATED = {T.RESIDENTIAL, T.NURSING, T.HOME_SUPPORT, T.SUPPORTED_LIVING, T.HOUSING_WITH_CARE}
OUT_OF_AREA_CARE_HOMES = 8
EXTRA_WEIGHT: dict[str, int] = {Size.LARGE: 8, Size.MEDIUM: 1, Size.SMALL: 0}


@dataclass
class ServicePlan:
    provider_index: int
    service_type: str
    client_group: str
    name: str = ""
    in_area: bool = True
    closed: bool = False
    rating: str | None = None
    fields: dict = field(default_factory=dict)


@dataclass
class ProviderPlan:
    name: str
    scale: str
    size: str
    kind: str
    services: list[ServicePlan] = field(default_factory=list)


class DemoCouncil:
    """Builds the plan with one random generator, then writes it through the services."""

    def __init__(self, *, seed: int = SEED, today: datetime.date | None = None):
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.names = self.rng.sample([p + s for p in PREFIXES for s in SUFFIXES], 240)
        self.location_number = 0
        self.provider_number = 0
        self.contract_number = 0

    # --- names and places -------------------------------------------------------------
    def _stem(self) -> str:
        return self.names.pop()

    def _person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"

    def _phone(self) -> str:
        return f"01632 960{self.rng.randint(0, 999):03d}"

    def _postcode(self, area: str = "NM") -> str:
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        return (
            f"{area}{self.rng.randint(1, 19)} {self.rng.randint(1, 9)}"
            f"{self.rng.choice(letters)}{self.rng.choice(letters)}"
        )

    def _days_ago(self, low: int, high: int) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(low, high))

    # --- the plan ---------------------------------------------------------------------
    def plan(self) -> list[ProviderPlan]:
        providers: list[ProviderPlan] = []
        for kind, tiers, slots in SECTORS:
            first = len(providers)
            for (scale, size), count in tiers:
                for _ in range(count):
                    providers.append(self._provider_plan(kind, scale, size))
            members = list(range(first, len(providers)))
            wanted = [key for key, count in slots for _ in range(count)]
            self.rng.shuffle(wanted)
            owners = list(members)
            weights = [EXTRA_WEIGHT[providers[i].size] for i in members]
            if not any(weights):
                weights = [1] * len(members)
            while len(owners) < len(wanted):
                owners.append(self.rng.choices(members, weights=weights)[0])
            for owner, (service_type, client_group) in zip(owners, wanted, strict=False):
                providers[owner].services.append(ServicePlan(owner, service_type, client_group))
        council = ProviderPlan(
            name=f"{settings.OVERSIGHT_COUNCIL_NAME} Housing with Care",
            scale=Scale.LOCAL,
            size=Size.LARGE,
            kind="housing with care",
        )
        index = len(providers)
        council.services = [
            ServicePlan(index, T.HOUSING_WITH_CARE, C.OLDER_PEOPLE) for _ in range(COUNCIL_SCHEMES)
        ]
        providers.append(council)

        plans = [s for p in providers for s in p.services]
        care_homes = [s for s in plans if s.service_type in (T.RESIDENTIAL, T.NURSING)]
        for plan in self.rng.sample(care_homes, OUT_OF_AREA_CARE_HOMES):
            plan.in_area = False
        in_area_homes = [s for s in care_homes if s.in_area]
        self.rng.choice(in_area_homes).closed = True
        self.rng.choice([s for s in plans if s.service_type == T.DAY_OPPORTUNITIES]).closed = True
        self._plan_ratings([s for s in plans if s.service_type in REGULATED and not s.closed])
        return providers

    def _provider_plan(self, kind: str, scale: str, size: str) -> ProviderPlan:
        stem = self._stem()
        if kind == "third sector":
            name = f"{stem} Community Trust"
        elif scale == Scale.NATIONAL:
            name = f"{stem} {self.rng.choice(['Care Group', 'Healthcare', 'Living', 'Care Partnership'])}"
        elif scale == Scale.REGIONAL:
            name = f"{stem} {self.rng.choice(['Care', 'Support Services', 'Homes', 'Care Services'])} Ltd"
        elif kind == "home support":
            name = f"{stem} Homecare Ltd"
        elif kind == "care homes":
            name = f"{stem} {self.rng.choice(['Care Ltd', 'House Ltd', 'Care Homes Ltd'])}"
        else:
            name = f"{stem} {self.rng.choice(['Care Ltd', 'Support', 'Community Care Ltd'])}"
        return ProviderPlan(name=name, scale=scale, size=size, kind=kind)

    def _plan_ratings(self, plans: list[ServicePlan]) -> None:
        """About 5% Outstanding, 75% Good, 17% Requires improvement, 3% Inadequate, and a
        few not yet rated, shuffled across the regulated services."""
        total = len(plans)
        outstanding = round(total * 0.05)
        inadequate = max(3, round(total * 0.03))
        requires = round(total * 0.17)
        not_rated = 3
        good = total - outstanding - inadequate - requires - not_rated
        ratings = (
            [Rating.OUTSTANDING] * outstanding
            + [Rating.INADEQUATE] * inadequate
            + [Rating.REQUIRES_IMPROVEMENT] * requires
            + [Rating.NOT_RATED] * not_rated
            + [Rating.GOOD] * good
        )
        self.rng.shuffle(ratings)
        for plan, rating in zip(plans, ratings, strict=True):
            plan.rating = rating

    # --- key questions consistent with the overall rating -------------------------------
    def key_questions(self, overall: str) -> dict[str, Rating]:
        kq = dict.fromkeys(KEY_QUESTIONS, Rating.GOOD)
        rng = self.rng
        if overall == Rating.NOT_RATED:
            return dict.fromkeys(KEY_QUESTIONS, Rating.NOT_RATED)
        if overall == Rating.OUTSTANDING:
            for q in rng.sample(["caring", "responsive", "well_led", "effective"], 2):
                kq[q] = Rating.OUTSTANDING
        elif overall == Rating.GOOD:
            roll = rng.random()
            if roll < 0.25:
                kq[rng.choice(["safe", "effective", "well_led"])] = Rating.REQUIRES_IMPROVEMENT
            elif roll < 0.35:
                kq[rng.choice(["caring", "responsive"])] = Rating.OUTSTANDING
        elif overall == Rating.REQUIRES_IMPROVEMENT:
            for q in [
                "safe",
                "well_led",
                *rng.sample(["effective", "responsive"], rng.randint(0, 1)),
            ]:
                kq[q] = Rating.REQUIRES_IMPROVEMENT
            if rng.random() < 0.2:
                kq["safe"] = Rating.INADEQUATE
        elif overall == Rating.INADEQUATE:
            kq.update(
                safe=Rating.INADEQUATE,
                well_led=Rating.INADEQUATE,
                effective=Rating.REQUIRES_IMPROVEMENT,
                responsive=Rating.REQUIRES_IMPROVEMENT,
                caring=rng.choice([Rating.GOOD, Rating.REQUIRES_IMPROVEMENT]),
            )
        return kq

    def previous_overall(self, current: str) -> str:
        if current == Rating.INADEQUATE:
            return self.rng.choice([Rating.GOOD, Rating.REQUIRES_IMPROVEMENT])
        if current == Rating.REQUIRES_IMPROVEMENT:
            return self.rng.choice([Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE])
        if current == Rating.OUTSTANDING:
            return self.rng.choice([Rating.GOOD, Rating.OUTSTANDING])
        return self.rng.choice([Rating.GOOD, Rating.GOOD, Rating.REQUIRES_IMPROVEMENT])

    # --- service details --------------------------------------------------------------
    def service_name(self, plan: ServicePlan, provider: ProviderPlan) -> str:
        stem = self._stem()
        t = plan.service_type
        if t in (T.RESIDENTIAL, T.NURSING):
            return (
                f"{stem} {self.rng.choice(['House', 'Lodge', 'Court', 'Manor', 'Grange', 'Hall'])}"
            )
        if t == T.HOME_SUPPORT:
            return f"{provider.name.replace(' Ltd', '')} ({stem} branch)"
        if t == T.HOUSING_WITH_CARE:
            return f"{stem} {self.rng.choice(['Court', 'Gardens', 'Village', 'Place'])}"
        if t == T.SUPPORTED_LIVING:
            return f"{stem} Road supported living"
        if t == T.DAY_OPPORTUNITIES:
            return f"{stem} Day Centre"
        if t == T.COMMUNITY_MEALS:
            return f"{stem} community meals"
        if t == T.SHELTERED_HOUSING:
            return f"{stem} Close sheltered housing"
        return f"{stem} Friendship Club"

    def capacity(self, plan: ServicePlan, provider: ProviderPlan) -> tuple[int, str]:
        t, rng = plan.service_type, self.rng
        if t in (T.RESIDENTIAL, T.NURSING):
            if plan.client_group == C.OLDER_PEOPLE:
                low, high = (18, 40) if provider.size == Size.SMALL else (35, 90)
            else:
                low, high = (6, 24)
            return rng.randint(low, high), CapacityUnit.BEDS
        if t == T.HOME_SUPPORT:
            return rng.randrange(300, 1800, 50), CapacityUnit.HOURS
        if t == T.HOUSING_WITH_CARE:
            return rng.randint(30, 85), CapacityUnit.PLACES
        if t == T.SUPPORTED_LIVING:
            return rng.randint(4, 20), CapacityUnit.PEOPLE
        if t == T.DAY_OPPORTUNITIES:
            return rng.randint(20, 60), CapacityUnit.PLACES
        if t == T.COMMUNITY_MEALS:
            return rng.randint(120, 320), CapacityUnit.PEOPLE
        return rng.randint(20, 60), CapacityUnit.PEOPLE

    def contract_terms(self, plan: ServicePlan, provider: ProviderPlan, capacity: int) -> dict:
        """People funded and what the council spends, in proportion to the service."""
        t, rng = plan.service_type, self.rng
        health = jointly = other = 0
        spend: float
        if not plan.in_area:
            council = rng.randint(1, 3)
            rate = rng.randint(850, 1400)
            spend = council * rate * 52
            return {
                "contract_type": ContractType.SPOT,
                "annual_spend": Decimal(spend),
                "annual_value": Decimal(spend),
                "council_funded": council,
                "health_funded": 0,
                "jointly_funded": 0,
                "self_funders": 0,
                "other_council_placed": 0,
            }
        if t in (T.RESIDENTIAL, T.NURSING):
            council = max(2, round(capacity * rng.uniform(0.15, 0.4)))
            if t == T.NURSING:
                health = round(capacity * rng.uniform(0.1, 0.25))
                jointly = rng.randint(0, 3)
                rate = rng.randint(950, 1250)
            else:
                rate = rng.randint(780, 950)
            self_funders = max(0, capacity - council - health - jointly - rng.randint(1, 5))
            other = rng.randint(0, 3)
            spend = min(max((council + jointly) * rate * 52 * 0.95, 300_000), 2_000_000)
            contract_type = (
                ContractType.BLOCK
                if provider.scale == Scale.NATIONAL and rng.random() < 0.6
                else rng.choice([ContractType.SPOT, ContractType.FRAMEWORK])
            )
        elif t == T.HOME_SUPPORT:
            council = rng.randint(25, 110)
            health = rng.randint(0, 12)
            self_funders = rng.randint(5, 40)
            spend = min(max(capacity * 23.5 * 52 * rng.uniform(0.3, 0.55), 200_000), 1_500_000)
            contract_type = ContractType.FRAMEWORK
        elif t == T.HOUSING_WITH_CARE:
            council = round(capacity * rng.uniform(0.5, 0.8))
            self_funders = rng.randint(2, 12)
            spend = council * rng.randint(8_000, 12_000)
            contract_type = ContractType.BLOCK
        elif t == T.SUPPORTED_LIVING:
            council = capacity - rng.randint(0, 2)
            health = rng.randint(0, 2)
            jointly = rng.randint(0, 2)
            self_funders = 0
            spend = (council + jointly) * rng.randint(25_000, 55_000)
            contract_type = ContractType.FRAMEWORK
        elif t == T.DAY_OPPORTUNITIES:
            council = round(capacity * rng.uniform(0.5, 0.9))
            self_funders = rng.randint(0, 8)
            spend = council * rng.randint(2_500, 4_500)
            contract_type = rng.choice([ContractType.BLOCK, ContractType.SPOT])
        elif t == T.COMMUNITY_MEALS:
            council = round(capacity * 0.6)
            self_funders = capacity - council
            spend = council * rng.randint(300, 500)
            contract_type = ContractType.BLOCK
        else:
            council = 0
            self_funders = 0
            spend = rng.randint(20_000, 60_000)
            contract_type = ContractType.BLOCK
        annual_spend = Decimal(round(spend, -2))
        return {
            "contract_type": contract_type,
            "annual_spend": annual_spend,
            "annual_value": Decimal(round(float(annual_spend) * rng.uniform(1.0, 1.1), -3)),
            "council_funded": council,
            "health_funded": health,
            "jointly_funded": jointly,
            "self_funders": self_funders,
            "other_council_placed": other,
        }

    def _reference(self, service_type: str) -> str:
        self.contract_number += 1
        codes: dict[str, str] = {
            T.RESIDENTIAL: "CH",
            T.NURSING: "NH",
            T.HOME_SUPPORT: "HS",
            T.SUPPORTED_LIVING: "SL",
            T.HOUSING_WITH_CARE: "HWC",
            T.DAY_OPPORTUNITIES: "DAY",
            T.COMMUNITY_MEALS: "CM",
        }
        code = codes.get(service_type, "GR")
        return f"NM-{code}-{self.contract_number:04d}"

    # --- people -------------------------------------------------------------------------
    def people(self) -> tuple[list[User], list[User]]:
        """The demo officers and nurses, created (with the demo password) when missing."""
        password = settings.OVERSIGHT_DEMO_PASSWORD
        by_email = {
            email: (name, role, title, org) for email, name, role, title, org in DEMO_ACCOUNTS
        }

        def ensure(email, name, role, title, organisation):
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                user = user_create(
                    acting_user=None,
                    email=email,
                    full_name=name,
                    role=role,
                    password=password,
                    job_title=title,
                    organisation=organisation,
                )
            return user

        council = settings.OVERSIGHT_COUNCIL_NAME
        officers = [ensure(DEMO_OFFICER, *by_email[DEMO_OFFICER])]
        for email, name in EXTRA_OFFICERS:
            officers.append(
                ensure(email, name, Role.CONTRACT_OFFICER, "Quality and contracts officer", council)
            )
        nurses = [
            ensure(DEMO_NURSE, *by_email[DEMO_NURSE]),
            ensure(
                EXTRA_NURSE[0],
                EXTRA_NURSE[1],
                Role.CLINICAL_NURSE,
                "Clinical quality nurse",
                "Northmoor ICB",
            ),
        ]
        return officers, nurses

    # --- writing it ---------------------------------------------------------------------
    @transaction.atomic
    def build(self) -> dict:
        officers, nurses = self.people()
        providers = self.plan()
        authorities = list(LocalAuthority.objects.order_by("name"))
        hosts = self.rng.sample(authorities, 4) if authorities else []
        created_services: list[tuple[Service, ServicePlan, ProviderPlan]] = []
        for provider_plan in providers:
            self.provider_number += 1
            registered = any(s.service_type in REGULATED for s in provider_plan.services)
            provider = services.provider_create(
                acting_user=None,
                name=provider_plan.name,
                cqc_provider_id=f"1-9{self.provider_number:08d}" if registered else None,
                scale=provider_plan.scale,
                size=provider_plan.size,
                head_office_address=f"{self.rng.randint(1, 90)} {self.rng.choice(STREETS)}",
                head_office_postcode=self._postcode()
                if provider_plan.scale == Scale.LOCAL
                else self._postcode("XN"),
                phone=self._phone(),
            )
            for plan in provider_plan.services:
                created_services.append(
                    (self._service(provider, provider_plan, plan, hosts), plan, provider_plan)
                )

        self._assign_portfolios(created_services, officers, nurses)
        for service, plan, provider_plan in created_services:
            self._ratings(service, plan)
            self._contracts(service, plan, provider_plan)
            self._bcp(service)
        return {"providers": len(providers), "services": len(created_services)}

    def _service(self, provider, provider_plan, plan, hosts) -> Service:
        capacity, unit = self.capacity(plan, provider_plan)
        plan.fields = {"capacity": capacity}
        regulated = plan.service_type in REGULATED
        if regulated:
            self.location_number += 1
        host = self.rng.choice(hosts) if (not plan.in_area and hosts) else None
        registered_on = self._days_ago(400, 9000) if regulated else None
        if plan.rating == Rating.NOT_RATED:
            registered_on = self._days_ago(60, 300)
        closed_on = self._days_ago(30, 250) if plan.closed else None
        if closed_on and registered_on and closed_on < registered_on:
            registered_on = closed_on - datetime.timedelta(days=800)
        return services.service_create(
            acting_user=None,
            provider=provider,
            name=self.service_name(plan, provider_plan),
            service_type=plan.service_type,
            client_group=plan.client_group,
            cqc_location_id=f"1-8{self.location_number:08d}" if regulated else None,
            capacity=capacity,
            capacity_unit=unit,
            registered_manager="" if self.rng.random() < 0.08 else self._person(),
            address_line_1=f"{self.rng.randint(1, 180)} {self.rng.choice(STREETS)}",
            town=host.name if host else self.rng.choice(TOWNS),
            postcode=self._postcode("XW") if host else self._postcode(),
            phone=self._phone(),
            local_authority_name=host.name if host else settings.OVERSIGHT_COUNCIL_NAME,
            in_area=plan.in_area,
            host_authority=host,
            registered_on=registered_on,
            closed_on=closed_on,
        )

    def _assign_portfolios(self, created, officers, nurses) -> None:
        """The demo officer gets about 25 services, including some that need attention; the
        other officers share the rest. Nurses cover the nursing homes and some care homes."""
        order = list(created)
        self.rng.shuffle(order)
        worrying = [
            item
            for item in order
            if item[1].rating in (Rating.INADEQUATE, Rating.REQUIRES_IMPROVEMENT)
        ][:4]
        order = worrying + [item for item in order if item not in worrying]
        demo, others = officers[0], officers[1:]
        for position, (service, _plan, _provider_plan) in enumerate(order):
            if position < DEMO_OFFICER_PORTFOLIO:
                officer = demo
            else:
                officer = others[position % len(others)]
            nurse = None
            if service.service_type == T.NURSING or (
                service.service_type == T.RESIDENTIAL and self.rng.random() < 0.3
            ):
                nurse = nurses[0] if service.client_group == C.OLDER_PEOPLE else nurses[1]
            services.service_update(
                acting_user=None, service=service, contract_officer=officer, clinical_nurse=nurse
            )

    def _ratings(self, service: Service, plan: ServicePlan) -> None:
        if plan.rating is None:
            return
        if plan.rating == Rating.NOT_RATED:
            services.rating_record(
                acting_user=None,
                service=service,
                overall=Rating.NOT_RATED,
                published_on=None,
                source=CQCRating.Source.CQC_API,
                **self.key_questions(Rating.NOT_RATED),
            )
            return
        published = self._days_ago(45, 1300)
        history: list[tuple[str, datetime.date]] = []
        for _ in range(self.rng.choice([0, 1, 1, 2])):
            published_before = (history[-1][1] if history else published) - datetime.timedelta(
                days=self.rng.randint(450, 1000)
            )
            history.append(
                (
                    self.previous_overall(history[-1][0] if history else plan.rating),
                    published_before,
                )
            )
        for overall, on in reversed(history):
            services.rating_record(
                acting_user=None,
                service=service,
                overall=overall,
                published_on=on,
                source=CQCRating.Source.CQC_API,
                **self.key_questions(overall),
            )
        services.rating_record(
            acting_user=None,
            service=service,
            overall=plan.rating,
            published_on=published,
            source=CQCRating.Source.CQC_API,
            **self.key_questions(plan.rating),
        )

    def _contracts(self, service: Service, plan: ServicePlan, provider_plan: ProviderPlan) -> None:
        rng = self.rng
        # Some in-area care homes are used only by self-funders and other councils.
        if plan.in_area and plan.service_type in (T.RESIDENTIAL, T.NURSING) and rng.random() < 0.12:
            return
        terms = self.contract_terms(plan, provider_plan, plan.fields["capacity"])
        start = self._days_ago(120, 1500)
        if plan.closed:
            end = service.closed_on
            assert end is not None  # a closed plan's service has its closing date
            start = min(start, end - datetime.timedelta(days=365))
        elif terms["contract_type"] == ContractType.SPOT:
            end = None
        else:
            end = start + datetime.timedelta(days=365 * rng.choice([3, 4, 5]) - 1)
            if end < self.today:
                end = self.today + datetime.timedelta(days=rng.randint(60, 700))
        if rng.random() < 0.3:
            # An earlier contract that ended when this one began.
            earlier_start = start - datetime.timedelta(days=365 * 3)
            services.contract_create(
                acting_user=None,
                service=service,
                reference=self._reference(plan.service_type),
                start_date=earlier_start,
                end_date=start - datetime.timedelta(days=1),
                **{
                    **terms,
                    "annual_spend": (terms["annual_spend"] * Decimal("0.9")).quantize(Decimal("1")),
                },
            )
        services.contract_create(
            acting_user=None,
            service=service,
            reference=self._reference(plan.service_type),
            start_date=start,
            end_date=end,
            **terms,
        )

    def _bcp(self, service: Service) -> None:
        if service.closed_on:
            return
        roll = self.rng.random()
        if roll < 0.08:
            return  # never checked
        checked_on = self._days_ago(400, 600) if roll < 0.2 else self._days_ago(10, 330)
        outcome = self.rng.choices(
            [
                BusinessContinuityCheck.Outcome.ADEQUATE,
                BusinessContinuityCheck.Outcome.NEEDS_WORK,
                BusinessContinuityCheck.Outcome.NOT_PROVIDED,
            ],
            weights=[85, 12, 3],
        )[0]
        services.bcp_check_record(
            acting_user=service.contract_officer,
            service=service,
            checked_on=checked_on,
            outcome=outcome,
            notes=""
            if outcome == BusinessContinuityCheck.Outcome.ADEQUATE
            else "Plan to be resubmitted with updated staffing contingency.",
        )
