"""The structure guards of docs/architecture.md: layers without cycles, no imports dodged inside
functions, no reaching into another app's views or private names, no module over 400 lines, and
a dependency table that matches the code. The rules themselves live in tools/architecture.py so
that `make lint` and these tests read the code the same way."""

import subprocess
import sys
from pathlib import Path

import pytest

from tools import architecture

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def found():
    return architecture.imports()


def test_apps_import_only_apps_in_lower_layers(found):
    assert architecture.layer_breaches(found) == []


def test_there_is_no_cycle_between_apps(found):
    assert architecture.cycles(architecture.app_graph(found)) == []


def test_no_project_module_is_imported_inside_a_function(found):
    assert architecture.nested_imports(found) == []


def test_no_app_imports_another_apps_views_or_a_private_name(found):
    assert architecture.forbidden_imports(found) == []


def test_no_application_module_is_over_400_lines():
    assert architecture.long_modules() == []


def test_architecture_document_shows_the_real_dependencies(found):
    section = architecture.document_section(architecture.app_graph(found))
    assert section in architecture.current_document(), (
        "docs/architecture.md's app table is out of date: run `python tools/architecture.py --write`"
    )


def test_the_rules_catch_what_they_guard(tmp_path):
    """The checks are not vacuous: a planted cycle, nested import and long module are found."""
    imports = [
        architecture.Import(ROOT / "quality" / "x.py", 1, "escalation.models", ("Level",), False),
        architecture.Import(ROOT / "escalation" / "y.py", 2, "quality.models", ("Visit",), True),
        architecture.Import(
            ROOT / "panels" / "z.py", 3, "providers.views", ("_pagination",), False
        ),
    ]
    graph = architecture.app_graph(imports)
    assert architecture.cycles(graph)
    assert architecture.layer_breaches(imports) == [
        "quality/x.py:1: quality imports escalation.models"
    ]
    assert architecture.nested_imports(imports) == ["escalation/y.py:2: quality.models"]
    assert len(architecture.forbidden_imports(imports)) == 2


def test_import_linter_contracts_are_kept():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
