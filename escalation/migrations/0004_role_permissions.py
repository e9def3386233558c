"""Administrators edit the risk weights and read scores in the Django admin (accounts/roles.py)."""

from django.db import migrations

from accounts.roles import noop, sync_role_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("escalation", "0003_default_weight_sets"),
        ("quality", "0003_role_permissions"),
        ("failure_plan", "0003_role_permissions"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, noop)]
