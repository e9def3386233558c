"""The market: providers, the services they run, contracts, CQC ratings and BCP checks.

The **service** is the unit everything else hangs off: visits, intelligence, risk scores,
levels and failure incidents all point at a service (DOMAIN.md, "The market").
"""

from __future__ import annotations

from decimal import Decimal

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Lower, Now, TruncDate

from core.models import TimeStampedModel

SPEND_FLAG_THRESHOLD = Decimal("1000000")  # providers with more annual spend are flagged


class Scale(models.TextChoices):
    NATIONAL = "national", "National"
    REGIONAL = "regional", "Regional"
    LOCAL = "local", "Local"


class Size(models.TextChoices):
    LARGE = "large", "Large"
    MEDIUM = "medium", "Medium"
    SMALL = "small", "Small"


class ServiceType(models.TextChoices):
    RESIDENTIAL = "residential", "Residential care home"
    NURSING = "nursing", "Nursing home"
    HOME_SUPPORT = "home_support", "Home support"
    SUPPORTED_LIVING = "supported_living", "Supported living"
    HOUSING_WITH_CARE = "housing_with_care", "Housing with care (extra care)"
    DAY_OPPORTUNITIES = "day_opportunities", "Day opportunities"
    COMMUNITY_MEALS = "community_meals", "Community meals"
    SHELTERED_HOUSING = "sheltered_housing", "Sheltered housing (not social care)"
    THIRD_SECTOR_LARGE = "third_sector_large", "Third sector (large)"
    THIRD_SECTOR_SMALL = "third_sector_small", "Third sector (small and local)"


CARE_HOME_TYPES = (ServiceType.RESIDENTIAL, ServiceType.NURSING)
HOME_BASED_TYPES = (ServiceType.HOME_SUPPORT, ServiceType.COMMUNITY_MEALS)


class RatingCategory(models.TextChoices):
    """How CQC and boards group services when comparing ratings (seeds 000 and 004)."""

    RESIDENTIAL = "residential", "Residential"
    NURSING = "nursing", "Nursing"
    COMMUNITY = "community", "Community"


def rating_category_for(service_type: str) -> str:
    if service_type == ServiceType.RESIDENTIAL:
        return RatingCategory.RESIDENTIAL
    if service_type == ServiceType.NURSING:
        return RatingCategory.NURSING
    return RatingCategory.COMMUNITY


class ClientGroup(models.TextChoices):
    OLDER_PEOPLE = "older_people", "Older people"
    LEARNING_DISABILITY_AUTISM = "ld_autism", "Learning disability and autism"
    MENTAL_HEALTH = "mental_health", "Mental health"
    PHYSICAL_DISABILITY = "physical_disability", "Physical disability"


class CapacityUnit(models.TextChoices):
    BEDS = "beds", "beds"
    HOURS = "hours", "hours a week"
    PLACES = "places", "places"
    PEOPLE = "people", "people"


class Rating(models.TextChoices):
    """CQC's four-point scale, plus the states that carry no judgement."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_RATED = "not_rated", "Not yet rated"

    @classmethod
    def from_cqc(cls, word: str | None) -> str:
        """Map CQC's rating words, in whatever case they come, to a choice."""
        if not word:
            return cls.NOT_RATED
        key = " ".join(word.strip().lower().split())
        return {
            "outstanding": cls.OUTSTANDING,
            "good": cls.GOOD,
            "requires improvement": cls.REQUIRES_IMPROVEMENT,
            "inadequate": cls.INADEQUATE,
        }.get(key, cls.NOT_RATED)


GOOD_OR_BETTER = (Rating.OUTSTANDING, Rating.GOOD)
KEY_QUESTIONS = ("safe", "effective", "caring", "responsive", "well_led")


class LocalAuthority(models.Model):
    """An English council with adult social care duties (mySociety register, ONS GSS codes)."""

    code = models.CharField("Register code", max_length=8, unique=True)
    gss_code = models.CharField("GSS code", max_length=9, unique=True)
    name = models.CharField(max_length=150)
    official_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class Provider(TimeStampedModel):
    """The organisation that runs one or more services (a CQC provider where registered)."""

    name = models.CharField(max_length=255)
    cqc_provider_id = models.CharField("CQC provider ID", max_length=20, null=True, blank=True)
    scale = models.CharField(max_length=20, choices=Scale.choices, default=Scale.LOCAL)
    size = models.CharField(max_length=20, choices=Size.choices, default=Size.SMALL)
    head_office_address = models.CharField(max_length=255, blank=True)
    head_office_postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["cqc_provider_id"], name="provider_cqc_id_unique"),
            models.CheckConstraint(
                condition=~Q(cqc_provider_id=""), name="provider_cqc_id_not_blank"
            ),
        ]
        indexes = [models.Index(Lower("name"), name="provider_name_lower_idx")]

    def __str__(self) -> str:
        return self.name


class ServiceQuerySet(models.QuerySet):
    """The rules for which services count: open today, or in the market on a day."""

    @staticmethod
    def open_q(prefix: str = "") -> Q:
        """A service is open while it has no ``closed_on`` date (today's register; for a day
        in the past use ``in_market_q``). ``prefix`` is the path to the service, e.g.
        "service__"."""
        return Q(**{f"{prefix}closed_on__isnull": True})

    def open(self) -> ServiceQuerySet:
        """Services still running today (``open_q``)."""
        return self.filter(self.open_q())

    def closed(self) -> ServiceQuerySet:
        """Services that have closed (the opposite of ``open``)."""
        return self.exclude(self.open_q())

    @staticmethod
    def in_market_q(day, prefix: str = "") -> Q:
        """A service is in the market on ``day`` when it was registered by then (or has no
        registration date) and had not closed: it is out of the market from ``closed_on``."""
        return (
            Q(**{f"{prefix}registered_on__isnull": True})
            | Q(**{f"{prefix}registered_on__lte": day})
        ) & (ServiceQuerySet.open_q(prefix) | Q(**{f"{prefix}closed_on__gt": day}))

    def in_market_on(self, day) -> ServiceQuerySet:
        """Services in the market on ``day`` (``in_market_q``)."""
        return self.filter(self.in_market_q(day))

    def in_market_between(self, first, last) -> ServiceQuerySet:
        """Services in the market on at least one day from ``first`` to ``last``: registered
        by ``last`` (or with no registration date) and not closed by ``first``."""
        return self.filter(
            (Q(registered_on__isnull=True) | Q(registered_on__lte=last))
            & (self.open_q() | Q(closed_on__gt=first))
        )


@pghistory.track()
class Service(TimeStampedModel):
    """A monitored unit: a care home, a home support branch, a scheme (a CQC location)."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=255)
    service_type = models.CharField(max_length=30, choices=ServiceType.choices)
    client_group = models.CharField(max_length=30, choices=ClientGroup.choices)
    cqc_location_id = models.CharField("CQC location ID", max_length=20, null=True, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    capacity_unit = models.CharField(
        max_length=10, choices=CapacityUnit.choices, default=CapacityUnit.BEDS
    )
    registered_manager = models.CharField(
        max_length=150, blank=True, help_text="Leave empty if the post is vacant."
    )
    address_line_1 = models.CharField(max_length=255, blank=True)
    address_line_2 = models.CharField(max_length=255, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    local_authority_name = models.CharField(
        "Local authority area", max_length=150, blank=True, help_text="As CQC records it."
    )
    in_area = models.BooleanField(
        "In the council's area",
        default=True,
        help_text="Out-of-area placements are monitored by an annual desktop review.",
    )
    host_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_services",
        help_text="For out-of-area services: the council whose area it is in.",
    )
    registered_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(
        null=True, blank=True, help_text="When the service closed or was deregistered."
    )
    contract_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portfolio",
    )
    clinical_nurse = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clinical_portfolio",
    )
    cqc_synced_at = models.DateTimeField(null=True, blank=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["cqc_location_id"], name="service_cqc_id_unique"),
            models.CheckConstraint(
                condition=~Q(cqc_location_id=""), name="service_cqc_id_not_blank"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(registered_on__isnull=True)
                | Q(closed_on__gte=models.F("registered_on")),
                name="service_closes_after_registration",
            ),
        ]
        indexes = [
            models.Index(Lower("name"), name="service_name_lower_idx"),
            models.Index(fields=["postcode"]),
            models.Index(fields=["service_type", "client_group"]),
        ]
        permissions = [
            ("import_services", "Can import services and contracts from a spreadsheet"),
            ("view_market_analysis", "Can see the market analysis"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def manager_vacant(self) -> bool:
        return not self.registered_manager.strip()

    @property
    def is_care_home(self) -> bool:
        return self.service_type in CARE_HOME_TYPES

    @property
    def rating_category(self) -> str:
        return rating_category_for(self.service_type)

    @property
    def address(self) -> str:
        parts = [self.address_line_1, self.address_line_2, self.town, self.postcode]
        return ", ".join(p for p in parts if p)


class CQCRatingQuerySet(models.QuerySet):
    """Which rating applies: the current one, or the one that applied on a day."""

    def current(self) -> CQCRatingQuerySet:
        """The current rating of each service (``is_current``: at most one per service)."""
        return self.filter(is_current=True)

    def applying_on(self, day) -> CQCRatingQuerySet:
        """Ratings published on or before ``day``, the one that applied that day first.

        A rating applies from its publication date until a later one is published; a rating
        entered without a publication date counts from the day it was entered. Each row is
        annotated with ``applies_from``; ties go to the latest entered, then the highest id.
        """
        published = Coalesce(
            "published_on", TruncDate("created_at"), output_field=models.DateField()
        )
        return (
            self.annotate(applies_from=published)
            .filter(applies_from__lte=day)
            .order_by("-applies_from", "-created_at", "-pk")
        )


@pghistory.track()
class CQCRating(TimeStampedModel):
    """A CQC rating of a service as published. History is kept: one row is current."""

    class Source(models.TextChoices):
        CQC_API = "cqc_api", "CQC API"
        MANUAL = "manual", "Entered by hand"
        IMPORT = "import", "Spreadsheet import"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="ratings")
    overall = models.CharField(max_length=30, choices=Rating.choices)
    safe = models.CharField(max_length=30, choices=Rating.choices, default=Rating.NOT_RATED)
    effective = models.CharField(max_length=30, choices=Rating.choices, default=Rating.NOT_RATED)
    caring = models.CharField(max_length=30, choices=Rating.choices, default=Rating.NOT_RATED)
    responsive = models.CharField(max_length=30, choices=Rating.choices, default=Rating.NOT_RATED)
    well_led = models.CharField(
        "Well-led", max_length=30, choices=Rating.choices, default=Rating.NOT_RATED
    )
    published_on = models.DateField(null=True, blank=True)
    is_current = models.BooleanField(default=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)

    objects = CQCRatingQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-created_at"]
        verbose_name = "CQC rating"
        constraints = [
            models.UniqueConstraint(
                fields=["service"],
                condition=Q(is_current=True),
                name="one_current_rating_per_service",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(published_on__lte=Now()),
                name="rating_not_published_in_future",
            ),
        ]
        indexes = [models.Index(fields=["service", "-published_on"])]

    def __str__(self) -> str:
        return f"{self.service}: {self.get_overall_display()}"

    def key_questions(self) -> list[tuple[str, str, str]]:
        """(name, value, label) for the five key questions, in CQC's order."""
        return [
            (
                self._meta.get_field(name).verbose_name.capitalize(),
                getattr(self, name),
                getattr(self, f"get_{name}_display")(),
            )
            for name in KEY_QUESTIONS
        ]

    def same_judgement_as(self, other: CQCRating | dict) -> bool:
        fields = ("overall", *KEY_QUESTIONS, "published_on")
        get = other.get if isinstance(other, dict) else (lambda f: getattr(other, f))
        return all(getattr(self, f) == get(f) for f in fields)


class ContractType(models.TextChoices):
    BLOCK = "block", "Block"
    SPOT = "spot", "Spot"
    FRAMEWORK = "framework", "Framework"


class ContractQuerySet(models.QuerySet):
    """Which contracts are live."""

    @staticmethod
    def live_q(day, prefix: str = "") -> Q:
        """A contract is live on ``day`` from its start date to its end date, both days
        included (open-ended while the end date is empty). ``prefix`` is the path to the
        contract, e.g. "contracts__"."""
        return Q(**{f"{prefix}start_date__lte": day}) & (
            Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
        )

    def live_on(self, day) -> ContractQuerySet:
        """Contracts live on ``day`` (``live_q``)."""
        return self.filter(self.live_q(day))


@pghistory.track()
class Contract(TimeStampedModel):
    """What the council buys from a service, and who it funds there."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="contracts")
    reference = models.CharField(max_length=50, unique=True)
    contract_type = models.CharField(max_length=20, choices=ContractType.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    annual_value = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    annual_spend = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    council_funded = models.PositiveIntegerField("People funded by the council", default=0)
    health_funded = models.PositiveIntegerField("People funded by health (CHC)", default=0)
    jointly_funded = models.PositiveIntegerField("People jointly funded", default=0)
    self_funders = models.PositiveIntegerField("Known self-funders", default=0)
    other_council_placed = models.PositiveIntegerField("People placed by other councils", default=0)

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="contract_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(annual_value__gte=0), name="contract_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(annual_spend__gte=0), name="contract_spend_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def people_funded(self) -> int:
        return self.council_funded + self.health_funded + self.jointly_funded

    def is_live_on(self, day) -> bool:
        """``ContractQuerySet.live_q`` for one contract already loaded."""
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


@pghistory.track()
class BusinessContinuityCheck(TimeStampedModel):
    """A check of the service's business continuity plan: due at least once a year."""

    class Outcome(models.TextChoices):
        ADEQUATE = "adequate", "Adequate"
        NEEDS_WORK = "needs_work", "Needs work"
        NOT_PROVIDED = "not_provided", "Not provided"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="bcp_checks")
    checked_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    notes = models.TextField(blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        ordering = ["-checked_on"]
        verbose_name = "business continuity plan check"
        constraints = [
            models.CheckConstraint(
                condition=Q(checked_on__lte=Now()), name="bcp_check_not_in_future"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.get_outcome_display()} on {self.checked_on}"


class CQCSyncRun(models.Model):
    """One run of the CQC import: what it asked for and what it changed.

    The newest successful run's ``started_at`` is where the next incremental sync starts.
    """

    class Mode(models.TextChoices):
        FULL = "full", "Full"
        INCREMENTAL = "incremental", "Changes since the last run"

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    local_authority = models.CharField(max_length=150)
    mode = models.CharField(max_length=20, choices=Mode.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    changes_since = models.DateTimeField(null=True, blank=True)
    locations_seen = models.PositiveIntegerField(default=0)
    services_created = models.PositiveIntegerField(default=0)
    services_updated = models.PositiveIntegerField(default=0)
    services_closed = models.PositiveIntegerField(default=0)
    providers_created = models.PositiveIntegerField(default=0)
    ratings_written = models.PositiveIntegerField(default=0)
    skipped_not_social_care = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "CQC sync run"
        permissions = [("run_cqc_sync", "Can start an import from the CQC API")]

    def __str__(self) -> str:
        return f"CQC {self.get_mode_display().lower()} sync for {self.local_authority} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.services_created
            + self.services_updated
            + self.services_closed
            + self.providers_created
            + self.ratings_written
        )


class RatingShare(TimeStampedModel):
    """The share of services at one CQC rating, for one rating category, in some wider
    population: England (``RatingBenchmark``) or the council's comparators
    (``reports.ComparatorBenchmark``)."""

    category = models.CharField(max_length=20, choices=RatingCategory.choices)
    rating = models.CharField(max_length=30, choices=Rating.choices)
    percent = models.DecimalField("Per cent of rated services", max_digits=4, decimal_places=1)
    as_of = models.DateField("Figures as at")
    source = models.CharField(max_length=255)

    class Meta:
        abstract = True
        ordering = ["category", "rating"]


class RatingBenchmark(RatingShare):
    """The national share of services at one CQC rating, for one rating category.

    Boards compare the local ratings with these figures (seeds 000 and 004). Administrators
    keep them up to date in the Django admin; migration 0004 loads illustrative figures.
    """

    class Meta(RatingShare.Meta):
        verbose_name = "national rating benchmark"
        constraints = [
            models.UniqueConstraint(
                fields=["category", "rating"], name="one_benchmark_per_category_and_rating"
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100),
                name="benchmark_percent_between_0_and_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.get_rating_display()} {self.percent}%"
