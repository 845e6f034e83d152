#!/usr/bin/env python3
"""Write the list of content rules in docs/contribute/checks.md from the rules' docstrings.

The rules are the functions in RULES in macros/checks.py; each one's docstring
says what it checks, why, and how to fix what it finds. This writes them, in
order, between the two marker lines of docs/contribute/checks.md, so the page
says exactly what the build checks.

    python scripts/checks_doc.py          # rewrite the section
    python scripts/checks_doc.py --check  # exit 1, naming what is stale, if it is out of date (used by the tests)
"""
import inspect
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generated import write_or_check  # noqa: E402  (scripts/ is on the path: python scripts/checks_doc.py)

from macros import checks  # noqa: E402

TARGET = ROOT / "docs" / "contribute" / "checks.md"
START = "<!-- content rules: written by scripts/checks_doc.py from macros/checks.py; do not edit by hand -->"
END = "<!-- end of content rules -->"


def section(rule) -> str:
    """One rule as Markdown: its name as a heading, then its docstring's paragraphs."""
    first, _, rest = inspect.getdoc(rule).partition("\n\n")
    anchor = rule.__name__.replace("_", "-")
    body = " ".join(rest.split()).replace(" Fix: ", " **Fix:** ")
    return f"### {first.rstrip('.')} {{ #{anchor} }}\n\n{body} (Rule `{rule.__name__}` in `macros/checks.py`.)\n"


def render(text: str) -> str:
    """``text`` (the page) with the section between the markers written afresh."""
    if START not in text or END not in text:
        raise SystemExit(f"{TARGET.relative_to(ROOT)}: the marker lines are missing. Fix: put\n{START}\n{END}\n"
                         "on lines of their own where the list of rules belongs.")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    rules = "\n".join(section(rule) for rule in checks.RULES)
    return f"{before}{START}\n\n{rules}\n{END}{after}"


def stale(old: str, new: str) -> list:
    """The rules whose section differs between ``old`` and ``new`` (or that one of them lacks)."""
    names = []
    for rule in checks.RULES:
        if section(rule) not in old:
            names.append(rule.__name__)
    if not names and old != new:
        names.append("a rule that is no longer in macros/checks.py, or the order of the rules")
    return names


def main(argv) -> int:
    text = TARGET.read_text(encoding="utf-8")
    new = render(text)
    return write_or_check(TARGET, new, argv,
                          f"{TARGET.relative_to(ROOT)} is out of date with the rules in macros/checks.py: {', '.join(stale(text, new))}. "
                          "Fix: run `python scripts/checks_doc.py` and commit the result.")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
