"""Walk every named URL as every persona and compare the status with each app's matrix."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from types import SimpleNamespace

import pytest
from django.urls import get_resolver, reverse

import tests
from tests.conftest import PERSONAS

PROJECT_NAMESPACES = {
    "core",
    "accounts",
    "providers",
    "quality",
    "escalation",
    "failure_plan",
    "reports",
    "panels",
    "notifications",
}


def _matrix_modules():
    modules = []
    for module in pkgutil.iter_modules(tests.__path__):
        if module.ispkg and importlib.util.find_spec(f"tests.{module.name}.matrix"):
            modules.append(importlib.import_module(f"tests.{module.name}.matrix"))
    return modules


MODULES = _matrix_modules()
ROWS = [row for module in MODULES for row in module.ROWS]


def _project_url_names() -> set[str]:
    names = set()
    resolver = get_resolver()
    for namespace, (_prefix, sub) in resolver.namespace_dict.items():
        if namespace not in PROJECT_NAMESPACES:
            continue
        for key in sub.reverse_dict:
            if isinstance(key, str):
                names.add(f"{namespace}:{key}")
    return names


def test_every_named_url_has_a_row_in_the_matrix():
    covered = {row.url_name for row in ROWS}
    missing = sorted(_project_url_names() - covered)
    assert not missing, f"URLs with no permission-matrix row: {missing}"


@pytest.fixture
def world(request, db):
    """Objects the matrix URLs need: the personas, then whatever each app's
    ``tests/<app>/matrix.py`` adds in its optional ``build_world(world)``."""
    namespace = SimpleNamespace()
    for name in PERSONAS:
        setattr(namespace, name, request.getfixturevalue(name))
    for module in MODULES:
        if hasattr(module, "build_world"):
            module.build_world(namespace)
    return namespace


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.method}:{row.url_name}")
def test_permission_matrix(row, world, persona_clients):
    url = reverse(row.url_name, kwargs=row.kwargs(world) if row.kwargs else None)
    if row.query:
        url = f"{url}?{row.query}"
    failures = []
    for persona in PERSONAS:
        client = persona_clients[persona]
        data = row.data(world) if row.data else None
        response = getattr(client, row.method)(url, data=data)
        if response.status_code != row.expected[persona]:
            failures.append(
                f"{persona}: expected {row.expected[persona]}, got {response.status_code}"
            )
    assert not failures, f"{row.method.upper()} {url}\n" + "\n".join(failures)
