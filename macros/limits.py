"""Size limits, all in one place: pages an agent can take in, themes an agent can scan.

A page that grows past its limit fails the build with the file, the line where
it crossed the limit, by how much, and the fix (split or cut). The numbers sit
a little above the longest page of each kind on 25 November 2026 (measured as
below), so no page fails today and every page has room for a few more lines;
docs/contribute/checks.md lists them, and tests/test_mistakes.py checks that it
does. Raise a limit in the same pull request as the page that needs it, and say
why.

Words are counted in the Markdown an editor writes, after the front matter:
macro calls (``{{ ... }}``, which bring in phrase cards and other generated
content), HTML tags, link addresses, heading ids and fenced code are left out.
"""
import re

from .errors import ContentError

# Page type (as in templates/ and `make new`): the folder its pages live in,
# the most words of prose, and what to do past it. Longest page on 25 November
# 2026 in brackets.
PAGE_WORDS = {
    # An agent reads a situation page during a live contact, so it stays under
    # about 600 words (issue "One thing in one place"; November 2026 the longest
    # were cut to 600 or less, background moved to playbooks). The median is
    # about 500.
    "situation": ("situations/", 650, "keep what an agent needs during the contact; move background to a playbook and link to it"),
    # playbooks/six-steps.md (881). Lowered from 1,150 on 25 November 2026,
    # when every method and Background page was cut to under about 900 words.
    "playbook": ("playbooks/", 950, "split it into two playbooks, or move the long example to a case study, and link between them"),
    # onboarding/module-3-six-steps.md (894).
    "module": ("onboarding/module-", 950, "split the module in two (make new type=module), or move reading into the playbooks it links to"),
    # onboarding/role-plays/warranty.md (773).
    "scenario": ("onboarding/role-plays/", 850, "cut the brief to what the two players need, or split it into two role-plays"),
    # case-studies/daniel-wrong-part.md (452).
    "case-study": ("case-studies/", 500, "keep to what happened, what worked and why; move general advice to a playbook"),
}
# Any other page (guides, reference): customer-says.md (2,367) is the longest,
# then sources.md (1,969).
OTHER_PAGE_WORDS = 3000
OTHER_PAGE_FIX = "split it into two pages, each with its own heading in the navigation"

# A phrasebook theme is one page an agent scans for the right words:
# policy.yml has the most cards (20) and bytes (11.3 KB).
THEME_CARDS = 30
THEME_KB = 16
# Any other data file: data/glossary.yml is the largest (31.7 KB).
DATA_FILE_KB = 48
# A built page, in bytes of HTML (before the server compresses it): the
# glossary page is the largest (226 KB); the next is 151 KB. Checked at the end
# of every build (macros/__init__.py, on_post_build) and by tests/sitecheck.py.
PAGE_HTML_KB = 300

KB = 1000
MASK = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|<[^>]*>|\]\([^)]*\)|\{\s*[#.:][^}]*\}", re.S)
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")


def page_type(rel: str):
    """(type, limit, fix) for a path under docs/; index pages are section front doors, not of a type."""
    if not rel.endswith("/index.md") and rel != "index.md":
        for kind, (folder, limit, fix) in PAGE_WORDS.items():
            if rel.startswith(folder):
                return kind, limit, fix
    return "page", OTHER_PAGE_WORDS, OTHER_PAGE_FIX


def words_per_line(text: str) -> list:
    """Words of prose on each line of a page's source (front matter, macro calls, markup and code count 0)."""
    masked = MASK.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    lines = masked.split("\n")
    counts, fence = [0] * len(lines), None
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0) + 1
    for n in range(start, len(lines)):
        m = FENCE.match(lines[n])
        if fence:
            if m and m.group(1)[0] == fence[0]:
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        counts[n] = len(WORD.findall(lines[n]))
    return counts


def check_page(rel: str, text: str):
    """A ContentError when the page's prose is over its type's limit, else None; ``rel`` is under docs/."""
    kind, limit, fix = page_type(rel)
    counts = words_per_line(text)
    total = sum(counts)
    if total <= limit:
        return None
    running, crossed = 0, 1
    for n, count in enumerate(counts, start=1):
        running += count
        if running > limit:
            crossed = n
            break
    what = f"a {kind} page" if kind != "page" else "a page outside the templates"
    return ContentError(
        f"docs/{rel}",
        f"the page has {total:,} words of prose; {what} holds at most {limit:,} ({total - limit:,} over; it passes the limit on this line).",
        f"{fix}. The limits are in macros/limits.py.",
        crossed,
    )


def check_pages(sources: dict) -> list:
    """Every page: ``sources`` maps a path under docs/ to its Markdown."""
    return [e for rel, text in sorted(sources.items()) if (e := check_page(rel, text))]


def too_many_cards(shown, cards: list, line_of) -> ContentError:
    """A theme file with more than THEME_CARDS cards, at the first card over the limit."""
    return ContentError(
        shown,
        f"the theme has {len(cards):,} cards; a theme holds at most {THEME_CARDS} ({len(cards) - THEME_CARDS:,} over; card {THEME_CARDS + 1} starts on this line).",
        "split the theme: move cards to a new file in data/phrases/ with its own page in docs/phrasebook/, or drop cards that say the same as another.",
        line_of(cards[THEME_CARDS]),
    )


def check_data_file(path, shown) -> ContentError | None:
    """A ContentError when a data file is over its size budget, at the line where it crosses it."""
    raw = path.read_bytes()
    theme = path.parent.name == "phrases"
    budget = (THEME_KB if theme else DATA_FILE_KB) * KB
    if len(raw) <= budget:
        return None
    fix = ("split the theme: move cards to a new file in data/phrases/ with its own page in docs/phrasebook/, or shorten 'when' and 'why'."
           if theme else "cut what no page needs (long explanations, entries no page uses), or split the file if the code that reads it allows.")
    return ContentError(
        shown,
        f"the file is {len(raw) / KB:,.1f} KB; {'a phrase theme' if theme else 'a data file'} holds at most {budget // KB} KB "
        f"({(len(raw) - budget) / KB:,.1f} KB over; it passes the budget on this line).",
        fix,
        raw[:budget].count(b"\n") + 1,
    )


def check_data_files(root) -> list:
    """Every YAML file under data/."""
    files = sorted((root / "data").rglob("*.yml"))
    return [e for p in files if (e := check_data_file(p, p.relative_to(root).as_posix()))]


def oversized_page(name: str, size: int, docs_dir=None) -> str | None:
    """A message for a built page (path under site/) over PAGE_HTML_KB, naming it and by how much; None when it fits."""
    budget = PAGE_HTML_KB * KB
    if size <= budget:
        return None
    stem = name.removesuffix("index.html").removesuffix(".html").rstrip("/")
    candidates = [f"{stem}/index.md" if stem else "index.md", f"{stem}.md"]
    source = next((c for c in candidates if docs_dir and (docs_dir / c).is_file()), candidates[-1] if stem else candidates[0])
    return (
        f"{name}: the built page is {size / KB:,.1f} KB of HTML; a page may be at most {PAGE_HTML_KB} KB "
        f"({(size - budget) / KB:,.1f} KB over). Fix: split docs/{source} into smaller pages, or show fewer phrase cards "
        "or generated tables on it. The budget is PAGE_HTML_KB in macros/limits.py."
    )
