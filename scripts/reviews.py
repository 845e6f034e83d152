#!/usr/bin/env python3
"""List the pages that are due or overdue for review, oldest first.

    make reviews                 # due now or within 30 days
    python scripts/reviews.py --within 90

A report, never a failure: the date moving on must not break the build.
"""
import argparse
import datetime as dt
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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--within", type=int, default=30, help="also list pages due within this many days (default 30)")
    ap.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(), help="pretend today is YYYY-MM-DD")
    args = ap.parse_args(argv)
    print(report(args.today, args.within))
    return 0


if __name__ == "__main__":
    sys.exit(main())
