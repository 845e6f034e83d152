#!/usr/bin/env python3
"""Create a page from its template, with the front matter filled and a nav entry.

    make new type=situation title="Threatens to post online"
    python scripts/new_page.py playbook "The LAST model"

Types: situation, playbook, module, scenario, case-study. Any one-line title
works: it is quoted for YAML wherever it needs to be, and the file name is made
from it (accents removed, other characters dropped). The page is added to the
navigation and to .github/CODEOWNERS. It fails the tests until its TODO lines
are written; the failures say what is left.
"""
import datetime as dt
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from string import Template

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from macros import plaintext

ROOT = Path(__file__).resolve().parent.parent
TYPES = {
    # type: (folder under docs/, nav folder prefix to insert after)
    "situation": ("situations", "situations/"),
    "playbook": ("playbooks", "playbooks/"),
    "case-study": ("case-studies", "case-studies/"),
    "scenario": ("onboarding/role-plays", "onboarding/role-plays/"),
    "module": ("onboarding", "onboarding/module-"),
}
USAGE = 'make new type=situation title="Threatens to post online"'
SLUG_MAX = 60
# Letters NFKD does not split into a base letter and an accent.
LATIN = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe",
                       "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "þ": "th", "Þ": "th", "ð": "d", "ı": "i"})


class Refused(Exception):
    """Nothing was written: the message says why and what to do."""


def slugify(title: str) -> str:
    """A file name from the title: a-z, 0-9 and hyphens; accents removed, other characters dropped."""
    ascii_text = unicodedata.normalize("NFKD", title.translate(LATIN)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "")).strip("-")
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX + 1].rsplit("-", 1)[0] if "-" in slug[:SLUG_MAX + 1] else slug[:SLUG_MAX]
    return slug


def yaml_scalar(text: str) -> str:
    """``text`` as one YAML value that reads back exactly, quoted only when it must be."""
    dumped = yaml.safe_dump({"k": text}, allow_unicode=True, width=float("inf"), default_flow_style=False)
    return dumped[len("k: "):].rstrip("\n")


def markdown_text(text: str) -> str:
    """``text`` as it should read in a '# heading': no emphasis, link, HTML, attribute list or macro."""
    text = re.sub(r"([\\`*_\[\]{}#])", r"\\\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;")


def check_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise Refused(f'Give the page a title: {USAGE}')
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in title):
        raise Refused("The title must be one line of text, without line breaks or tabs. Fix: write it on one line.")
    # The same rule the build applies to every title: plain text, no markup (macros/plaintext.py).
    for problem, fix in plaintext.problems(title):
        raise Refused(f"The title {problem}; readers see it as plain text. Fix: {fix}.")
    return title


def add_to_nav(mkdocs: str, prefix: str, title: str, rel: str) -> str:
    """Insert '- Title: rel' after the last nav entry whose path starts with prefix."""
    lines = mkdocs.splitlines(keepends=True)
    nav_start = next((i for i, text in enumerate(lines) if text.startswith("nav:")), None)
    last = None
    for i in range(nav_start if nav_start is not None else len(lines), len(lines)):
        m = re.match(r"^(\s*)- (?:.+: )?([\w./-]+\.md)\s*$", lines[i])
        if m and m.group(2).startswith(prefix) and not m.group(2).endswith("index.md"):
            last = (i, m.group(1))
    if last is None:
        raise Refused(f"Could not find the navigation section for {prefix!r} in mkdocs.yml. Fix: check its `nav:` entries, "
                      "or add the page to nav by hand.")
    i, indent = last
    entry = yaml.safe_dump([{title: rel}], allow_unicode=True, width=float("inf"), default_flow_style=False)
    lines.insert(i + 1, indent + entry)
    return "".join(lines)


def fill(template: str, title: str, key: str, today: str) -> str:
    """The template with the title quoted for YAML in the front matter and escaped for Markdown below it."""
    end = template.find("\n---", 4) if template.startswith("---\n") else -1
    head, body = (template[:end], template[end:]) if end != -1 else ("", template)
    # $slug is the situation slug, or the module id that done_checklist() takes.
    values = dict(slug=key, today=today)
    return (Template(head).safe_substitute(values, title=yaml_scalar(title))
            + Template(body).safe_substitute(values, title=markdown_text(title)))


def plan(kind: str, title: str, root: Path = ROOT):
    """Work out everything to write, or refuse; nothing is written here."""
    folder, prefix = TYPES[kind]
    slug = key = slugify(title)
    if not slug:
        raise Refused(f"The title {title!r} has no letters or digits to name the file with (a to z and 0 to 9, once accents "
                      "are removed). Fix: use a title with at least one such word.")
    if slug == "index":
        raise Refused(f"A page called 'index' would replace the start page of docs/{folder}/. Fix: choose another title.")
    if kind == "module":
        numbers = [int(m.group(1)) for p in (root / "docs" / "onboarding").glob("module-*.md")
                   if (m := re.match(r"module-(\d+)", p.stem))]
        key = f"module-{max(numbers, default=0) + 1}"
        slug = f"{key}-{slug}"
    rel = f"{folder}/{slug}.md"
    target = root / "docs" / rel
    taken = [p for p in target.parent.glob("*") if p.name.lower() in (f"{slug}.md", slug)] if target.parent.is_dir() else []
    if taken:
        what = "a folder" if taken[0].is_dir() else "a page"
        raise Refused(f"docs/{taken[0].relative_to(root / 'docs').as_posix()} is already {what} with that name. "
                      "Fix: choose another title, or edit that page.")
    text = fill((root / "templates" / f"{kind}.md").read_text(encoding="utf-8"), title, key, dt.date.today().isoformat())
    mkdocs = add_to_nav((root / "mkdocs.yml").read_text(encoding="utf-8"), prefix, title, rel)
    return rel, key, text, mkdocs


def main(argv) -> int:
    kinds = ", ".join(TYPES)
    if not argv or not argv[0].strip():
        return refuse(f"Say which type of page: {kinds}. For example: {USAGE}")
    kind = argv[0].strip()
    if kind not in TYPES:
        return refuse(f"Unknown type {kind!r}. Fix: use one of {kinds}. For example: {USAGE}")
    if len(argv) > 2:
        return refuse(f'Give the title as one argument, in quotes: {USAGE}')
    try:
        title = check_title(argv[1] if len(argv) > 1 else "")
        rel, key, text, mkdocs = plan(kind, title)
    except Refused as exc:
        return refuse(str(exc))
    (ROOT / "docs" / rel).write_text(text, encoding="utf-8")
    (ROOT / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
    print(f"Created docs/{rel} and added it to the navigation in mkdocs.yml.")
    if kind == "module":
        with (ROOT / "data" / "onboarding.yml").open("a", encoding="utf-8") as f:
            f.write(f"  - id: {key}\n    title: {yaml_scalar(title)}\n    page: {rel}\n    time: 45 minutes\n"
                    f"    checklist:\n      - id: todo-first-step\n        text: \"TODO: the first thing a new hire ticks\"\n")
        print(f"Added {key} to data/onboarding.yml.")
    owners = subprocess.run([sys.executable, str(ROOT / "scripts" / "codeowners.py")], cwd=ROOT, capture_output=True, text=True)
    if owners.returncode != 0:
        print(f"Could not update .github/CODEOWNERS: {(owners.stdout + owners.stderr).strip()}\n"
              "Fix that, then run `make codeowners`.", file=sys.stderr)
    else:
        print("Updated .github/CODEOWNERS: the page's owner reviews changes to it.")
    url = f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}/{rel[:-3]}/"
    steps = [f"Open docs/{rel} and replace every line that says TODO, the front matter's description and tags included."]
    if kind == "situation":
        steps.append(f"Add {key} to the `situations` of at least three cards in data/phrases/ "
                     "(until some card lists it, the page shows an error where its cards go).")
    if kind == "module":
        steps.append(f"Write the checklist of {key} in data/onboarding.yml.")
    steps.append(f"Run `make serve`, then open {url} in your browser. It reloads each time you save.")
    steps.append("Run `make test` before you open a pull request.")
    print("Next:\n" + "\n".join(f"  {n}. {s}" for n, s in enumerate(steps, start=1)))
    return 0 if owners.returncode == 0 else 1


def refuse(message: str) -> int:
    print(f"make new: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
