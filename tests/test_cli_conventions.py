"""The CLI as analysts and data engineers expect it (issue 15), run through the installed `parplan`:
usage errors are one line and exit 2, a closed pipe is a quiet success, exports keep what the plan
knows in every format, validate works like a linter, and human output survives document text."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "quang-ninh-2022-ke-hoach.txt"
BULLETS = SAMPLES / "tuyen-quang-2022-ke-hoach.txt"


def _executable() -> str:
    """The `parplan` script the installation put next to this interpreter (else the one on PATH)."""
    here = Path(sys.executable).with_name("parplan")
    found = str(here) if here.exists() else shutil.which("parplan")
    if found is None:
        pytest.skip("parplan is not installed as a command")
    return found


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_executable(), *args], capture_output=True, text=True, encoding="utf-8", timeout=300, cwd=cwd
    )


# ---------------------------------------------------------------------------------------------
# usage errors: one line, exit 2, no traceback


def _usage_cases(tmp: Path) -> list[tuple[list[str], str]]:
    blocker = tmp / "a-file"
    blocker.write_text("x", encoding="utf-8")
    return [
        (["--bogus"], "No such option: --bogus"),
        (["parse", str(SAMPLE), "--bogus"], "No such option: --bogus"),
        (["schema", "extra"], "unexpected extra argument"),
        (
            ["parse", str(SAMPLE), "--format", "csvx"],
            "Invalid value for '--format' / '-f': 'csvx' is not one of",
        ),
        (["export", str(SAMPLE), "--table", "nope"], "Invalid value for '--table' / '-t'"),
        (["parse", str(SAMPLE), "--jobs", "-1"], "Invalid value for '--jobs' / '-j'"),
        (
            ["export", str(SAMPLE), "-o", str(tmp / "items.csv"), "-f", "json"],
            "does not match the output file's extension",
        ),
        (
            ["export", str(SAMPLE), "-o", str(blocker / "items.csv")],
            "Invalid value for '-o' / '--out': cannot write",
        ),
        (["compare", str(SAMPLE)], "compare needs two or more plans"),
        (["diff", str(SAMPLE)], "diff compares two plans"),
    ]


def test_usage_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    for args, needle in _usage_cases(tmp_path):
        out = run(*args)
        assert out.returncode == 2, (args, out.stderr)
        assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1, (args, out.stderr)
        assert needle in out.stderr, (args, out.stderr)
        assert not list(tmp_path.glob("items.csv*")), args  # nothing written, not even a .part


def test_bare_parplan_shows_usage_and_exits_2() -> None:
    out = run()
    assert out.returncode == 2 and "Usage" in out.stdout + out.stderr and "Traceback" not in out.stderr


def test_shell_completion() -> None:
    """The completion protocol the installed script speaks (`--install-completion` writes it into the
    user's shell set-up, which a test must not touch): the bash script, and a completed command."""
    import os

    def complete(**env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [_executable()], capture_output=True, text=True, timeout=60, env={**os.environ, **env}
        )

    script = complete(_PARPLAN_COMPLETE="source_bash")
    assert script.returncode == 0 and "complete" in script.stdout and "_parplan_completion" in script.stdout
    words = complete(_PARPLAN_COMPLETE="complete_bash", COMP_WORDS="parplan ex", COMP_CWORD="1")
    assert words.returncode == 0 and words.stdout.split() == ["export"]


def test_a_closed_pipe_is_a_quiet_success() -> None:
    proc = subprocess.Popen(
        [_executable(), "export", str(SAMPLES), "-f", "jsonl", "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(200)
    proc.stdout.close()  # `| head -c 200`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 0 and "Traceback" not in err and "Broken pipe" not in err


# ---------------------------------------------------------------------------------------------
# exports keep what the plan knows


def _jsonl(path: Path) -> list[dict]:  # type: ignore[type-arg]
    out = run("export", str(path), "-f", "jsonl")
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_csv_round_trips_through_sqlite_with_deadlines_intact(tmp_path: Path) -> None:
    """Load the CSV into SQLite as `sqlite-utils insert --csv` does, and ask it for deadlines."""
    target = tmp_path / "items.csv"
    assert run("export", str(SAMPLE), "-o", str(target)).returncode == 0  # CSV from the extension
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    db = sqlite3.connect(":memory:")
    columns = list(rows[0])
    db.execute(f"create table items ({', '.join(f'[{c}]' for c in columns)})")
    db.executemany(
        f"insert into items values ({', '.join('?' * len(columns))})", [list(r.values()) for r in rows]
    )
    got = db.execute(
        "select id, deadlines, deadline_kind, deadline_start, deadline_end from items where deadline_kind != ''"
    ).fetchall()
    want = [
        (i["id"], d["raw"], d["kind"], d["start"] or "", d["end"] or "")
        for i in _jsonl(SAMPLE)
        if len(i["deadlines"]) == 1
        for d in i["deadlines"]
    ]
    assert want and set(want) <= set(got)
    assert ("month", "2021-12-01", "2021-12-31") in {g[2:] for g in got}


def test_flat_columns_spread_numbers(tmp_path: Path) -> None:
    out = run("export", str(SAMPLE), "-f", "tsv")
    assert out.returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.stdout.lstrip("\ufeff")), delimiter="\t"))
    with_numbers = [r for r in rows if r["number_value"] and ";" not in r["number_value"]]
    assert with_numbers and all(r["number_unit"] for r in with_numbers)
    assert {"number_level", "number_comparator", "number_indicator", "deadline_kind"} <= set(rows[0])


def test_xlsx_has_typed_cells_and_unaltered_text(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "out" / "items.xlsx"
    assert run("export", str(BULLETS), "-o", str(tmp_path / "out") + "/", "-f", "xlsx").returncode == 0
    sheet = openpyxl.load_workbook(target).active
    header, *body = list(sheet.iter_rows(values_only=True))
    rows = [dict(zip(header, r, strict=True)) for r in body]
    items = _jsonl(BULLETS)
    assert [r["marker"] or "" for r in rows] == [i["marker"] or "" for i in items]  # markers as written
    assert [r["text"] for r in rows] == [i["text"] for i in items]  # "- …" texts never quoted
    assert any(isinstance(r["number_value"], int | float) for r in rows)
    import datetime

    assert any(isinstance(r["deadline_start"], datetime.datetime) for r in rows)


def test_csv_neutralises_only_what_a_spreadsheet_evaluates() -> None:
    out = run("export", str(BULLETS), "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout.lstrip("\ufeff"))))
    items = _jsonl(BULLETS)
    assert any(i["marker"] == "-" for i in items)
    assert [r["marker"] for r in rows] == [i["marker"] or "" for i in items]  # a lone "-" stays
    quoted = [r["text"] for r in rows if r["text"].startswith("'")]
    assert quoted and all(t[1] in "=@+-" for t in quoted)


# ---------------------------------------------------------------------------------------------
# validate like a linter; plans from folders, globs and .json


def test_validate_many_inputs_as_a_linter(tmp_path: Path) -> None:
    out = run("validate", str(SAMPLE), str(SAMPLES / "*.docx"))
    assert out.returncode == 1  # the Quảng Ninh plan has errors
    lines = out.stdout.strip().splitlines()
    assert any(line.startswith(f"{SAMPLE}:150: PP101 error: ") for line in lines)
    assert any(line.startswith(str(SAMPLES / "tuyen-quang-2022-ke-hoach.docx") + ":T") for line in lines)
    assert lines[-1].endswith("in 5 files")
    assert run("validate", str(SAMPLE), "--exit-zero").returncode == 0
    report = json.loads(run("validate", str(SAMPLES), "--json").stdout)
    assert set(report) >= {"valid", "counts", "codes", "results"} and report["valid"] is False
    assert report["codes"]["PP101"] >= 1 and len(report["results"]) == report["files"]
    stats = run("validate", str(SAMPLE), "--statistics").stdout
    assert "PP101" in stats and "PP301" in stats and ":150:" not in stats


def test_json_plans_are_inputs_and_a_plan_diffed_with_itself_has_no_differences(tmp_path: Path) -> None:
    plan = tmp_path / "plans" / "qn.json"
    assert run("parse", str(SAMPLE), "-o", str(plan)).returncode == 0
    same = run("diff", str(plan), str(SAMPLE))
    assert same.returncode == 0 and "no differences" in same.stdout
    assert run("validate", str(tmp_path / "plans")).returncode == 1  # the .json plan, from its folder
    stats = json.loads(run("stats", str(plan), "--json").stdout)
    assert stats[0]["file"] == "quang-ninh-2022-ke-hoach.txt" and stats[0]["agency_mentions"] > 0


def test_a_folder_without_decrees_is_exit_3(tmp_path: Path) -> None:
    (tmp_path / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    out = run("parse", str(tmp_path))
    assert out.returncode == 3 and "no decree files" in out.stderr


def test_schema_names_its_dialect_and_itself() -> None:
    schema = json.loads(run("schema").stdout)
    assert schema["$schema"].endswith("/draft/2020-12/schema") and schema["$id"].startswith("urn:parplan:")


# ---------------------------------------------------------------------------------------------
# terminal vs pipe


def test_document_text_is_not_markup(tmp_path: Path) -> None:
    task = "Xây dựng Kế hoạch cải cách hành chính tỉnh Quảng Ninh năm 2022"
    text = SAMPLE.read_text(encoding="utf-8").replace(task, "Xây dựng [/x] Kế hoạch [bold]cải cách", 1)
    odd = tmp_path / "odd.txt"
    odd.write_text(text, encoding="utf-8")
    out = run("parse", str(odd), "--format", "summary")
    assert out.returncode == 0, out.stderr
    assert "[/x]" in out.stdout and "[bold]" in out.stdout and "[warning]" in out.stdout
    assert max(len(line) for line in out.stdout.splitlines()) > 80  # piped: not wrapped at 80 columns
    written = tmp_path / "summary.txt"
    assert run("parse", str(odd), "--format", "summary", "-o", str(written)).returncode == 0
    assert "[/x]" in written.read_text(encoding="utf-8")
    assert run("diff", str(odd), str(SAMPLE)).returncode == 0
