"""Contracts with services, and the checks of their business continuity plans."""

from __future__ import annotations

from decimal import Decimal

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now

from core.models import TimeStampedModel
from providers.models.choices import ContractType
from providers.models.register import Service


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
