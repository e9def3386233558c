"""Put back the reference data the data migrations create, after a transactional test flushed it.

A transactional test (a real Celery worker, gunicorn, the browser tests, concurrency tests)
ends by emptying every table, including the rows data migrations seeded: the role groups and
their permissions, England's councils, rating benchmarks, the failure playbook and visit
frequencies. Later tests, and the next ``--reuse-db`` run, need them. The loaders below are the
migrations' own functions, all idempotent, run against the current app registry.
"""

from __future__ import annotations

import importlib

from django.apps import apps

# (migration module, loader function), in dependency order. Role permissions come last so
# every app's permissions exist when groups are given them.
LOADERS = [
    ("providers.migrations.0002_local_authorities", "load"),
    ("providers.migrations.0004_rating_benchmark", "load_benchmarks"),
    ("quality.migrations.0002_visit_frequencies", "seed"),
    ("failure_plan.migrations.0002_playbook", "load"),
    ("escalation.migrations.0003_default_weight_sets", "seed"),
    ("escalation.migrations.0006_rating_rules_letter_templates", "seed"),
    ("panels.migrations.0002_settings_and_permissions", "seed"),
    ("accounts.roles", "sync_role_permissions"),
]


def reference_data_missing() -> bool:
    from django.contrib.auth.models import Group

    from accounts.roles import GROUP_NAMES
    from escalation.models import LetterTemplate, WeightSet
    from providers.models import LocalAuthority

    return (
        Group.objects.filter(name__in=GROUP_NAMES.values()).count() < len(GROUP_NAMES)
        or not LocalAuthority.objects.exists()
        or not WeightSet.objects.filter(service_type="", is_current=True).exists()
        or not LetterTemplate.objects.exists()
    )


def restore_reference_data() -> None:
    for module_name, function_name in LOADERS:
        getattr(importlib.import_module(module_name), function_name)(apps, None)
