"""Everything the macros know about the site, loaded and checked once per build."""
from dataclasses import dataclass, field
from pathlib import Path

from . import frontmatter, glossary, onboarding, phrases, plaintext, search, yamlfile
from . import policy as local_policy
from .errors import ContentError, raise_all


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


def load_site(root: Path, docs_dir: Path, today=None) -> Site:
    data = root / "data"
    owners = frontmatter.load_owners(data / "owners.yml", root)
    pages, errors = frontmatter.scan(docs_dir, set(owners), today)
    # Text from front matter and data is shown as text: no markup, no hidden characters.
    for page in pages.values():
        errors += plaintext.check_page(f"docs/{page.path}", page.meta, page.lines)
    errors += plaintext.check_data(data, root)
    raise_all(errors)
    steps = load_steps(data / "steps.yml", docs_dir, root)
    book = phrases.load(data / "phrases", situation_slugs(docs_dir), set(steps), root)
    terms = glossary.load(data / "glossary.yml", docs_dir, root)
    titles = {path: str(p.meta["title"]) for path, p in pages.items()}
    modules = onboarding.load(data / "onboarding.yml", docs_dir, root)
    keywords = search.load(data / "search.yml", docs_dir, root)
    rules = local_policy.load(data / "local-policy.yml", root)
    return Site(root, docs_dir, pages, owners, book, terms, steps, titles, modules, keywords, rules)
