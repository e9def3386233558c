"""Home support services' electronic call monitoring figures, one row a month."""

from __future__ import annotations

from decimal import Decimal

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import TimeStampedModel
from providers.models import Service


@pghistory.track()
class MonitoringFigures(TimeStampedModel):
    """One month of a home support service's electronic call monitoring figures."""

    class Source(models.TextChoices):
        FORM = "form", "Entered by hand"
        IMPORT = "import", "Imported from a CSV file"

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="monitoring_figures"
    )
    month = models.DateField(help_text="The first day of the month.")
    planned_visits = models.PositiveIntegerField()
    delivered_visits = models.PositiveIntegerField()
    missed_visits = models.PositiveIntegerField()
    late_visits = models.PositiveIntegerField()
    short_visits = models.PositiveIntegerField()
    average_carers = models.DecimalField(
        "Average different carers per person", max_digits=4, decimal_places=1
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-month"]
        verbose_name = "call monitoring figures"
        verbose_name_plural = "call monitoring figures"
        constraints = [
            models.UniqueConstraint(fields=["service", "month"], name="one_return_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="monitoring_month_first_day"),
            models.CheckConstraint(
                condition=Q(delivered_visits__lte=models.F("planned_visits")),
                name="delivered_not_above_planned",
            ),
            models.CheckConstraint(
                condition=Q(missed_visits__lte=models.F("planned_visits")),
                name="missed_not_above_planned",
            ),
            models.CheckConstraint(
                condition=Q(
                    planned_visits__gte=models.F("delivered_visits") + models.F("missed_visits")
                ),
                name="delivered_and_missed_within_planned",
            ),
            models.CheckConstraint(
                condition=Q(late_visits__lte=models.F("delivered_visits")),
                name="late_not_above_delivered",
            ),
            models.CheckConstraint(
                condition=Q(short_visits__lte=models.F("delivered_visits")),
                name="short_not_above_delivered",
            ),
            models.CheckConstraint(
                condition=Q(average_carers__gte=0), name="average_carers_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.month:%B %Y}"

    @staticmethod
    def _percent(part: int, whole: int) -> Decimal | None:
        if not whole:
            return None
        return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))

    @property
    def missed_rate(self) -> Decimal | None:
        """Missed visits as a share of planned visits."""
        return self._percent(self.missed_visits, self.planned_visits)

    @property
    def delivery_rate(self) -> Decimal | None:
        """Delivered visits as a share of planned visits."""
        return self._percent(self.delivered_visits, self.planned_visits)

    @property
    def late_rate(self) -> Decimal | None:
        """Late visits as a share of delivered visits."""
        return self._percent(self.late_visits, self.delivered_visits)

    @property
    def short_rate(self) -> Decimal | None:
        """Short visits as a share of delivered visits."""
        return self._percent(self.short_visits, self.delivered_visits)
