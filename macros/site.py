"""Everything the macros know about the site, loaded and checked once per build."""
from dataclasses import dataclass, field
from pathlib import Path

from . import feedback, frontmatter, glossary, limits, onboarding, phrases, plaintext, search, tables, yamlfile
from . import policy as local_policy
from .errors import ContentError, ContentErrors, raise_all


@dataclass
class Site:
    root: Path
    docs_dir: Path
    pages: dict  # path under docs/ -> PageMeta
    owners: dict
    phrases: phrases.Phrasebook
    glossary: glossary.Glossary
    steps: dict  # "playbook/step" -> {"label", "page"}
    titles: dict = field(default_factory=dict)
    modules: list = field(default_factory=list)
    search: dict = field(default_factory=dict)
    policy: local_policy.Policy = field(default_factory=local_policy.Policy)


def situation_slugs(docs_dir: Path) -> list:
    return sorted(p.stem for p in (docs_dir / "situations").glob("*.md") if p.stem != "index")


def load_steps(path: Path, docs_dir: Path, root: Path) -> dict:
    """Read data/steps.yml: the named steps of each playbook that cards can serve."""
    shown = path.relative_to(root)
    data = yamlfile.load(path, root)
    out, errors = {}, []
    if not isinstance(data, dict):
        raise ContentError(shown, "expected one entry per playbook.", "copy the layout of the existing entries.", 1)
    for playbook, entry in data.items():
        if playbook == "__line__":
            continue
        line = yamlfile.line_of(entry)
        if not isinstance(entry, dict) or not isinstance(entry.get("page"), str) or not isinstance(entry.get("steps"), dict):
            errors.append(ContentError(shown, f"playbook {playbook!r} needs 'page' and a mapping of 'steps'.", "copy the layout of the six-steps entry.", line))
            continue
        if not (docs_dir / entry["page"]).is_file():
            errors.append(ContentError(shown, f"playbook {playbook!r}: page {entry['page']} does not exist.", "give a path under docs/.", line))
        for step, label in entry["steps"].items():
            if step == "__line__":
                continue
            out[f"{playbook}/{step}"] = {"label": label, "page": entry["page"]}
    raise_all(errors)
    return out


def read_sources(root: Path, docs_dir: Path) -> dict:
    """{path under docs/: Markdown source} of every page, as the editor wrote it.

    Read as utf-8-sig, like MkDocs: a byte-order mark some editors add is dropped."""
    return {p.relative_to(docs_dir).as_posix(): p.read_text(encoding="utf-8-sig") for p in sorted(docs_dir.rglob("*.md"))}


def load_site(root: Path, docs_dir: Path, today=None) -> Site:
    """Load and check every page and data file; raise one ContentError listing every problem.

    Checks that do not depend on each other all run, so one build names every
    mistake at once; a check that needs what a failed one would have loaded is
    skipped (its data is None)."""
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

    sources = read_sources(root, docs_dir)
    owners = attempt(frontmatter.load_owners, data / "owners.yml", root)
    pages = {}
    if owners is not None:
        pages, page_errors = frontmatter.scan(docs_dir, set(owners), today)
        errors.extend(page_errors)
        # Text from front matter and data is shown as text: no markup, no hidden characters.
        for page in pages.values():
            errors += plaintext.check_page(f"docs/{page.path}", page.meta, page.lines)
    errors += plaintext.check_data(data, root)
    errors.extend(tables.check_pages(sources))
    errors.extend(limits.check_pages(sources))
    errors.extend(limits.check_data_files(root))
    for extra in [root / "CONTRIBUTING.md", *sorted((root / "snippets").glob("**/*.md"))]:
        # Included into pages with --8<--, so their tables show on the site too.
        if extra.is_file():
            errors.extend(tables.check(extra.relative_to(root).as_posix(), extra.read_text(encoding="utf-8-sig")))
    steps = attempt(load_steps, data / "steps.yml", docs_dir, root)
    book = attempt(phrases.load, data / "phrases", situation_slugs(docs_dir), set(steps or {}), root) if steps is not None else None
    terms = attempt(glossary.load, data / "glossary.yml", docs_dir, root)
    if terms is not None:
        # A term no page uses is usually misspelt, and its tooltip then shows nowhere.
        errors.extend(glossary.coverage_errors(terms, sources, (data / "glossary.yml").relative_to(root).as_posix()))
    modules = attempt(onboarding.load, data / "onboarding.yml", docs_dir, root)
    keywords = attempt(search.load, data / "search.yml", docs_dir, root)
    rules = attempt(local_policy.load, data / "local-policy.yml", root)
    attempt(feedback.check, root)  # the page-problem issue form lists the site's reasons
    raise_all(errors)
    titles = {path: str(p.meta["title"]) for path, p in pages.items()}
    return Site(root, docs_dir, pages, owners, book, terms, steps, titles, modules, keywords, rules)
