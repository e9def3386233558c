"""Seed each panel's scheduling defaults (PEP: second Tuesday of the month, 10:00; QPSG: every
two weeks on Thursday, 10:00; agendas close five working days before) and give the roles the
panels permissions. Administrators change the defaults in the Django admin."""

import datetime

from django.db import migrations

from accounts.roles import noop, sync_role_permissions

DEFAULTS = [
    {"panel": "pep", "weekday": 1, "week_of_month": 2, "interval_weeks": None},
    {"panel": "qpsg", "weekday": 3, "week_of_month": None, "interval_weeks": 2},
]


def seed(apps, schema_editor):
    PanelSettings = apps.get_model("panels", "PanelSettings")
    for row in DEFAULTS:
        PanelSettings.objects.get_or_create(
            panel=row["panel"],
            defaults={
                **row,
                "start_time": datetime.time(10, 0),
                "duration_minutes": 120,
                "cutoff_working_days": 5,
                "location": "Council House, Committee Room 2",
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("panels", "0001_initial"),
        ("escalation", "0006_rating_rules_letter_templates"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(sync_role_permissions, noop),
    ]
