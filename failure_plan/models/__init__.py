"""Market and provider failure: the playbook, incidents, their checklists, the people affected
and the alternative capacity found for them (DOMAIN.md, "Market and provider failure").

The **playbook** (scenarios, the stakeholder matrix and the checklist template) is maintained
by administrators in the Django admin and seeded by migration 0002. An **incident** is a failure
of one or more services; opening one copies the template tasks for its approach(es) into its
own **checklist**. The **affected people** are special category personal data: who may see
them is decided in ``failure_plan.rules.permissions`` (docs/adr/0003-affected-people-access.md),
every view is written to the access log, and they are deleted a set time after the incident
closes.

Django finds the models here; each lives in the module of its area (playbook, incidents,
people, capacity).
"""

from failure_plan.models.capacity import Reservation, Vacancy
from failure_plan.models.incidents import (
    CAUSE_HINTS,
    Cause,
    ChecklistTask,
    Communication,
    CommunicationKind,
    Incident,
    LessonsReview,
    TeamMember,
)
from failure_plan.models.people import (
    NEEDS_FLAGS,
    PERSON_FIELDS,
    AffectedPerson,
    Funding,
    ReviewStatus,
)
from failure_plan.models.playbook import (
    AREA_ORDER,
    Approach,
    ChecklistArea,
    Scenario,
    StakeholderResponsibility,
    TaskTemplate,
)

__all__ = [
    "AREA_ORDER",
    "CAUSE_HINTS",
    "NEEDS_FLAGS",
    "PERSON_FIELDS",
    "AffectedPerson",
    "Approach",
    "Cause",
    "ChecklistArea",
    "ChecklistTask",
    "Communication",
    "CommunicationKind",
    "Funding",
    "Incident",
    "LessonsReview",
    "Reservation",
    "ReviewStatus",
    "Scenario",
    "StakeholderResponsibility",
    "TaskTemplate",
    "TeamMember",
    "Vacancy",
]
