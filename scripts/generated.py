"""Generate-and-verify for files made from the project's data (CODEOWNERS, the rules list).

Each generator computes the file's text; ``write_or_check`` writes it, or with
``--check`` says in one line what is stale and how to fix it, and fails.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_or_check(target: Path, text: str, argv, stale: str) -> int:
    """Write ``text`` to ``target``; with ``--check`` in ``argv``, return 1 (printing ``stale``) if it differs."""
    if "--check" in argv:
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            print(stale)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")
    return 0
