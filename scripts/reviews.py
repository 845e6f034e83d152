#!/usr/bin/env python3
"""List the pages that are due or overdue for review, oldest first.

    make reviews                 # due now or within 30 days
    python scripts/reviews.py --within 90
    python scripts/reviews.py --json     # the same, for scripts
    python scripts/reviews.py --issue    # overdue pages by owner, as a GitHub issue body

The weekly Reviews workflow (.github/workflows/reviews.yml) posts --issue as one
issue, so overdue pages reach their owners.

A report, never a failure: the date moving on must not break the build.
"""
import argparse
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros import frontmatter  # noqa: E402


def report(today: dt.date, within: int) -> str:
    owners = frontmatter.load_owners(ROOT / "data" / "owners.yml", ROOT)
    pages, errors = frontmatter.scan(ROOT / "docs", set(owners), today)
    horizon = today + dt.timedelta(days=within)
    due = sorted((p.next_review, path, p) for path, p in pages.items() if p.next_review <= horizon)
    lines = [f"Pages due for review by {horizon.isoformat()} (today is {today.isoformat()}): {len(due)} of {len(pages)}"]
    if due:
        lines.append(f"{'due':<11} {'status':<20} {'owner':<28} page")
        for when, path, p in due:
            days = (when - today).days
            status = f"overdue {-days} days" if days < 0 else ("due today" if days == 0 else f"due in {days} days")
            lines.append(f"{when.isoformat():<11} {status:<20} {owners[p.meta['owner']]['name']:<28} docs/{path}")
    else:
        next_one = min((p.next_review, path) for path, p in pages.items())
        lines.append(f"Nothing is due. The next review is docs/{next_one[1]} on {next_one[0].isoformat()}.")
    if errors:
        lines.append(f"\n{len(errors)} page(s) have front-matter problems and are not listed; `make test` names them.")
    return "\n".join(lines)


def collect(today: dt.date, within: int) -> dict:
    """The report as data: every page due by the horizon, oldest first, and the same grouped by owner."""
    owners = frontmatter.load_owners(ROOT / "data" / "owners.yml", ROOT)
    pages, errors = frontmatter.scan(ROOT / "docs", set(owners), today)
    horizon = today + dt.timedelta(days=within)
    due = []
    for when, path, p in sorted((p.next_review, path, p) for path, p in pages.items() if p.next_review <= horizon):
        owner = p.meta["owner"]
        due.append({
            "page": f"docs/{path}",
            "title": str(p.meta["title"]),
            "owner": owner,
            "owner_name": owners[owner]["name"],
            "github": owners[owner]["github"],
            "last_reviewed": p.meta["last_reviewed"].isoformat(),
            "due": when.isoformat(),
            "days_overdue": (today - when).days,
            "overdue": when < today,
        })
    by_owner = {}
    for item in due:
        entry = by_owner.setdefault(item["owner"], {"name": item["owner_name"], "github": item["github"], "pages": []})
        entry["pages"].append(item["page"])
    return {"today": today.isoformat(), "horizon": horizon.isoformat(), "pages": len(pages),
            "due": due, "overdue": sum(i["overdue"] for i in due), "by_owner": by_owner,
            "front_matter_problems": len(errors)}


def issue(data: dict) -> str:
    """Overdue pages by owner, as Markdown for the one weekly GitHub issue."""
    overdue = [i for i in data["due"] if i["overdue"]]
    lines = [f"Pages past their review date on {data['today']}: {len(overdue)} of {data['pages']}.", ""]
    if not overdue:
        lines.append("Nothing is overdue.")
    for owner in sorted({i["owner"] for i in overdue}):
        mine = [i for i in overdue if i["owner"] == owner]
        lines += [f"### {mine[0]['owner_name']} ({mine[0]['github']}): {len(mine)}", ""]
        lines += [f"- [ ] `{i['page']}`: {i['title']}, due {i['due']} ({i['days_overdue']} days ago)" for i in mine]
        lines.append("")
    lines += ["How to review a page: docs/contribute/reviews.md. Tick a page when its review is merged; "
              "this issue is rewritten every Monday from `scripts/reviews.py --issue` and closed when nothing is overdue."]
    if data["front_matter_problems"]:
        lines.append(f"\n{data['front_matter_problems']} page(s) have front-matter problems and are not listed; `make test` names them.")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--within", type=int, default=30, help="also list pages due within this many days (default 30)")
    ap.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(), help="pretend today is YYYY-MM-DD")
    shape = ap.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print the report as JSON")
    shape.add_argument("--issue", action="store_true", help="print overdue pages by owner as Markdown (the weekly issue)")
    args = ap.parse_args(argv)
    if args.json:
        print(json.dumps(collect(args.today, args.within), indent=2))
    elif args.issue:
        print(issue(collect(args.today, 0)), end="")
    else:
        print(report(args.today, args.within))
    return 0


if __name__ == "__main__":
    sys.exit(main())
