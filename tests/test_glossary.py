"""Glossary: one source, every term used and taught, tooltips in the built pages.

That today's terms are all used and taught is the rule glossary_terms_are_used_and_taught
(macros/checks.py, tests/test_checks.py); here, how the check words what it finds.
"""
import re
import textwrap
from pathlib import Path

import markdown
import pytest

from macros import glossary
from macros.errors import ContentError
from macros.tooltips import GlossaryAbbr

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

# The named models and concepts from the sources. Renaming or dropping one of
# these is a decision, not an accident: change this list in the same commit.
MUST_HAVE = [
    "upset", "UPSETS formula", "unfulfilled expectation", "thwarted intention", "undelivered communication",
    "six steps", "SEE states", "surrender", "enjoyment", "enthusiasm", "empathy", "active listening",
    "encourager", "open question", "closed question", "paraphrasing", "mirror effect", "rapport",
    "moment of truth", "follow-through", "follow-up", "transactional analysis", "parent mode", "adult mode",
    "child mode", "complementary transaction", "crossed transaction", "swing emotion", "blue emotion",
    "high-performance emotion", "magnification", "destructive labelling", "imperative thinking", "reframing",
    "venting", "escalation", "de-escalation",
]


@pytest.fixture(scope="module")
def real():
    return glossary.load(ROOT / "data" / "glossary.yml", DOCS, ROOT)


def write(tmp_path, text):
    (tmp_path / "docs" / "playbooks").mkdir(parents=True)
    (tmp_path / "docs" / "playbooks" / "six-steps.md").write_text("The six steps and follow-through.")
    path = tmp_path / "glossary.yml"
    path.write_text(textwrap.dedent(text))
    return path


ONE = """\
terms:
  - term: follow-through
    variants: [follow through]
    short: Keeping the promises you make.
    taught_on: playbooks/six-steps.md
"""


# ---------------------------------------------------------------- the real glossary


def test_has_at_least_40_terms(real):
    assert len(real.terms) >= 40, f"the glossary has {len(real.terms)} terms; the product promises at least 40"


@pytest.mark.parametrize("name", MUST_HAVE)
def test_must_have_term_is_defined(real, name):
    real.lookup(name, "tests/test_glossary.py")  # raises with a suggestion when missing


def test_tooltips_appear_in_built_pages(html_pages):
    samples = {
        "playbooks/six-steps/index.html": "empathy",
        "situations/angry/index.html": "venting",
        "playbooks/transactional-analysis/index.html": "adult mode",
        "yourself/stress-from-inside/index.html": "swing emotion",
    }
    missing = []
    for page, word in samples.items():
        html = html_pages.get(page, "")
        if not re.search(r"<abbr[^>]*title=\"[^\"]+\"[^>]*>" + re.escape(word), html, flags=re.IGNORECASE):
            missing.append(f"{page}: no tooltip on {word!r}")
    assert not missing, "Glossary tooltips are missing:\n" + "\n".join(missing)


def test_tooltips_reach_inside_phrase_cards_and_tables(html_pages):
    html = html_pages["phrasebook/empathy/index.html"]
    cards = re.findall(r'<div class="phrase-card".*?</div>', html, flags=re.S)
    tables = re.findall(r"<table>.*?</table>", html, flags=re.S)
    assert any("<abbr" in c for c in cards), "no glossary tooltip inside any phrase card on phrasebook/empathy"
    assert any("<abbr" in t for t in tables), "no glossary tooltip inside the do/don't table on phrasebook/empathy"


def test_glossary_page_has_an_anchor_per_term(real, html_pages):
    html = html_pages["glossary/index.html"]
    missing = [t.term for t in real.terms if f'id="{t.anchor}"' not in html]
    assert not missing, f"glossary page has no anchor for: {missing}"


def test_the_fast_tooltips_mark_exactly_what_stock_abbr_marks(real):
    """macros/tooltips.py's trie pattern against Python-Markdown's own abbr, on every page's text."""
    terms = glossary.abbreviations(real)
    texts = [p.read_text(encoding="utf-8").split("\n---\n", 1)[-1] for p in sorted(DOCS.rglob("*.md"))]
    # Edges: a longer term over its prefix, word boundaries, a page's own abbreviation.
    texts.append("UPSETS formula, upsets, UPSETSx, six steps and six stepsx.\n\n*[HTML]: Hypertext\n\nHTML and SEE states.")
    marked = 0
    for text in texts:
        stock = markdown.Markdown(extensions=["abbr"], extension_configs={"abbr": {"glossary": terms}}).convert(text)
        fast = markdown.Markdown(extensions=[GlossaryAbbr(glossary=terms)]).convert(text)
        assert fast == stock, text[:200]
        marked += fast.count("<abbr")
    assert marked > 100 and '<abbr title="Hypertext">HTML</abbr>' in fast
    # A page's own abbreviation stays on that page.
    assert "<abbr" not in markdown.Markdown(extensions=[GlossaryAbbr(glossary={})]).convert("HTML")


# ---------------------------------------------------------------- each check fails clearly


def test_a_spelling_shared_by_two_terms_is_rejected(tmp_path):
    path = write(tmp_path, ONE + ONE.replace("term: follow-through", "term: follow-up").split("terms:\n")[1])
    with pytest.raises(ContentError) as err:
        glossary.load(path, tmp_path / "docs")
    assert "'follow through' is already a name of 'follow-through'" in str(err.value)


def test_missing_taught_on_page_is_rejected(tmp_path):
    path = write(tmp_path, ONE.replace("playbooks/six-steps.md", "playbooks/nope.md"))
    with pytest.raises(ContentError, match=r"'taught_on' page playbooks/nope.md does not exist"):
        glossary.load(path, tmp_path / "docs")


def test_tooltip_too_long_is_rejected(tmp_path):
    path = write(tmp_path, ONE.replace("Keeping the promises you make.", "word " * 60))
    with pytest.raises(ContentError, match=r"a tooltip holds 220"):
        glossary.load(path, tmp_path / "docs")


def test_unknown_related_term_is_rejected(tmp_path):
    path = write(tmp_path, ONE + "    related: [folow-up]\n")
    with pytest.raises(ContentError, match=r"related term 'folow-up' is not in the glossary"):
        glossary.load(path, tmp_path / "docs")


def test_unknown_term_in_a_page_names_page_and_suggests(real):
    with pytest.raises(ContentError) as err:
        real.lookup("crossed transactoin", "docs/playbooks/x.md")
    assert str(err.value).startswith("docs/playbooks/x.md: 'crossed transactoin' is not in the glossary. Fix: did you mean 'crossed transaction'")


def test_unused_and_untaught_terms_are_reported(tmp_path):
    terms = glossary.load(write(tmp_path, ONE), tmp_path / "docs")
    assert glossary.coverage_problems(terms, {"playbooks/six-steps.md": "Nothing here."}) == [
        "data/glossary.yml:2: term 'follow-through' appears on no page besides the glossary, so its tooltip shows nowhere. Fix: use it where it is taught, or remove the term."
    ]
    problems = glossary.coverage_problems(terms, {"playbooks/six-steps.md": "x", "phrasebook/index.md": "Follow through."})
    assert problems and "never mentions it" in problems[0] and "phrasebook/index.md" in problems[0]


def test_tooltip_lines_cover_every_spelling():
    terms = glossary.Glossary([glossary.Term("follow-through", "Keep promises.", "x.md", variants=("follow through",))])
    tips = glossary.abbreviations(terms)
    assert tips == {"follow-through": "Keep promises.", "Follow-through": "Keep promises.",
                    "follow through": "Keep promises.", "Follow through": "Keep promises."}
