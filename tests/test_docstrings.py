"""Every module, and every public function, class and method in it, says in a docstring what it
is for (issue #12), so that a reader learns why to call a thing without reading its body.

Public means no leading underscore: a module-level function or class, or a method of a public
class. Alembic revisions are left out; Alembic loads them, nobody reads them as an API.
"""
from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("gongkai", "device", "sync", "kiosk", "display", "hub", "cli")
MIGRATIONS = ROOT / "hub" / "storage" / "migrations" / "versions"

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _sources() -> Iterator[Path]:
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if not path.is_relative_to(MIGRATIONS):
                yield path


def _public(body: list[ast.stmt], prefix: str = "") -> Iterator[tuple[str, ast.AST]]:
    """The public definitions in ``body`` by qualified name, and those in each public class."""
    for node in body:
        if isinstance(node, _DEFINITIONS) and not node.name.startswith("_"):
            yield prefix + node.name, node
            if isinstance(node, ast.ClassDef):
                yield from _public(node.body, f"{prefix}{node.name}.")


def _undocumented() -> list[str]:
    missing = []
    for path in _sources():
        where = path.relative_to(ROOT)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(where))
        if not ast.get_docstring(tree):
            missing.append(f"{where}:1 (module)")
        missing += [f"{where}:{node.lineno} {name}" for name, node in _public(tree.body)
                    if not ast.get_docstring(node)]
    return missing


def test_every_module_and_public_definition_has_a_docstring():
    missing = _undocumented()
    assert not missing, "no docstring (one line on what it is for):\n" + "\n".join(missing)
