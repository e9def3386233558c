"""The code's real structure, read from its imports: what the architecture tests guard and what
``docs/architecture.md`` shows.

    python tools/architecture.py            # print the app dependency table and any breaches
    python tools/architecture.py --write    # rewrite the table in docs/architecture.md

Rules (each a test in ``tests/test_architecture.py``; import-linter's ``.importlinter`` checks
the layers as well, indirect imports included):
- apps form layers with no cycle between them;
- no module imports a project module inside a function (a cycle dodged is a cycle);
- no module imports another app's ``views`` or a ``_private`` name of another module;
- no application module is over 400 lines (migrations, tests and the demo app aside).
"""

from __future__ import annotations

import ast
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. An app may import only apps listed before it (siblings in one tuple are
# independent of each other). ``config`` wires everything together and sits on top.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("accounts",),
    ("notifications",),
    ("providers",),
    ("quality",),
    ("escalation",),
    ("panels", "failure_plan"),
    ("reports",),
    ("demo",),
    ("config",),
)
APPS: tuple[str, ...] = tuple(app for layer in LAYERS for app in layer)
MAX_LINES = 400
# Modules the line limit does not apply to: generated migrations and the demo council's data.
LINE_LIMIT_EXEMPT = ("migrations", "demo")

HOLDS = {
    "core": "the base model, page shell and standard pages, `/healthz`, background jobs, and the "
    "shared pieces every app uses: form pages, pagination, table exports, CSV imports, PDFs and "
    "charts, iCalendar, the timeline registry, the audit context",
    "accounts": "users (email sign-in), the six roles and their predicates, two-factor, lockout, "
    "the access log and audit pages",
    "notifications": "in-app notifications and their emails through GOV.UK Notify",
    "providers": "providers, services, contracts, CQC ratings and the CQC import; the level "
    "vocabulary and the evidence hook",
    "quality": "visits, intelligence, monitoring data, action plans, the visit schedule",
    "escalation": "risk scores and weights, levels and decisions, sanctions, letters",
    "panels": "PEP and QPSG meetings: agendas, briefings and packs, decisions, actions, minutes",
    "failure_plan": "the failure playbook, incidents, checklists, affected people, capacity",
    "reports": "board and management reports",
    "demo": "the fictional demo council and its accounts",
    "config": "settings, URLs, Celery, WSGI: wires the apps together",
}


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    module: str
    names: tuple[str, ...]
    nested: bool

    @property
    def app(self) -> str:
        return self.path.relative_to(ROOT).parts[0]

    @property
    def target_app(self) -> str:
        return self.module.split(".")[0]

    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def app_modules(root: Path = ROOT) -> list[Path]:
    """Every Python module of the apps and config, tests aside."""
    paths = []
    for app in APPS:
        base = root / app
        if base.is_dir():
            paths.extend(p for p in sorted(base.rglob("*.py")) if "__pycache__" not in p.parts)
    return paths


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _visit(node: ast.AST, path: Path, package: list[str], nested: bool, found: list) -> None:
    for child in ast.iter_child_nodes(node):
        inner = nested or (
            isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            # AppConfig.ready() is where Django says to import modules that register
            # themselves (timeline sources, hooks): that is start-up, not a dodged cycle.
            and not (path.name == "apps.py" and child.name == "ready")
        )
        if isinstance(child, ast.ImportFrom):
            if child.level:
                base = package[: len(package) - child.level + 1]
                module = ".".join([*base, *([child.module] if child.module else [])])
            else:
                module = child.module or ""
            if module.split(".")[0] in APPS:
                names = tuple(alias.name for alias in child.names)
                found.append(Import(path, child.lineno, module, names, nested))
        elif isinstance(child, ast.Import):
            for alias in child.names:
                if alias.name.split(".")[0] in APPS:
                    found.append(Import(path, child.lineno, alias.name, (), nested))
        _visit(child, path, package, inner, found)


def imports(root: Path = ROOT) -> list[Import]:
    """Every import of a project module, with whether it stands inside a function."""
    found: list[Import] = []
    for path in app_modules(root):
        if "migrations" in path.parts:
            continue
        package = _module_name(path).split(".")
        if path.name != "__init__.py":
            package = package[:-1]
        _visit(ast.parse(path.read_text(), filename=str(path)), path, package, False, found)
    return found


def app_graph(found: list[Import]) -> dict[str, dict[str, int]]:
    graph: dict[str, dict[str, int]] = {app: defaultdict(int) for app in APPS}
    for imp in found:
        if imp.target_app != imp.app:
            graph[imp.app][imp.target_app] += 1
    return graph


def layer_of(app: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if app in layer)


def layer_breaches(found: list[Import]) -> list[str]:
    """Imports of an app in the same or a higher layer (which is what makes a cycle)."""
    return [
        f"{imp.where()}: {imp.app} imports {imp.module}"
        for imp in found
        if imp.target_app != imp.app and layer_of(imp.target_app) >= layer_of(imp.app)
    ]


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Every cycle between apps (as found by a depth-first search)."""
    found: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(app: str) -> None:
        state[app] = 1
        stack.append(app)
        for dep in sorted(graph.get(app, {})):
            if state.get(dep) == 1:
                found.append([*stack[stack.index(dep) :], dep])
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[app] = 2

    for app in APPS:
        if app not in state:
            visit(app)
    return found


def nested_imports(found: list[Import]) -> list[str]:
    return [f"{imp.where()}: {imp.module}" for imp in found if imp.nested]


def forbidden_imports(found: list[Import]) -> list[str]:
    """Imports of another app's views, and of private names of another module."""
    bad = []
    for imp in found:
        parts = imp.module.split(".")
        if imp.target_app != imp.app and len(parts) > 1 and parts[1].startswith("views"):
            bad.append(f"{imp.where()}: imports {imp.module}")
        private = [name for name in imp.names if name.startswith("_") and not name.startswith("__")]
        if private:
            bad.append(f"{imp.where()}: imports private {', '.join(private)} from {imp.module}")
        if any(part.startswith("_") and not part.startswith("__") for part in parts):
            bad.append(f"{imp.where()}: imports private module {imp.module}")
    return bad


def long_modules(root: Path = ROOT, limit: int = MAX_LINES) -> list[str]:
    long = []
    for path in app_modules(root):
        rel = path.relative_to(root)
        if any(part in LINE_LIMIT_EXEMPT for part in rel.parts):
            continue
        count = len(path.read_text().splitlines())
        if count > limit:
            long.append(f"{rel}: {count} lines")
    return long


START = "<!-- apps:start (tools/architecture.py --write) -->"
END = "<!-- apps:end -->"


def table(graph: dict[str, dict[str, int]]) -> str:
    rows = ["| layer | app | holds | imports |", "|---|---|---|---|"]
    for number, layer in enumerate(LAYERS):
        for app in layer:
            if not (ROOT / app).is_dir():
                continue
            deps = sorted(graph[app], key=lambda dep: (layer_of(dep), dep))
            rows.append(
                f"| {number} | `{app}` | {HOLDS[app]} | "
                + (", ".join(f"`{dep}`" for dep in deps) or "—")
                + " |"
            )
    return "\n".join(rows)


def document_section(graph: dict[str, dict[str, int]]) -> str:
    return f"{START}\n{table(graph)}\n{END}"


def current_document() -> str:
    return (ROOT / "docs" / "architecture.md").read_text()


def rewrite_document(graph: dict[str, dict[str, int]]) -> None:
    path = ROOT / "docs" / "architecture.md"
    text = path.read_text()
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    path.write_text(pattern.sub(lambda _m: document_section(graph), text))


def main(argv: list[str]) -> int:
    found = imports()
    graph = app_graph(found)
    if "--write" in argv:
        rewrite_document(graph)
    print(table(graph))
    problems = {
        "cycles": [" -> ".join(c) for c in cycles(graph)],
        "layer breaches": layer_breaches(found),
        "imports inside functions": nested_imports(found),
        "views or private names of other modules": forbidden_imports(found),
        f"modules over {MAX_LINES} lines": long_modules(),
    }
    status = 0
    for title, items in problems.items():
        if items:
            status = 1
            print(f"\n{title} ({len(items)}):")
            for item in items:
                print(f"  {item}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
