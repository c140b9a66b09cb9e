"""Every CLI command has help text and is documented in the README."""

from __future__ import annotations

import subprocess
import sys

import pytest

from parplan.cli import app
from tests.conftest import ROOT

COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands if c.callback)


def test_commands_exist() -> None:
    assert set(COMMANDS) >= {"parse", "export", "validate", "diff", "compare", "stats"}


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help_and_readme_entry(command: str) -> None:
    out = subprocess.run([sys.executable, "-m", "parplan", command, "--help"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "Usage" in out.stdout
    assert f"parplan {command}" in (ROOT / "README.md").read_text(encoding="utf-8")
