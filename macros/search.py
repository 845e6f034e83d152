"""Search keywords: the words agents type, mapped onto our pages.

Material's search has no synonyms and weighs a page's front-matter ``tags``
very highly. ``data/search.yml`` is the one place editors teach it agents'
words: ``synonyms`` (groups that mean the same in a hurry), ``keywords`` (extra
words for one page) and ``boost`` (weight per folder). At build time each page's
tags become: its own tags + its keywords + every synonym group that shares a
word with those. Nothing is special-cased per query.
"""
from pathlib import Path

from . import yamlfile
from .errors import ContentError, raise_all


def load(path: Path, docs_dir: Path, root: Path | None = None) -> dict:
    shown = path.relative_to(root) if root else path
    data = yamlfile.load(path, root)
    errors = []
    if not isinstance(data, dict):
        raise ContentError(shown, "expected 'synonyms', 'keywords' and 'boost'.", "copy the layout at the top of the file.", 1)
    synonyms = data.get("synonyms") or []
    keywords = data.get("keywords") or {}
    boost = data.get("boost") or {}
    if not isinstance(synonyms, list) or not all(isinstance(g, list) and len(g) >= 2 and all(isinstance(w, str) and w.strip() for w in g) for g in synonyms):
        errors.append(ContentError(shown, "'synonyms' must be a list of groups, each a list of two or more words.", "write each group as - [manager, supervisor, boss].", yamlfile.line_of(data)))
    if not isinstance(keywords, dict):
        errors.append(ContentError(shown, "'keywords' must map a page to a list of words.", "write situations/angry.md: [screaming, yelling].", 1))
        keywords = {}
    for page, words in keywords.items():
        if page == "__line__":
            continue
        if not (docs_dir / page).is_file():
            errors.append(ContentError(shown, f"keywords for {page!r}, which is not a page.", "use a path under docs/, e.g. situations/angry.md.", keywords.get("__line__")))
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            errors.append(ContentError(shown, f"keywords for {page!r} must be a list of words.", "write [screaming, yelling].", keywords.get("__line__")))
    if not isinstance(boost, dict) or not all(isinstance(v, (int, float)) and v > 0 for k, v in boost.items() if k != "__line__"):
        errors.append(ContentError(shown, "'boost' must map a folder to a positive number.", "write situations/: 2.", 1))
    raise_all(errors)
    return {
        "synonyms": [[w.strip().lower() for w in g] for g in synonyms],
        "keywords": {k: [w.strip().lower() for w in v] for k, v in keywords.items() if k != "__line__"},
        "boost": {k: v for k, v in boost.items() if k != "__line__"},
    }


def expand(page: str, tags, config: dict) -> list:
    """The page's search tags: its own, its keywords, and whole matching synonym groups."""
    out = [str(t).lower() for t in (tags or [])] + config["keywords"].get(page, [])
    have = set(out)
    for group in config["synonyms"]:
        # Whole entries only: a tag "let down again" must not pull in the
        # outage group through the word "down".
        if have.intersection(group):
            out += group
    seen, result = set(), []
    for t in out:
        if t not in seen:
            seen.add(t)
            result.append(t)
    return result


def boost_for(page: str, config: dict):
    best = None
    for prefix, value in config["boost"].items():
        if page.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, value)
    return best[1] if best else None
