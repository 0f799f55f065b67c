"""The layout cannot rot: every import runs down the layers (docs/architecture.md), none up,
and no two modules import each other, directly or round a circle.

The tables below are the architecture; a change that needs another arrow changes them here
and in the document, on purpose.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("assets", "gongkai", "device", "sync", "kiosk", "display", "hub", "cli", "bench")

MAY_IMPORT = {
    "assets": set(),
    "gongkai": {"assets"},
    "device": {"gongkai", "assets"},
    "hub": {"gongkai", "assets"},
    "sync": {"device", "gongkai", "assets"},
    "kiosk": {"device", "gongkai", "assets"},
    "display": {"device", "gongkai", "assets"},
    "cli": {"hub", "sync", "kiosk", "display", "device", "gongkai", "assets"},
    "bench": {"cli", "hub", "sync", "kiosk", "display", "device", "gongkai", "assets", "tests"},
}
"""Which top-level packages each may import besides itself: the kernel (gongkai) at the bottom,
the device platform and the hub on it, sync and the two screens on the device platform (the
screens never on sync), the command line over everything."""

HUB_TIERS = (
    ("hub.clock", "hub.config", "hub.forwarded", "hub.mailer"),
    ("hub.storage",),
    ("hub.staff", "hub.workflow", "hub.fleet", "hub.feedback", "hub.oversight", "hub.rendering"),
    ("hub.demo",),
    ("hub.console", "hub.api", "hub.phone"),
    ("hub.scheduler", "hub.app", "hub.server"),
)
"""The hub's own floors, lowest first: infrastructure, storage, the rules by concern, demo
content, the routes (console, APIs, phone pages), the assembled application. A module may
import its own floor and those below, so no rule module imports a route module."""

MAX_FLAT_MODULES = 25


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "versions" in path.parts:  # Alembic revisions: loaded by Alembic, not imported
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project modules ``name`` imports (anywhere in the file, lazy imports included)."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join(parent + ([node.module] if node.module else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {_owner(target) for target in found if _owner(target)}


def _owner(target: str) -> str | None:
    """The project module a dotted import name lands in (a module, or the package itself)."""
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target or None


GRAPH = {name: _imports(name, path) - {name} for name, path in MODULES.items()}


def _hub_tier(name: str) -> int | None:
    for floor, prefixes in enumerate(HUB_TIERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return floor
    return None


def test_every_import_runs_down_the_layers():
    upward = [f"{name} imports {target}" for name, targets in GRAPH.items() for target in targets
              if (top := target.split(".")[0]) != name.split(".")[0]
              and top not in MAY_IMPORT[name.split(".")[0]]]
    assert upward == []


def test_the_hubs_rules_never_import_its_routes():
    upward = [f"{name} imports {target}" for name, targets in GRAPH.items() if name.startswith("hub.")
              for target in targets if target.startswith("hub.")
              and (mine := _hub_tier(name)) is not None and (theirs := _hub_tier(target)) is not None
              and theirs > mine]
    assert upward == []


def test_every_hub_module_has_a_floor():
    assert [name for name in MODULES if name.startswith("hub.") and _hub_tier(name) is None] == []


def test_no_import_cycles():
    cycles = [sorted(component) for component in _strongly_connected(GRAPH) if len(component) > 1]
    assert cycles == []


@pytest.mark.parametrize("package", PACKAGES)
def test_no_folder_is_a_heap(package):
    crowded = {str(folder.relative_to(ROOT)): count for folder in [ROOT / package, *(ROOT / package).rglob("*")]
               if folder.is_dir() and folder.name != "versions"
               and (count := len([p for p in folder.glob("*.py") if p.name != "__init__.py"])) > MAX_FLAT_MODULES}
    assert crowded == {}


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative: the sets of modules that reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[set[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in graph:
                    continue
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    components.append(component)
    return components
