"""``gongkai … --help``: every option of every command says what it is for, with its default,
and the hub's help names the environment variables it reads."""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import _parser

REPO = Path(__file__).resolve().parents[2]


def commands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def help_of(*args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "cli.main", *args, "--help"], capture_output=True, text=True,
                            cwd=REPO, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_option_of_every_command_has_help(name):
    parser = commands()[name]
    assert parser.description, f"gongkai {name} has no description"
    for action in parser._actions:
        assert action.help and action.help.strip(), f"gongkai {name} {'/'.join(action.option_strings)} has no help"


@pytest.mark.parametrize("name", sorted(commands()))
def test_defaults_are_shown(name):
    text = " ".join(help_of(name).split())
    for action in commands()[name]._actions:
        if action.option_strings and action.default not in (None, False, argparse.SUPPRESS):
            assert f"(default: {action.default})" in text, f"gongkai {name} {action.option_strings[0]}"


def test_the_hub_help_names_every_variable_it_reads():
    source = (REPO / "hub" / "config.py").read_text(encoding="utf-8")
    read = set(re.findall(r'get\("([A-Z_]+)"', source))
    assert len(read) >= 8
    text = help_of("hub")
    for name in read:
        assert f"GONGKAI_HUB_{name}" in text
