"""Every CLI command has help text and is documented in the README; the README's CLI reference is
the CLI's own (`scripts/cli_reference.py`), and its profile example is a valid profile."""

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


def test_readme_cli_reference_is_the_clis_own() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "scripts" / "cli_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.reference() in (ROOT / "README.md").read_text(encoding="utf-8"), (
        "run: python scripts/cli_reference.py --write"
    )


def test_readme_profile_example_is_a_working_profile() -> None:
    import json
    import re

    from parplan.extract.columns import header_role
    from parplan.normalize.areas import area_code
    from parplan.parsers import Profile

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Province profiles", 1)[1]
    block = re.search(r"```json\n(.*?)\n```", section, re.S)
    assert block is not None
    profile = Profile.model_validate(json.loads(block.group(1)))
    assert profile.examples
    for example in profile.examples:
        if example.kind == "area":
            got = profile.area_for(example.text) or area_code(example.text)
        else:
            got = header_role(example.text, profile.column_synonyms or None)
        assert got == example.expect, example.text
