"""The onboarding path: modules and their "done" checklists, from data/onboarding.yml.

The data is the single source of the module order and of each checklist, so the
start page can show "3 of 6 done" for a module the new hire has not opened yet.
Ticks are kept by docs/assets/calmline.js in the browser's localStorage only,
as the ids of the ticked items: each checklist item has an ``id`` of its own, so
an editor can reorder or reword the items without moving anyone's ticks.
"""
import re
from pathlib import Path

import yaml

from . import yamlfile
from .duplicates import Place, duplicate
from .errors import ContentError, raise_all
from .escape import esc, esc_html
from .links import rel_link

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# A checklist item's id starts with a letter: ticks saved before ids existed
# were positions ("1", "2"...), and those must never match a real item.
ITEM_ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
ITEM_KEYS = {"id", "text"}
ITEM_FIX = ("write each item as two lines, '- id: read-upsets-formula' and under it 'text: \"Read ...\"', "
            "with an id of lower-case words joined by hyphens that starts with a letter")


def load(path: Path, docs_dir: Path, root: Path | None = None) -> list:
    """Return the modules in order: [{id, title, page, time, checklist: [{id, text}]}]."""
    shown = path.relative_to(root) if root else path
    data = yamlfile.load(path, root)
    if not isinstance(data, dict) or not isinstance(data.get("modules"), list):
        raise ContentError(shown, "expected a list under 'modules:'.", "copy the layout of an existing module entry.", 1)
    modules, errors, seen = [], [], {}
    for number, raw in enumerate(data["modules"]):
        line = yamlfile.line_of(raw)
        ok = isinstance(raw, dict) and all(isinstance(raw.get(k), str) and raw[k].strip() for k in ("id", "title", "page", "time"))
        ok = ok and isinstance(raw.get("checklist"), list) and raw["checklist"]
        if not ok:
            errors.append(ContentError(shown, "each module needs text 'id', 'title', 'page', 'time' and a non-empty 'checklist' list.", "copy an existing module entry and change it.", line))
            continue
        if not ID_PATTERN.match(raw["id"]):
            errors.append(ContentError(shown, f"module id {raw['id']!r} is not a slug.", "use lower-case words joined by hyphens, e.g. module-9-chat.", line))
        here = Place(shown, path, line)
        if raw["id"] in seen:
            errors.append(duplicate("module id", raw["id"], seen[raw["id"]], here, "its page's checklist and new hires' saved ticks use it"))
            continue
        seen[raw["id"]] = here
        if not (docs_dir / raw["page"]).is_file():
            errors.append(ContentError(shown, f"module {raw['id']!r}: page {raw['page']} does not exist.", "give a path under docs/, e.g. onboarding/module-1-why-difficult.md.", line))
        errors += _check_items(raw, shown, path, number)
        modules.append(yamlfile.clean(raw))
    raise_all(errors)
    return modules


def _check_items(module: dict, shown, path: Path, number: int) -> list:
    """Each checklist item is {id, text}; ids are slugs, unique within the module."""
    errors, first_use = [], {}
    mid = module["id"]
    for n, item in enumerate(module["checklist"], start=1):
        line = yamlfile.line_of(item) or _item_line(path, number, n - 1) or yamlfile.line_of(module)
        if not isinstance(item, dict):
            errors.append(ContentError(shown, f"module {mid!r}: checklist item {n} has no id (it is {type(item).__name__}, not an 'id' and a 'text').", ITEM_FIX + ".", line))
            continue
        extra = sorted(set(item) - ITEM_KEYS - {"__line__"})
        missing = [k for k in ("id", "text") if not isinstance(item.get(k), str) or not item[k].strip()]
        if missing or extra:
            problem = f"needs text {' and '.join(repr(k) for k in missing)}" if missing else f"has unknown field(s) {', '.join(extra)}"
            errors.append(ContentError(shown, f"module {mid!r}: checklist item {n} {problem}.", ITEM_FIX + ".", line))
            continue
        iid = item["id"]
        if not ITEM_ID_PATTERN.match(iid):
            errors.append(ContentError(
                shown, f"module {mid!r}: checklist id {iid!r} is not a slug that starts with a letter.",
                "use lower-case words joined by hyphens, starting with a letter, e.g. 'read-upsets-formula'.", line))
        elif iid in first_use:
            errors.append(ContentError(
                shown, f"module {mid!r}: checklist id {iid!r} is already used on line {first_use[iid]}.",
                "give each item of a module its own id; a browser keeps a new hire's tick under it.", line))
        else:
            first_use[iid] = line
    return errors


def _item_line(path: Path, module_index: int, item_index: int) -> int | None:
    """The line of a checklist item that is not a mapping (and so carries no __line__)."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
        modules = dict((k.value, v) for k, v in root.value)["modules"]
        checklist = dict((k.value, v) for k, v in modules.value[module_index].value)["checklist"]
        return checklist.value[item_index].start_mark.line + 1
    except Exception:  # only a better line number is lost
        return None


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
