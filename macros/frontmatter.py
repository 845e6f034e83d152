"""The front-matter contract every content page keeps, and its review footer.

Like GOV.UK's tech docs: each page names an ``owner`` (from data/owners.yml),
the date it was ``last_reviewed`` and how often to review it (``review_every``,
in months). The build fails on a broken contract; a page that is merely due for
review is reported by ``make reviews``, never failed: time passing must not
break the build.
"""
import calendar
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from . import schemas, yamlfile
from .duplicates import Place, duplicate
from .errors import ContentError, raise_all
from .escape import esc

FIELDS = ("title", "description", "tags", "owner", "last_reviewed", "review_every")
DESCRIPTION_LIMITS = (40, 200)
# Tags say what a page is about (search reads them as keywords); they are not
# a place to list every word an agent might type.
MAX_TAGS = 5


@dataclass(frozen=True)
class PageMeta:
    path: str  # relative to docs/
    meta: dict
    lines: dict  # front-matter key -> line number in the file

    @property
    def next_review(self) -> dt.date:
        return add_months(self.meta["last_reviewed"], int(self.meta["review_every"]))


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def read(path: Path, docs_dir: Path):
    """Return (meta, key lines) of one page; (None, {}) when it has no front matter."""
    rel = f"docs/{path.relative_to(docs_dir).as_posix()}"
    # utf-8-sig: a byte-order mark some editors put first is dropped, as MkDocs
    # drops it when it builds the page; the page is read as the editor sees it.
    text = path.read_text(encoding="utf-8-sig")
    if not text.startswith("---\n"):
        return None, {}
    end = text.find("\n---", 4)
    if end == -1:
        raise ContentError(rel, "the front matter has no closing '---' line.", "add a line with just '---' after the last field.", 1)
    block = text[4:end]
    # Line 1 is the opening '---', so the block starts on line 2.
    meta = yamlfile.parse(block, rel, first_line=2, what="the front matter", loader=yamlfile.Loader) or {}
    lines = {}
    for n, line in enumerate(block.splitlines(), start=2):
        m = re.match(r"^([A-Za-z_]+):", line)
        if m:
            lines.setdefault(m.group(1), n)
    return meta, lines


def check(rel: str, meta, lines, owners: set, today: dt.date):
    """Return a list of ContentError for one page's front matter."""
    errors = []
    if meta is None:
        return [ContentError(rel, "the page has no front matter.", "start the file with '---', the fields " + ", ".join(FIELDS) + ", then '---' (copy a template from templates/).", 1)]
    if not isinstance(meta, dict):
        return [ContentError(rel, "the front matter must be 'field: value' lines.", "copy the front matter of a template in templates/.", 1)]
    for key in FIELDS:
        if key not in meta or meta[key] in (None, "", []):
            errors.append(ContentError(rel, f"the front matter has no '{key}'.", f"add '{key}: {_example(key)}' between the '---' lines.", 1))
    line = lambda k: lines.get(k, 1)  # noqa: E731
    if meta.get("title") and not isinstance(meta["title"], str):
        errors.append(ContentError(rel, "'title' must be text.", "write title: Your page title.", line("title")))
    desc = meta.get("description")
    if "description" in meta and desc:
        if not isinstance(desc, str):
            errors.append(ContentError(rel, "'description' must be text.", f"write description: {_example('description')}", line("description")))
        elif not DESCRIPTION_LIMITS[0] <= len(desc) <= DESCRIPTION_LIMITS[1]:
            errors.append(ContentError(rel, f"'description' is {len(desc)} characters; search results show {DESCRIPTION_LIMITS[0]} to {DESCRIPTION_LIMITS[1]}.", "write one sentence that says what the page helps you do.", line("description")))
    tags = meta.get("tags")
    if "tags" in meta and tags and (not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags)):
        errors.append(ContentError(rel, "'tags' must be a list of words.", "write tags: [angry, shouting, irate].", line("tags")))
    elif isinstance(tags, list) and len(tags) > MAX_TAGS:
        errors.append(ContentError(rel, f"'tags' has {len(tags)} entries; at most {MAX_TAGS} describe a page.",
                                   "keep the words that say what the page is about; teach search other words in data/search.yml (docs/contribute/search.md).", line("tags")))
    owner = meta.get("owner")
    if owner and owner not in owners:
        errors.append(ContentError(rel, f"owner {owner!r} is not in data/owners.yml.", f"use one of: {', '.join(sorted(owners))}; or add the team to data/owners.yml.", line("owner")))
    reviewed = meta.get("last_reviewed")
    if "last_reviewed" in meta and reviewed:
        if not isinstance(reviewed, dt.date) or isinstance(reviewed, dt.datetime):
            errors.append(ContentError(rel, f"'last_reviewed' is {reviewed!r}, not a date.", "write the date as YYYY-MM-DD, e.g. last_reviewed: 2026-11-20.", line("last_reviewed")))
        elif reviewed > today:
            errors.append(ContentError(rel, f"'last_reviewed' is {reviewed.isoformat()}, a date in the future.", f"use the day you reviewed the page (today is {today.isoformat()}).", line("last_reviewed")))
    every = meta.get("review_every")
    if "review_every" in meta and every is not None:
        if not isinstance(every, int) or isinstance(every, bool) or not 1 <= every <= 24:
            errors.append(ContentError(rel, f"'review_every' is {every!r}; it must be a whole number of months from 1 to 24.", "write review_every: 6 (or 3 for fast-changing pages, 12 for stable ones).", line("review_every")))
    return errors


def _example(key):
    return {
        "title": "Angry or irate customer",
        "description": "What to do and say when a customer is shouting or furious.",
        "tags": "[angry, shouting, furious]",
        "owner": "training",
        "last_reviewed": dt.date.today().isoformat(),
        "review_every": "6",
    }[key]


def scan(docs_dir: Path, owners: set, today: dt.date | None = None):
    """Read and check every page under docs/. Return ({path: PageMeta}, [errors])."""
    today = today or dt.date.today()
    pages, errors = {}, []
    for path in sorted(docs_dir.rglob("*.md")):
        rel_docs = path.relative_to(docs_dir).as_posix()
        rel = f"docs/{rel_docs}"
        try:
            meta, lines = read(path, docs_dir)
        except ContentError as exc:
            errors.append(exc)
            continue
        errs = check(rel, meta, lines, owners, today)
        errors += errs
        if not errs:
            pages[rel_docs] = PageMeta(rel_docs, meta, lines)
    return pages, errors


def owner_ids_used_once(owners: list, shown, path: Path) -> list:
    """Each owner id names one owner: pages name it as their 'owner'."""
    errors, seen = [], {}
    for raw in owners:
        here = Place(shown, path, yamlfile.line_of(raw))
        if raw["id"] in seen:
            errors.append(duplicate("owner id", raw["id"], seen[raw["id"]], here, "pages name it as their 'owner'"))
        else:
            seen[raw["id"]] = here
    return errors


# What a schema cannot say about data/owners.yml.
OWNER_CHECKS = [owner_ids_used_once]


def load_owners(path: Path, root: Path | None = None) -> dict:
    """Return {owner id: {name, github}} from data/owners.yml.

    The shape is data/schemas/owners.schema.json; then OWNER_CHECKS."""
    shown = path.relative_to(root) if root else path
    data = yamlfile.load(path, root)
    errors = schemas.validate(data, "owners", shown, path)
    if schemas.above(errors, 2):
        raise_all(errors)
    owners = [raw for n, raw in enumerate(data["owners"]) if not schemas.failed(errors, ("owners", n))]
    raise_all(errors + [e for check in OWNER_CHECKS for e in check(owners, shown, path)])
    return {raw["id"]: {"name": raw["name"], "github": raw["github"]} for raw in owners}


def nice_date(day: dt.date) -> str:
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def review_footer(page: PageMeta, owners: dict) -> str:
    owner = esc(owners[page.meta["owner"]]["name"])
    reviewed = page.meta["last_reviewed"]
    return (
        '\n\n<p class="page-review" markdown="span">'
        f'Owned by {owner} · Last reviewed <time datetime="{reviewed.isoformat()}">{nice_date(reviewed)}</time>'
        f' · Next review due <time datetime="{page.next_review.isoformat()}">{nice_date(page.next_review)}</time></p>\n'
    )
