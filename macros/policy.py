"""Local policy: the organisation's safety contacts and rules, from data/local-policy.yml.

A team sets its emergency number, crisis line, security contact, complaint
route, abuse policy and employee support once; every safety page reads them
from here with ``{{ policy("emergency_number") }}`` or ``{{ policy_box() }}``.
The shipped values are examples and say so.
"""
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlfile
from .errors import ContentError, raise_all, unknown
from .escape import esc

# The keys the pages rely on, in the order the full box shows them. A team may
# add keys of its own; it may not drop these.
REQUIRED = (
    "emergency_number",
    "crisis_line",
    "security_contact",
    "silent_alert",
    "bomb_threat_checklist",
    "abuse_policy",
    "complaint_route",
    "support_service",
)
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
FIELDS = ("label", "value")
LAYOUT = "a key such as emergency_number, with 'label:' and 'value:' indented under it"


@dataclass
class Policy:
    entries: dict = field(default_factory=dict)  # key -> {"label", "value", "line"}
    example_values: bool = False
    source: str = "data/local-policy.yml"


def load(path: Path, root: Path | None = None) -> Policy:
    """Read and check data/local-policy.yml; raise one ContentError listing every problem."""
    shown = path.relative_to(root) if root else path
    data = yamlfile.load(path, root)
    if not isinstance(data, dict) or not isinstance(data.get("policy"), dict):
        raise ContentError(shown, "expected 'example_values' and a mapping under 'policy:'.",
                           f"put each entry under 'policy:' as {LAYOUT}.", 1)
    errors = []
    extra = set(data) - {"policy", "example_values", "__line__"}
    if extra:
        errors.append(ContentError(shown, f"unknown top-level field(s) {', '.join(sorted(extra))}.",
                                   "keep only 'example_values' and 'policy'.", 1))
    examples = data.get("example_values", False)
    if not isinstance(examples, bool):
        errors.append(ContentError(shown, f"'example_values' must be true or false, not {examples!r}.",
                                   "write example_values: true while the values are examples, false once they are yours.", 1))
    section = data["policy"]
    section_line = section.get("__line__")
    entries = {}
    for key, raw in section.items():
        if key == "__line__":
            continue
        line = yamlfile.line_of(raw) or section_line
        if not isinstance(key, str) or not KEY_PATTERN.match(key):
            errors.append(ContentError(shown, f"key {key!r} is not a name in lower case with underscores.",
                                       "write it like emergency_number.", line))
            continue
        if not isinstance(raw, dict):
            errors.append(ContentError(shown, f"{key!r} must have 'label' and 'value'.",
                                       f"write it as {LAYOUT}.", line))
            continue
        bad = False
        for name in FIELDS:
            if name not in raw:
                errors.append(ContentError(shown, f"{key!r} has no '{name}'.", f"add '{name}:' under {key} (see the entries above it).", line))
                bad = True
            elif not isinstance(raw[name], (str, int)) or isinstance(raw[name], bool) or not str(raw[name]).strip():
                errors.append(ContentError(shown, f"{key!r}: '{name}' must be text.", f"write '{name}' as a line of text, in quotes if it contains a colon.", line))
                bad = True
        unknown = set(raw) - set(FIELDS) - {"__line__"}
        if unknown:
            errors.append(ContentError(shown, f"{key!r} has unknown field(s) {', '.join(sorted(unknown))}.", "use only 'label' and 'value'.", line))
            bad = True
        if not bad:
            entries[key] = {"label": str(raw["label"]).strip(), "value": str(raw["value"]).strip(), "line": line}
    missing = [k for k in REQUIRED if k not in entries and k not in section]
    for key in missing:
        errors.append(ContentError(shown, f"the policy has no {key!r}; the safety pages show it.",
                                   f"add '{key}:' with a 'label' and a 'value' under 'policy:'.", section_line or 1))
    raise_all(errors)
    return Policy(entries, examples, str(shown))


def entry(policy: Policy, key, page="a page") -> dict:
    """One entry by key; an unknown key names the page, the data file and the keys there are."""
    if key in policy.entries:
        return policy.entries[key]
    raise unknown(page, "local-policy key", key, policy.entries, f"use a key from {policy.source}: {', '.join(policy.entries)}.")


def render_value(policy: Policy, key, page="a page") -> str:
    """One value, escaped, to sit inside a sentence."""
    return esc(entry(policy, key, page)["value"])


def render_box(policy: Policy, keys=None, page="a page", title="Your safety contacts") -> str:
    """An admonition listing the chosen entries (all of them by default)."""
    keys = list(keys) if keys else list(policy.entries)
    rows = [entry(policy, k, page) for k in keys]
    lines = ["", f'!!! danger "{esc(title)}"', ""]
    lines += [f"    - **{esc(r['label'])}:** {esc(r['value'])}" for r in rows]
    lines += ["", "    Your organisation's procedure comes first: these come from it, set once for the whole site."]
    if policy.example_values:
        lines.append(f"    *These are example values. Your team lead replaces them in {esc(policy.source)}.*")
    return "\n".join(lines) + "\n\n"
