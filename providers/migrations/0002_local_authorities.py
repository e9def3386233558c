"""Load England's councils with adult social care duties (providers/data/local_authorities.csv)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "local_authorities.csv"


def load(apps, schema_editor):
    LocalAuthority = apps.get_model("providers", "LocalAuthority")
    with DATA.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            LocalAuthority.objects.update_or_create(
                code=row["code"],
                defaults={
                    "gss_code": row["gss_code"],
                    "name": row["name"],
                    "official_name": row["official_name"],
                },
            )


class Migration(migrations.Migration):
    dependencies = [("providers", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
