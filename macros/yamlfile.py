"""Read YAML data files, keeping the line each mapping starts on.

Editors get errors such as ``data/phrases/policy.yml:42: ...`` because every
mapping read here carries its line number under the key ``__line__``.
"""
from pathlib import Path

import yaml

from .errors import ContentError


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def load(path: Path, root: Path | None = None):
    """Return the parsed YAML of ``path``; a syntax error names the file and line."""
    shown = path.relative_to(root) if root else path
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(shown, f"cannot read the file ({exc.strerror}).", "check the file exists and is readable.")
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        # The context mark is where the broken construct started (an unclosed
        # bracket, say); the problem mark can be the end of the file.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(
            shown,
            f"this is not valid YAML ({problem}).",
            "check indentation and quoting on that line; text containing a colon must be in quotes.",
            line=line,
        )


def line_of(item) -> int | None:
    return item.get("__line__") if isinstance(item, dict) else None


def clean(item):
    """Drop the ``__line__`` bookkeeping from a mapping (recursively)."""
    if isinstance(item, dict):
        return {k: clean(v) for k, v in item.items() if k != "__line__"}
    if isinstance(item, list):
        return [clean(v) for v in item]
    return item
