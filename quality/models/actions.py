"""Action plans: what a provider must do, often raised from a visit's finding."""

from __future__ import annotations

import datetime

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import TimeStampedModel
from providers.models import Service
from quality.models.visits import Area, Visit


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


@pghistory.track()
class Action(TimeStampedModel):
    """One action of a service's action plan: often raised from a visit's finding."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="actions")
    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    area = models.CharField(max_length=30, choices=Area.choices, blank=True)
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quality_actions",
    )
    owner_contact = models.CharField("Provider contact", max_length=150, blank=True)
    due_on = models.DateField("Due date")
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    evidence = models.TextField("Evidence of progress", blank=True)
    provider_response = models.TextField("The provider's response", blank=True)
    completed_on = models.DateField(null=True, blank=True)
    # Set by the daily task on the first day an action is found overdue, so each action
    # marks its service for recalculation once (cleared when it is done or re-dated).
    overdue_since = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | ~Q(owner_contact=""),
                name="action_has_an_owner",
            ),
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.DONE) | Q(completed_on__isnull=False),
                name="done_action_has_completion_date",
            ),
        ]
        indexes = [models.Index(fields=["service", "status", "due_on"])]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue_on(self, day: datetime.date) -> bool:
        """An open or in-progress action whose due date has passed."""
        return self.is_open and self.due_on < day

    @property
    def owner_label(self) -> str:
        parts = [str(self.owner)] if self.owner_id else []
        if self.owner_contact:
            parts.append(self.owner_contact)
        return " and ".join(parts)
