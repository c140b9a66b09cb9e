"""The same decree as txt, DOCX and PDF gives the same plan once source references are ignored.

Exact, justified differences are listed in KNOWN (and must keep occurring, so the list cannot rot).
"""

from __future__ import annotations

from typing import Any

import pytest

from parplan.schema import Plan
from tests.conftest import SAMPLES, STEMS, parsed

# PDF cannot tell a typed line break inside a cell from a wrapped line (both are just the next text
# line), so product cells that the DOCX separates by line breaks stay one product in the PDF.
# The txt copy of programme 131 ends with a website's metadata block (evidence the DOCX and PDF lack).
KNOWN: dict[tuple[str, str], set[str]] = {
    ("quang-ninh-2021-chuong-trinh-131", "docx"): {"metadata.evidence"},
    ("quang-ninh-2021-chuong-trinh-131", "pdf"): {"metadata.evidence"},
    ("tuyen-quang-2022-ke-hoach", "pdf"): {"A5.products", "A6.products", "A10.products", "A12.products", "A13.products", "A14.products", "A17.products"},
}


def semantic(plan: Plan) -> dict[str, Any]:
    """Metadata, areas and items without source references, keyed for readable failures."""
    def strip(obj: Any) -> Any:
        if isinstance(obj, dict):
            return {k: strip(v) for k, v in obj.items() if k != "source"}
        if isinstance(obj, list):
            return [strip(x) for x in obj]
        return obj

    out: dict[str, Any] = {f"metadata.{k}": v for k, v in strip(plan.metadata.model_dump(mode="json")).items()}
    # the text a value was read from differs with the layout (a Word header is a table): compare what it says
    out["metadata.evidence"] = sorted({(e["field"], e["value"], e["found_in"], e["used"]) for e in out["metadata.evidence"]})
    out["areas"] = strip([a.model_dump(mode="json") for a in plan.areas])
    for item in plan.items:
        for k, v in strip(item.model_dump(mode="json")).items():
            out[f"{item.id}.{k}"] = v
    out["items"] = [i.id for i in plan.items]
    return out


@pytest.mark.parametrize("ext", ["docx", "pdf"])
@pytest.mark.parametrize("stem", STEMS)
def test_formats_give_the_same_plan(stem: str, ext: str) -> None:
    if not (SAMPLES / f"{stem}.{ext}").exists():
        pytest.skip(f"no {ext} sample")
    want, got = semantic(parsed(f"{stem}.txt")), semantic(parsed(f"{stem}.{ext}"))
    differing = {k for k in set(want) | set(got) if want.get(k) != got.get(k)}
    known = KNOWN.get((stem, ext), set())
    unexpected = differing - known
    assert not unexpected, {k: (want.get(k), got.get(k)) for k in sorted(unexpected)[:10]}
    assert known <= differing, f"listed differences no longer occur, remove them: {sorted(known - differing)}"
