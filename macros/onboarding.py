"""The onboarding path: modules and their "done" checklists, from data/onboarding.yml.

The data is the single source of the module order and of each checklist, so the
start page can show "3 of 6 done" for a module the new hire has not opened yet.
Ticks are kept by docs/assets/calmline.js in the browser's localStorage only.
"""
import re
from pathlib import Path

from . import yamlfile
from .duplicates import Place, duplicate
from .errors import ContentError, raise_all
from .escape import esc

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def load(path: Path, docs_dir: Path, root: Path | None = None) -> list:
    """Return the modules in order: [{id, title, page, time, checklist: [text]}]."""
    shown = path.relative_to(root) if root else path
    data = yamlfile.load(path, root)
    if not isinstance(data, dict) or not isinstance(data.get("modules"), list):
        raise ContentError(shown, "expected a list under 'modules:'.", "copy the layout of an existing module entry.", 1)
    modules, errors, seen = [], [], {}
    for raw in data["modules"]:
        line = yamlfile.line_of(raw)
        ok = isinstance(raw, dict) and all(isinstance(raw.get(k), str) and raw[k].strip() for k in ("id", "title", "page", "time"))
        ok = ok and isinstance(raw.get("checklist"), list) and raw["checklist"] and all(isinstance(i, str) and i.strip() for i in raw["checklist"])
        if not ok:
            errors.append(ContentError(shown, "each module needs text 'id', 'title', 'page', 'time' and a non-empty 'checklist' list of text.", "copy an existing module entry and change it.", line))
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
        modules.append(yamlfile.clean(raw))
    raise_all(errors)
    return modules


def find(modules, module_id, page):
    for m in modules:
        if m["id"] == module_id:
            return m
    raise ContentError(page, f"unknown onboarding module {module_id!r}.", f"use one of: {', '.join(m['id'] for m in modules)} (data/onboarding.yml).")


def render_checklist(module: dict) -> str:
    """Real checkboxes whose state calmline.js keeps in localStorage."""
    mid = module["id"]
    items = []
    for n, text in enumerate(module["checklist"], start=1):
        box = f"progress-{mid}-{n}"
        items.append(
            f'<li markdown="span"><input type="checkbox" id="{box}" data-progress-item="{n}">'
            f' <label for="{box}">{text}</label></li>'
        )
    return (
        f'\n<div class="progress-list" data-progress-module="{mid}" data-progress-total="{len(items)}" markdown="block">\n'
        f'<p class="progress-list__status" aria-live="polite" data-progress-status>{len(items)} steps to tick</p>\n'
        '<ul class="progress-list__items" markdown="1">\n' + "\n".join(items) + "\n</ul>\n"
        '<p class="progress-list__note">Your ticks are saved in this browser only. Nothing leaves your computer.</p>\n'
        "</div>\n\n"
    )


def render_overview(modules: list, page: str, rel_link) -> str:
    """The start page's table: each module, its time, and how far the new hire is."""
    rows = ["", "| Module | Time | Your progress |", "| --- | --- | --- |"]
    for n, m in enumerate(modules, start=1):
        rows.append(
            f"| {n}. [{esc(m['title'])}]({rel_link(page, m['page'])}) | {esc(m['time'])} | "
            f'<span class="progress-summary" data-progress-summary="{m["id"]}" '
            f'data-progress-total="{len(m["checklist"])}">Not started</span> |'
        )
    rows.append("")
    rows.append('<p><button type="button" class="md-button progress-reset">Clear my ticks in every module</button></p>')
    return "\n".join(rows) + "\n\n"
