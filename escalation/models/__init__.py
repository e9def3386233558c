"""Risk and escalation: levels, placement ratings and each service's current risk state.

The risk score is an indicator; the level is a decision people make (DOMAIN.md). One module
per subject; Django finds every model here, and the rest of the code imports from here:
``from escalation.models import LevelChange``.
"""

from escalation.models.letters import Letter, LetterKind, LetterStatus, LetterTemplate
from escalation.models.levels import (
    Authority,
    EscalationTask,
    EscalationTaskKind,
    LevelChange,
    LevelChangeQuerySet,
    LevelChangeStatus,
    PlacementRatingOverride,
    PlacementRatingRule,
)
from escalation.models.sanctions import (
    Sanction,
    SanctionImposition,
    SanctionKind,
    SanctionQuerySet,
    SanctionScope,
)
from escalation.models.scores import RiskScore, ServiceState, WeightSet, today

__all__ = [
    "Authority",
    "EscalationTask",
    "EscalationTaskKind",
    "Letter",
    "LetterKind",
    "LetterStatus",
    "LetterTemplate",
    "LevelChange",
    "LevelChangeQuerySet",
    "LevelChangeStatus",
    "PlacementRatingOverride",
    "PlacementRatingRule",
    "RiskScore",
    "Sanction",
    "SanctionImposition",
    "SanctionKind",
    "SanctionQuerySet",
    "SanctionScope",
    "ServiceState",
    "WeightSet",
    # the default of ServiceState.level_since, which migration 0001 names as escalation.models.today
    "today",
]
