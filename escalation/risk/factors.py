"""The risk factors, their default weights and thresholds, and the constants the rules read.

Factor table (defaults, migration 0003; points for care homes / home support / other types):

===================  ======================================================  ====  ====  =====
key                  value 0..1                                              home  HS    other
===================  ======================================================  ====  ====  =====
cqc_overall          Inadequate 1, Requires improvement 0.6, not rated 0.25    20    15    20
cqc_key_questions    mean of the five key questions on the same scale          10     5    10
safeguarding         concerns in 12 months (last 3 count double) / 6           20    15    20
complaints           complaints in 12 months (last 3 count double) / 8          5     5     5
intelligence         severity points in 12 months (1/2/4/8) / 16               10    10    10
visit_ratings        share of rated areas RI or Inadequate, latest visit       15    10    15
overdue_actions      open actions past their due date / 5                       5     5     5
placement_stops      a placement stop or restriction of hours in force         5     5     5
                     today 1; else one ended in the last 12 months 0.5
manager_vacancy      1 when the registered manager post is empty                4     4     4
exposure             max(people funded / 50, spend / £2m) on live contracts     3     3     3
financial            financial warning signs in 12 months / 2                   3     3     3
missed_visits        latest month's missed visits % / 5 (home support)          0    12     0
late_visits          latest month's late visits % / 20 (home support)           0     8     0
===================  ======================================================  ====  ====  =====

Default thresholds: below 20 routine, 20-39 level 1, 40-59 level 2, 60-79 level 3, 80 and over
level 4; a service rated Inadequate overall by CQC is suggested level 3 at least.
"""

from __future__ import annotations

from providers.models import Rating
from quality.models import AreaRating, Severity

FACTORS: dict[str, str] = {
    "cqc_overall": "CQC overall rating",
    "cqc_key_questions": "CQC key question ratings",
    "safeguarding": "Safeguarding concerns (12 months)",
    "complaints": "Complaints (12 months)",
    "intelligence": "Intelligence severity (12 months)",
    "visit_ratings": "Latest visit's area ratings",
    "overdue_actions": "Overdue actions",
    "placement_stops": "Placement stop history",
    "manager_vacancy": "Registered manager vacancy",
    "exposure": "Exposure (people funded, spend)",
    "financial": "Financial warning signs (12 months)",
    "missed_visits": "Missed visits (latest month)",
    "late_visits": "Late visits (latest month)",
}

_BASE = {
    "cqc_overall": 20,
    "cqc_key_questions": 10,
    "safeguarding": 20,
    "complaints": 5,
    "intelligence": 10,
    "visit_ratings": 15,
    "overdue_actions": 5,
    "placement_stops": 5,
    "manager_vacancy": 4,
    "exposure": 3,
    "financial": 3,
    "missed_visits": 0,
    "late_visits": 0,
}
DEFAULT_WEIGHTS: dict[str, dict[str, int]] = {
    "": _BASE,
    "home_support": {
        **_BASE,
        "cqc_overall": 15,
        "cqc_key_questions": 5,
        "safeguarding": 15,
        "visit_ratings": 10,
        "missed_visits": 12,
        "late_visits": 8,
    },
}
DEFAULT_THRESHOLDS = [20, 40, 60, 80]

RECENT_DAYS = 91  # "the last 3 months" count double
WINDOW_DAYS = 365  # "the last 12 months"
SEVERITY_POINTS = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 4, Severity.CRITICAL: 8}
RATING_VALUE = {
    Rating.INADEQUATE: 1.0,
    Rating.REQUIRES_IMPROVEMENT: 0.6,
    Rating.GOOD: 0.0,
    Rating.OUTSTANDING: 0.0,
}
POOR_AREA_RATINGS = (AreaRating.REQUIRES_IMPROVEMENT, AreaRating.INADEQUATE)
RATED_AREA_RATINGS = (
    AreaRating.OUTSTANDING,
    AreaRating.GOOD,
    AreaRating.REQUIRES_IMPROVEMENT,
    AreaRating.INADEQUATE,
)
BELOW_GOOD = (Rating.REQUIRES_IMPROVEMENT, Rating.INADEQUATE)
