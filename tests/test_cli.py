"""The CLI: version, parse/export on a sample, and one-line errors with the right exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "quang-ninh-2022-ke-hoach.txt"


def cli(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "parplan", *args], capture_output=True, input=input, timeout=300)


def test_version() -> None:
    out = cli("--version")
    assert out.returncode == 0 and out.stdout.decode().startswith("parplan ")


def test_parse_prints_plan_json() -> None:
    out = cli("parse", str(SAMPLE))
    assert out.returncode == 0, out.stderr
    plan = json.loads(out.stdout)
    assert plan["metadata"]["number"] == "1788/QĐ-UBND"
    assert {a["code"] for a in plan["areas"]} >= {"institutional", "direction"}


def test_export_csv_has_bom_and_header(tmp_path: Path) -> None:
    target = tmp_path / "items.csv"
    out = cli("export", str(SAMPLE), "--table", "items", "--format", "csv", "-o", str(target))
    assert out.returncode == 0, out.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("\ufefffile,id,part,area")
    assert "appendix" in text and "narrative" in text


def test_export_refuses_to_overwrite_input(tmp_path: Path) -> None:
    copy = tmp_path / "x.txt"
    copy.write_bytes(SAMPLE.read_bytes())
    out = cli("export", str(copy), "-o", str(copy))
    assert out.returncode == 2
    assert copy.read_bytes() == SAMPLE.read_bytes()


@pytest.mark.parametrize(
    ("content", "name", "code", "needle"),
    [
        (b"", "empty.txt", 3, "empty"),
        (None, "missing.txt", 3, "no such file"),
        (b"\x00\x01\x02\xff" * 100, "noise.bin", 3, "binary"),
    ],
)
def test_bad_input_one_line_error(tmp_path: Path, content: bytes | None, name: str, code: int, needle: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    out = cli("parse", str(path))
    err = out.stderr.decode()
    assert out.returncode == code
    assert needle in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_usage_error_exit_2() -> None:
    out = cli("export", str(SAMPLE), "--table", "nonsense")
    assert out.returncode == 2
    assert "Traceback" not in out.stderr.decode()


def test_single_file_into_an_existing_directory(tmp_path: Path) -> None:
    out = cli("parse", str(SAMPLE), "-o", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert json.loads((tmp_path / f"{SAMPLE.name}.json").read_text(encoding="utf-8"))["file"] == SAMPLE.name
    assert not list(tmp_path.glob("*.part"))


def test_export_to_a_directory_writes_the_table_in_it(tmp_path: Path) -> None:
    out = cli("export", str(SAMPLE), "-o", str(tmp_path), "-t", "rows", "-f", "csv")
    assert out.returncode == 0, out.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["rows.csv"]
    (tmp_path / "items.jsonl").mkdir()  # a directory where the file would go
    clash = cli("export", str(SAMPLE), "-o", str(tmp_path))
    assert clash.returncode == 2 and "is a directory" in clash.stderr.decode()


def test_help_shows_batch_and_limit_options() -> None:
    top = cli("--help").stdout.decode()
    assert "--limit" in top
    for command in ("parse", "export"):
        text = cli(command, "--help").stdout.decode()
        assert all(opt in text for opt in ("--jobs", "--quiet", "--fail-fast", "--keep-going"))
    assert "--no-neutralise" in cli("export", "--help").stdout.decode()


def test_warning_is_one_line_and_plan_still_printed(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Ghi chú\n\nMua rau, thịt, cá cho bữa tối.\n", encoding="utf-8")
    out = cli("parse", str(path))
    assert out.returncode == 0 and json.loads(out.stdout)["issues"][0]["code"] == "PP001"
    err = out.stderr.decode().splitlines()
    assert len(err) == 1 and err[0].startswith(f"parplan: warning: {path}: not a PAR plan")
