"""Capacity: the vacancies services report, and the ones held for people affected."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from core.models import TimeStampedModel
from failure_plan.models.people import AffectedPerson
from providers.models import Service


# --- capacity -----------------------------------------------------------------------------
@pghistory.track()
class Vacancy(TimeStampedModel):
    """How many vacancies a service reported on a day. The newest record is the current one.

    ``reserved`` counts the live reservations made against this record; the database refuses
    more reservations than vacancies, and services lock the row before reserving.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="vacancies")
    vacancies = models.PositiveIntegerField()
    recorded_on = models.DateField()
    notes = models.TextField(blank=True)
    reserved = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name_plural = "vacancies"
        constraints = [
            models.CheckConstraint(
                condition=Q(reserved__lte=F("vacancies")), name="vacancy_not_over_reserved"
            ),
        ]
        indexes = [models.Index(fields=["service", "-recorded_on", "-id"])]

    def __str__(self) -> str:
        return f"{self.service}: {self.vacancies} on {self.recorded_on}"

    @property
    def available(self) -> int:
        return self.vacancies - self.reserved


@pghistory.track()
class Reservation(TimeStampedModel):
    """A vacancy held for one affected person. Released reservations are kept as history."""

    person = models.ForeignKey(
        AffectedPerson, on_delete=models.CASCADE, related_name="reservations"
    )
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="reservations")
    reserved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(released_at__isnull=True),
                name="one_live_reservation_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Reservation {self.pk} at {self.vacancy.service}"
