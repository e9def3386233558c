"""The register: councils, providers and the services they run.

The **service** is the unit everything else hangs off: visits, intelligence, risk scores,
levels and failure incidents all point at a service (DOMAIN.md, "The market").
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from core.models import TimeStampedModel
from providers.models.choices import (
    CARE_HOME_TYPES,
    CapacityUnit,
    ClientGroup,
    Scale,
    ServiceType,
    Size,
    rating_category_for,
)


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
