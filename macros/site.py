"""Everything the macros know about the site, loaded and checked once per build."""
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from . import (
    checks,
    feedback,
    frontmatter,
    glossary,
    limits,
    onboarding,
    phrases,
    plaintext,
    schemas,
    search,
    tables,
    yamlfile,
)
from . import dialogues as practice
from . import policy as local_policy
from .errors import ContentError, ContentErrors, raise_all


@dataclass
class Site:
    pages: dict  # path under docs/ -> PageMeta
    owners: dict
    phrases: phrases.Phrasebook
    glossary: glossary.Glossary
    steps: dict  # "playbook/step" -> {"label", "page"}
    titles: dict = field(default_factory=dict)
    modules: list = field(default_factory=list)
    search: dict = field(default_factory=dict)
    policy: local_policy.Policy = field(default_factory=local_policy.Policy)
    dialogues: dict = field(default_factory=dict)  # id -> dialogues.Dialogue (data/dialogues/)
    sources: dict = field(default_factory=dict)  # path under docs/ -> the page's Markdown, as written
    nav: list | None = None  # every page path in mkdocs.yml's nav, in order; None without a mkdocs.yml


def situation_slugs(docs_dir: Path) -> list:
    return sorted(p.stem for p in (docs_dir / "situations").glob("*.md") if p.stem != "index")


def role_play_slugs(docs_dir: Path) -> list:
    return sorted(p.stem for p in (docs_dir / "onboarding" / "role-plays").glob("*.md") if p.stem != "index")


def playbook_pages_exist(data: dict, docs_dir: Path, shown) -> list:
    """Every playbook's 'page' is a page under docs/."""
    return [ContentError(shown, f"playbook {name!r}: page {entry['page']} does not exist.", "give a path under docs/.", yamlfile.line_of(entry))
            for name, entry in data.items() if name != "__line__" and not (docs_dir / entry["page"]).is_file()]


# What a schema cannot say about data/steps.yml.
STEP_CHECKS = [playbook_pages_exist]


def load_steps(path: Path, docs_dir: Path, root: Path) -> dict:
    """Read data/steps.yml: the named steps of each playbook that cards can serve.

    The shape is data/schemas/steps.schema.json; then STEP_CHECKS."""
    shown = path.relative_to(root)
    data = yamlfile.load(path, root)
    errors = schemas.validate(data, "steps", shown, path)
    raise_all(errors)
    raise_all([e for check in STEP_CHECKS for e in check(data, docs_dir, shown)])
    return {f"{playbook}/{step}": {"label": label, "page": entry["page"]}
            for playbook, entry in yamlfile.clean(data).items() for step, label in entry["steps"].items()}


def read_sources(root: Path, docs_dir: Path) -> dict:
    """{path under docs/: Markdown source} of every page, as the editor wrote it.

    Read as utf-8-sig, like MkDocs: a byte-order mark some editors add is dropped."""
    return {p.relative_to(docs_dir).as_posix(): p.read_text(encoding="utf-8-sig") for p in sorted(docs_dir.rglob("*.md"))}


class MkDocsConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !ENV and !!python/name tags do not matter for its nav."""


MkDocsConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
MkDocsConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def nav_pages(config: Path):
    """Every page path in the nav of ``config`` (mkdocs.yml), in order; None when there is no such file."""
    if not config.is_file():
        return None

    def walk(items):
        for item in items or []:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                yield from walk(value)
            elif isinstance(value, str) and "://" not in value:
                yield value

    return list(walk(yaml.load(config.read_text(encoding="utf-8"), Loader=MkDocsConfigLoader).get("nav")))


def load_site(root: Path, docs_dir: Path, today=None, rules=(), data_from=None) -> Site:
    """Load and check every page and data file; raise one ContentError listing every problem.

    Checks that do not depend on each other all run, so one build names every
    mistake at once; a check that needs what a failed one would have loaded is
    skipped (its data is None). ``rules`` (checks.RULES, for the strict build)
    run too, even when something failed to load, and their problems are listed
    with the rest.

    ``data_from``: a Site loaded cleanly from the same data, code, snippets,
    list of pages and front matter (the preview, after a save that changed only
    a page's body). Its data is kept; only the page bodies are read and checked again."""
    sources = read_sources(root, docs_dir)
    if data_from is not None:
        site = replace(data_from, sources=sources)
        errors = body_errors(sources) + checks.run(site, rules)
        raise_all(errors)
        return site
    data = root / "data"
    errors = []

    def attempt(load, *args):
        try:
            return load(*args)
        except ContentErrors as exc:
            errors.extend(exc.errors)
        except ContentError as exc:
            errors.append(exc)
        return None

    owners = attempt(frontmatter.load_owners, data / "owners.yml", root)
    pages = {}
    if owners is not None:
        pages, page_errors = frontmatter.scan(docs_dir, set(owners), today)
        errors.extend(page_errors)
        # Text from front matter and data is shown as text: no markup, no hidden characters.
        for page in pages.values():
            errors += plaintext.check_page(f"docs/{page.path}", page.meta, page.lines)
    errors += plaintext.check_data(data, root)
    errors += body_errors(sources)
    errors.extend(limits.check_data_files(root))
    for extra in [root / "CONTRIBUTING.md", *sorted((root / "snippets").glob("**/*.md"))]:
        # Included into pages with --8<--, so their tables show on the site too.
        if extra.is_file():
            errors.extend(tables.check(extra.relative_to(root).as_posix(), extra.read_text(encoding="utf-8-sig")))
    steps = attempt(load_steps, data / "steps.yml", docs_dir, root)
    book = attempt(phrases.load, data / "phrases", situation_slugs(docs_dir), set(steps or {}), root) if steps is not None else None
    terms = attempt(glossary.load, data / "glossary.yml", docs_dir, root)
    modules = attempt(onboarding.load, data / "onboarding.yml", docs_dir, root)
    keywords = attempt(search.load, data / "search.yml", docs_dir, root)
    policy = attempt(local_policy.load, data / "local-policy.yml", root)
    attempt(feedback.check, root)  # the page-problem issue form lists the site's reasons
    dialogues = None
    if book is not None:
        known = practice.Known(set(book.cards), set(steps), set(situation_slugs(docs_dir)), set(role_play_slugs(docs_dir)))
        dialogues = attempt(practice.load, data / "dialogues", known, root)
    titles = {path: str(p.meta["title"]) for path, p in pages.items() if "title" in p.meta}
    site = Site(pages, owners, book, terms, steps, titles, modules, keywords, policy, dialogues, sources, nav_pages(root / "mkdocs.yml"))
    errors += checks.run(site, rules)
    raise_all(errors)
    return site


def body_errors(sources: dict) -> list:
    """What is checked in the pages' Markdown bodies before any page is built: tables and sizes."""
    return tables.check_pages(sources) + limits.check_pages(sources)


_cache = {}  # (root, docs_dir) -> (fingerprint, Site)


def _fingerprint(root: Path, docs_dir: Path) -> tuple:
    """Every file the site's data is read from, with its modification time."""
    files = [*Path(root, "data").rglob("*"), *Path(docs_dir).rglob("*.md"), *Path(__file__).parent.glob("*.py")]
    return tuple(sorted((str(f), f.stat().st_mtime_ns) for f in files if f.is_file()))


def load_site_cached(root: Path, docs_dir: Path) -> Site:
    """load_site, done again only when a data file, a page or this code has changed.

    For a builder that runs the macros module once per page (Zensical)."""
    key = (str(root), str(docs_dir))
    fingerprint = _fingerprint(root, docs_dir)
    cached = _cache.get(key)
    if cached is None or cached[0] != fingerprint:
        site = load_site(root, docs_dir)
        # The content rules, once per load: Zensical prints them and builds on.
        for error in checks.run(site):
            logging.getLogger("calmline").error(str(error))
        _cache[key] = (fingerprint, site)
    return _cache[key][1]
