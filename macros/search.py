"""Search: the Pagefind index and what the search box knows beyond the pages.

Pagefind indexes the article body of every built page (``index_site``). It
ranks well but has no synonyms and no typo tolerance, so ``data/search.yml``
declares them once, and ``client_data`` hands them to the query layer in the
browser (docs/assets/search/query.js) as ``search/calmline.json`` with:

- ``stopwords``, ``phrases`` and ``synonyms`` from data/search.yml;
- ``common``: the site's words of four or more letters on ten or more pages
  (front-coded: ``front_coded``); the other words go by first letter to
  ``search/words/<letter>.json`` (``word_lists``), three bands from rare to
  less rare, and the box fetches only the letters a query starts its words
  with: known words are left alone, unknown ones corrected (typo tolerance);
- ``unsearched``: members of synonym groups that no page uses (``unsearched``),
  recognised in a query but never searched for;
- ``answers``: one per situation page (title, address, first move, best phrase
  card, the customer's sayings from docs/customer-says.md, keywords), for the
  answer card at the top of the results;
- ``intents`` and ``safety_first`` from data/search.yml, as addresses;
- ``retells``: each page that retells a situation, with the situation's
  address (``retellings``), so the situation ranks above its retelling.

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

from . import schemas, yamlfile
from .errors import ContentError, raise_all

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


class SearchContext:
    """What the checks of data/search.yml need: the file, docs/, and the line of each entry."""

    def __init__(self, shown, path: Path, docs_dir: Path):
        self.shown, self.docs_dir, self._lines = shown, docs_dir, _lines(path)
        self.pages = [p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")]

    def names_a_page(self, prefix: str) -> bool:
        """Is ``prefix`` a page, or the start of one or more pages' paths, under docs/?"""
        return any(p.startswith(prefix) for p in self.pages)

    def line(self, section, key=None) -> int:
        return self._lines.get((section, key)) or self._lines.get((section, None)) or 1

    def error(self, problem, fix, section, key=None) -> ContentError:
        return ContentError(self.shown, problem, fix, self.line(section, key))


def _entries(data, section):
    """The entries of a mapping section, without the line bookkeeping ({} when absent)."""
    return {k: v for k, v in (data.get(section) or {}).items() if k != "__line__"}


def boost_prefixes_match_pages(data: dict, ctx: SearchContext) -> list:
    """Every folder or page given a 'boost' matches at least one page under docs/."""
    return [ctx.error(f"boost for {prefix!r}, which matches no page.", "use a folder or page path under docs/, e.g. situations/.", "boost", prefix)
            for prefix in _entries(data, "boost") if not ctx.names_a_page(prefix)]


def stopwords_are_words(data: dict, ctx: SearchContext) -> list:
    """Every stopword holds a word as the query layer splits words."""
    return [ctx.error(f"stopword {w!r} is not a word.", YAML_WORDS_FIX, "stopwords")
            for w in data.get("stopwords") or [] if isinstance(w, str) and not _norm(w)]


def phrases_map_words_to_other_words(data: dict, ctx: SearchContext) -> list:
    """Each customer phrase has words, at most MAX_PHRASE_WORDS, is listed once, and maps to a different word."""
    errors, seen = [], set()
    for said, ours in _entries(data, "phrases").items():
        if not isinstance(ours, str):
            continue  # the schema says so
        key, value = _norm(said), _norm(ours)
        if not value:
            errors.append(ctx.error(f"phrase {said!r} maps to {ours!r}, not to words.", f"write {said}: refund (the word our pages use).", "phrases", said))
        elif not key:
            errors.append(ctx.error(f"phrase {said!r} has no words.", "write the words a customer says, e.g. money back: refund.", "phrases", said))
        elif key == value:
            errors.append(ctx.error(f"phrase {said!r} maps to itself.", "map it to the different word our pages use, or delete the line.", "phrases", said))
        elif len(key.split()) > MAX_PHRASE_WORDS:
            errors.append(ctx.error(f"phrase {said!r} is longer than {MAX_PHRASE_WORDS} words.", "keep the few words that carry the meaning.", "phrases", said))
        elif key in seen:
            errors.append(ctx.error(f"phrase {said!r} is listed twice.", "keep one line for it.", "phrases", said))
        seen.add(key)
    return errors


def synonym_groups_are_distinct(data: dict, ctx: SearchContext) -> list:
    """Each synonym group has two or more different words, and a word is in one group only."""
    errors, owner = [], {}
    for i, group in enumerate(data.get("synonyms") or []):
        if not isinstance(group, list) or not all(isinstance(w, str) for w in group):
            continue  # the schema says so
        members = [_norm(w) for w in group]
        if any(not m for m in members) or len(set(members)) < 2:
            errors.append(ctx.error(f"synonym group {i + 1} {group!r} has fewer than two different words.", "list at least two words that mean the same, or delete the group.", "synonyms", i))
            continue
        for m in members:
            if m in owner and owner[m] != i:
                errors.append(ctx.error(f"{m!r} is in synonym group {owner[m] + 1} and group {i + 1}.", "keep each word in one group (merge the groups if they mean the same).", "synonyms", i))
            owner[m] = i
    return errors


def keyword_pages_exist(data: dict, ctx: SearchContext) -> list:
    """Keywords are given to pages that exist, and each keyword holds a word."""
    errors = []
    for page, kws in _entries(data, "keywords").items():
        if not (ctx.docs_dir / page).is_file():
            errors.append(ctx.error(f"keywords for {page!r}, which is not a page.", "use a path under docs/, e.g. situations/angry.md.", "keywords", page))
        if isinstance(kws, list) and not all(not isinstance(w, str) or _norm(w) for w in kws):
            errors.append(ctx.error(f"keywords for {page!r} must be a non-empty list of words.", "write [screaming, yelling].", "keywords", page))
    return errors


def intents_name_pages_and_distinct_words(data: dict, ctx: SearchContext) -> list:
    """Each intent's pages match pages under docs/, and a word says one intent only."""
    errors, owner = [], {}
    for i, intent in enumerate(data.get("intents") or []):
        if not isinstance(intent, dict):
            continue  # the schema says so
        for prefix in intent.get("pages") or []:
            if isinstance(prefix, str) and not ctx.names_a_page(prefix):
                errors.append(ctx.error(f"intent {i + 1} names {prefix!r}, which matches no page.",
                                        "use a folder ending in / or a page path under docs/, e.g. phrasebook/.", "intents", i))
        for word in intent.get("words") or []:
            w = _norm(word) if isinstance(word, str) else ""
            if not w:
                errors.append(ctx.error(f"intent {i + 1} has the word {word!r}, which is not a word.", YAML_WORDS_FIX, "intents", i))
            elif w in owner and owner[w] != i:
                errors.append(ctx.error(f"{w!r} is in intent {owner[w] + 1} and intent {i + 1}.",
                                        "keep each word in one intent: a word can say only one kind of page.", "intents", i))
            owner.setdefault(w, i)
    return errors


def safety_first_names_situations(data: dict, ctx: SearchContext) -> list:
    """Each page under 'safety_first' is a situation page: only a situation has an answer card to put first."""
    situations = {p for p in ctx.pages if p.startswith("situations/") and not p.endswith("index.md")}
    return [ctx.error(f"safety_first names {page!r}, which is not a situation page.",
                      "use the path of a page in docs/situations/, e.g. situations/in-crisis.md.", "safety_first", i)
            for i, page in enumerate(data.get("safety_first") or []) if isinstance(page, str) and page not in situations]


# What a schema cannot say about data/search.yml, checked after it.
SEARCH_CHECKS = [boost_prefixes_match_pages, stopwords_are_words, phrases_map_words_to_other_words,
                 synonym_groups_are_distinct, keyword_pages_exist, intents_name_pages_and_distinct_words,
                 safety_first_names_situations]


def load(path: Path, docs_dir: Path, root: Path | None = None) -> dict:
    """Read and check data/search.yml; every problem names the file, the line and the fix.

    The shape is data/schemas/search.schema.json; then SEARCH_CHECKS. What the
    browser gets is normalised: lower-case words, as the query layer splits them."""
    shown = path.relative_to(root) if root else path
    data = yamlfile.load(path, root)
    errors = schemas.validate(data, "search", shown, path)
    if schemas.above(errors, 1):
        raise_all(errors)
    ctx = SearchContext(shown, path, docs_dir)
    errors += [e for check in SEARCH_CHECKS for e in check(data, ctx)]
    raise_all(errors)
    return {
        "boost": _entries(data, "boost"),
        "stopwords": sorted({_norm(w) for w in data.get("stopwords") or []}),
        "phrases": {_norm(said): _norm(ours) for said, ours in _entries(data, "phrases").items()},
        "synonyms": [list(dict.fromkeys(_norm(w) for w in group)) for group in data.get("synonyms") or []],
        "keywords": {page: [_norm(w) for w in kws] for page, kws in _entries(data, "keywords").items()},
        "intents": [{"words": list(dict.fromkeys(_norm(w) for w in intent["words"])), "pages": list(intent["pages"])}
                    for intent in data.get("intents") or []],
        "safety_first": list(data.get("safety_first") or []),
        "safety_weight": data.get("safety_weight"),
    }


def page_keywords(page: str, tags, config: dict) -> list:
    """The page's search keywords: its front-matter tags, then its keywords from data/search.yml."""
    out = [_norm(t) for t in (tags or [])] + config["keywords"].get(page, [])
    return list(dict.fromkeys(t for t in out if t))


def boost_for(page: str, config: dict) -> float:
    """The page's weight in the ranking: ``safety_weight`` (when set) for a page under ``safety_first``,
    else the weight of the longest folder prefix under ``boost`` that matches it (1 when none does)."""
    if config.get("safety_weight") and page in config.get("safety_first", []):
        return config["safety_weight"]
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
# More of the customer's words, further down (under "## What to say"), so the first screen stays short.
YOU_MAY_HEAR = re.compile(r"^### What you may hear\s*\n(?P<body>.*?)(?=^##)", re.M | re.S)
QUOTED = re.compile(r'"([^"\n]{3,80})"|“([^”\n]{3,80})”')


def recognise_quotes(markdown: str) -> list:
    """What customers say, as quoted under a situation page's '## How to recognise it' and '### What you may hear'."""
    quotes = []
    for pattern in (RECOGNISE, YOU_MAY_HEAR):
        m = pattern.search(markdown)
        if m:
            quotes += [a or b for a, b in QUOTED.findall(m.group("body"))]
    return quotes


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


def retellings(site) -> dict:
    """The pages that retell a situation, for practice or study: {page path: situation id}.

    A practice dialogue (data/dialogues/) retells the first of its ``situations``,
    on its practice page and on the role-play it names; any other page, such as
    a case study, says what it retells in its front matter (``retells: angry``).
    Search ranks a retelling below the situation it retells, unless the query
    names it or asks for its kind: mid-call, the agent needs the situation."""
    out = {}
    for d in (site.dialogues or {}).values():
        out[f"onboarding/practice/{d.id}.md"] = d.situations[0]
        if d.role_play:
            out[f"onboarding/role-plays/{d.role_play}.md"] = d.situations[0]
    for path, page in site.pages.items():
        if page.meta.get("retells"):
            out[path] = page.meta["retells"]
    return out


def address_prefix(path: str, directory_urls: bool) -> str:
    """A folder or page path under docs/ as the start of built pages' addresses.

    An index page's address is its folder's, so it stands for the whole folder."""
    if path.endswith("/"):
        return path
    if path == "index.md" or path.endswith("/index.md"):
        return path[:-len("index.md")]
    return path[:-3] + ("/" if directory_urls else ".html")


def kinds(url: str, config: dict, directory_urls: bool = True) -> list:
    """The intents' addresses a page falls under, for Pagefind's filter "kind".

    A page's address and the folders above it (phrasebook/empathy/ is under
    phrasebook/ and phrasebook/empathy/), kept to those an intent names: the
    filter stays a few values long however many pages the site has."""
    named = {address_prefix(p, directory_urls) for intent in config.get("intents", []) for p in intent["pages"]}
    parts = url.split("/")
    above = ["/".join(parts[:i + 1]) + ("/" if i + 1 < len(parts) else "") for i in range(len(parts)) if parts[i]]
    return [k for k in above if k in named]


def client_data(config: dict, answers: list, vocabulary: dict, directory_urls: bool = True, retold: dict | None = None) -> dict:
    """What the browser's query layer loads: the declared rules plus what the build found.

    ``retold``: retellings(site), sent as addresses."""
    return {
        "version": 1,
        "stopwords": config["stopwords"],
        "phrases": config["phrases"],
        "synonyms": config["synonyms"],
        "intents": [{"words": i["words"], "pages": [address_prefix(p, directory_urls) for p in i["pages"]]}
                    for i in config.get("intents", [])],
        # Words of 4+ letters only (shorter words are never corrected). The
        # commonest band comes with the rules; the rest, by first letter, as a
        # query needs it (word_lists).
        "common": front_coded(w for w, n in vocabulary.items() if len(w) >= 4 and band(n) == COMMON),
        "letters": "".join(sorted(word_lists(vocabulary))),
        "unsearched": unsearched(config["synonyms"], vocabulary),
        "answers": answers,
        "safety_first": [address_prefix(p, directory_urls) for p in config.get("safety_first", [])],
        "retells": {address_prefix(page, directory_urls): address_prefix(f"situations/{slug}.md", directory_urls)
                    for page, slug in sorted((retold or {}).items())},
    }


def word_lists(vocabulary: dict) -> dict:
    """The site's words of 4+ letters below the commonest band, by first letter: for each letter, three
    front-coded lists from rare to less rare (band 0 to 2). Written to search/words/<letter>.json."""
    lists = {}
    for word, pages in vocabulary.items():
        if len(word) >= 4 and band(pages) < COMMON:
            lists.setdefault(word[0], [[], [], []])[band(pages)].append(word)
    return {letter: [front_coded(words) for words in bands] for letter, bands in lists.items()}


def stem(word: str) -> str:
    """query.js's light English stemmer, the same rules (a test compares the two over the whole vocabulary)."""
    w = re.sub(r"'s$", "", word).replace("'", "")
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif re.search(r"[^su]s$", w) and not w.endswith("is"):
        w = w[:-1]
    m = re.match(r"^(.{3,}?)(ingly|edly|ing|ed|ly)$", w)
    if m:
        w = m.group(1)
        if re.search(r"([b-df-hj-km-np-rtv-z])\1$", w) and not re.search(r"(ll|ss|zz)$", w):
            w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def unsearched(groups: list, vocabulary: dict) -> list:
    """Members of synonym groups that no page uses: a word of 4+ letters in them is neither a site word
    nor shares a site word's stem. The query layer recognises them and searches the group's other words."""
    stems = {stem(w) for w in vocabulary if len(w) >= 4}
    def on_site(member):
        return all(len(w) < 4 or w in vocabulary or stem(w) in stems for w in re.split(r"[\s-]+", member))
    return [m for group in groups for m in group if not on_site(m)]


def front_coded(words) -> str:
    """The words sorted, space-separated, each written as the number of letters (1 to 9) it shares
    with the word before, then the rest: "calm calmer calmly" is "calm 4er 4ly". About 15% smaller
    gzipped than the plain list; query.js's prepare reads it back."""
    out, prev = [], ""
    for word in sorted(words):
        n = min(len(os.path.commonprefix((word, prev))), 9)
        out.append(f"{n}{word[n:]}" if n else word)
        prev = word
    return " ".join(out)


COMMON = 3  # the band of words on ten or more pages


def band(pages: int) -> int:
    """How common a word is: 0 on at most one page, 1 on two or three, 2 on up to nine, 3 on more."""
    return 0 if pages <= 1 else 1 if pages <= 3 else 2 if pages <= 9 else 3


def start_index(site_dir: Path) -> subprocess.Popen:
    """Start Pagefind (the binary from the pinned ``pagefind[bin]`` wheel) over the built site.

    It runs while the build goes on; finish_index waits for it."""
    # Smaller index chunks than Pagefind's default (20,000 word locations): a
    # query, with its synonyms, touches several chunks, and each is downloaded
    # whole. Pagefind reads the size from this environment variable only.
    env = dict(os.environ)
    env.setdefault("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE", str(INDEX_CHUNK_SIZE))
    return subprocess.Popen([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent", "--exclude-selectors", EXCLUDE],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish_index(proc: subprocess.Popen) -> None:
    """Wait for Pagefind; a failure is a ContentError."""
    output, _ = proc.communicate()
    if proc.returncode != 0:
        raise ContentError("site/pagefind", f"Pagefind could not index the site:\n{output}",
                           "run `make install` (it installs pagefind and its binary, pagefind-bin, from requirements.lock), then build again.")


def index_site(site_dir: Path) -> None:
    """Index the built site with Pagefind; a failure is a ContentError."""
    finish_index(start_index(site_dir))
