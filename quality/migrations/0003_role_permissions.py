"""Grant the roles their quality assurance permissions (accounts/roles.py)."""

from django.db import migrations

from accounts.roles import noop, sync_role_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("quality", "0002_visit_frequencies"),
        ("accounts", "0002_roles"),
        ("providers", "0003_role_permissions"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, noop)]
