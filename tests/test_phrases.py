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
    with pytest.raises(ContentError) as err:
        load(tmp_path)
    msg = str(err.value)
    assert msg.startswith("data/phrases/empathy.yml:12: card 'see-why-angry': 'tags' must be a list, not 'empathy' (at cards[0].tags). Fix: write a list"), msg


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
    assert '<span class="phrase-card__label">Instead of:</span> <del dir="auto">“Calm down.”</del>' in html
    assert '<button type="button" class="phrase-copy" data-copy="I see.">' in html
    assert 'href="#phrase-c1"' in html
    assert "[Empathy](../phrasebook/empathy.md)" in html  # the card's home, as a Markdown link MkDocs checks



def test_words_written_and_instead_of_each_run_in_their_own_direction():
    html = phrases.render_card(card(say="אני מבין.", written="أفهم ذلك.", instead_of=("Calm down.",)), "x.md")
    assert '<p class="phrase-card__say" dir="auto" markdown="span">“אני מבין.”</p>' in html, "the words need their own dir=auto element"
    assert '<span class="phrase-card__words" dir="auto">“أفهم ذلك.”</span>' in html, "the written version needs its own dir=auto element"
    assert '<del dir="auto">“Calm down.”</del>' in html, "each 'instead of' needs its own dir=auto element"
    ref = phrases.render_cards([card(say="אני מבין.")], "x.md", shown={"c1"})
    assert "[“אני מבין.”](#phrase-c1){ dir=auto }" in ref, "a link back to a card shown above needs dir=auto too"

def test_card_on_its_own_theme_page_does_not_link_to_itself():
    html = phrases.render_card(card(), "phrasebook/empathy.md")
    assert "phrase-card__theme" not in html


def test_card_text_is_escaped_not_executed():
    html = phrases.render_card(card(say="<script>alert(1)</script> {{ x }} *bold*", why="a | b"), "x.md")
    assert "<script>" not in html and "{{" not in html and "*bold*" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#123;&#123; x &#125;&#125; &#42;bold&#42;" in html
    assert "a &#124; b" in html


def test_table_has_instead_of_say_why_and_links_to_cards():
    md = phrases.render_table([card(instead_of=("Calm down.", "Relax.")), card(id="c2", say="Go on.")], "cheat-sheets/index.md")
    lines = md.strip().splitlines()
    assert lines[0] == "| Instead of | Say | Why |"
    assert lines[2] == ('| <del dir="auto">“Calm down.”</del><br><del dir="auto">“Relax.”</del> | '
                        "[“I see.”](../phrasebook/empathy.md#phrase-c1){ dir=auto } | y |")
    assert lines[3].startswith("| — | [“Go on.”](../phrasebook/empathy.md#phrase-c2){ dir=auto }")


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


# ---------------------------------------------------------------- fill-in slots


@pytest.mark.parametrize("say, found", [
    ("I'll call you back by 3pm.", "a number (\"3pm\")"),
    ("The most I can approve is a £20 credit.", "a currency sign (\"£\")"),
    ("I'll call you back by two o'clock.", "a time or amount in words (\"by two o'clock\")"),
    ("Back in two minutes.", "a time or amount in words (\"two minutes\")"),
    ("I can take ten per cent off.", "a time or amount in words (\"ten per cent\")"),
    ("It will arrive in five working days.", "a time or amount in words (\"five working days\")"),
    ("I'll ring you by four with an update.", "a time or amount in words (\"by four\")"),
    ("I'm sorry about the delay, Mr Okafor.", "a capitalised word that may be a name, day or product (\"Mr\")"),
    ("The engineer will come on Thursday.", "a capitalised word that may be a name, day or product (\"Thursday\")"),
    ("I'm sorry about [the delay.", "a square bracket that does not close a slot"),
])
def test_slot_rule_finds_what_belongs_in_a_slot(say, found):
    assert found in phrases.slot_problems(say)


@pytest.mark.parametrize("say", [
    "I'll call you back by [time], even if I don't have the answer yet.",
    "[Customer's name], I'm sorry [the engineer] didn't arrive. I'll look into it.",
    "The most I can approve myself is [amount: 10 per cent], and I can add it now.",
    "Thank you. I'm here, I've read it, and I'd like to help. Could you press Enter?",
    "Here's what I'm doing: I'm logging it now.",
])
def test_slot_rule_passes_generic_words_and_anything_inside_a_slot(say):
    assert phrases.slot_problems(say) == []


def test_a_card_with_a_time_outside_a_slot_fails_naming_file_line_card_and_fix(tmp_path):
    write(tmp_path, "empathy", GOOD.replace('say: "I can see why you\'re angry."', "say: \"I'll call you back by two o'clock, Ms Reid.\""))
    with pytest.raises(ContentError) as err:
        load(tmp_path)
    msg = str(err.value)
    assert "data/phrases/empathy.yml:4: card 'see-why-angry': 'say' has a time or amount in words (\"by two o'clock\") outside a fill-in slot." in msg
    assert "(\"Reid\")" in msg
    assert "Fix: put what changes from customer to customer in square brackets, e.g. [time], [amount]" in msg


def test_the_written_version_follows_the_same_slot_rule(tmp_path):
    write(tmp_path, "empathy", GOOD.replace("    when:", "    written: \"I'll reply within 24 hours.\"\n    when:"))
    with pytest.raises(ContentError, match=r'card .see-why-angry.: .written. has a number \("24"\) outside a fill-in slot'):
        load(tmp_path)


def test_every_real_card_keeps_details_in_slots():
    """The real data passes the rule (the loader enforces it too; this names every offender at once)."""
    from pathlib import Path

    import yaml
    problems = []
    for path in sorted((Path(__file__).resolve().parent.parent / "data" / "phrases").glob("*.yml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["cards"]:
            for key in ("say", "written"):
                problems += [f"{path.name}: {raw['id']} {key}: {p}" for p in phrases.slot_problems(raw.get(key, ""))]
    assert not problems, "\n".join(problems)


def test_slots_are_marked_after_escaping_and_copied_with_their_brackets():
    html = phrases.render_card(card(say="I'll call you by [time] <b>now</b>."), "x.md")
    assert "“I&#39;ll call you by <span class=\"phrase-slot\">&#91;time&#93;</span> &lt;b&gt;now&lt;/b&gt;.”" in html
    assert 'data-copy="I&#39;ll call you by &#91;time&#93; &lt;b&gt;now&lt;/b&gt;."' in html  # the copy keeps the brackets, no markup
    assert "<b>" not in html


def test_a_slot_cannot_smuggle_markup():
    html = phrases.render_card(card(say='Hello [<script>x</script>] and [a "b"].'), "x.md")
    assert "<script>" not in html
    assert '<span class="phrase-slot">&#91;&lt;script&gt;x&lt;/script&gt;&#93;</span>' in html
    assert '<span class="phrase-slot">&#91;a &quot;b&quot;&#93;</span>' in html


def test_table_and_back_reference_mark_slots_too():
    md = phrases.render_table([card(say="By [time].")], "cheat-sheets/index.md")
    assert '<span class="phrase-slot">&#91;time&#93;</span>' in md
    ref = phrases.render_cards([card(say="By [time].")], "x.md", shown={"c1"})
    assert '<span class="phrase-slot">&#91;time&#93;</span>' in ref


# ---------------------------------------------------------------- written version


def test_written_field_is_loaded(tmp_path):
    write(tmp_path, "empathy", GOOD.replace("    when:", '    written: "I understand why you\'re angry. I\'ll reply by [time]."\n    when:'))
    assert load(tmp_path).cards["see-why-angry"].written == "I understand why you're angry. I'll reply by [time]."


@pytest.mark.parametrize("value, message", [
    ("[one, two]", "'written' must be text"),
    ('""', r"'written' is empty \(at cards\[0\]\.written\)\. Fix: write text: the chat or e-mail version"),
])
def test_written_must_be_text(tmp_path, value, message):
    write(tmp_path, "empathy", GOOD.replace("    when:", f"    written: {value}\n    when:"))
    with pytest.raises(ContentError, match=message):
        load(tmp_path)


def test_unknown_field_lists_written_among_the_allowed(tmp_path):
    write(tmp_path, "empathy", GOOD.replace("    when:", '    chat: "Hi."\n    when:'))
    with pytest.raises(ContentError) as err:
        load(tmp_path)
    assert "unknown field(s) chat" in str(err.value) and "instead_of, written." in str(err.value)


def test_written_line_renders_escaped_with_its_own_copy_button():
    html = phrases.render_card(card(say="I see.", written="I understand <b>. I'll reply by [time]."), "x.md")
    assert '<p class="phrase-card__written" markdown="span"><span class="phrase-card__label">In chat or e-mail:</span> ' in html
    assert "“I understand &lt;b&gt;. I&#39;ll reply by <span class=\"phrase-slot\">&#91;time&#93;</span>.”" in html
    assert '<button type="button" class="phrase-copy phrase-copy--written" data-copy="I understand &lt;b&gt;. I&#39;ll reply by &#91;time&#93;.">' in html
    assert "Copy<span class=\"md-visually-hidden\"> the written version: " in html
    assert html.count('class="phrase-copy') == 2
    assert html.index("phrase-card__say") < html.index("phrase-card__written") < html.index("phrase-card__when")


def test_card_without_written_renders_as_before():
    html = phrases.render_card(card(say="I see."), "x.md")
    assert "phrase-card__written" not in html and "In chat or e-mail" not in html
    assert html.count('class="phrase-copy') == 1


def test_written_version_may_not_say_what_a_card_avoids():
    problems = phrases.contradictions([card(id="a", instead_of=("Calm down.",)), card(id="b", written="Please calm down.")])
    assert len(problems) == 1 and "card 'b' says 'Calm down.'" in str(problems[0]) and "reword the 'written' text" in str(problems[0])
