"""Declared data: one JSON Schema per kind of data file, in data/schemas/.

The schemas say what each data file holds (fields, types, allowed values, the
form of ids); editors get them as autocomplete and inline errors, and the build
checks the files against them here. ``validate`` reports every mismatch at once,
each as a ContentError naming the file, the line, the field path
(``cards[3].say``), what is wrong in plain words and a fix taken from the
schema's ``description`` of that field. What a schema cannot say (a page
exists, an id is used once across files) stays in the loaders, as named checks.
"""
import ast
import datetime as dt
import functools
import json
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from . import yamlfile
from .errors import ContentError

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / "schemas"

# How to write a value of each JSON type, in an editor's words.
EXPECTED = {"string": "text", "array": "a list", "object": "a set of fields", "number": "a number",
            "integer": "a whole number", "boolean": "true or false", "null": "empty"}
WRITE = {"string": "write text", "array": "write a list, e.g. [first, second]", "object": "write the fields indented under it",
         "number": "write a number", "integer": "write a whole number", "boolean": "write true or false", "null": "leave it empty"}
BOUNDS = {"minimum": "at least", "exclusiveMinimum": "above", "maximum": "at most", "exclusiveMaximum": "below"}


@functools.cache
def schema(name: str) -> dict:
    """The schema data/schemas/<name>.schema.json, read once per process."""
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@functools.cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schema(name))


def validate(data, schema_name: str, shown_path, source: Path | None = None) -> list:
    """Every way ``data`` (as yamlfile.load returned it) breaks its schema, as ContentErrors.

    ``shown_path`` is the file named in messages. Each error carries ``field``,
    the path to the offending node (``("cards", 3, "say")``), so a loader can
    skip the entries that failed. The line is the offending node's: found in
    ``source`` (the file, read again only when there are errors) when given,
    else from the ``__line__`` of the nearest mapping, falling back to its parent.
    """
    plain = _plain(data)
    found = list(_validator(schema_name).iter_errors(plain))
    if not found:
        return []
    tree = _compose(source) if source is not None else None
    out = [_to_content_error(e, plain, data, tree, schema(schema_name), shown_path) for e in found]
    return sorted(out, key=lambda e: (e.line or 0, _field_text(e.field)))


def failed(errors, prefix: tuple) -> bool:
    """Did any of ``errors`` (from ``validate``) hit ``prefix`` or what lies under it?"""
    n = len(prefix)
    return any(tuple(e.field[:n]) == tuple(prefix) for e in errors)


def above(errors, depth: int) -> bool:
    """Did any error hit a node less than ``depth`` levels down (the file's frame, not one entry)?"""
    return any(len(e.field) < depth for e in errors)


# ---------------------------------------------------------------- one error in plain words


def _to_content_error(error, plain, raw, tree, root_schema, shown):
    path = list(error.absolute_path)
    schemas = _schemas_along(root_schema, list(error.absolute_schema_path)[:-1])
    here = _merged(schemas.get(len(path), []), root_schema)
    nodes = _nodes(plain, path)
    subject = _subject(path, nodes, schemas, root_schema)
    instance = error.instance
    kw = error.validator
    field = list(path)
    line_key = None  # a key whose own line is the one to show
    desc = here.get("description", "")
    if "propertyNames" in error.absolute_schema_path:
        field.append(instance)
        line_key = instance
        names = _merged([here.get("propertyNames", {})], root_schema)
        problem = f"{subject}: the key {_shown(instance)} is not in the right form"
        fix = names.get("description") or "rename the key"
    elif kw == "required":
        key = ast.literal_eval(error.message.rsplit(" is a required property", 1)[0])
        field.append(key)
        key_desc = _merged([here.get("properties", {}).get(key, {})], root_schema).get("description", "")
        problem = f"{subject} has no {key!r}"
        fix = _join(f"add '{key}:' to {subject}", key_desc)
    elif kw == "type":
        types = [error.validator_value] if isinstance(error.validator_value, str) else list(error.validator_value)
        types = [t for t in types if t != "null"] or types
        expected = " or ".join(EXPECTED[t] if t != "object" or not here.get("required") else f"a set of fields ({', '.join(here['required'])})" for t in types)
        action = WRITE[types[0]] + (", not a list" if types[0] == "string" and isinstance(instance, list) else "")
        problem = f"{subject} must be {expected}, not {_shown(instance)}"
        fix = desc if desc.lower().startswith("write ") else _join(action, desc)
    elif kw == "enum":
        problem = f"{subject} is {_shown(instance)}, which is not one we know"
        fix = f"use one of: {', '.join(map(str, error.validator_value))}"
    elif kw == "pattern" and error.validator_value == "\\S" or kw == "minLength":
        problem = f"{subject} is empty"
        fix = _join("write text", desc)
    elif kw == "pattern":
        problem = f"{subject} is {_shown(instance)}, which is not in the right form"
        fix = desc or f"match the pattern {error.validator_value}"
    elif kw == "minItems":
        n = error.validator_value
        problem = f"{subject} is an empty list" if not instance else f"{subject} has {len(instance)} item(s); it needs at least {n}"
        fix = _join(f"list at least {n}", desc)
    elif kw == "additionalProperties" and error.validator_value is False:
        known = list(here.get("properties", {}))
        extra = [k for k in instance if k not in known]
        field.append(extra[0])
        line_key = extra[0]
        problem = f"{subject} has unknown field(s) {', '.join(map(str, extra))}"
        fix = f"use only: {', '.join(known)}" if known else "delete the field"
    elif kw in BOUNDS:
        problem = f"{subject} is {_shown(instance)}; it must be {BOUNDS[kw]} {error.validator_value}"
        fix = desc or f"use a number {BOUNDS[kw]} {error.validator_value}"
    else:
        problem = f"{subject}: {error.message}"
        fix = desc or "see the schema in data/schemas/"
    text = _field_text(field)
    line = _line(tree, raw, path, line_key)
    err = ContentError(shown, f"{problem}{f' (at {text})' if text else ''}.", _sentence(fix), line)
    err.field = tuple(field)
    return err


def _subject(path, nodes, schemas, root_schema) -> str:
    """How to name the node at ``path``: "card 'see-why-angry': 'tags'", "module 'module-1': checklist item 2"."""
    labels = []
    for depth in range(1, len(path) + 1):
        sch = _merged(schemas.get(depth, []), root_schema)
        title, node, key = sch.get("title"), nodes[depth], path[depth - 1]
        last = depth == len(path)
        if title:
            if title.startswith("the "):
                if last:
                    labels.append(title)
                continue
            naming = not last and depth + 1 == len(path) and path[depth] in ("id", "term")
            name = node.get("id") or node.get("term") if isinstance(node, dict) and not naming else None
            if isinstance(name, str) and name.strip():
                labels.append(f"{title} {name!r}")
            elif isinstance(key, int):
                labels.append(f"{title} {key + 1}")
            else:
                labels.append(f"{title} {key!r}")
        elif last:
            labels.append(f"item {key + 1}" if isinstance(key, int) else repr(key))
    return ": ".join(labels) or "this file"


def _schemas_along(root: dict, tokens: list) -> dict:
    """{instance depth: [the subschemas that apply there]}, walking a schema path from the root."""
    out = {0: [root]}
    cur, depth, i = root, 0, 0
    while i < len(tokens):
        t = tokens[i]
        if t not in cur and "$ref" in cur:
            cur = _resolve(root, cur["$ref"])
            out.setdefault(depth, []).append(cur)
        if t in ("properties", "patternProperties", "prefixItems"):
            cur, depth, i = cur[t][tokens[i + 1]], depth + 1, i + 2
        elif t in ("items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contains"):
            cur, depth, i = cur[t], depth + 1, i + 1
        elif t in ("allOf", "anyOf", "oneOf", "$defs"):
            cur, i = cur[t][tokens[i + 1]], i + 2
        else:  # not, if, then, else, propertyNames: the same node
            cur, i = cur[t], i + 1
        out.setdefault(depth, []).append(cur)
    return out


def _merged(parts: list, root: dict) -> dict:
    """One view of the schemas that apply to a node, $ref followed; the first word wins."""
    out = {}
    for part in parts:
        while True:
            for k, v in part.items():
                out.setdefault(k, v)
            if "$ref" not in part:
                break
            part = _resolve(root, part["$ref"])
    return out


def _resolve(root: dict, ref: str) -> dict:
    node = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _nodes(plain, path) -> list:
    out, node = [plain], plain
    for p in path:
        node = node[p]
        out.append(node)
    return out


def _shown(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "empty"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return repr(value)


def _field_text(path) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _join(action: str, description: str) -> str:
    description = description.removeprefix("Optional: ")
    return f"{action}: {description[:1].lower()}{description[1:]}" if description else action


def _sentence(text: str) -> str:
    text = text.strip()
    first = text.split(" ", 1)[0]
    if first[1:] == first[1:].lower() and first not in ("I", "I'm"):  # not an acronym
        text = text[:1].lower() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


# ---------------------------------------------------------------- lines


def _plain(item):
    """The data as the schema sees it: no ``__line__`` bookkeeping, every key as text."""
    if isinstance(item, dict):
        return {str(k): _plain(v) for k, v in item.items() if k != "__line__"}
    if isinstance(item, list):
        return [_plain(v) for v in item]
    return item


def _compose(source: Path):
    try:
        return yaml.compose(source.read_text(encoding="utf-8-sig"), Loader=yamlfile.FAST_SAFE)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _line(tree, raw, path, key=None) -> int:
    """The line of the node at ``path`` (of ``key`` in it, when given); the parent's line when it has none."""
    if tree is not None:
        node, line = tree, tree.start_mark.line + 1
        for p in path:
            child = None
            if isinstance(node, yaml.MappingNode):
                child = next((v for k, v in node.value if str(k.value) == str(p)), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(p, int) and p < len(node.value):
                child = node.value[p]
            if child is None:
                return line
            node, line = child, child.start_mark.line + 1
        if key is not None and isinstance(node, yaml.MappingNode):
            line = next((k.start_mark.line + 1 for k, _v in node.value if str(k.value) == str(key)), line)
        return line
    line, node = yamlfile.line_of(raw) or 1, raw
    for p in path:
        if isinstance(node, dict):
            node = next((v for k, v in node.items() if str(k) == str(p)), None)
        elif isinstance(node, list) and isinstance(p, int) and p < len(node):
            node = node[p]
        else:
            break
        line = yamlfile.line_of(node) or line
    return line


# ---------------------------------------------------------------- which schema a data file has


def schema_name_for(path: Path, data_dir: Path) -> str | None:
    """The schema a file under data/ follows, by name, or None when it has none.

    data/<kind>.yml follows data/schemas/<kind>.schema.json; a file in a folder,
    data/<kinds>/<name>.yml, follows <kinds>.schema.json or, in the singular,
    <kind>.schema.json (data/dialogues/ -> dialogue.schema.json)."""
    rel = path.relative_to(data_dir)
    if len(rel.parts) == 1:
        names = [rel.stem]
    else:
        names = [rel.parts[0], rel.parts[0].removesuffix("s")]
    return next((n for n in names if (data_dir / "schemas" / f"{n}.schema.json").is_file()), None)
