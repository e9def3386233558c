"""Every third-party package the application imports is a pinned run-time requirement.

The production image installs requirements.txt only; a package that only requirements-dev.txt
brings (as pypdf once was, for counting a report's pages) works in development and tests and
fails every time in production."""

import ast
import importlib.metadata
import re
import sys
from pathlib import Path

from tools import architecture

ROOT = Path(__file__).resolve().parents[2]


def _pinned(path: Path) -> set[str]:
    names = set()
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "-r")):
            names.add(re.split(r"[=<>\[ ;]", line, maxsplit=1)[0].lower().replace("_", "-"))
    return names


def _type_checking_only(tree: ast.AST) -> set[ast.AST]:
    """Nodes under ``if TYPE_CHECKING:``, which never run."""
    skipped: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                skipped.update(ast.walk(child))
    return skipped


def _third_party_imports() -> set[str]:
    found = set()
    for path in architecture.app_modules():
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        skipped = _type_checking_only(tree)
        for node in ast.walk(tree):
            if node in skipped:
                continue
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
    return {
        name
        for name in found
        if name not in architecture.APPS and name not in sys.stdlib_module_names
    }


def test_every_package_the_app_imports_is_a_run_time_requirement():
    runtime = _pinned(ROOT / "requirements.txt")
    distributions = importlib.metadata.packages_distributions()
    missing = {}
    for module in sorted(_third_party_imports()):
        owners = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        if not owners & runtime:
            missing[module] = sorted(owners)
    assert missing == {}, f"imported by the app but not pinned in requirements.txt: {missing}"


def test_development_tools_are_not_imported_by_the_app():
    dev_only = _pinned(ROOT / "requirements-dev.txt") - _pinned(ROOT / "requirements.txt")
    distributions = importlib.metadata.packages_distributions()
    used = {
        d.lower().replace("_", "-")
        for module in _third_party_imports()
        for d in distributions.get(module, [])
    }
    assert used & dev_only == set()
