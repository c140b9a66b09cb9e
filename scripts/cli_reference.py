"""The README's CLI reference, generated from the CLI itself (`--write` updates README.md).

`tests/test_docs.py` checks that the README holds exactly this text, so the reference cannot drift
from `parplan COMMAND --help`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from parplan.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"


def _first_paragraph(text: str | None) -> str:
    return " ".join((text or "").strip().split("\n\n")[0].split())


def reference() -> str:
    """Markdown: per command its summary, arguments and options with their help."""
    group = typer.main.get_command(app)
    lines = [START, ""]
    commands = [("parplan", group), *((f"parplan {n}", group.commands[n]) for n in sorted(group.commands))]  # type: ignore[attr-defined]
    for title, command in commands:
        summary = (
            "Options before the command (`parplan --debug parse …`)." if command is group else command.help
        )
        lines += [f"#### `{title}`", "", _first_paragraph(summary), ""]
        for param in command.params:
            if param.param_type_name == "argument":
                label = f"`{(param.name or '').upper()}`"
            else:
                flags = [*param.opts, *param.secondary_opts]
                label = ", ".join(f"`{f}`" for f in flags)
            lines.append(f"- {label}: {' '.join((getattr(param, 'help', None) or '').split())}")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def main() -> int:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"README.md has no {START} … {END} block", file=sys.stderr)
        return 1
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    new = head + reference() + tail
    if "--write" in sys.argv[1:]:
        README.write_text(new, encoding="utf-8")
        print("wrote the CLI reference into README.md")
        return 0
    print(reference())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
