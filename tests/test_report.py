"""`parplan report`: the HTML page shows every item with a working link to its source, the charts
carry the plans' own numbers, and a real headless Chromium opens it offline without errors."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from parplan.diff import targets_of
from parplan.pipeline import run
from parplan.report import render_report, source_key
from parplan.schema import Plan
from tests.conftest import SAMPLES
from tests.test_hostile import run as run_cli

TXT = sorted(SAMPLES.glob("*.txt"))


@cache
def plan(path: Path) -> Plan:
    return run(path)


def escape(text: str) -> str:
    """Text as Jinja2's autoescape writes it (MarkupSafe: quotes as numeric references)."""
    return html.escape(text).replace("&quot;", "&#34;").replace("&#x27;", "&#39;")


def ids_and_links(page: str) -> tuple[set[str], list[str]]:
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    links = re.findall(r'href="#([^"]+)"', page)
    return ids, links


def check_plan_section(page: str, p: Plan, anchor: str) -> None:
    ids, _ = ids_and_links(page)
    for item in p.items:
        assert f'id="{anchor}-item-{item.id}"' in page, item.id
        assert str(escape(item.text)) in page, item.text[:60]
        key = source_key(item.source)
        assert key is not None and f"{anchor}-src-{key}" in ids, (item.id, key)
        assert f'href="#{anchor}-src-{key}"' in page
        assert f'href="#{anchor}-item-{item.id}">{item.id}</a>' in page  # and back from the source
    for u in p.unassigned:
        assert str(escape(u.text[:40])) in page


@pytest.mark.parametrize(
    "path",
    sorted(p for ext in ("txt", "docx", "pdf") for p in SAMPLES.glob(f"*.{ext}")),
    ids=lambda p: p.name,
)
def test_one_plan_shows_every_item_with_its_source(path: Path) -> None:
    p = plan(path)
    page = render_report([p])
    check_plan_section(page, p, "p1")
    ids, links = ids_and_links(page)
    assert links and not [link for link in links if link not in ids]
    assert "<script" not in page and "http://" not in page.replace('"http://www.w3.org', "")
    # metadata values and the findings of validate are on the page
    assert str(escape(p.metadata.number or "")) in page
    from parplan.validate import validate

    for finding in validate(p):
        assert str(escape(finding.message)) in page


def test_all_samples_together() -> None:
    plans = [plan(path) for path in TXT]
    page = render_report(plans)
    assert len(page.encode()) < 2 * 1024 * 1024
    for k, p in enumerate(plans, start=1):
        check_plan_section(page, p, f"p{k}")
    ids, links = ids_and_links(page)
    assert not [link for link in links if link not in ids]
    # every charted value is the plan's own: each target value appears, linked to its item
    charts = dict(re.findall(r'<figure class="chart" id="chart-([^"]+)">(.*?)</figure>', page, re.S))
    assert len(charts) >= 5
    for k, p in enumerate(plans, start=1):
        for (key, _level), values in targets_of(p).items():
            if key not in charts:
                continue
            for tv in values:
                assert f'href="#p{k}-item-{tv.item}">{escape(tv.display())}</a>' in charts[key]
                assert f"#p{k}-item-{tv.item}" in charts[key].split("<figcaption>")[0]  # the bar itself links
    # the heat map's counts are the comparison's
    from parplan.compare import compare_plans

    heat = page.split('id="heat"')[1].split("</table>")[0]
    for row in compare_plans(plans).areas.rows:
        cells = [f"{row[1 + 3 * k]} / {row[2 + 3 * k]} / {row[3 + 3 * k]}" for k in range(len(plans))]
        assert all(c in heat for c in cells), row


def test_the_cli_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    done = run_cli("report", str(TXT[0]), str(TXT[1]), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert b"wrote" in done.stderr and b"2 plans" in done.stderr
    missing = run_cli("report", str(tmp_path / "nope.txt"), "-o", str(out))
    assert missing.returncode == 3 and b"Traceback" not in missing.stderr


# ---------------------------------------------------------------------------------------------
# a real browser


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing: .ci/run installs Debian's chromium")
    pytest.skip("no Chromium on this machine (.ci/run installs it)")


def browse(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium with the network off (every host unresolvable, a dead proxy)."""
    return subprocess.run(
        [
            chromium() or "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=127.0.0.1:9",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={profile}",
            *args,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]


_TIMER = "<script>addEventListener('load', () => { document.title = 'loaded ' + Math.round(performance.now()); });</script>"


def test_the_page_opens_offline_in_chromium(tmp_path: Path) -> None:
    chromium()
    page = render_report([plan(path) for path in TXT])
    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")
    # a control page proves that console errors are seen at all
    control = tmp_path / "control.html"
    control.write_text(
        "<!DOCTYPE html><title>x</title><script>console.error('planted')</script>", encoding="utf-8"
    )
    assert any(
        "planted" in line for line in console_errors(browse(control, tmp_path / "c0", "--dump-dom").stderr)
    )

    dom = browse(report, tmp_path / "c1", "--dump-dom")
    assert dom.returncode == 0 and not console_errors(dom.stderr), dom.stderr[-2000:]
    ids, links = ids_and_links(dom.stdout)
    assert len(links) > 500 and not [link for link in links if link not in ids]

    timed = tmp_path / "timed.html"
    timed.write_text(page.replace("</body>", _TIMER + "</body>"), encoding="utf-8")
    loaded = re.search(r"<title>loaded (\d+)</title>", browse(timed, tmp_path / "c2", "--dump-dom").stdout)
    assert loaded and int(loaded.group(1)) < 2000, loaded

    shot = tmp_path / "report.png"
    browse(report, tmp_path / "c3", "--window-size=1400,1800", "--hide-scrollbars", f"--screenshot={shot}")
    assert shot.stat().st_size > 20_000


def test_document_text_is_never_markup(tmp_path: Path) -> None:
    """A decree's text is data: tags, quotes and ampersands in an item reach the page escaped."""
    text = (SAMPLES / "quang-ninh-2022-ke-hoach.txt").read_text(encoding="utf-8")
    hostile = '<script>alert(1)</script> "><img src=x onerror=alert(2)> & '
    assert "Tiếp tục nâng cao chất lượng thẩm định" in text
    path = tmp_path / "hostile.txt"
    path.write_text(
        text.replace("Tiếp tục nâng cao chất lượng thẩm định", "Tiếp tục " + hostile + "nâng cao", 1),
        encoding="utf-8",
    )
    p = run(path)
    assert any(hostile.strip() in item.text for item in p.items)
    page = render_report([p])
    assert "<script" not in page and "<img" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_saved_plan_and_stdout(tmp_path: Path) -> None:
    """`parse -o plan.json` then `report plan.json -o -`: the same items, from the JSON alone."""
    saved = tmp_path / "plan.json"
    assert run_cli("parse", str(TXT[0]), "-o", str(saved)).returncode == 0
    done = run_cli("report", str(saved), "-o", "-")
    assert done.returncode == 0 and done.stdout.startswith(b"<!DOCTYPE html>")
    page = done.stdout.decode("utf-8")
    for item in plan(TXT[0]).items:
        assert f'id="p1-item-{item.id}"' in page


def test_coverage_counts_list_paragraphs_no_item_took() -> None:
    from parplan.report import plan_view
    from parplan.schema import SourceSpan, Unassigned

    p = plan(TXT[0])
    stray = [
        Unassigned(text="3. Một nhiệm vụ bị bỏ sót", source=SourceSpan(file=p.file, line=9001)),
        Unassigned(text="Một đoạn văn không phải danh sách", source=SourceSpan(file=p.file, line=9002)),
    ]
    view = plan_view(p.model_copy(update={"unassigned": stray}), 1, "x")
    narrative = sum(1 for i in p.items if i.part != "appendix" and not i.is_group)
    assert (view.covered, view.unassigned) == (narrative, 1)
    assert view.coverage == narrative / (narrative + 1)


def test_the_page_prints_whole(tmp_path: Path) -> None:
    """Printed, the scrolling source column is expanded: its last line is on paper too."""
    import pypdfium2 as pdfium

    chromium()
    p = plan(SAMPLES / "tuyen-quang-2022-ke-hoach.txt")
    report = tmp_path / "report.html"
    report.write_text(render_report([p]), encoding="utf-8")
    printed = tmp_path / "report.pdf"
    browse(report, tmp_path / "c4", "--no-pdf-header-footer", f"--print-to-pdf={printed}")
    doc = pdfium.PdfDocument(printed.read_bytes())
    text = " ".join(doc[k].get_textpage().get_text_range() for k in range(len(doc)))
    words = " ".join(text.split())
    from parplan.report import plan_view

    # the last section text of the source column: on the page it is shown only there, in a box
    # that scrolls on screen; clipped in print, these words would be missing
    last = [n for n in plan_view(p, 1, "x").nodes if n.kind == "section"][-1].text.splitlines()[-1]
    assert " ".join(last.split()[:6]) in words, last
    assert len(doc) > 5
