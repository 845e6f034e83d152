"""Phrase cards: the macros called directly, no build. Each rendering and each error."""
import re
import textwrap

import pytest

from macros import phrases
from macros.errors import ContentError

SITUATIONS = ["angry", "rude-or-abusive"]
STEPS = {"six-steps/acknowledge", "four-steps/paraphrase"}
GOOD = """\
title: Empathy
summary: Show you understand.
cards:
  - id: see-why-angry
    say: "I can see why you're angry."
    instead_of: ["Calm down."]
    when: They have finished the story.
    why: Naming the feeling shows you heard it.
    situations: [angry]
    steps: [six-steps/acknowledge]
    channel: any
    tags: [empathy]
"""


def write(tmp_path, name, text):
    folder = tmp_path / "data" / "phrases"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def load(tmp_path):
    return phrases.load(tmp_path / "data" / "phrases", SITUATIONS, STEPS, tmp_path)


def card(**over):
    base = dict(id="c1", theme="empathy", say="I see.", when="w", why="y", channel="phone",
                situations=("angry",), steps=(), tags=("t",), instead_of=())
    base.update(over)
    return phrases.Card(**base)


# ---------------------------------------------------------------- loading


def test_loads_a_valid_file(tmp_path):
    write(tmp_path, "empathy", GOOD)
    book = load(tmp_path)
    assert list(book.cards) == ["see-why-angry"]
    assert book.themes["empathy"]["title"] == "Empathy"
    assert book.cards["see-why-angry"].instead_of == ("Calm down.",)


def test_missing_field_names_file_card_line_and_fix(tmp_path):
    write(tmp_path, "empathy", GOOD.replace("    why: Naming the feeling shows you heard it.\n", ""))
    with pytest.raises(ContentError) as err:
        load(tmp_path)
    msg = str(err.value)
    assert "data/phrases/empathy.yml:4" in msg and "'see-why-angry' has no 'why'" in msg and "Fix: add 'why:'" in msg


def test_duplicate_id_names_both_places(tmp_path):
    write(tmp_path, "empathy", GOOD)
    write(tmp_path, "policy", GOOD.replace("Empathy", "Policy"))
    with pytest.raises(ContentError) as err:
        load(tmp_path)
    assert "data/phrases/policy.yml:4: card id 'see-why-angry' is already used in data/phrases/empathy.yml:4" in str(err.value)


def test_wrong_type_is_named(tmp_path):
    write(tmp_path, "empathy", GOOD.replace("tags: [empathy]", "tags: empathy"))
    with pytest.raises(ContentError, match=r"'tags' must be a list, not str"):
        load(tmp_path)


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    write(tmp_path, "empathy", GOOD + "  - id: broken\n    say: [unclosed\n")
    with pytest.raises(ContentError) as err:
        load(tmp_path)
    assert re.search(r"data/phrases/empathy\.yml:1[34]: this is not valid YAML", str(err.value))


def test_unknown_situation_and_step_suggest_the_right_name(tmp_path):
    write(tmp_path, "empathy", GOOD.replace("situations: [angry]", "situations: [angyr]").replace("six-steps/acknowledge", "six-steps/acknowlege"))
    with pytest.raises(ContentError) as err:
        load(tmp_path)
    msg = str(err.value)
    assert "unknown situation 'angyr'" in msg and "did you mean 'angry'" in msg
    assert "unknown step 'six-steps/acknowlege'" in msg and "did you mean 'six-steps/acknowledge'" in msg


def test_unknown_channel_lists_the_choices(tmp_path):
    write(tmp_path, "empathy", GOOD.replace("channel: any", "channel: fax"))
    with pytest.raises(ContentError, match="use one of: any, phone, chat-email, in-person"):
        load(tmp_path)


def test_unknown_id_in_a_page_names_page_and_suggests(tmp_path):
    write(tmp_path, "empathy", GOOD)
    book = load(tmp_path)
    with pytest.raises(ContentError) as err:
        book.card("see-why-angy", "docs/situations/angry.md")
    assert str(err.value).startswith("docs/situations/angry.md: unknown phrase card id 'see-why-angy'. Fix: did you mean 'see-why-angry'?")


# ---------------------------------------------------------------- rendering


def test_card_renders_words_when_why_avoid_copy_and_anchor():
    html = phrases.render_card(card(say="I see.", instead_of=("Calm down.",)), "situations/angry.md", {"empathy": {"title": "Empathy"}})
    assert 'id="phrase-c1"' in html
    assert "“I see.”" in html
    assert '<span class="phrase-card__label">When:</span> w' in html
    assert '<span class="phrase-card__label">Why:</span> y' in html
    assert '<span class="phrase-card__label">Instead of:</span> <del>“Calm down.”</del>' in html
    assert '<button type="button" class="phrase-copy" data-copy="I see.">' in html
    assert 'href="#phrase-c1"' in html
    assert "[Empathy](../phrasebook/empathy.md)" in html  # the card's home, as a Markdown link MkDocs checks


def test_card_on_its_own_theme_page_does_not_link_to_itself():
    html = phrases.render_card(card(), "phrasebook/empathy.md")
    assert "phrase-card__theme" not in html


def test_card_text_is_escaped_not_executed():
    html = phrases.render_card(card(say="<script>alert(1)</script> {{ x }} *bold*", why="a | b"), "x.md")
    assert "<script>" not in html and "{{" not in html and "*bold*" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#123;&#123; x &#125;&#125; &#42;bold&#42;" in html
    assert "a &#124; b" in html


def test_table_has_instead_of_say_why_and_links_to_cards():
    md = phrases.render_table([card(instead_of=("Calm down.", "Relax.")), card(id="c2", say="Go on.")], "words/index.md")
    lines = md.strip().splitlines()
    assert lines[0] == "| Instead of | Say | Why |"
    assert lines[2] == "| <del>“Calm down.”</del><br><del>“Relax.”</del> | [“I see.”](../phrasebook/empathy.md#phrase-c1) | y |"
    assert lines[3].startswith("| — | [“Go on.”](../phrasebook/empathy.md#phrase-c2)")


def test_select_by_situation_step_tag_theme_and_channel():
    book = phrases.Phrasebook(cards={
        "a": card(id="a", situations=("angry",), tags=("x",), channel="phone"),
        "b": card(id="b", situations=(), steps=("six-steps/acknowledge",), theme="policy", channel="any"),
    })
    assert [c.id for c in book.select(situation="angry")] == ["a"]
    assert [c.id for c in book.select(step="six-steps/acknowledge")] == ["b"]
    assert [c.id for c in book.select(tag="x")] == ["a"]
    assert [c.id for c in book.select(theme="policy")] == ["b"]
    assert [c.id for c in book.select(channel="chat-email")] == ["b"]  # "any" fits every channel
