"""Grant the roles their failure plan permissions (accounts/roles.py)."""

from django.db import migrations

from accounts.roles import noop, sync_role_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("failure_plan", "0002_playbook"),
        ("accounts", "0002_roles"),
        ("providers", "0003_role_permissions"),
        ("core", "0002_job"),
    ]

    operations = [migrations.RunPython(sync_role_permissions, noop)]
