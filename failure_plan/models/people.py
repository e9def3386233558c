"""The people affected by a failure. Special category personal data: who may see them is
decided in ``failure_plan.rules.permissions`` (docs/adr/0003-affected-people-access.md), every
view is written to the access log, and they are deleted a set time after the incident closes."""

from __future__ import annotations

import datetime

import pghistory
from django.db import models
from django.db.models import F, Q

from core.models import TimeStampedModel
from failure_plan.models.incidents import Incident
from failure_plan.rules.dates import wellbeing_check_window
from providers.models import LocalAuthority, Service


class Funding(models.TextChoices):
    COUNCIL = "council", "Council funded"
    HEALTH = "health", "Health funded (continuing health care)"
    JOINT = "joint", "Jointly or part funded"
    SELF_FUNDER = "self_funder", "Self-funder"
    OTHER_COUNCIL = "other_council", "Placed by another council"


class ReviewStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not reviewed yet"
    BOOKED = "booked", "Review booked"
    DONE = "done", "Reviewed"


NEEDS_FLAGS = {
    "needs_advocate": "Advocate",
    "needs_imca": "IMCA",
    "needs_dols": "DoLS or LPS",
    "needs_medicines": "Medicines continuity",
    "needs_transport": "Transport",
}

# The details of a person the services change, in the order the form asks for them.
PERSON_FIELDS = (
    "full_name",
    "date_of_birth",
    "service",
    "funding",
    "placing_council",
    *NEEDS_FLAGS,
    "review_status",
    "destination",
    "destination_service",
    "move_date",
)


@pghistory.track()
class AffectedPerson(TimeStampedModel):
    """Someone receiving care at a failed service. Special category personal data.

    ``__str__`` deliberately leaves the name out: it is what the access log and the history
    keep, and those outlive the retention period.
    """

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="people")
    full_name = models.CharField("Full name", max_length=150)
    date_of_birth = models.DateField(null=True, blank=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    funding = models.CharField(max_length=20, choices=Funding.choices)
    placing_council = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    needs_advocate = models.BooleanField("Needs an advocate", default=False)
    needs_imca = models.BooleanField("Needs an IMCA", default=False)
    needs_dols = models.BooleanField("DoLS or LPS authorisation", default=False)
    needs_medicines = models.BooleanField("Medicines continuity", default=False)
    needs_transport = models.BooleanField("Needs transport", default=False)
    review_status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.NOT_STARTED
    )
    destination = models.CharField("Where they are going", max_length=255, blank=True)
    destination_service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    move_date = models.DateField(null=True, blank=True)
    wellbeing_checked_on = models.DateField("Wellbeing check done on", null=True, blank=True)
    wellbeing_notes = models.TextField(blank=True)

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = "affected person"
        verbose_name_plural = "affected people"
        constraints = [
            models.CheckConstraint(
                condition=(Q(funding="other_council") & Q(placing_council__isnull=False))
                | (~Q(funding="other_council") & Q(placing_council__isnull=True)),
                name="person_placing_council_for_other_council_only",
            ),
            models.CheckConstraint(
                condition=Q(wellbeing_checked_on__isnull=True)
                | (Q(move_date__isnull=False) & Q(wellbeing_checked_on__gte=F("move_date"))),
                name="person_wellbeing_check_after_move",
            ),
        ]
        indexes = [models.Index(fields=["incident", "full_name"])]

    def __str__(self) -> str:
        return f"Person {self.pk} affected by incident {self.incident_id}"

    @property
    def needs(self) -> list[str]:
        return [label for name, label in NEEDS_FLAGS.items() if getattr(self, name)]

    @property
    def destination_label(self) -> str:
        parts = [
            self.destination_service.name if self.destination_service else "",
            self.destination,
        ]
        return ", ".join(p for p in parts if p)

    @property
    def has_destination(self) -> bool:
        return bool(self.destination.strip() or self.destination_service_id)

    @property
    def wellbeing_window(self) -> tuple[datetime.date, datetime.date] | None:
        return wellbeing_check_window(self.move_date) if self.move_date else None
