"""The content keeps its templates, its promises and its own words."""
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from macros.site import load_site

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
ORIGINALITY = ROOT.parent / "shared" / "tools" / "originality.py"

TEMPLATES = {
    "situations": ["How to recognise it", "First three moves", "What to say", "What to avoid",
                   "If it escalates", "After the call", "Related pages"],
    "case-studies": ["What happened", "What worked and why", "Try it yourself", "Related pages"],
    "onboarding/module": ["What you will be able to do", "Time needed", "Read", "Practise", "Self-check", "Done", "Next"],
    "onboarding/role-plays": ["The setting", "The customer's brief", "The agent's brief", "What a strong answer does",
                              "Model phrases", "Debrief questions"],
}
# Playbooks share a frame; the models with named parts put them in the middle.
PLAYBOOK_START, PLAYBOOK_END = ["When to use it"], ["Example", "Common mistakes", "Related pages"]


def h2s(path: Path):
    """The page's level-2 headings, in order, outside code fences; with line numbers."""
    out, fenced = [], False
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and line.startswith("## "):
            out.append((re.sub(r"\s*\{[^}]*\}\s*$", "", line[3:]).strip(), n))
    return out


def pages_of(kind):
    if kind == "onboarding/module":
        return sorted((DOCS / "onboarding").glob("module-*.md"))
    return sorted(p for p in (DOCS / kind).glob("*.md") if p.name != "index.md")


def template_problems(path: Path, expected):
    found = [h for h, _ in h2s(path)]
    if found == expected:
        return []
    rel = path.relative_to(ROOT)
    missing = [h for h in expected if h not in found]
    if missing:
        return [f"{rel}: missing the heading '## {missing[0]}'. Fix: the template's headings, in order, are: {' / '.join(expected)}."]
    return [f"{rel}: headings are {' / '.join(found)}. Fix: use exactly the template's headings, in order: {' / '.join(expected)}."]


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_pages_follow_their_template(kind):
    pages = pages_of(kind)
    assert pages, f"no pages of kind {kind}"
    problems = [p for page in pages for p in template_problems(page, TEMPLATES[kind])]
    assert not problems, "\n".join(problems)


NUMBER_WORDS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}


def nav_pages(nav=None):
    """Every page path listed in mkdocs.yml's nav, in order."""
    if nav is None:
        text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        nav = yaml.safe_load("nav:" + text.split("\nnav:", 1)[1])["nav"]
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            yield from nav_pages(value)
        else:
            yield value


def test_there_are_twelve_situations_eight_modules_and_eight_role_plays():
    """At least twelve situations and eight role-plays; exactly the modules data/onboarding.yml lists,
    each with its page and nav entry, and as many as the onboarding start page promises."""
    assert len(pages_of("situations")) >= 12
    assert len(pages_of("onboarding/role-plays")) >= 8

    data = yaml.safe_load((ROOT / "data" / "onboarding.yml").read_text(encoding="utf-8"))["modules"]
    listed = [m["page"] for m in data]
    files = [p.relative_to(DOCS).as_posix() for p in pages_of("onboarding/module")]
    in_nav = [p for p in nav_pages() if p.startswith("onboarding/module-")]
    assert sorted(files) == sorted(listed), (
        f"module pages without an entry in data/onboarding.yml: {sorted(set(files) - set(listed))}; "
        f"entries in data/onboarding.yml without a page in docs/: {sorted(set(listed) - set(files))}. "
        "Fix: add or remove the module in both (make new type=module does both).")
    assert in_nav == listed, (
        f"mkdocs.yml's nav lists the modules {in_nav}; data/onboarding.yml lists {listed}. "
        "Fix: list every module under Learn, in the order of data/onboarding.yml.")
    start = (DOCS / "onboarding" / "index.md").read_text(encoding="utf-8")
    promise = re.search(r"There are (\w+) modules", start)
    assert promise, "docs/onboarding/index.md no longer says 'There are N modules'; this test reads the promise from there"
    promised = NUMBER_WORDS.get(promise.group(1).lower())
    assert promised == len(listed), (
        f"docs/onboarding/index.md promises {promise.group(1)} modules; data/onboarding.yml lists {len(listed)}: "
        f"{', '.join(m['id'] for m in data)}. Fix: restore the missing module, or change the start page's count and description.")


def test_playbooks_follow_their_frame():
    problems = []
    for page in pages_of("playbooks"):
        if page.name == "other-models.md":
            continue
        found = [h for h, _ in h2s(page)]
        if found[:1] != PLAYBOOK_START or found[-3:] != PLAYBOOK_END or len(found) < 5:
            problems.append(f"{page.relative_to(ROOT)}: headings are {' / '.join(found)}. Fix: start with '## When to use it', "
                            "then the steps, and end with '## Example', '## Common mistakes', '## Related pages'.")
    assert not problems, "\n".join(problems)


def test_first_three_moves_are_three():
    problems = []
    for page in pages_of("situations"):
        text = page.read_text(encoding="utf-8")
        block = text.split("## First three moves", 1)[1].split("\n## ", 1)[0]
        moves = re.findall(r"^\d+\. ", block, flags=re.M)
        if len(moves) != 3:
            problems.append(f"{page.relative_to(ROOT)}: 'First three moves' has {len(moves)} numbered moves. Fix: keep exactly three, as a numbered list.")
    assert not problems, "\n".join(problems)


def test_self_checks_have_at_least_four_hidden_answers():
    problems = []
    for page in pages_of("onboarding/module"):
        block = page.read_text(encoding="utf-8").split("## Self-check", 1)[-1].split("\n## ", 1)[0]
        count = len(re.findall(r'^\?\?\? question ', block, flags=re.M))
        if count < 4:
            problems.append(f"{page.relative_to(ROOT)}: {count} self-check questions. Fix: write at least four, each as '??? question \"...\"' with the answer indented below.")
    assert not problems, "\n".join(problems)


def stub_problems(page: Path, root: Path = ROOT):
    """A page that still holds placeholder words, or too few words to help anyone."""
    text = page.read_text(encoding="utf-8")
    rel = page.relative_to(root)
    if re.search(r"\b(STUB|TODO|TBD|coming soon|lorem ipsum)\b", text, flags=re.I):
        return [f"{rel}: contains a placeholder word (TODO, STUB...). Fix: write the content, or remove the page and its nav entry."]
    body = text.split("\n---", 1)[-1] if text.startswith("---") else text
    words = len(re.findall(r"[A-Za-z']+", re.sub(r"\{\{.*?\}\}", " ", body, flags=re.S)))
    if words < 60 and "{{" not in body:
        return [f"{rel}: only {words} words. Fix: a page must answer 'what do I do now?'; write it or merge it into another page."]
    return []


def test_no_page_is_a_stub():
    problems = [p for page in sorted(DOCS.rglob("*.md")) for p in stub_problems(page)]
    assert not problems, "\n".join(problems)


def test_every_page_is_in_the_navigation():
    """Every page under docs/ is an entry of mkdocs.yml's nav: the exact path, not a part of another line."""
    nav = set(nav_pages())
    missing = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md") if p.relative_to(DOCS).as_posix() not in nav)
    assert not missing, f"pages missing from nav in mkdocs.yml: {missing}. Fix: add each under the right section (make new does this for you)."


class _Tabs(HTMLParser):
    """The top tabs of a built page: [(name, href)], from Material's a.md-tabs__link elements."""

    def __init__(self):
        super().__init__()
        self.tabs, self._href = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "md-tabs__link" in (attrs.get("class") or "").split():
            self._href, self._text = attrs.get("href"), []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.tabs.append((" ".join("".join(self._text).split()), self._href))
            self._href = None


def built_tabs(html: str):
    parser = _Tabs()
    start = html.find('<nav class="md-tabs"')
    parser.feed(html[start:html.find("</nav>", start)] if start >= 0 else "")
    return parser.tabs


def test_the_built_tabs_are_the_nav_sections_in_order(html_pages):
    """Every built page shows one tab per top-level section of mkdocs.yml's nav: the same names,
    in the same order; on the home page each tab opens its section's first page."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = yaml.safe_load("nav:" + text.split("\nnav:", 1)[1])["nav"]
    sections = [next(iter(item)) for item in nav]
    wrong = []
    for name, html in html_pages.items():
        names = [tab for tab, _ in built_tabs(html)]
        if names != sections:
            wrong.append(f"{name}: tabs are {names}")
    assert not wrong, (f"Built tabs differ from mkdocs.yml's nav sections {sections}:\n" + "\n".join(wrong[:10])
                       + "\nFix: the tabs come from the top level of nav in mkdocs.yml; keep navigation.tabs in theme.features.")
    first = [next(nav_pages(next(iter(item.values())))) for item in nav]
    expected = [re.sub(r"(^|/)index\.md$", r"\1", p).removesuffix(".md").rstrip("/") for p in first]
    hrefs = [href.rstrip("/") if href != "." else "" for _, href in built_tabs(html_pages["index.html"])]
    assert hrefs == expected, f"index.html: the tabs open {hrefs}; mkdocs.yml's sections start at {first}. Fix: begin each section with its index page."


@pytest.mark.skipif(not ORIGINALITY.is_file(), reason="the shared originality tool is not beside this checkout")
def test_content_is_in_our_own_words():
    proc = subprocess.run([sys.executable, str(ORIGINALITY)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, "Passages repeat the source documents word for word; rewrite them in your own words:\n" + proc.stdout[-3000:]
    assert proc.stdout.strip().splitlines()[-1].startswith("0 copied passage(s)")


# ---------------------------------------------------------------- phrase cards in use


@pytest.fixture(scope="module")
def site_data():
    return load_site(ROOT, DOCS)


def test_at_least_80_phrase_cards_across_every_theme(site_data):
    cards = site_data.phrases.cards.values()
    assert len(cards) >= 80, f"{len(cards)} phrase cards; the phrasebook promises at least 80"
    empty = [t for t in site_data.phrases.themes if not site_data.phrases.select(theme=t)]
    assert not empty, f"themes with no cards: {empty}"


def test_every_card_is_used_outside_the_phrasebook(site_data, html_pages):
    unused = []
    for card in site_data.phrases.cards.values():
        anchor = f'id="phrase-{card.id}"'
        if not any(anchor in html for name, html in html_pages.items() if not name.startswith("phrasebook/")):
            unused.append(f"{card.source}:{card.line}: card {card.id!r} is shown on no page outside the phrasebook. "
                          "Fix: list the situations or steps it serves, or use it with phrase_card() on a page.")
    assert not unused, "\n".join(unused)


def test_no_card_says_what_a_card_says_to_avoid(site_data):
    from macros.phrases import contradictions
    problems = contradictions(site_data.phrases.cards.values())
    assert not problems, "\n".join(problems)


def test_every_situation_has_cards(site_data):
    from macros.site import situation_slugs
    bare = [s for s in situation_slugs(DOCS) if len(site_data.phrases.select(situation=s)) < 3]
    assert not bare, f"situations with fewer than 3 phrase cards: {bare}. Fix: add the situation to more cards in data/phrases/."
