"""One thing in one place: no two pages show the same phrase cards.

A topic has one page that owns it; other pages link to it or show a few of its
cards. Two pages that show the same set of cards are two copies of one topic:
search splits its score between them and editors fix one and not the other.
"""
import itertools
import re

CARD = re.compile(r'id="phrase-([a-z0-9-]+)"')
TABLE = re.compile(r"<table.*?</table>", re.S)
ROW_LINK = re.compile(r'href="[^"]*#phrase-([a-z0-9-]+)"')


def cards_shown(article: str) -> frozenset:
    """The cards a page shows: as cards (their anchors) or as rows of a do/don't table (links to them)."""
    in_tables = [card for table in TABLE.findall(article) for card in ROW_LINK.findall(table)]
    return frozenset(CARD.findall(article) + in_tables)


def test_no_two_pages_show_the_same_set_of_phrase_cards(html_pages):
    shown = {}
    for name, html in html_pages.items():
        article = html.split("<article", 1)[-1].split("</article>", 1)[0]
        cards = cards_shown(article)
        if len(cards) >= 2:
            shown[name] = cards
    same = [f"{a} and {b} both show {len(shown[a])} cards: {', '.join(sorted(shown[a])[:4])}..."
            for a, b in itertools.combinations(sorted(shown), 2) if shown[a] == shown[b]]
    assert not same, ("Pages that repeat each other:\n" + "\n".join(same)
                      + "\nFix: keep the cards on the page that owns the topic; link to it from the other, "
                      "or merge the two pages and redirect the old address (redirect_maps in mkdocs.yml).")
