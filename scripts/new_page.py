#!/usr/bin/env python3
"""Create a page from its template, with the front matter filled and a nav entry.

    make new type=situation title="Threatens to post online"
    python scripts/new_page.py playbook "The LAST model"

Types: situation, playbook, module, scenario, case-study. The new page fails the
tests until its TODO lines are written; the failures say what is left.
"""
import datetime as dt
import json
import re
import sys
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parent.parent
TYPES = {
    # type: (folder under docs/, nav folder prefix to insert after)
    "situation": ("situations", "situations/"),
    "playbook": ("playbooks", "playbooks/"),
    "case-study": ("case-studies", "case-studies/"),
    "scenario": ("onboarding/role-plays", "onboarding/role-plays/"),
    "module": ("onboarding", "onboarding/module-"),
}


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower().replace("'", "")).strip("-")


def add_to_nav(mkdocs: str, prefix: str, title: str, rel: str) -> str:
    """Insert '- Title: rel' after the last nav entry whose path starts with prefix."""
    lines = mkdocs.splitlines(keepends=True)
    nav_start = next(i for i, l in enumerate(lines) if l.startswith("nav:"))
    last = None
    for i in range(nav_start, len(lines)):
        m = re.match(r"^(\s*)- (?:.+: )?([\w./-]+\.md)\s*$", lines[i])
        if m and m.group(2).startswith(prefix) and not m.group(2).endswith("index.md"):
            last = (i, m.group(1))
    if last is None:
        raise SystemExit(f"Could not find the nav section for {prefix!r} in mkdocs.yml. Add the page to nav by hand.")
    i, indent = last
    label = json.dumps(title) if re.search(r"[:#\"'{}\[\]]", title) else title
    lines.insert(i + 1, f"{indent}- {label}: {rel}\n")
    return "".join(lines)


def main(argv) -> int:
    if len(argv) != 2 or argv[0] not in TYPES or not argv[1].strip():
        print(__doc__)
        print(f"Usage: make new type=<{'|'.join(TYPES)}> title=\"Page title\"")
        return 2
    kind, title = argv[0], argv[1].strip()
    folder, prefix = TYPES[kind]
    slug = key = slugify(title)
    if kind == "module":
        key = f"module-{len(list((ROOT / 'docs' / 'onboarding').glob('module-*.md'))) + 1}"
        slug = f"{key}-{slug}"
    rel = f"{folder}/{slug}.md"
    target = ROOT / "docs" / rel
    if target.exists():
        print(f"docs/{rel} already exists. Choose another title, or edit that page.")
        return 1
    template = (ROOT / "templates" / f"{kind}.md").read_text(encoding="utf-8")
    # $slug is the situation slug, or the module id that done_checklist() takes.
    text = Template(template).safe_substitute(title=title, slug=key, today=dt.date.today().isoformat())
    target.write_text(text, encoding="utf-8")
    mkdocs = ROOT / "mkdocs.yml"
    mkdocs.write_text(add_to_nav(mkdocs.read_text(encoding="utf-8"), prefix, title, rel), encoding="utf-8")
    print(f"Created docs/{rel} and added it to the navigation in mkdocs.yml.")
    if kind == "module":
        with (ROOT / "data" / "onboarding.yml").open("a", encoding="utf-8") as f:
            f.write(f"  - id: {key}\n    title: {json.dumps(title)}\n    page: {rel}\n    time: 45 minutes\n"
                    f"    checklist:\n      - id: todo-first-step\n        text: \"TODO: the first thing a new hire ticks\"\n")
        print(f"Added {key} to data/onboarding.yml: write its checklist there.")
    if kind == "situation":
        print(f"Next: add '{slug}' to the `situations` of at least three cards in data/phrases/.")
    print("Then replace every TODO, preview with `make serve`, and run `make test`.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
