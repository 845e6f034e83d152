"""The content keeps its promises and its own words, and every card is in use.

The content rules an editor's page must keep (templates, no placeholders, first
moves, self-checks, navigation, modules, cards per situation, house style,
glossary coverage) are in macros/checks.py, run by every build and tested in
tests/test_checks.py. What stays here needs the built HTML, the shared
originality tool (too slow for every build), or states the product's promises.
"""
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

def pages_of(kind):
    if kind == "onboarding/module":
        return sorted((DOCS / "onboarding").glob("module-*.md"))
    return sorted(p for p in (DOCS / kind).glob("*.md") if p.name != "index.md")


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


def test_there_are_twelve_situations_and_eight_role_plays():
    """The product's promise. That the modules agree with data/onboarding.yml, the navigation and the
    start page's count is a content rule: modules_match_the_onboarding_data (macros/checks.py)."""
    assert len(pages_of("situations")) >= 12
    assert len(pages_of("onboarding/role-plays")) >= 8
    start = (DOCS / "onboarding" / "index.md").read_text(encoding="utf-8")
    assert re.search(r"There are (\w+) modules", start), (
        "docs/onboarding/index.md no longer says 'There are N modules'; the rule modules_match_the_onboarding_data reads the promise from there")


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
