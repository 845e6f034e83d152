"""Declared data: every data file has a JSON Schema in data/schemas/ and follows it.

A schema is found by name (macros.schemas.schema_name_for): data/<kind>.yml
follows <kind>.schema.json; a file in data/<kinds>/ follows <kinds>.schema.json
or <kind>.schema.json. A new kind of data file without a schema fails here.
"""
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import copy_project
from macros import phrases, schemas, yamlfile
from macros.errors import ContentError
from macros.site import load_site, load_steps, situation_slugs

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SCHEMAS = sorted((DATA / "schemas").glob("*.schema.json"))
# The kinds whose every field carries an editor hint ('description'). Add a new
# kind here once its schema describes each field.
HINTED = ("phrases", "glossary", "onboarding", "search", "steps", "owners", "local-policy")
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def data_files():
    return sorted(p for p in DATA.rglob("*") if p.is_file() and "schemas" not in p.relative_to(DATA).parts)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_schema_is_a_valid_draft_2020_12_schema_with_hints(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema", f"{path.name}: say which draft"
    Draft202012Validator.check_schema(schema)
    missing = []

    def walk(node, where):
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                if "description" not in sub:
                    missing.append(f"{where}.{key}")
                walk(sub, f"{where}.{key}")
            for key in ("items", "additionalProperties"):
                if isinstance(node.get(key), dict):
                    walk(node[key], f"{where}[]")
            for key, sub in node.get("$defs", {}).items():
                walk(sub, f"$defs.{key}")

    walk(schema, path.name)
    if path.name.removesuffix(".schema.json") not in HINTED:
        return
    assert not missing, f"fields without a 'description' (the hint an editor sees): {missing}"


def test_every_file_under_data_has_a_schema():
    uncovered = [p.relative_to(ROOT).as_posix() for p in data_files() if schemas.schema_name_for(p, DATA) is None]
    assert not uncovered, (f"data files with no schema: {uncovered}. Fix: add data/schemas/<kind>.schema.json "
                           "(for data/<kinds>/, <kinds> or <kind>.schema.json), see docs/contribute/checks.md.")


@pytest.mark.parametrize("path", data_files(), ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_data_file_follows_its_schema(path):
    name = schemas.schema_name_for(path, DATA)
    if name is None:
        pytest.skip("no schema (test_every_file_under_data_has_a_schema fails)")
    shown = path.relative_to(ROOT)
    errors = schemas.validate(yamlfile.load(path, ROOT), name, shown, path)
    assert not errors, "\n".join(map(str, errors))


@pytest.mark.parametrize("path", data_files(), ids=lambda p: p.relative_to(DATA).as_posix())
def test_an_editor_hint_line_names_the_files_own_schema(path):
    """The first line, '# yaml-language-server: $schema=...', gives editors autocomplete and inline errors."""
    first = path.read_text(encoding="utf-8-sig").split("\n", 1)[0]
    m = MODELINE.match(first)
    if m is None:
        pytest.skip("no editor hint line")
    name = schemas.schema_name_for(path, DATA)
    assert (path.parent / m.group(1)).resolve() == (DATA / "schemas" / f"{name}.schema.json").resolve(), \
        f"{path.relative_to(ROOT)}: line 1 points at {m.group(1)}, not at its schema {name}.schema.json"


def test_the_known_kinds_carry_the_editor_hint_line_and_vscode_maps_every_glob():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    for schema_path, globs in settings.items():
        schema = (ROOT / schema_path).resolve()
        assert schema.is_file(), f".vscode/settings.json maps {schema_path}, which does not exist"
        for glob in globs:
            files = sorted(ROOT.glob(glob))
            assert files, f".vscode/settings.json: {glob} matches no file"
            for f in files:
                assert schema.name == f"{schemas.schema_name_for(f, DATA)}.schema.json", f"{glob} mapped to {schema_path}"
    for path in [*sorted((DATA / "phrases").glob("*.yml")), *(DATA / f"{k}.yml" for k in
                 ("glossary", "onboarding", "search", "steps", "owners", "local-policy"))]:
        assert MODELINE.match(path.read_text(encoding="utf-8").split("\n", 1)[0]), f"{path.relative_to(ROOT)}: line 1 is not the editor hint line"


# ---------------------------------------------------------------- a file with three mistakes


def test_a_malformed_file_gives_every_error_with_file_line_field_and_fix(tmp_path):
    """One copy of data/phrases/empathy.yml, three mistakes: three errors, all at once."""
    text = (DATA / "phrases" / "empathy.yml").read_text(encoding="utf-8")
    lines = text.splitlines()
    first = next(n for n, line in enumerate(lines, start=1) if line.startswith("  - id: "))
    why = next(n for n, line in enumerate(lines, start=1) if line.startswith("    why: ") and n > first)
    channel = next(n for n, line in enumerate(lines, start=1) if line.startswith("    channel: ") and n > first)
    tags = next(n for n, line in enumerate(lines, start=1) if line.startswith("    tags: ") and n > first)
    lines[channel - 1] = "    channel: fax"
    lines[tags - 1] = "    tags: empathy"
    del lines[why - 1]  # the lines below it move up by one
    folder = tmp_path / "data" / "phrases"
    folder.mkdir(parents=True)
    (folder / "empathy.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    steps = load_steps(DATA / "steps.yml", ROOT / "docs", ROOT)
    with pytest.raises(ContentError) as err:
        phrases.load(folder, situation_slugs(ROOT / "docs"), set(steps), tmp_path)
    found = getattr(err.value, "errors", [err.value])
    assert len(found) == 3, str(err.value)
    expected = [
        (first, "cards[0].why", "has no 'why'", "Fix: add 'why:'"),
        (channel - 1, "cards[0].channel", "'channel' is 'fax', which is not one we know", "Fix: use one of: any, phone, chat-email, in-person."),
        (tags - 1, "cards[0].tags", "'tags' must be a list, not 'empathy'", "Fix: write a list"),
    ]
    for e, (line, field, problem, fix) in zip(found, expected, strict=True):
        message = str(e)
        assert message.startswith(f"data/phrases/empathy.yml:{line}: "), message
        assert f"(at {field})" in message and problem in message and fix in message, message


def test_the_site_loader_lists_schema_errors_of_several_files_together(tmp_path):
    """What the strict build shows: every schema error of every data file, in one list."""
    project = copy_project(tmp_path)
    owners = project / "data" / "owners.yml"
    owners.write_text(owners.read_text(encoding="utf-8").replace('github: "@calmline/training"', "github: calmline-training"), encoding="utf-8")
    policy = project / "data" / "local-policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("example_values: true", "example_values: sometimes"), encoding="utf-8")
    glossary = project / "data" / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("    taught_on: playbooks/upsets-formula.md\n", "    taught_on: [playbooks/upsets-formula.md]\n", 1), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_site(project, project / "docs")
    message = str(err.value)
    assert message.startswith("3 problems:"), message
    assert re.search(r"data/owners\.yml:\d+: owner 'training': 'github' is 'calmline-training', which is not in the right form \(at owners\[1\]\.github\)\. Fix: ", message), message
    assert re.search(r"data/local-policy\.yml:\d+: 'example_values' must be true or false, not 'sometimes' \(at example_values\)\. Fix: ", message), message
    assert re.search(r"data/glossary\.yml:\d+: term 'upset': 'taught_on' must be text, not a list \(at terms\[0\]\.taught_on\)\. Fix: write text, not a list", message), message
