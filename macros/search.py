"""Search: the Pagefind index and what the search box knows beyond the pages.

Pagefind indexes the article body of every built page (``index_site``). It
ranks well but has no synonyms and no typo tolerance, so ``data/search.yml``
declares them once, and ``client_data`` hands them to the query layer in the
browser (docs/assets/search/query.js) as ``search/calmline.json`` with:

- ``stopwords``, ``phrases`` and ``synonyms`` from data/search.yml;
- ``vocabulary``: every word of four or more letters on the site, in four
  bands from rare to common, generated at build time, for typo correction;
- ``answers``: one per situation page (title, address, first move, best phrase
  card, the customer's sayings from docs/customer-says.md, keywords), for the
  answer card at the top of the results.

Folder weights (``boost``) do not go to the browser: they become Pagefind's own
``data-pagefind-weight`` on each page (overrides/main.html).

Nothing here knows any query: every rule is data, and data is general.
"""
import html
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from . import yamlfile
from .errors import ContentError, raise_all

SECTIONS = ("boost", "stopwords", "phrases", "synonyms", "keywords")
WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")
TAG = re.compile(r"<[^>]+>")
# A row of docs/customer-says.md: | **"What they say."** | meaning | [Page](situations/x.md): "First line." |
# (the bold cell may also describe what they say without quotes).
SAYING_ROW = re.compile(r'^\|\s*\*\*"?(?P<says>[^"|*]+)"?[^|]*\|[^|]*\|\s*\[[^\]]+\]\((?P<page>situations/[a-z0-9-]+\.md)(#[a-z0-9-]+)?\)')
MOVES = re.compile(r"^## First three moves\s*\n+1\.\s+(?P<move>.+)$", re.M)
MAX_PHRASE_WORDS = 6
INDEX_CHUNK_SIZE = 1000
# Never indexed: heading permalinks (the pilcrow), the edit button, the review
# footer, copy buttons (their hidden label repeats the card) and card labels;
# and on pages that show a copy of a phrase card, all but its words.
EXCLUDE = ", ".join([
    ".headerlink", ".md-content__button", ".page-review", ".phrase-copy", ".phrase-card__label",
    ".phrase-card__permalink", ".phrase-card--copy .phrase-card__when", ".phrase-card--copy .phrase-card__why",
    ".phrase-card--copy .phrase-card__avoid", ".phrase-card--copy .phrase-card__written", ".phrase-card--copy .phrase-card__meta",
])
YAML_WORDS_FIX = "YAML reads on, off, yes and no as true or false: put such words in quotes, e.g. \"on\"."


def words(text: str) -> list:
    """Lower-case words of ``text`` as the browser's query layer splits them."""
    return WORD.findall(text.lower().replace("’", "'"))


def _lines(path: Path) -> dict:
    """Line numbers of the entries under each section: {(section, key or index): line}."""
    out = {}
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return out  # yamlfile.load reports the syntax error with its line
    if not isinstance(node, yaml.MappingNode):
        return out
    for key, value in node.value:
        out[(key.value, None)] = key.start_mark.line + 1
        if isinstance(value, yaml.MappingNode):
            for k, _v in value.value:
                out[(key.value, k.value)] = k.start_mark.line + 1
        elif isinstance(value, yaml.SequenceNode):
            for i, item in enumerate(value.value):
                out[(key.value, i)] = item.start_mark.line + 1
    return out


def _norm(term) -> str:
    return " ".join(words(str(term)))


def load(path: Path, docs_dir: Path, root: Path | None = None) -> dict:
    """Read and check data/search.yml; every problem names the file, the line and the fix."""
    shown = path.relative_to(root) if root else path
    data = yamlfile.load(path, root)
    lines = _lines(path)
    line = lambda section, key=None: lines.get((section, key)) or lines.get((section, None)) or 1  # noqa: E731
    if not isinstance(data, dict):
        raise ContentError(shown, f"expected the sections {', '.join(SECTIONS)}.", "copy the layout at the top of the file.", 1)
    errors = []
    unknown = sorted(set(data) - set(SECTIONS) - {"__line__"})
    for key in unknown:
        errors.append(ContentError(shown, f"unknown section {key!r}.", f"use only: {', '.join(SECTIONS)}.", line(key)))

    boost = data.get("boost") or {}
    if not isinstance(boost, dict):
        errors.append(ContentError(shown, "'boost' must map a folder or page to a number.", "write situations/: 1.5.", line("boost")))
        boost = {}
    pages = [p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")]
    for prefix, value in boost.items():
        if prefix == "__line__":
            continue
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 < value <= 10:
            errors.append(ContentError(shown, f"boost for {prefix!r} is {value!r}.", "use a number above 0 and at most 10 (1 is normal).", line("boost", prefix)))
        if not any(p.startswith(prefix) for p in pages):
            errors.append(ContentError(shown, f"boost for {prefix!r}, which matches no page.", "use a folder or page path under docs/, e.g. situations/.", line("boost", prefix)))

    stopwords = data.get("stopwords") or []
    if not isinstance(stopwords, list):
        errors.append(ContentError(shown, "'stopwords' must be a list of words.", "write stopwords: [how, do, i].", line("stopwords")))
        stopwords = []
    for w in stopwords:
        if not isinstance(w, str) or not _norm(w):
            errors.append(ContentError(shown, f"stopword {w!r} is not a word.", YAML_WORDS_FIX, line("stopwords")))
    stopwords = [w for w in stopwords if isinstance(w, str)]

    phrases = data.get("phrases") or {}
    if not isinstance(phrases, dict):
        errors.append(ContentError(shown, "'phrases' must map what a customer says to our word.", "write money back: refund.", line("phrases")))
        phrases = {}
    clean_phrases = {}
    for said, ours in phrases.items():
        if said == "__line__":
            continue
        where = line("phrases", said)
        if not isinstance(ours, str) or not _norm(ours):
            errors.append(ContentError(shown, f"phrase {said!r} maps to {ours!r}, not to words.", f"write {said}: refund (the word our pages use).", where))
            continue
        key, value = _norm(said), _norm(ours)
        if not key:
            errors.append(ContentError(shown, f"phrase {said!r} has no words.", "write the words a customer says, e.g. money back: refund.", where))
        elif key == value:
            errors.append(ContentError(shown, f"phrase {said!r} maps to itself.", "map it to the different word our pages use, or delete the line.", where))
        elif len(key.split()) > MAX_PHRASE_WORDS:
            errors.append(ContentError(shown, f"phrase {said!r} is longer than {MAX_PHRASE_WORDS} words.", "keep the few words that carry the meaning.", where))
        elif key in clean_phrases:
            errors.append(ContentError(shown, f"phrase {said!r} is listed twice.", "keep one line for it.", where))
        else:
            clean_phrases[key] = value

    synonyms = data.get("synonyms") or []
    if not isinstance(synonyms, list):
        errors.append(ContentError(shown, "'synonyms' must be a list of groups.", "write each group as - [supervisor, manager, boss].", line("synonyms")))
        synonyms = []
    groups, owner = [], {}
    for i, group in enumerate(synonyms):
        where = line("synonyms", i)
        if not isinstance(group, list) or not all(isinstance(w, str) for w in group):
            errors.append(ContentError(shown, f"synonym group {i + 1} is not a list of words.", "write it as - [supervisor, manager, boss]. " + YAML_WORDS_FIX, where))
            continue
        members = [_norm(w) for w in group]
        if any(not m for m in members) or len(set(members)) < 2:
            errors.append(ContentError(shown, f"synonym group {i + 1} {group!r} has fewer than two different words.", "list at least two words that mean the same, or delete the group.", where))
            continue
        for m in members:
            if m in owner and owner[m] != i:
                errors.append(ContentError(shown, f"{m!r} is in synonym group {owner[m] + 1} and group {i + 1}.", "keep each word in one group (merge the groups if they mean the same).", where))
            owner[m] = i
        groups.append(list(dict.fromkeys(members)))

    keywords = data.get("keywords") or {}
    if not isinstance(keywords, dict):
        errors.append(ContentError(shown, "'keywords' must map a page to a list of words.", "write situations/angry.md: [screaming, yelling].", line("keywords")))
        keywords = {}
    clean_keywords = {}
    for page, kws in keywords.items():
        if page == "__line__":
            continue
        where = line("keywords", page)
        if not (docs_dir / page).is_file():
            errors.append(ContentError(shown, f"keywords for {page!r}, which is not a page.", "use a path under docs/, e.g. situations/angry.md.", where))
        if not isinstance(kws, list) or not kws or not all(isinstance(w, str) and _norm(w) for w in kws):
            errors.append(ContentError(shown, f"keywords for {page!r} must be a non-empty list of words.", "write [screaming, yelling].", where))
            continue
        clean_keywords[page] = [_norm(w) for w in kws]
    raise_all(errors)
    return {
        "boost": {k: v for k, v in boost.items() if k != "__line__"},
        "stopwords": sorted({_norm(w) for w in stopwords}),
        "phrases": clean_phrases,
        "synonyms": groups,
        "keywords": clean_keywords,
    }


def page_keywords(page: str, tags, config: dict) -> list:
    """The page's search keywords: its front-matter tags, then its keywords from data/search.yml."""
    out = [_norm(t) for t in (tags or [])] + config["keywords"].get(page, [])
    return list(dict.fromkeys(t for t in out if t))


def boost_for(page: str, config: dict) -> float:
    """The weight of the longest folder prefix that matches ``page`` (1 when none does)."""
    best = max((p for p in config["boost"] if page.startswith(p)), key=len, default=None)
    return config["boost"][best] if best else 1


def plain_text(markdown_or_html: str) -> str:
    """Text with tags, Markdown links' targets and character references removed."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown_or_html)
    return html.unescape(TAG.sub(" ", text))


def first_move(markdown: str) -> str | None:
    """The first item under '## First three moves', as plain text."""
    m = MOVES.search(markdown)
    if not m:
        return None
    move = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", m.group("move"))
    return re.sub(r"[*_`]", "", plain_text(move)).strip()


RECOGNISE = re.compile(r"^## How to recognise it\s*\n(?P<body>.*?)(?=^## )", re.M | re.S)
QUOTED = re.compile(r'"([^"\n]{3,80})"|“([^”\n]{3,80})”')


def recognise_quotes(markdown: str) -> list:
    """What customers say, as quoted under a situation page's '## How to recognise it'."""
    m = RECOGNISE.search(markdown)
    if not m:
        return []
    return [a or b for a, b in QUOTED.findall(m.group("body"))]


def sayings(path: Path, root: Path | None = None) -> dict:
    """{situation page: [what customers say]} from the tables of docs/customer-says.md."""
    shown = path.relative_to(root) if root else path
    out, errors = {}, []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.startswith("| **"):
            continue
        m = SAYING_ROW.match(line)
        if not m:
            errors.append(ContentError(shown, "this table row does not link its saying to a situation page.",
                                       'write | **"What they say."** | What it means | [Page title](situations/page.md): "What to say." |', n))
            continue
        out.setdefault(m.group("page"), []).append(m.group("says").strip())
    raise_all(errors)
    return out


def client_data(config: dict, answers: list, vocabulary: dict) -> dict:
    """What the browser's query layer loads: the declared rules plus what the build found."""
    return {
        "version": 1,
        "stopwords": config["stopwords"],
        "phrases": config["phrases"],
        "synonyms": config["synonyms"],
        # Words of 4+ letters only (shorter words are never corrected), in four
        # space-separated lists from rare to common: small to download, and
        # enough to prefer the more common word when two corrections tie.
        "vocabulary": [" ".join(sorted(w for w, n in vocabulary.items() if len(w) >= 4 and band(n) == b)) for b in range(4)],
        "answers": answers,
    }


def band(pages: int) -> int:
    """How common a word is: 0 on at most one page, 1 on two or three, 2 on up to nine, 3 on more."""
    return 0 if pages <= 1 else 1 if pages <= 3 else 2 if pages <= 9 else 3


def index_site(site_dir: Path) -> None:
    """Run Pagefind (the binary from the pinned ``pagefind[bin]`` wheel) over the built site."""
    # Smaller index chunks than Pagefind's default (20,000 word locations): a
    # query, with its synonyms, touches several chunks, and each is downloaded
    # whole. Pagefind reads the size from this environment variable only.
    env = dict(os.environ)
    env.setdefault("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE", str(INDEX_CHUNK_SIZE))
    proc = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent",
                           "--exclude-selectors", EXCLUDE],
                          capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise ContentError("site/pagefind", f"Pagefind could not index the site:\n{proc.stdout}{proc.stderr}",
                           "run `make install` (it installs pagefind and its binary, pagefind-bin, from requirements.lock), then build again.")
