"""Every change the quality app makes. Each service is keyword-only, takes the acting user,
runs in one transaction and validates before it writes (raising ValidationError keyed by the
form field to fix), so a failure leaves nothing half-saved.

Modules: visits, evidence, intelligence, monitoring, actions, calendar.
"""

from quality.services.actions import action_create, action_update, actions_mark_overdue
from quality.services.calendar import calendar_feed_create, calendar_feed_revoke
from quality.services.evidence import evidence_attach, evidence_remove
from quality.services.frequencies import visit_frequency_update
from quality.services.intelligence import intelligence_add
from quality.services.monitoring import (
    monitoring_import,
    monitoring_record,
    monitoring_update,
)
from quality.services.visits import (
    visit_amend,
    visit_cancel,
    visit_complete,
    visit_plan,
    visit_record,
    visit_save_draft,
)

__all__ = [
    "action_create",
    "action_update",
    "actions_mark_overdue",
    "calendar_feed_create",
    "calendar_feed_revoke",
    "evidence_attach",
    "evidence_remove",
    "intelligence_add",
    "monitoring_import",
    "monitoring_record",
    "monitoring_update",
    "visit_amend",
    "visit_cancel",
    "visit_complete",
    "visit_frequency_update",
    "visit_plan",
    "visit_record",
    "visit_save_draft",
]
