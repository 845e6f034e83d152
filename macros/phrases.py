"""Phrase cards: load ``data/phrases/*.yml``, validate them, render them.

One file per phrasebook theme. Each card is written once and rendered wherever a
page asks for it, so changing a phrase in the data changes it everywhere.
"""
import difflib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import limits, schemas, yamlfile
from .duplicates import Place, duplicate
from .errors import ContentError, raise_all, unknown
from .escape import esc
from .links import rel_link

# The shape of a card (fields, types, the form of ids, the channels) is declared
# in data/schemas/phrases.schema.json; these are the channels' labels on a card.
CHANNELS = {
    "any": "Any channel",
    "phone": "Phone",
    "chat-email": "Chat or e-mail",
    "in-person": "In person",
}
# ---------------------------------------------------------------- fill-in slots
# A card is copied and said to any customer, so it must not carry one customer's
# details. Whatever changes from contact to contact (a time, an amount, a name,
# a date, a reference, a remedy, a promise) goes in a slot in square brackets,
# "[time]", which the agent fills before sending. The checks below look at the
# words OUTSIDE the slots and refuse:
#   - a digit, or a currency sign;
#   - a number word used as a time or an amount ("two o'clock", "ten per cent",
#     "five days", "by four", "an hour");
#   - a capitalised word that does not start a sentence (a person's name, a day,
#     a month, a product), unless it is "I", "I'm"... or in NAME_ALLOW_LIST.
# The rule is deliberately simple; it cannot see a name that starts a sentence.
SLOT = re.compile(r"\[[^\[\]\n]+\]")
NUMBER_WORDS = (
    r"(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|forty-five|fifty|sixty|ninety|hundred|thousand|half an?|a couple of|a few)"
)
UNITS = r"(?:minutes?|hours?|days?|weeks?|months?|years?|o'clock|per ?cent|percent|pounds?|pence|dollars?|euros?|quid)"
NUMBER_AS_TIME_OR_AMOUNT = re.compile(
    rf"\b{NUMBER_WORDS}\s+(?:(?:working|whole|full|more|extra|business)\s+)?{UNITS}\b"
    rf"|\b(?:by|at|until|till|before|after|from|between)\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon|midday)(?:\s+o'clock)?\b",
    re.IGNORECASE,
)
CURRENCY = re.compile(r"[£$€¥₹¢]")
# "I" and its contractions may stand anywhere; these few words are neither
# names nor details that change between customers.
NAME_ALLOW_LIST = {"I", "I'm", "I'll", "I've", "I'd", "OK", "Enter"}
CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*")
SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|[“\"(]\s*)$")


def slot_problems(text: str) -> list:
    """What in ``text`` should be a fill-in slot: a list of short descriptions, [] when safe."""
    problems = []
    text = text.replace("’", "'")
    bare = SLOT.sub(" ", text)
    if "[" in bare or "]" in bare:
        problems.append("a square bracket that does not close a slot")
    number = re.search(r"\d[\w,.:]*", bare)
    if number:
        problems.append(f'a number ("{number.group().rstrip(",.:")}")')
    currency = CURRENCY.search(bare)
    if currency:
        problems.append(f'a currency sign ("{currency.group()}")')
    for m in NUMBER_AS_TIME_OR_AMOUNT.finditer(bare):
        problems.append(f'a time or amount in words ("{m.group()}")')
    # Replace slots by a neutral word, so "[name], I'm sorry" keeps its shape.
    plain = SLOT.sub("slot", text)
    for m in CAPITALISED.finditer(plain):
        word = m.group().rstrip("'")
        if word in NAME_ALLOW_LIST or SENTENCE_START.search(plain[: m.start()]):
            continue
        problems.append(f'a capitalised word that may be a name, day or product ("{word}")')
    return problems


@dataclass(frozen=True)
class Card:
    id: str
    theme: str
    say: str
    when: str
    why: str
    channel: str
    situations: tuple
    steps: tuple
    tags: tuple
    instead_of: tuple = ()
    written: str = ""
    source: str = ""
    line: int | None = None


@dataclass
class Phrasebook:
    themes: dict = field(default_factory=dict)  # theme id -> {"title", "summary"}
    cards: dict = field(default_factory=dict)  # card id -> Card

    def card(self, card_id, page="a page"):
        if card_id in self.cards:
            return self.cards[card_id]
        raise unknown(page, "phrase card id", card_id, self.cards,
                      "Use an id from data/phrases/*.yml, or add the card there first.", suggestions=3)

    def select(self, situation=None, step=None, tag=None, theme=None, channel=None):
        found = []
        for c in self.cards.values():
            if situation is not None and situation not in c.situations:
                continue
            if step is not None and step not in c.steps:
                continue
            if tag is not None and tag not in c.tags:
                continue
            if theme is not None and c.theme != theme:
                continue
            if channel is not None and c.channel not in (channel, "any"):
                continue
            found.append(c)
        return found


@dataclass
class CardContext:
    """What a card's checks need to know besides the card: where it is, and what it may name."""

    source: object
    line: int | None
    situations: list
    steps: set


def situations_exist(raw: dict, cid: str, ctx: CardContext) -> list:
    """Every situation a card lists is a page in docs/situations/."""
    errors = []
    for s in raw["situations"]:
        if s not in ctx.situations:
            close = difflib.get_close_matches(s, ctx.situations, n=1)
            errors.append(ContentError(ctx.source, f"card {cid!r}: unknown situation {s!r}.", f"use a page name from docs/situations/{' (did you mean ' + repr(close[0]) + '?)' if close else ''}.", ctx.line))
    return errors


def steps_exist(raw: dict, cid: str, ctx: CardContext) -> list:
    """Every step a card lists is in data/steps.yml."""
    errors = []
    for s in raw["steps"]:
        if s not in ctx.steps:
            close = difflib.get_close_matches(s, ctx.steps, n=1)
            errors.append(ContentError(ctx.source, f"card {cid!r}: unknown step {s!r}.", f"use a step from data/steps.yml{' (did you mean ' + repr(close[0]) + '?)' if close else ''}.", ctx.line))
    return errors


def details_in_slots(raw: dict, cid: str, ctx: CardContext) -> list:
    """The words to say and write carry no one customer's details outside a [slot] (see slot_problems)."""
    return [
        ContentError(
            ctx.source, f"card {cid!r}: '{key}' has {problem} outside a fill-in slot.",
            "put what changes from customer to customer in square brackets, e.g. [time], [amount], "
            "[customer's name], [reference], [what you can offer], so the agent fills it in; keep the rest generic.",
            ctx.line)
        for key in ("say", "written") for problem in slot_problems(raw.get(key, ""))
    ]


# What a schema cannot say about a card, checked once the card has the right shape.
CARD_CHECKS = [situations_exist, steps_exist, details_in_slots]


def _card(raw: dict, theme: str, ctx: CardContext) -> Card:
    return Card(
        id=raw["id"], theme=theme, say=raw["say"].strip(), when=raw["when"].strip(), why=raw["why"].strip(),
        channel=raw["channel"], situations=tuple(raw["situations"]), steps=tuple(raw["steps"]),
        tags=tuple(raw["tags"]), instead_of=tuple(s.strip() for s in raw.get("instead_of", [])),
        written=raw.get("written", "").strip(), source=str(ctx.source), line=ctx.line,
    )


def load(data_dir: Path, situations, steps, root: Path | None = None) -> Phrasebook:
    """Load and validate every theme file under ``data_dir``; raise on any error.

    Each file is checked against data/schemas/phrases.schema.json; then each card
    of the right shape goes through CARD_CHECKS, and card ids are checked unique
    across all files."""
    book, errors, seen = Phrasebook(), [], {}
    files = sorted(data_dir.glob("*.yml"))
    if not files:
        raise ContentError(data_dir, "no phrase files found.", "add at least one data/phrases/<theme>.yml.")
    for path in files:
        shown = path.relative_to(root) if root else path
        data = yamlfile.load(path, root)
        found = schemas.validate(data, "phrases", shown, path)
        errors += found
        if schemas.above(found, 2):  # the file's frame is wrong: its cards cannot be read
            continue
        theme = path.stem
        book.themes[theme] = {"title": data["title"], "summary": data["summary"]}
        if len(data["cards"]) > limits.THEME_CARDS:
            errors.append(limits.too_many_cards(shown, data["cards"], yamlfile.line_of))
        for number, raw in enumerate(data["cards"]):
            cid = raw.get("id")
            ctx = CardContext(shown, yamlfile.line_of(raw), situations, steps)
            here = Place(shown, path, ctx.line)
            if cid in seen:
                errors.append(duplicate("card id", cid, seen[cid], here, "pages show that card by its id"))
                continue
            if isinstance(cid, str):
                seen[cid] = here
            if schemas.failed(found, ("cards", number)):
                continue
            problems = [e for check in CARD_CHECKS for e in check(raw, cid, ctx)]
            errors += problems
            if not problems:
                book.cards[cid] = _card(raw, theme, ctx)
    raise_all(errors)
    return book


# ---------------------------------------------------------------- rendering


def _theme_href(card: Card, page: str) -> str:
    """Link to the card on its theme page, or just the anchor when already there."""
    target = rel_link(page, f"phrasebook/{card.theme}.md")
    if posixpath.normpath(posixpath.join(posixpath.dirname(page), target)) == posixpath.normpath(page):
        return f"#phrase-{card.id}"
    return f"{target}#phrase-{card.id}"


ESCAPED_SLOT = re.compile(r"&#91;((?:(?!&#9[13];).)+?)&#93;")


def words_html(text: str) -> str:
    """The words of a card, escaped, with each [slot] marked so it stands out.

    The brackets stay in the text (a reader, a screen reader and a copy all
    keep them); only the span around them is ours, added after escaping."""
    return ESCAPED_SLOT.sub(r'<span class="phrase-slot">&#91;\1&#93;</span>', esc(text))


def render_card(card: Card, page: str, themes: dict | None = None) -> str:
    """One card as HTML that Markdown still reads inside (for glossary tooltips).

    The words to say, the written version and each "instead of" are in
    elements of their own with dir="auto": a phrase in Arabic or Hebrew runs
    right to left there, and the page around it stays left to right."""
    avoid = ""
    if card.instead_of:
        items = " or ".join(f'<del dir="auto">“{esc(t)}”</del>' for t in card.instead_of)
        avoid = (
            '<p class="phrase-card__avoid" markdown="span">'
            f'<span class="phrase-card__label">Instead of:</span> {items}</p>\n'
        )
    theme_link = exclude = ""
    if posixpath.normpath(page) != f"phrasebook/{card.theme}.md":
        # A Markdown link, so MkDocs turns it into the page's URL and checks it.
        title = (themes or {}).get(card.theme, {}).get("title", card.theme)
        theme_link = f' <span class="phrase-card__theme">[{esc(title)}]({rel_link(page, f"phrasebook/{card.theme}.md")})</span>'
        # Search indexes a copy's words, not its notes: When, Why and the rest
        # are indexed once, on the theme page (see EXCLUDE in macros/search.py).
        exclude = " phrase-card--copy"
    written = ""
    if card.written:
        # The chat or e-mail version, with its own copy button (same markup, so
        # calmline.js handles it like the spoken one).
        written = (
            '<p class="phrase-card__written" markdown="span">'
            f'<span class="phrase-card__label">In chat or e-mail:</span> <span class="phrase-card__words" dir="auto">“{words_html(card.written)}”</span> '
            f'<button type="button" class="phrase-copy phrase-copy--written" data-copy="{esc(card.written)}">'
            f'Copy<span class="md-visually-hidden"> the written version: {esc(card.written)}</span></button></p>\n'
        )
    return (
        f'\n<div class="phrase-card{exclude}" id="phrase-{card.id}" data-channel="{card.channel}" markdown="block">\n'
        f'<p class="phrase-card__say" dir="auto" markdown="span">“{words_html(card.say)}”</p>\n'
        f"{written}"
        f'<p class="phrase-card__when" markdown="span"><span class="phrase-card__label">When:</span> {esc(card.when)}</p>\n'
        f'<p class="phrase-card__why" markdown="span"><span class="phrase-card__label">Why:</span> {esc(card.why)}</p>\n'
        f"{avoid}"
        f'<p class="phrase-card__meta" markdown="span"><button type="button" class="phrase-copy" data-copy="{esc(card.say)}">'
        f'Copy<span class="md-visually-hidden"> the words: {esc(card.say)}</span></button> '
        f'<span class="phrase-card__channel">{CHANNELS[card.channel]}</span>{theme_link} '
        f'<a class="phrase-card__permalink" href="#phrase-{card.id}">Link to this card</a></p>\n'
        "</div>\n\n"
    )


def render_cards(cards, page: str, themes: dict | None = None, shown: set | None = None) -> str:
    """Several cards. A card already shown on this page (``shown``) becomes a link
    back to it, so every card id stays unique on the page."""
    shown = set() if shown is None else shown
    out = []
    for c in cards:
        if c.id in shown:
            out.append(f'\n<p class="phrase-card-ref" markdown="span">See the card above: [“{words_html(c.say)}”](#phrase-{c.id}){{ dir=auto }}</p>\n\n')
        else:
            shown.add(c.id)
            out.append(render_card(c, page, themes))
    return "".join(out)


def render_card_list(cards, page: str, themes=None, shown=None, show=None) -> str:
    """Cards, the first ``show`` of them open and the rest in a closed "More phrases" block."""
    if not show or len(cards) <= show:
        return render_cards(cards, page, themes, shown)
    rest = cards[show:]
    return (
        render_cards(cards[:show], page, themes, shown)
        + f'\n<details class="more-phrases" markdown="block">\n<summary>More phrases for this ({len(rest)})</summary>\n'
        + render_cards(rest, page, themes, shown)
        + "</details>\n\n"
    )


def render_table(cards, page: str) -> str:
    """A do/don't table: Instead of ... / Say ... / Why."""
    rows = ["", "| Instead of | Say | Why |", "| --- | --- | --- |"]
    for c in cards:
        avoid = "<br>".join(f'<del dir="auto">“{esc(t)}”</del>' for t in c.instead_of) or "—"
        rows.append(f"| {avoid} | [“{words_html(c.say)}”]({_theme_href(c, page)}){{ dir=auto }} | {esc(c.why)} |")
    return "\n".join(rows) + "\n\n"


def contradictions(cards) -> list:
    """Cards whose ``say`` or ``written`` contains words that some card lists under ``instead_of``."""
    cards = list(cards)
    avoid = [(phrase, c) for c in cards for phrase in c.instead_of]
    errors = []
    for c in cards:
        for key in ("say", "written"):
            said = _norm(getattr(c, key))
            for phrase, owner in avoid:
                core = _norm(phrase)
                if len(core) >= 4 and core in said:
                    errors.append(ContentError(
                        c.source, f"card {c.id!r} says {phrase!r}, which card {owner.id!r} lists under instead_of.",
                        f"reword the '{key}' text, or drop the phrase from that card's instead_of.", c.line))
    return errors


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text.lower().replace("’", "'")).split())
