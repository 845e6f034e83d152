"""Read YAML data files, keeping the line each mapping starts on.

Editors get errors such as ``data/phrases/policy.yml:42: ...`` because every
mapping read here carries its line number under the key ``__line__``.

Every mistake YAML can hold ends in a ContentError naming the file, the line and
the fix, never a traceback: a syntax error (with the line chosen per kind of
mistake, see ``syntax_error``), a date that does not exist (``2026-02-30``:
PyYAML would raise a bare ValueError), and a key written twice in one mapping
(PyYAML would silently keep the last). A byte-order mark at the start of a file
(some Windows editors add one) is dropped, as MkDocs does for pages.
"""
import calendar
import datetime as dt
import re
from pathlib import Path

import yaml

from .errors import ContentError, raise_all

_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")


class BadDate(yaml.constructor.ConstructorError):
    """A YAML date such as 2026-02-30 that is not on the calendar."""

    def __init__(self, value: str, mark):
        self.value = value
        super().__init__(None, None, f"{value} is not a real date", mark)


class DuplicateKey(yaml.constructor.ConstructorError):
    def __init__(self, key, first_line: int, mark):
        self.key, self.first_line = key, first_line
        super().__init__(None, None, f"{key!r} is written twice", mark)


class _Checks:
    """Named errors for impossible dates and repeated keys, on top of a safe loader."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise BadDate(node.value, node.start_mark) from None

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates = []

    def construct_mapping(self, node, deep=False):
        first = {}
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
                if key in first and key_node.tag != "tag:yaml.org,2002:merge":
                    self.duplicates.append(DuplicateKey(key, first[key], key_node.start_mark))
                first.setdefault(key, key_node.start_mark.line + 1)
        return super().construct_mapping(node, deep=deep)


class _Lines:
    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


# Two parsers behind one set of rules. libyaml's (C, in PyYAML's wheels) reads a
# good file about ten times faster; a file it cannot read is read again with the
# pure-Python parser, whose messages `syntax_error` knows how to explain.
class SlowLoader(_Checks, yaml.SafeLoader):
    """PyYAML's safe loader (pure Python), with named errors for impossible dates and repeated keys."""


# libyaml's safe loader when PyYAML has it (its wheels do), else the pure-Python one.
FAST_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_Checks, FAST_SAFE):
    """The same rules on libyaml's parser."""


class _SlowLineLoader(_Lines, SlowLoader):
    pass


class _LineLoader(_Lines, Loader):
    pass


SLOW = {Loader: SlowLoader, _LineLoader: _SlowLineLoader}
for _cls in (Loader, SlowLoader):
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _cls.construct_yaml_timestamp)


def parse(text: str, shown, first_line: int = 1, what: str = "this", loader=_LineLoader):
    """Parse ``text`` (which starts on line ``first_line`` of ``shown``); any mistake is a ContentError.

    ``what`` names the YAML in messages: "this" for a whole data file, "the
    front matter" for a page's block between the '---' lines.
    """
    text = text.removeprefix("\ufeff")
    where = lambda mark: mark.line + first_line  # noqa: E731
    ldr = loader(text)
    try:
        try:
            data = ldr.get_single_data()
        except yaml.YAMLError as exc:
            if isinstance(exc, BadDate) or loader not in SLOW:
                raise
            ldr.dispose()
            ldr = SLOW[loader](text)  # the same mistake, in the words syntax_error expects
            data = ldr.get_single_data()
    except BadDate as exc:
        raise ContentError(shown, *_bad_date(exc.value, _key_before(text, exc.problem_mark)), where(exc.problem_mark)) from None
    except yaml.YAMLError as exc:
        raise syntax_error(shown, exc, text, first_line, what) from None
    finally:
        ldr.dispose()
    scope = what if what != "this" else "the same entry"
    raise_all([
        ContentError(shown, f"{d.key!r} is written twice in {scope} (first on line {d.first_line + first_line - 1}); YAML keeps only the last one.",
                     "keep one: merge the two into one line, or delete the one you do not mean.", where(d.problem_mark))
        for d in ldr.duplicates
    ])
    return data


def load(path: Path, root: Path | None = None):
    """Return the parsed YAML of ``path``; a mistake names the file and line."""
    shown = path.relative_to(root) if root else path
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise ContentError(shown, "the file is not saved as UTF-8 text.", "save it as UTF-8 in your editor (\"Save with encoding\", UTF-8).", line) from None
    except OSError as exc:
        raise ContentError(shown, f"cannot read the file ({exc.strerror}).", "check the file exists and is readable.") from None
    return parse(text, shown)


# ---------------------------------------------------------------- explaining mistakes


def syntax_error(shown, exc: yaml.YAMLError, text: str, first_line: int = 1, what: str = "this") -> ContentError:
    """A YAML syntax error as a ContentError at the line an editor should look at.

    PyYAML gives two marks: the context mark (where the construct it was
    reading started) and the problem mark (where it gave up). Which one is
    right depends on the mistake:

    - a quote left open that a later quote closes (the usual case in files full
      of quotes): neither; the right line is where that quoted text started,
      found by scanning for quoted text that runs across lines and ends on
      the problem line;
    - a quote left open to the end of the file: the context mark;
    - a bracket left open ``[`` or ``{``: the context mark (the problem mark is
      the next line, or the end of the file);
    - an indent out of line, a colon in unquoted text, a tab: the problem mark
      (the context mark is the start of the whole list, often line 4).
    """
    context = getattr(exc, "context", None) or ""
    cmark = getattr(exc, "context_mark", None)
    pmark = getattr(exc, "problem_mark", None)
    raw = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    opened = _open_quote(text, pmark) if pmark else None
    if opened is not None:
        line, problem = opened, "a quote opened on this line is not closed on it, so the text runs on into the lines below"
        fix = 'end the text with the same quote mark it starts with; inside "...", write \\" for a quote, or use single quotes around the text.'
    elif "quoted scalar" in context and cmark:
        line, problem = cmark.line, "a quote opened on this line is never closed"
        fix = "end the text with the same quote mark it starts with."
    elif "flow sequence" in context and cmark:
        line, problem = cmark.line, "a list opened with '[' on this line is not closed with ']'"
        fix = "close the list on the same line, e.g. tags: [apology, empathy]; text containing a comma or a colon goes in quotes."
    elif "flow mapping" in context and cmark:
        line, problem = cmark.line, "'{' on this line is not closed with '}'"
        fix = "close it with '}' on the same line, or put text starting with '{' in quotes."
    elif pmark is not None and ("\t" in raw or "\\t" in raw):
        line, problem = pmark.line, "a tab character; YAML indents with spaces only"
        fix = "replace the tab with spaces, lined up with the lines around it."
    elif pmark is not None and "mapping values are not allowed" in raw:
        line, problem = pmark.line, "a colon followed by a space in unquoted text, or a line indented further than the one above"
        fix = 'put text that contains ": " in quotes, e.g. say: "Note: ..."; otherwise line the field up with the fields above it.'
    elif pmark is not None and "expected <block end>" in raw:
        line, problem = pmark.line, "this line is not lined up with the lines above it"
        fix = "indent it with the same number of spaces as the other fields of the same entry (each new entry starts with '- ' under the one before)."
    else:
        mark = pmark or cmark
        line, problem = (mark.line if mark else None), "YAML cannot read this line"
        fix = "check indentation and quoting on that line and the one above; text containing a colon must be in quotes."
    return ContentError(
        shown,
        f"{what} is not valid YAML: {problem} ({raw}).",
        fix,
        line=(line + first_line) if line is not None else first_line,
    )


def _open_quote(text: str, problem_mark):
    """The 0-based line where quoted text started that runs on, across lines, to the problem line."""
    found = None
    try:
        for token in yaml.scan(text):
            if token.start_mark.line > problem_mark.line:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.start_mark.line < token.end_mark.line == problem_mark.line):
                found = token.start_mark.line
    except yaml.YAMLError:
        pass
    return found


def _key_before(text: str, mark) -> str | None:
    """The key written before a value: 'last_reviewed' in 'last_reviewed: 2026-02-30'."""
    line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
    m = re.match(r"^\s*(?:-\s+)?([\w.-]+)\s*:", line[: mark.column])
    return m.group(1) if m else None


def _bad_date(value: str, key: str | None):
    """(problem, fix) for a date that is not on the calendar."""
    example = suggest_date(value)
    label = f"'{key}' is {value}, which" if key else f"{value}"
    write = f"{key}: {example}" if key else example
    return (f"{label} is not a real date.", f"write a real date as YYYY-MM-DD, e.g. {write}.")


def suggest_date(value: str) -> str:
    """The nearest real date to an impossible YYYY-MM-DD: the month's last day, or day and month swapped."""
    m = _DATE.match(str(value))
    if not m:
        return dt.date.today().isoformat()
    year, month, day = (int(g) for g in m.groups())
    if 1 <= month <= 12:
        return dt.date(year, month, max(1, min(day, calendar.monthrange(year, month)[1]))).isoformat()
    if 1 <= day <= 12 and 1 <= month <= 31:
        return dt.date(year, day, min(month, calendar.monthrange(year, day)[1])).isoformat()
    return dt.date.today().isoformat()


def line_of(item) -> int | None:
    return item.get("__line__") if isinstance(item, dict) else None


def clean(item):
    """Drop the ``__line__`` bookkeeping from a mapping (recursively)."""
    if isinstance(item, dict):
        return {k: clean(v) for k, v in item.items() if k != "__line__"}
    if isinstance(item, list):
        return [clean(v) for v in item]
    return item
