"""App versions as PEP 440 orders them (packaging.version), on the hub and on devices alike:
0.10.0 comes after 0.9.2, and a release candidate 0.2.0rc1 before its release 0.2.0."""
from __future__ import annotations

from packaging.version import InvalidVersion, Version


def parse(text: str) -> Version | None:
    """The version ``text`` names, or None when it is not a PEP 440 version."""
    try:
        return Version(text)
    except InvalidVersion:
        return None


def order_key(text: str) -> tuple[bool, Version]:
    """Sort key for version texts: PEP 440 order, anything unreadable before every version."""
    version = parse(text)
    return (version is not None, version or Version("0"))


def is_prerelease(text: str) -> bool:
    """Whether ``text`` is a pre-release (a, b, rc or dev), offered only to screens that take
    them; an unreadable version counts as one (never pushed to every screen by mistake)."""
    version = parse(text)
    return version is None or version.is_prerelease


def same(a: str, b: str | None) -> bool:
    """Whether two version texts name the same version (0.2 and 0.2.0 do)."""
    return b is not None and (a == b or (parse(a) is not None and parse(a) == parse(b)))
