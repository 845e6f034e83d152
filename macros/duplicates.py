"""An id used twice: report it at the copy the editor added, not at the one pages already use.

The loaders read files in name order, so "the second one read" is not always the
new one: a card added to data/phrases/apologising.yml with an id that
data/phrases/empathy.yml already has is read first. Renaming the old card would
break every page that shows it, so the message must point at the new one.

Which copy is newer is asked of git (``git blame`` on the two lines: an
uncommitted line, or a line in a file git does not know yet, is newest; else
the later commit). Where git cannot tell (no repository, a shallow CI clone
where both lines come from one commit), the second copy read is reported, and
the fix says what to do if the editor added the other one.
"""
import re
import subprocess
from pathlib import Path

from .errors import ContentError


class Place:
    """Where an id is written: the path shown to editors, the real file, the line."""

    def __init__(self, shown, path: Path, line: int | None):
        self.shown, self.path, self.line = str(shown), Path(path), line

    def __str__(self):
        return f"{self.shown}:{self.line}" if self.line else self.shown


def duplicate(what: str, key, first: Place, second: Place, keep: str = "pages may already use it", action: str | None = None) -> ContentError:
    """The error for ``key`` written at ``first`` and again at ``second`` (in reading order).

    ``what`` names the kind of id ("card id", "module id"); ``keep`` says why the
    existing one must keep its id; ``action`` (with ``{old}`` for the other
    place) replaces the default fix, "give this one a new id".
    """
    newer = which_is_newer(first, second)
    new, old = (first, second) if newer == 0 else (second, first)
    action = action or "give this one, the one you added, a new id that no other entry uses; leave the one at {old} as it is ({keep})."
    fix = action.format(old=old, keep=keep)
    if newer is None:
        fix += f" If you added the one at {old} instead, change that one."
    return ContentError(new.shown, f"{what} {key!r} is already used in {old}.", fix, new.line)


def which_is_newer(first: Place, second: Place) -> int | None:
    """0 if ``first`` was written more recently, 1 if ``second`` was, None when git cannot tell."""
    a, b = _written(first), _written(second)
    if a is None or b is None or a == b:
        return None
    return 0 if a > b else 1


def _written(place: Place) -> float | None:
    """When the line was last written per git blame: +inf when not committed yet, None when unknown."""
    if not place.line or not place.path.is_file():
        return None
    try:
        proc = subprocess.run(
            ["git", "blame", "--porcelain", "-L", f"{place.line},{place.line}", "--", place.path.name],
            cwd=place.path.parent, capture_output=True, text=True, timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        # Inside a repository, a file git has never seen is new; outside one, nobody knows.
        # (In a repository with no commit yet, every line is new: a tie.)
        return float("inf") if re.search(r"no such path|no such ref: HEAD", proc.stderr) else None
    sha = proc.stdout.split(" ", 1)[0]
    if sha and set(sha) == {"0"}:
        return float("inf")
    m = re.search(r"^committer-time (\d+)$", proc.stdout, re.M)
    return float(m.group(1)) if m else None
