"""Province profiles: small declarative deltas over the generic parser.

The generic rules (marker ladder, area heading variants in `data/areas.json`, column synonyms in
`extract/columns.py`) handle any province; a profile only adds what one province writes its own way.
Profiles are JSON files in `parsers/profiles/`, validated strictly (every problem reported at once),
and every pattern carries example lines from real decrees that a test checks.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from parplan.errors import ParplanError
from parplan.normalize.text import fold

PROFILE_DIR = Path(__file__).parent / "profiles"
ROLES = {"ordinal", "target", "task", "product", "lead", "partners", "start", "deadline", "note"}


class ProfileError(ParplanError):
    """A profile file is invalid; the message lists every problem found."""

    exit_code = 2


class Example(BaseModel):
    """A real line and what the profile must make of it."""

    model_config = ConfigDict(extra="forbid")
    kind: str = Field(description="'area' (heading → area code) or 'column' (header label → role).")
    text: str = Field(description="The line as written in a decree.")
    expect: str | None = Field(description="Expected area code or column role (None: must not match).")
    source: str = Field("", description="Where the line was seen (file and line).")


class Profile(BaseModel):
    """Deltas for one province (or one province and document type)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    provinces: list[str] = Field(default_factory=list, description="Province names this profile applies to.")
    doc_types: list[str] = Field(default_factory=list, description="Restrict to these doc types (more specific).")
    area_variants: dict[str, list[str]] = Field(default_factory=dict, description="Area code → extra headings.")
    column_synonyms: dict[str, list[str]] = Field(default_factory=dict, description="Column role → extra labels.")
    examples: list[Example] = Field(default_factory=list)
    notes: str = ""

    @field_validator("column_synonyms")
    @classmethod
    def _roles_known(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = set(value) - ROLES
        if unknown:
            raise ValueError(f"unknown column roles {sorted(unknown)}; use {sorted(ROLES)}")
        return value

    def specificity(self) -> int:
        """0 base, 1 province, 2 province + document type: the most specific profile wins."""
        return (1 if self.provinces else 0) + (1 if self.doc_types else 0)

    def area_code(self, heading: str) -> str | None:
        """The area code of a heading: this profile's own variants first, then the generic matcher."""
        from parplan.normalize.areas import area_code

        return self.area_for(heading) or area_code(heading)

    def area_for(self, heading: str) -> str | None:
        """The area code this profile gives a heading (after the generic heading clean-up), if any."""
        if not self.area_variants:  # nothing to compare with: spare cleaning and folding the heading
            return None
        from parplan.normalize.areas import clean_heading

        key = fold(clean_heading(heading))
        for code, variants in self.area_variants.items():
            if any(key == fold(clean_heading(v)) for v in variants):
                return code
        return None


BASE = Profile(id="base", notes="Generic rules only.")


@cache
def load_profiles(directory: Path = PROFILE_DIR) -> tuple[Profile, ...]:
    """Every profile file, validated; all problems of all files are reported in one error."""
    profiles: list[Profile] = [BASE]
    problems: list[str] = []
    for path in sorted(directory.glob("*.json")):
        try:
            profiles.append(Profile.model_validate(json.loads(path.read_text(encoding="utf-8"))))
        except json.JSONDecodeError as exc:
            problems.append(f"{path.name}: not JSON ({exc})")
        except ValidationError as exc:
            problems.extend(f"{path.name}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
    ids = [p.id for p in profiles]
    problems.extend(f"duplicate profile id {i!r}" for i in sorted({i for i in ids if ids.count(i) > 1}))
    if problems:
        raise ProfileError("invalid province profiles: " + "; ".join(problems))
    return tuple(profiles)
