"""Illustrative comparator CQC rating shares by category, and the roles' reports permissions.

The comparator figures are the shares quoted for a council's comparator group in a 2019
scrutiny report (seed 004, CQC data). They are illustrative: administrators replace them with
current figures for their own comparator group in the Django admin (Reports > Comparator
rating benchmarks)."""

import datetime
from decimal import Decimal

from django.db import migrations

from accounts.roles import noop, sync_role_permissions

GROUP = "Comparator councils"
SOURCE = (
    "Illustrative: comparator councils' figures from CQC data as quoted in a 2019 council "
    "scrutiny report"
)
AS_OF = datetime.date(2019, 3, 31)
FIGURES = {
    # category: (outstanding, good, requires improvement, inadequate) per cent
    "residential": ("2", "83", "13", "1"),
    "nursing": ("2", "74", "22", "2"),
    "community": ("3", "85", "11", "0"),
}
RATINGS = ("outstanding", "good", "requires_improvement", "inadequate")


def load_comparators(apps, schema_editor):
    ComparatorBenchmark = apps.get_model("reports", "ComparatorBenchmark")
    for category, shares in FIGURES.items():
        for rating, share in zip(RATINGS, shares, strict=True):
            ComparatorBenchmark.objects.update_or_create(
                category=category,
                rating=rating,
                defaults={
                    "group_name": GROUP,
                    "percent": Decimal(share),
                    "as_of": AS_OF,
                    "source": SOURCE,
                },
            )


def unload_comparators(apps, schema_editor):
    apps.get_model("reports", "ComparatorBenchmark").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("panels", "0002_settings_and_permissions"),
    ]

    operations = [
        migrations.RunPython(load_comparators, unload_comparators),
        migrations.RunPython(sync_role_permissions, noop),
    ]
