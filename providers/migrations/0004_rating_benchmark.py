"""National CQC rating benchmarks by category, with illustrative figures to start from.

The figures are England's shares of rated services by category as quoted in a 2019 council
scrutiny report (seed 004, CQC data). They are illustrative: administrators replace them with
current CQC figures in the Django admin (Providers > National rating benchmarks).
"""

import datetime
from decimal import Decimal

from django.db import migrations, models

from accounts.roles import noop, sync_role_permissions

SOURCE = "Illustrative: England figures from CQC data as quoted in a 2019 council scrutiny report"
AS_OF = datetime.date(2019, 3, 31)
FIGURES = {
    # category: (outstanding, good, requires improvement, inadequate) per cent
    "residential": ("2", "80", "17", "1"),
    "nursing": ("2", "68", "27", "3"),
    "community": ("2", "81", "16", "1"),
}
RATINGS = ("outstanding", "good", "requires_improvement", "inadequate")


def load_benchmarks(apps, schema_editor):
    RatingBenchmark = apps.get_model("providers", "RatingBenchmark")
    for category, shares in FIGURES.items():
        for rating, share in zip(RATINGS, shares, strict=True):
            RatingBenchmark.objects.update_or_create(
                category=category,
                rating=rating,
                defaults={"percent": Decimal(share), "as_of": AS_OF, "source": SOURCE},
            )


def unload_benchmarks(apps, schema_editor):
    apps.get_model("providers", "RatingBenchmark").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0003_role_permissions"),
        ("accounts", "0002_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="RatingBenchmark",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("residential", "Residential"),
                            ("nursing", "Nursing"),
                            ("community", "Community"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "rating",
                    models.CharField(
                        choices=[
                            ("outstanding", "Outstanding"),
                            ("good", "Good"),
                            ("requires_improvement", "Requires improvement"),
                            ("inadequate", "Inadequate"),
                            ("not_rated", "Not yet rated"),
                        ],
                        max_length=30,
                    ),
                ),
                (
                    "percent",
                    models.DecimalField(
                        decimal_places=1, max_digits=4, verbose_name="Per cent of rated services"
                    ),
                ),
                ("as_of", models.DateField(verbose_name="Figures as at")),
                ("source", models.CharField(max_length=255)),
            ],
            options={
                "verbose_name": "national rating benchmark",
                "ordering": ["category", "rating"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("category", "rating"), name="one_benchmark_per_category_and_rating"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("percent__gte", 0), ("percent__lte", 100)),
                        name="benchmark_percent_between_0_and_100",
                    ),
                ],
            },
        ),
        migrations.RunPython(load_benchmarks, unload_benchmarks),
        # Administrators edit the benchmarks (accounts/roles.py).
        migrations.RunPython(sync_role_permissions, noop),
    ]
