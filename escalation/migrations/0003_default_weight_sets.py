"""Seed version 1 of the risk weights: the fallback set, its copy for each care home and
building-based type, and the home support set with call monitoring factors (the factor table
is in escalation/risk.py). Frozen here so later changes to the defaults do not rewrite history.
"""

from django.db import migrations

BASE = {
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
HOME_SUPPORT = {
    **BASE,
    "cqc_overall": 15,
    "cqc_key_questions": 5,
    "safeguarding": 15,
    "visit_ratings": 10,
    "missed_visits": 12,
    "late_visits": 8,
}
THRESHOLDS = [20, 40, 60, 80]
TYPES = [
    "residential",
    "nursing",
    "supported_living",
    "housing_with_care",
    "day_opportunities",
    "community_meals",
    "sheltered_housing",
    "third_sector_large",
    "third_sector_small",
]


def seed(apps, schema_editor):
    WeightSet = apps.get_model("escalation", "WeightSet")
    sets = [("", BASE), ("home_support", HOME_SUPPORT)] + [(t, BASE) for t in TYPES]
    for service_type, weights in sets:
        WeightSet.objects.get_or_create(
            service_type=service_type,
            version=1,
            defaults={
                "weights": dict(weights),
                "thresholds": THRESHOLDS,
                "inadequate_floor": 3,
                "is_current": True,
                "note": "Defaults (migration 0003)",
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("escalation", "WeightSet").objects.filter(version=1, created_by=None).delete()


class Migration(migrations.Migration):
    dependencies = [("escalation", "0002_risk_score")]

    operations = [migrations.RunPython(seed, unseed)]
