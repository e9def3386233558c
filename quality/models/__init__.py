"""Quality assurance: visits, intelligence, call monitoring figures, action plans, the schedule.

Everything here hangs off a service (``providers.Service``). Visits rate the ten key areas of a
quality monitoring visit, or the seven clinical areas, on CQC's four-point scale
(DOMAIN.md, "Quality assurance").

Django finds the app's models here, so every model is imported; the rest of the code imports
from ``quality.models`` too. Modules: visits, evidence, intelligence, monitoring, actions,
schedule.
"""

from quality.models.actions import OPEN_ACTION_STATUSES, Action, ActionStatus
from quality.models.evidence import EvidenceFile, EvidenceKind, evidence_path
from quality.models.intelligence import Intelligence, IntelligenceSource, Section42, Severity
from quality.models.monitoring import MonitoringFigures
from quality.models.schedule import CalendarFeed, VisitFrequency, interval_label
from quality.models.visits import (
    CLINICAL_AREAS,
    FINDING_RATINGS,
    KEY_AREAS,
    Area,
    AreaRating,
    Visit,
    VisitAmendment,
    VisitArea,
    VisitStatus,
    VisitType,
    areas_for,
)

__all__ = [
    "CLINICAL_AREAS",
    "FINDING_RATINGS",
    "KEY_AREAS",
    "OPEN_ACTION_STATUSES",
    "Action",
    "ActionStatus",
    "Area",
    "AreaRating",
    "CalendarFeed",
    "EvidenceFile",
    "EvidenceKind",
    "Intelligence",
    "IntelligenceSource",
    "MonitoringFigures",
    "Section42",
    "Severity",
    "Visit",
    "VisitAmendment",
    "VisitArea",
    "VisitFrequency",
    "VisitStatus",
    "VisitType",
    "areas_for",
    "evidence_path",
    "interval_label",
]
