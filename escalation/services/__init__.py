"""Every change the escalation app makes, one module per subject.

Import from here: ``from escalation.services import level_change_confirm``.
"""

from escalation.services.letters import letter_discard, letter_draft, letter_issue, letter_update  # noqa: F401
from escalation.services.levels import (  # noqa: F401
    escalation_task_complete,
    level_change_confirm,
    level_change_decline,
    level_change_propose,
    level_change_withdraw,
    level_set_initial,
    placement_rating_override_remove,
    placement_rating_override_set,
)
from escalation.services.sanctions import sanction_end, sanction_record  # noqa: F401
from escalation.services.scores import (  # noqa: F401
    risk_mark_for_recalculation,
    risk_recalculate_all,
    risk_recalculate_service,
    weight_set_revise,
)
