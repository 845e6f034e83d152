"""Local policy: the organisation's safety contacts and rules, from data/local-policy.yml.

A team sets its emergency number, crisis line, security contact, complaint
route, abuse policy and employee support once; every safety page reads them
from here with ``{{ policy("emergency_number") }}`` or ``{{ policy_box() }}``.
The shipped values are examples and say so.
"""
from dataclasses import dataclass, field
from pathlib import Path

from . import schemas, yamlfile
from .errors import raise_all, unknown
from .escape import esc

# The keys the pages rely on, in the order the full box shows them, as
# data/schemas/local-policy.schema.json requires them. A team may add keys of
# its own; it may not drop these.
REQUIRED = tuple(schemas.schema("local-policy")["properties"]["policy"]["required"])


@dataclass
class Policy:
    entries: dict = field(default_factory=dict)  # key -> {"label", "value", "line"}
    example_values: bool = False
    source: str = "data/local-policy.yml"


def load(path: Path, root: Path | None = None) -> Policy:
    """Read and check data/local-policy.yml; raise one ContentError listing every problem.

    Everything here is shape, declared in data/schemas/local-policy.schema.json:
    the required keys, the form of a key, 'label' and 'value' under each."""
    shown = path.relative_to(root) if root else path
    data = yamlfile.load(path, root)
    errors = schemas.validate(data, "local-policy", shown, path)
    if schemas.above(errors, 1):
        raise_all(errors)
    section = data["policy"]
    entries = {
        key: {"label": str(raw["label"]).strip(), "value": str(raw["value"]).strip(), "line": yamlfile.line_of(raw) or section.get("__line__")}
        for key, raw in section.items() if key != "__line__" and not schemas.failed(errors, ("policy", str(key)))
    }
    raise_all(errors)
    return Policy(entries, data.get("example_values", False), str(shown))


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
