"""The playbook: the scenarios, the stakeholder matrix and the checklist template, maintained by
administrators in the Django admin and seeded by migration 0002."""

from __future__ import annotations

import pghistory
from django.db import models
from django.db.models import Q

from core.models import TimeStampedModel
from providers.models import ServiceType


class Approach(models.TextChoices):
    """The two ways of responding to a failure (seed 001, section 9)."""

    BUILDING = "building", "Approach 1: building-based"
    HOME = "home", "Approach 2: home-based"


class ChecklistArea(models.TextChoices):
    """The eight areas of the provider failure checklist, in the order they are worked."""

    COMMUNICATIONS = "communications", "Communications"
    PROVIDER = "provider", "Provider"
    MANAGEMENT = "management", "Management"
    DATA = "data", "Data"
    FINANCE = "finance", "Finance"
    LEGAL = "legal", "Legal"
    MARKET_SHAPING = "market_shaping", "Market shaping"
    REVIEW = "review", "Review"


AREA_ORDER = {value: index for index, value in enumerate(ChecklistArea.values)}


# --- the playbook -------------------------------------------------------------------------
@pghistory.track()
class Scenario(TimeStampedModel):
    """Which approach a failure of one type of service calls for."""

    service_type = models.CharField(max_length=30, choices=ServiceType.choices, unique=True)
    approach = models.CharField(max_length=20, choices=Approach.choices)
    key_factors = models.CharField(
        max_length=255,
        blank=True,
        help_text="What usually shapes the response, such as whether the building stays open.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["approach", "service_type"]

    def __str__(self) -> str:
        return f"{self.get_service_type_display()}: {self.get_approach_display()}"


@pghistory.track()
class StakeholderResponsibility(TimeStampedModel):
    """One row of the stakeholder matrix: what the council, the ICB and CQC each bring when a
    service of this type fails (financial, operational, oversight, information, or none)."""

    service_type = models.CharField(max_length=30, choices=ServiceType.choices, unique=True)
    council = models.CharField("Council", max_length=150)
    icb = models.CharField("Integrated care board (ICB)", max_length=150)
    cqc = models.CharField("Care Quality Commission (CQC)", max_length=150)
    notes = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "service_type"]
        verbose_name = "stakeholder matrix row"
        verbose_name_plural = "stakeholder matrix"

    def __str__(self) -> str:
        return self.get_service_type_display()


@pghistory.track()
class TaskTemplate(TimeStampedModel):
    """A task of the provider failure checklist template, for one or both approaches."""

    area = models.CharField(max_length=20, choices=ChecklistArea.choices)
    title = models.CharField(max_length=255)
    guidance = models.TextField(blank=True)
    for_building = models.BooleanField("Approach 1 (building-based)", default=True)
    for_home = models.BooleanField("Approach 2 (home-based)", default=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(
        "In use", default=True, help_text="Tasks not in use are left out of new checklists."
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "checklist template task"
        constraints = [
            models.UniqueConstraint(fields=["area", "title"], name="task_template_unique_title"),
            models.CheckConstraint(
                condition=Q(for_building=True) | Q(for_home=True),
                name="task_template_has_an_approach",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def approaches(self) -> list[str]:
        return [
            approach
            for approach, flag in (
                (Approach.BUILDING, self.for_building),
                (Approach.HOME, self.for_home),
            )
            if flag
        ]
