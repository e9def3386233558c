"""Reads of the checklist: an incident's tasks by area and its progress, and the playbook
(scenarios, the stakeholder matrix, the checklist template)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from failure_plan.models import (
    ChecklistArea,
    ChecklistTask,
    Incident,
    Scenario,
    StakeholderResponsibility,
    TaskTemplate,
)


@dataclass(frozen=True)
class Progress:
    total: int
    done: int
    not_needed: int
    in_progress: int
    overdue: int

    @property
    def finished(self) -> int:
        return self.done + self.not_needed

    @property
    def needed(self) -> int:
        """Tasks that count towards progress: a task marked "not needed" drops out."""
        return self.total - self.not_needed

    @property
    def headline(self) -> str:
        text = f"{self.done} of {self.needed} tasks done"
        if self.not_needed:
            text += f" ({self.not_needed} not needed)"
        return text

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.needed) if self.needed else 0


def task_counts(incident: Incident, today: datetime.date, **filters: Any) -> dict[str, int]:
    open_statuses = ChecklistTask.OPEN_STATUSES
    return incident.tasks.filter(**filters).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=ChecklistTask.Status.DONE)),
        not_needed=Count("pk", filter=Q(status=ChecklistTask.Status.NOT_NEEDED)),
        in_progress=Count("pk", filter=Q(status=ChecklistTask.Status.IN_PROGRESS)),
        overdue=Count("pk", filter=Q(status__in=open_statuses, planned_on__lt=today)),
    )


def checklist_progress(*, incident: Incident, today: datetime.date) -> Progress:
    return Progress(**task_counts(incident, today))


def area_progress(*, incident: Incident, today: datetime.date) -> list[dict]:
    """Per checklist area: tasks finished (done or not needed) of the total (one query)."""
    rows = (
        incident.tasks.values("area")
        .annotate(
            total=Count("pk"),
            finished=Count(
                "pk",
                filter=Q(status__in=[ChecklistTask.Status.DONE, ChecklistTask.Status.NOT_NEEDED]),
            ),
            overdue=Count(
                "pk", filter=Q(status__in=ChecklistTask.OPEN_STATUSES, planned_on__lt=today)
            ),
        )
        .order_by()
    )
    found = {row["area"]: row for row in rows}
    return [
        {"area": area, "label": label, **found[area]}
        for area, label in ChecklistArea.choices
        if area in found
    ]


def by_area(tasks: Iterable[ChecklistTask | TaskTemplate]) -> list[dict]:
    """Tasks grouped by checklist area, in the playbook's order of areas, leaving out areas
    with no task: [{area, label, tasks}]."""
    groups: dict[str, list[ChecklistTask | TaskTemplate]] = {
        area: [] for area in ChecklistArea.values
    }
    for task in tasks:
        groups[task.area].append(task)
    labels = dict(ChecklistArea.choices)
    return [
        {"area": area, "label": labels[area], "tasks": items}
        for area, items in groups.items()
        if items
    ]


def checklist_for(*, incident: Incident) -> list[dict]:
    """The checklist grouped by area in the playbook's order: [{area, label, tasks}]."""
    return by_area(incident.tasks.select_related("owner").order_by("order", "pk"))


def task_for(*, incident: Incident, pk: int) -> ChecklistTask:
    return get_object_or_404(incident.tasks.select_related("owner"), pk=pk)


# --- playbook -----------------------------------------------------------------------------
def scenario_map() -> dict[str, str]:
    return dict(Scenario.objects.values_list("service_type", "approach"))


def playbook() -> dict:
    return {
        "scenarios": list(Scenario.objects.order_by("approach", "service_type")),
        "matrix": list(StakeholderResponsibility.objects.all()),
    }


def checklist_template() -> list[dict]:
    """The template every incident's checklist is copied from, grouped like a checklist."""
    return by_area(TaskTemplate.objects.filter(is_active=True).order_by("order", "pk"))
