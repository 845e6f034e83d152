#!/usr/bin/env python3
"""House style alone, without a build: advice prose must not use the words our cards forbid.

The rule and what it allows are in macros/house_style.py; the build runs it too
(the rule ``house_style`` in macros/checks.py).

    python scripts/house_style.py           # lists findings; exit 1 when there are any
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.house_style import check_site  # noqa: E402


def main() -> int:
    findings = check_site(ROOT)
    for f in findings:
        print(f)
    print(f"{len(findings)} finding(s).")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
