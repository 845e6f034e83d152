"""One exception type for every problem an editor can fix in the content or data.

Messages follow one shape so editors can act on them without reading code:
``<file>[:<line>]: <what is wrong>. Fix: <what to do>.``
"""
import difflib


class ContentError(Exception):
    """A problem in a page or data file, with the file, the line and the fix."""

    def __init__(self, path, problem, fix, line=None):
        self.path, self.problem, self.fix, self.line = str(path), problem, fix, line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {problem} Fix: {fix}")


def unknown(page, what: str, key, known, fix: str, suggestions: int = 1) -> ContentError:
    """An unknown id or key, with the closest known ones suggested: "did you mean ...?"."""
    close = difflib.get_close_matches(str(key), list(known), n=suggestions, cutoff=0.5)
    hint = f"did you mean {', '.join(repr(c) for c in close)}? " if close else ""
    return ContentError(page, f"unknown {what} {key!r}.", hint + fix)


class ContentErrors(ContentError):
    """Several problems at once, one per line, so an editor can fix them all in one go."""

    def __init__(self, errors):
        self.errors = list(errors)
        first = self.errors[0]
        self.path, self.problem, self.fix, self.line = first.path, first.problem, first.fix, first.line
        Exception.__init__(self, f"{len(self.errors)} problems:\n" + "\n".join(f"  {e}" for e in self.errors))


def raise_all(errors):
    """Raise the one error, or all of them together; do nothing when there are none."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ContentErrors(errors)
