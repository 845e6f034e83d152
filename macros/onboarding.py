"""The onboarding path: modules and their "done" checklists, from data/onboarding.yml.

The data is the single source of the module order and of each checklist, so the
start page can show "3 of 6 done" for a module the new hire has not opened yet.
Ticks are kept by docs/assets/calmline.js in the browser's localStorage only,
as the ids of the ticked items: each checklist item has an ``id`` of its own, so
an editor can reorder or reword the items without moving anyone's ticks.
"""
import re
from dataclasses import dataclass
from pathlib import Path

from . import schemas, yamlfile
from .duplicates import Place, duplicate
from .errors import ContentError, raise_all
from .escape import esc, esc_html
from .links import rel_link

# The shape of a module and of its checklist items is declared in
# data/schemas/onboarding.schema.json. A checklist item's id starts with a
# letter: ticks saved before ids existed were positions ("1", "2"...), and those
# must never match a real item.
_ITEM = schemas.schema("onboarding")["properties"]["modules"]["items"]["properties"]["checklist"]["items"]
ITEM_ID_PATTERN = re.compile(_ITEM["properties"]["id"]["pattern"])


@dataclass
class ModuleContext:
    """Where the onboarding file is, for checks that look beyond one module."""

    shown: object
    path: Path
    docs_dir: Path
    seen: dict  # module id -> Place of its first use


def module_id_used_once(module: dict, ctx: ModuleContext) -> list:
    """A module id is used by one module only: its checklist and new hires' ticks hang on it."""
    here = Place(ctx.shown, ctx.path, yamlfile.line_of(module))
    if module["id"] in ctx.seen:
        return [duplicate("module id", module["id"], ctx.seen[module["id"]], here, "its page's checklist and new hires' saved ticks use it")]
    ctx.seen[module["id"]] = here
    return []


def module_page_exists(module: dict, ctx: ModuleContext) -> list:
    """A module's 'page' is a page under docs/."""
    if (ctx.docs_dir / module["page"]).is_file():
        return []
    return [ContentError(ctx.shown, f"module {module['id']!r}: page {module['page']} does not exist.",
                         "give a path under docs/, e.g. onboarding/module-1-why-difficult.md.", yamlfile.line_of(module))]


def checklist_ids_used_once(module: dict, ctx: ModuleContext) -> list:
    """Each checklist item of a module has its own id (a browser keeps a tick under it)."""
    errors, first_use = [], {}
    for item in module["checklist"]:
        line = yamlfile.line_of(item)
        if item["id"] in first_use:
            errors.append(ContentError(
                ctx.shown, f"module {module['id']!r}: checklist id {item['id']!r} is already used on line {first_use[item['id']]}.",
                "give each item of a module its own id; a browser keeps a new hire's tick under it.", line))
        else:
            first_use[item["id"]] = line
    return errors


# What a schema cannot say about a module, checked once it has the right shape.
MODULE_CHECKS = [module_id_used_once, module_page_exists, checklist_ids_used_once]


def load(path: Path, docs_dir: Path, root: Path | None = None) -> list:
    """Return the modules in order: [{id, title, page, time, checklist: [{id, text}]}].

    The shape comes from data/schemas/onboarding.schema.json; then MODULE_CHECKS."""
    shown = path.relative_to(root) if root else path
    data = yamlfile.load(path, root)
    errors = schemas.validate(data, "onboarding", shown, path)
    if schemas.above(errors, 2):
        raise_all(errors)
    ctx = ModuleContext(shown, path, docs_dir, {})
    modules = []
    for number, raw in enumerate(data["modules"]):
        if schemas.failed(errors, ("modules", number)):
            continue
        errors += [e for check in MODULE_CHECKS for e in check(raw, ctx)]
        modules.append(yamlfile.clean(raw))
    raise_all(errors)
    return modules


def find(modules, module_id, page):
    for m in modules:
        if m["id"] == module_id:
            return m
    raise ContentError(page, f"unknown onboarding module {module_id!r}.", f"use one of: {', '.join(m['id'] for m in modules)} (data/onboarding.yml).")


def render_checklist(module: dict) -> str:
    """Real checkboxes whose state calmline.js keeps in localStorage.

    Each box carries its item's id from the data (never its position), and the
    script stores the ids of the ticked boxes, so a reordered list keeps every
    tick on its item. The ids are validated slugs, safe in attributes as they are."""
    mid = module["id"]
    items = []
    for item in module["checklist"]:
        box = f"progress-{mid}-{item['id']}"
        items.append(
            f'<li markdown="span"><input type="checkbox" id="{box}" data-progress-item="{item["id"]}">'
            f' <label for="{box}">{esc_html(item["text"])}</label></li>'
        )
    return (
        f'\n<div class="progress-list" data-progress-module="{mid}" markdown="block">\n'
        f'<p class="progress-list__status" aria-live="polite" data-progress-status>{len(items)} steps to tick</p>\n'
        '<ul class="progress-list__items" markdown="1">\n' + "\n".join(items) + "\n</ul>\n"
        '<p class="progress-list__note">Your ticks are saved in this browser only. Nothing leaves your computer.</p>\n'
        "</div>\n\n"
    )


def render_overview(modules: list, page: str) -> str:
    """The start page's table: each module, its time, and how far the new hire is.

    Each progress cell lists its module's item ids, so the script counts only
    stored ticks that name a real item."""
    rows = ["", "| Module | Time | Your progress |", "| --- | --- | --- |"]
    for n, m in enumerate(modules, start=1):
        rows.append(
            f"| {n}. [{esc(m['title'])}]({rel_link(page, m['page'])}) | {esc(m['time'])} | "
            f'<span class="progress-summary" data-progress-summary="{m["id"]}" '
            f'data-progress-items="{" ".join(item["id"] for item in m["checklist"])}">Not started</span> |'
        )
    rows.append("")
    rows.append('<p><button type="button" class="md-button progress-reset">Clear my ticks in every module</button></p>')
    return "\n".join(rows) + "\n\n"
