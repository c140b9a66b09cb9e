"""Shared fixtures: the bundled samples, parsed once per session."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from parplan.schema import Plan

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GOLDEN = ROOT / "tests" / "golden"
SHARED = ROOT.parent / "shared"
STEMS = sorted(p.stem for p in SAMPLES.glob("*.txt"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", default=False,
        help="Rewrite tests/golden/*.json from the current output (refused when CI is set).",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    flag = bool(request.config.getoption("--update-golden"))
    if flag and os.environ.get("CI"):
        pytest.fail("--update-golden is not allowed in CI: golden files change only by a reviewed commit")
    return flag


@cache
def parsed(name: str) -> Plan:
    """Parse a sample file once per test session."""
    from parplan import parse_file

    return parse_file(SAMPLES / name)
