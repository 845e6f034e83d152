"""Phrase cards: load ``data/phrases/*.yml``, validate them, render them.

One file per phrasebook theme. Each card is written once and rendered wherever a
page asks for it, so changing a phrase in the data changes it everywhere.
"""
import difflib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import limits, yamlfile
from .duplicates import Place, duplicate
from .errors import ContentError, raise_all, unknown
from .escape import esc
from .links import rel_link

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CHANNELS = {
    "any": "Any channel",
    "phone": "Phone",
    "chat-email": "Chat or e-mail",
    "in-person": "In person",
}
REQUIRED = {
    "id": str,
    "say": str,
    "when": str,
    "why": str,
    "channel": str,
    "situations": list,
    "steps": list,
    "tags": list,
}
OPTIONAL = {"instead_of": list, "written": str}
THEME_KEYS = {"title", "summary", "cards"}

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
        problems.append('a number ("%s")' % number.group().rstrip(",.:"))
    currency = CURRENCY.search(bare)
    if currency:
        problems.append('a currency sign ("%s")' % currency.group())
    for m in NUMBER_AS_TIME_OR_AMOUNT.finditer(bare):
        problems.append('a time or amount in words ("%s")' % m.group())
    # Replace slots by a neutral word, so "[name], I'm sorry" keeps its shape.
    plain = SLOT.sub("slot", text)
    for m in CAPITALISED.finditer(plain):
        word = m.group().rstrip("'")
        if word in NAME_ALLOW_LIST or SENTENCE_START.search(plain[: m.start()]):
            continue
        problems.append('a capitalised word that may be a name, day or product ("%s")' % word)
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


def _check_card(raw, theme, source, situations, steps):
    """Return (Card or None, [ContentError])."""
    errors = []
    line = yamlfile.line_of(raw)
    if not isinstance(raw, dict):
        return None, [ContentError(source, "each entry under 'cards:' must be a mapping of fields.", "start each card with '- id: ...'.", line)]
    cid = raw.get("id")
    label = f"card {cid!r}" if isinstance(cid, str) else "a card"
    for key, typ in REQUIRED.items():
        if key not in raw:
            errors.append(ContentError(source, f"{label} has no '{key}'.", f"add '{key}:' to the card ({_hint(key)}).", line))
        elif not isinstance(raw[key], typ) or (typ is str and not raw[key].strip()):
            errors.append(ContentError(source, f"{label}: '{key}' must be {_type_name(typ)}, not {type(raw[key]).__name__}.", f"write '{key}' as {_hint(key)}.", line))
    for key, typ in OPTIONAL.items():
        if key in raw and (not isinstance(raw[key], typ) or (typ is str and not raw[key].strip())):
            errors.append(ContentError(source, f"{label}: '{key}' must be {_type_name(typ)}.", f"write '{key}' as {_hint(key)}.", line))
    unknown = set(raw) - set(REQUIRED) - set(OPTIONAL) - {"__line__"}
    if unknown:
        errors.append(ContentError(source, f"{label} has unknown field(s) {', '.join(sorted(unknown))}.", f"use only: {', '.join(list(REQUIRED) + list(OPTIONAL))}.", line))
    if errors:
        return None, errors
    if not ID_PATTERN.match(cid):
        errors.append(ContentError(source, f"card id {cid!r} is not a slug.", "use lower-case words joined by hyphens, e.g. 'apologise-for-wait'.", line))
    if raw["channel"] not in CHANNELS:
        errors.append(ContentError(source, f"card {cid!r}: channel {raw['channel']!r} is not one we know.", f"use one of: {', '.join(CHANNELS)}.", line))
    for key in ("situations", "steps", "tags", "instead_of"):
        for item in raw.get(key, []):
            if not isinstance(item, str) or not item.strip():
                errors.append(ContentError(source, f"card {cid!r}: every item of '{key}' must be text.", f"write '{key}' as {_hint(key)}.", line))
    for s in raw["situations"]:
        if isinstance(s, str) and s not in situations:
            close = difflib.get_close_matches(s, situations, n=1)
            errors.append(ContentError(source, f"card {cid!r}: unknown situation {s!r}.", f"use a page name from docs/situations/{' (did you mean ' + repr(close[0]) + '?)' if close else ''}.", line))
    for s in raw["steps"]:
        if isinstance(s, str) and s not in steps:
            close = difflib.get_close_matches(s, steps, n=1)
            errors.append(ContentError(source, f"card {cid!r}: unknown step {s!r}.", f"use a step from data/steps.yml{' (did you mean ' + repr(close[0]) + '?)' if close else ''}.", line))
    if not raw["tags"]:
        errors.append(ContentError(source, f"card {cid!r} has no tags.", "add at least one tag, e.g. tags: [apology].", line))
    for key in ("say", "written"):
        for problem in slot_problems(raw.get(key, "")):
            errors.append(ContentError(
                source, f"card {cid!r}: '{key}' has {problem} outside a fill-in slot.",
                "put what changes from customer to customer in square brackets, e.g. [time], [amount], "
                "[customer's name], [reference], [what you can offer], so the agent fills it in; keep the rest generic.",
                line))
    if errors:
        return None, errors
    card = Card(
        id=cid, theme=theme, say=raw["say"].strip(), when=raw["when"].strip(), why=raw["why"].strip(),
        channel=raw["channel"], situations=tuple(raw["situations"]), steps=tuple(raw["steps"]),
        tags=tuple(raw["tags"]), instead_of=tuple(s.strip() for s in raw.get("instead_of", [])),
        written=raw.get("written", "").strip(),
        source=str(source), line=line,
    )
    return card, []


def _type_name(typ):
    return {str: "text", list: "a list"}[typ]


def _hint(key):
    return {
        "id": "a unique slug such as 'apologise-for-wait'",
        "say": "the exact words to say, in quotes",
        "when": "the moment this fits, one short sentence",
        "why": "one sentence on why it works",
        "channel": "one of any, phone, chat-email, in-person",
        "situations": "a list of situation page names, e.g. [angry], or []",
        "steps": "a list of steps from data/steps.yml, e.g. [six-steps/acknowledge], or []",
        "tags": "a list of words, e.g. [apology, empathy]",
        "instead_of": "a list of the phrases this one replaces",
        "written": "the chat or e-mail version of the same words, in quotes",
    }[key]


def load(data_dir: Path, situations, steps, root: Path | None = None) -> Phrasebook:
    """Load and validate every theme file under ``data_dir``; raise on any error."""
    book, errors, seen = Phrasebook(), [], {}
    files = sorted(data_dir.glob("*.yml"))
    if not files:
        raise ContentError(data_dir, "no phrase files found.", "add at least one data/phrases/<theme>.yml.")
    for path in files:
        shown = path.relative_to(root) if root else path
        data = yamlfile.load(path, root)
        if not isinstance(data, dict) or not isinstance(data.get("cards"), list):
            errors.append(ContentError(shown, "a phrase file needs 'title', 'summary' and a list under 'cards'.", "copy the layout of an existing file in data/phrases/.", 1))
            continue
        extra = set(data) - THEME_KEYS - {"__line__"}
        if extra or not isinstance(data.get("title"), str) or not isinstance(data.get("summary"), str):
            errors.append(ContentError(shown, "the file needs text fields 'title' and 'summary' and nothing else besides 'cards'.", "fix the top of the file.", 1))
            continue
        theme = path.stem
        book.themes[theme] = {"title": data["title"], "summary": data["summary"]}
        if len(data["cards"]) > limits.THEME_CARDS:
            errors.append(limits.too_many_cards(shown, data["cards"], yamlfile.line_of))
        for raw in data["cards"]:
            card, errs = _check_card(raw, theme, shown, situations, steps)
            errors += errs
            cid = raw.get("id") if isinstance(raw, dict) else None
            if isinstance(cid, str):
                here = Place(shown, path, yamlfile.line_of(raw))
                if cid in seen:
                    errors.append(duplicate("card id", cid, seen[cid], here, "pages show that card by its id"))
                    continue
                seen[cid] = here
            if card:
                book.cards[card.id] = card
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
    """Cards whose ``say`` contains words that some card lists under ``instead_of``."""
    cards = list(cards)
    avoid = [(phrase, c) for c in cards for phrase in c.instead_of]
    problems = []
    for c in cards:
        for key in ("say", "written"):
            said = _norm(getattr(c, key))
            for phrase, owner in avoid:
                core = _norm(phrase)
                if len(core) >= 4 and core in said:
                    problems.append(
                        f"{c.source}:{c.line}: card {c.id!r} says {phrase!r}, which card {owner.id!r} lists under instead_of. "
                        f"Fix: reword the '{key}' text, or drop the phrase from that card's instead_of."
                    )
    return problems


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text.lower().replace("’", "'")).split())
