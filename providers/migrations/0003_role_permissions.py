"""Grant the roles their market-register permissions (accounts/roles.py)."""

from django.db import migrations

from accounts.roles import noop, sync_role_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0002_local_authorities"),
        ("accounts", "0002_roles"),
        ("core", "0002_job"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, noop)]
