#!/usr/bin/env python3
"""The pages a pull request changes, with their titles, owners and review dates.

    python scripts/changed_pages.py --base origin/main        # Markdown, for a job summary
    python scripts/changed_pages.py --base <sha> --head <sha>

Compares the head with where it left the base (``git diff base...head``), keeps
the Markdown files under docs/ and reads each one's front matter. The Test
workflow writes this to the pull request's job summary, next to the preview
artifacts. A report, never a gate: a page whose front matter is broken is listed
as such (the build names the problem).
"""
import argparse
import datetime as dt
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros import frontmatter  # noqa: E402
from macros.errors import ContentError  # noqa: E402


def changed(root: Path, base: str, head: str) -> list:
    """[(status letter, path)] of docs/*.md files changed between base and head."""
    out = subprocess.run(["git", "diff", "--name-status", "--no-renames", f"{base}...{head}", "--", "docs"],
                         cwd=root, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"git diff {base}...{head} failed: {out.stderr.strip()} "
                         "Fix: fetch the base branch (actions/checkout with fetch-depth: 0).")
    rows = [line.split("\t", 1) for line in out.stdout.splitlines() if line.strip()]
    return [(status[0], path) for status, path in rows if path.endswith(".md")]


def cell(text) -> str:
    """Text safe in a Markdown table cell of a job summary."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def describe(root: Path, status: str, path: str, owners: dict) -> list:
    if status == "D":
        return [f"`{path}`", "(removed)", "", "", ""]
    docs = root / "docs"
    try:
        meta, _ = frontmatter.read(root / path, docs)
    except ContentError as exc:
        return [f"`{path}`", f"front matter problem: {cell(exc.problem)}", "", "", ""]
    meta = meta if isinstance(meta, dict) else {}
    owner = meta.get("owner")
    team = owners.get(owner, {})
    who = f"{cell(team['name'])} ({cell(team['github'])})" if team else cell(owner or "(none)")
    reviewed = meta.get("last_reviewed")
    every = meta.get("review_every")
    due = ""
    if isinstance(reviewed, dt.date) and isinstance(every, int) and not isinstance(every, bool):
        due = frontmatter.add_months(reviewed, every).isoformat()
    kind = " (new)" if status == "A" else ""
    return [f"`{path}`{kind}", cell(meta.get("title", "(no title)")), who,
            reviewed.isoformat() if isinstance(reviewed, dt.date) else cell(reviewed or ""), due]


def summary(root: Path, base: str, head: str = "HEAD") -> str:
    files = changed(root, base, head)
    try:
        owners = frontmatter.load_owners(root / "data" / "owners.yml", root)
    except ContentError:
        owners = {}
    lines = ["## Pages this pull request changes", ""]
    if not files:
        return "\n".join(lines + ["No page under docs/ changed.", ""])
    lines += [f"{len(files)} page(s). The built site and the offline zip are this run's artifacts.", "",
              "| Page | Title | Owner | Last reviewed | Next review due |", "| --- | --- | --- | --- | --- |"]
    lines += ["| " + " | ".join(describe(root, status, path, owners)) + " |" for status, path in files]
    lines += ["", "If you reviewed a whole page, set its `last_reviewed` to today (docs/contribute/reviews.md).", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="origin/main", help="the branch or commit the pull request goes into")
    ap.add_argument("--head", default="HEAD")
    ap.add_argument("--root", type=Path, default=ROOT, help="the project folder (a git work tree)")
    args = ap.parse_args(argv)
    print(summary(args.root.resolve(), args.base, args.head), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
