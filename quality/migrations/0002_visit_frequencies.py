"""The default visit frequencies of DOMAIN.md: routine 12 months; level 1 three months; level 2
monthly; level 3 fortnightly and unannounced; level 4 weekly and unannounced."""

from django.db import migrations

DEFAULTS = [
    # level, months, days, unannounced
    (0, 12, 0, False),
    (1, 3, 0, False),
    (2, 1, 0, False),
    (3, 0, 14, True),
    (4, 0, 7, True),
]


def seed(apps, schema_editor):
    VisitFrequency = apps.get_model("quality", "VisitFrequency")
    for level, months, days, unannounced in DEFAULTS:
        VisitFrequency.objects.get_or_create(
            level=level,
            defaults={
                "interval_months": months,
                "interval_days": days,
                "unannounced": unannounced,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("quality", "VisitFrequency").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
