"""Versions in PEP 440 order, as the hub picks an offer and a device compares what it runs."""
from __future__ import annotations

import pytest

from gongkai.versions import is_prerelease, order_key, same


@pytest.mark.parametrize("older, newer", [
    ("0.9.2", "0.10.0"),
    ("0.2.0rc1", "0.2.0"),
    ("0.2.0a1", "0.2.0b1"),
    ("0.2.0b2", "0.2.0rc1"),
    ("0.2.0.dev1", "0.2.0a1"),
    ("0.2.0", "0.2.0.post1"),
    ("0.2.0", "0.2.1rc1"),
    ("not-a-version", "0.0.1"),
])
def test_versions_sort_as_pep_440_says(older, newer):
    assert order_key(older) < order_key(newer)
    assert sorted([newer, older], key=order_key) == [older, newer]


def test_release_candidates_and_development_builds_are_pre_releases():
    assert is_prerelease("0.3.0rc1") and is_prerelease("0.3.0b2") and is_prerelease("0.3.0.dev4")
    assert not is_prerelease("0.3.0") and not is_prerelease("0.3.0.post1")
    assert is_prerelease("garbage")


def test_equal_versions_are_the_same_however_written():
    assert same("0.2", "0.2.0") and same("0.2.0", "0.2.0")
    assert not same("0.2.0", "0.2.0rc1") and not same("0.2.0", None)
