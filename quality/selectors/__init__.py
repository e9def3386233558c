"""Every read the quality pages need, scoped to the person asking.

Modules: schedule (the visit schedule and whose it is), visits (services, visits, evidence
files, calendar feeds, intelligence), actions, monitoring.
"""

from quality.selectors.actions import (
    action_for_change,
    actions_for_service,
    overdue_actions_for,
)
from quality.selectors.monitoring import (
    MonitoringTrend,
    monitoring_for_change,
    monitoring_for_service,
    monitoring_trend,
    months_back,
)
from quality.selectors.schedule import (
    next_visit,
    portfolio_q,
    schedule,
    schedule_counts,
    sees_whole_team,
    with_schedule,
)
from quality.selectors.visits import (
    evidence_for_download,
    feed_for_token_hash,
    intelligence_detail,
    planned_visits_for_feed,
    service_for_quality,
    visit_detail,
    visit_for_change,
    visits_for_service,
)

__all__ = [
    "MonitoringTrend",
    "action_for_change",
    "actions_for_service",
    "evidence_for_download",
    "feed_for_token_hash",
    "intelligence_detail",
    "monitoring_for_change",
    "monitoring_for_service",
    "monitoring_trend",
    "months_back",
    "next_visit",
    "overdue_actions_for",
    "planned_visits_for_feed",
    "portfolio_q",
    "schedule",
    "schedule_counts",
    "sees_whole_team",
    "service_for_quality",
    "visit_detail",
    "visit_for_change",
    "visits_for_service",
    "with_schedule",
]
