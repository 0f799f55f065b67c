"""One wheel, two installs: a screen installs gongkai[device], a hub gongkai[hub], both on the
kernel's own dependencies. Every third-party import of a side (lazy ones included) must be
declared for that side in pyproject.toml, so a hub-only package creeping into screen code
(or the reverse) fails here rather than on a screen in a village."""
from __future__ import annotations

import ast
import importlib.metadata
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
FIRST_PARTY = {"gongkai", "device", "sync", "kiosk", "display", "hub", "cli", "assets", "bench", "tests"}
SIDES = {
    "device": (("gongkai", "device", "sync", "kiosk", "display"), ("device",)),
    "hub": (("gongkai", "hub"), ("hub",)),
    "cli": (("cli",), ("device", "hub")),  # `gongkai demo` runs a hub and both screens
}
"""Each install: the packages whose code it runs, and the extras it installs besides the core."""


def declared(extras: tuple[str, ...]) -> set[str]:
    """The distributions the core and these extras declare (canonical names)."""
    return {canonicalize_name(r.name) for r in _requirements(extras)}


def third_party_imports(packages: tuple[str, ...]) -> dict[str, str]:
    """Each top-level third-party module these packages import, with one file that does."""
    found = {}
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and not node.level:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in FIRST_PARTY:
                        found.setdefault(top, str(path.relative_to(ROOT)))
    return found


@cache
def distributions_of(module: str) -> set[str]:
    """The installed distributions that provide this top-level module (canonical names)."""
    return {canonicalize_name(name) for name in importlib.metadata.packages_distributions().get(module, [])}


@pytest.mark.parametrize("side", sorted(SIDES))
def test_every_third_party_import_is_declared_for_its_side(side):
    packages, extras = SIDES[side]
    allowed = declared(extras)
    undeclared = {module: where for module, where in third_party_imports(packages).items()
                  if not distributions_of(module) & allowed}
    assert not undeclared, f"imported by the {side} side but not in the core or {extras}: {undeclared}"


def test_the_screens_and_the_hub_share_only_the_kernel():
    assert not {"fastapi", "uvicorn", "sqlalchemy", "alembic"} & declared(("device",))
    assert not {"kivy", "requests", "pypinyin"} & declared(("hub",))


def test_the_test_extra_installs_both_sides():
    test = [Requirement(r) for r in PROJECT["optional-dependencies"]["test"]]
    assert any(r.name == "gongkai" and r.extras == {"device", "hub"} for r in test)


def test_the_licence_is_an_spdx_expression_with_its_text():
    assert PROJECT["license"] == "Apache-2.0" and PROJECT["license-files"] == ["LICENSE"]
    assert "Apache License" in (ROOT / "LICENSE").read_text(encoding="utf-8")[:200]


def test_the_constraints_pin_every_dependency_within_its_bounds():
    pins = {canonicalize_name(r.name): r for r in map(Requirement, _constraint_lines())}
    assert all(len(r.specifier) == 1 and next(iter(r.specifier)).operator == "==" for r in pins.values())
    for requirement in _requirements(("device", "hub")):
        pinned = next(iter(pins[canonicalize_name(requirement.name)].specifier)).version
        assert requirement.specifier.contains(pinned), f"constraints.txt pins {requirement.name} {pinned}"


def test_no_lower_bound_admits_a_version_with_a_published_vulnerability():
    bounds = {r.name: r.specifier for r in _requirements(("hub",))}
    assert not bounds["python-multipart"].contains("0.0.17")  # CVE-2024-53981
    assert not bounds["starlette"].contains("0.39.2")  # CVE-2024-47874


def _requirements(extras: tuple[str, ...]) -> list[Requirement]:
    """The core's requirements and those of these extras."""
    texts = PROJECT["dependencies"] + [r for extra in extras for r in PROJECT["optional-dependencies"][extra]]
    return [Requirement(text) for text in texts]


def _constraint_lines() -> list[str]:
    lines = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]
