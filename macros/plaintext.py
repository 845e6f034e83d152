"""Text from data files and front matter is text: the build rejects markup there.

A page's title, description and tags, and every value in ``data/*.yml``, reach
readers as words: in ``<title>``, in ``<meta>`` attributes, in tooltips, in
search results, on phrase cards. None of them needs HTML, entities, template
tags or ``javascript:``; all of them have been used to run code in a reader's
browser. The same goes for invisible characters that change what text looks
like (bidi controls) or that no editor meant to type (control characters).

Escaping at output is the first wall (macros/escape.py, the templates); this
check is the second: it fails the build naming file, line, field and fix.
"""
import re
from pathlib import Path

import yaml

from . import yamlfile
from .errors import ContentError

# Front-matter fields that are shown as plain text; the page body may hold Markdown and HTML.
PAGE_FIELDS = ("title", "description", "tags")

# Characters that reorder or hide text: left-to-right/right-to-left marks,
# embeddings, overrides and isolates, and the Arabic letter mark.
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\ufeff]")
_MARKUP = (
    (re.compile(r"[<>]"), "an angle bracket ('<' or '>'), which HTML reads as a tag",
     "write the words without angle brackets (a slot the agent fills in is written [like this])"),
    (re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.I), "an HTML entity such as '&amp;'",
     "type the character itself, e.g. & or a quote mark"),
    (re.compile(r"\{[{%#]|[}%#]\}"), "template braces ('{{', '{%' or '{#')",
     "write a slot the agent fills in as [name] instead"),
    (re.compile(r"\b(javascript|vbscript)\s*:", re.I), "a script address ('javascript:')",
     "remove it; link to pages from the page body instead"),
)


def problems(text: str) -> list:
    """Return (problem, fix) pairs for one piece of text that must be plain."""
    found = []
    for pattern, what, fix in _MARKUP:
        if pattern.search(text):
            found.append((f"contains {what}", fix))
    bidi = BIDI.search(text)
    if bidi:
        found.append((f"contains an invisible direction character (U+{ord(bidi.group()):04X}) that can make text "
                      "read in a different order than it was written",
                      "delete it: retype the text, or remove it in an editor that shows hidden characters; "
                      "right-to-left languages display correctly without it"))
    control = CONTROL.search(text)
    if control:
        found.append((f"contains an invisible control character (U+{ord(control.group()):04X})",
                      "delete it: retype the text around it"))
    return found


def check_text(text, path, line, field) -> list:
    return [ContentError(path, f"{field} {what}; readers see it as plain text.", f"{fix}.", line)
            for what, fix in problems(str(text))]


def check_page(rel: str, meta: dict, lines: dict) -> list:
    """Errors for a page's plain-text front-matter fields (title, description, tags)."""
    errors = []
    for key in PAGE_FIELDS:
        value = meta.get(key)
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str):
                errors += check_text(item, rel, lines.get(key, 1), f"'{key}'")
    return errors


def check_data_file(path: Path, root: Path) -> list:
    """Errors for every text value in one YAML data file, each with its own line.

    Reads the file's node tree, so each value is named with the line it is on
    and the keys that lead to it (``terms > short``). A file that is not valid
    YAML is reported by the loader that reads it, not here.
    """
    shown = path.relative_to(root).as_posix()
    try:
        tree = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yamlfile.FAST_SAFE)
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return []
    errors = []

    def walk(node, trail):
        if isinstance(node, yaml.MappingNode):
            # Name an entry by its id (or term) when it has one: "upset > short".
            names = {k.value: v.value for k, v in node.value if isinstance(v, yaml.ScalarNode)}
            label = names.get("id") or names.get("term")
            inner = trail + [str(label)] if label else trail
            for key, value in node.value:
                walk(key, inner)
                walk(value, inner + [str(key.value)])
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item, trail)
        elif isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
            field = " > ".join(trail[-2:]) if trail else "a key"
            errors.extend(check_text(node.value, shown, node.start_mark.line + 1, f"'{field}'"))

    if tree is not None:
        walk(tree, [])
    return errors


def check_data(data_dir: Path, root: Path) -> list:
    """Errors for every YAML file under data/ (schemas and all)."""
    errors = []
    for path in sorted(data_dir.rglob("*.yml")) + sorted(data_dir.rglob("*.yaml")):
        errors += check_data_file(path, root)
    return errors
