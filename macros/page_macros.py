"""The macros pages call, as plain functions: a page and its arguments in, Markdown out.

Each macro takes the page it runs on (a ``PageContext``: the site's data, the
page's path under docs/, the phrase cards already shown there) and the
arguments the page wrote, and returns Markdown/HTML or raises ContentError.
Nothing here knows about MkDocs or Zensical: ``macros/__init__.py`` registers
every function in its MACROS table and turns a ContentError into an error box
at the line of the call. Tests call these functions directly.
"""
from dataclasses import dataclass, field

from . import dialogues as practice
from . import glossary, onboarding, phrases
from . import policy as local_policy
from .errors import ContentError
from .links import rel_link
from .site import Site


@dataclass
class PageContext:
    """What a macro knows about the page that calls it."""

    site: Site
    path: str  # the page's source file under docs/, e.g. "situations/angry.md"
    cards_shown: set = field(default_factory=set)  # ids of the cards already on this page
    answer_cards: dict = field(default_factory=dict)  # page path -> first card of its first list (search's answer)

    @property
    def source(self) -> str:
        """The page as errors name it: "docs/situations/angry.md"."""
        return f"docs/{self.path}"


def phrase_card(at: PageContext, card_id):
    """One phrase card by id: ``{{ phrase_card("apologise-for-wait") }}``."""
    card = at.site.phrases.card(card_id, at.source)
    return phrases.render_cards([card], at.path, at.site.phrases.themes, at.cards_shown)


def phrase_cards(at: PageContext, situation=None, step=None, tag=None, theme=None, channel=None, first=(), show=None):
    """All cards for a situation, a playbook step, a tag or a theme.

    ``first`` lists card ids to show before the rest (the best openers);
    ``show`` keeps only that many open and folds the rest under "More phrases"."""
    given = {k: v for k, v in dict(situation=situation, step=step, tag=tag, theme=theme, channel=channel).items() if v}
    if not given:
        raise ContentError(at.source, "phrase_cards() was called with no filter.", 'name one, e.g. phrase_cards(situation="angry").')
    cards = at.site.phrases.select(**given)
    if not cards:
        what = ", ".join(f"{k}={v!r}" for k, v in given.items())
        raise ContentError(at.source, f"no phrase card matches {what}.",
                           "check the spelling, or list this page's situation/step on some cards in data/phrases/.")
    ids = [c.id for c in cards]
    stray = [i for i in first if i not in ids]
    if stray:
        raise ContentError(at.source, f"first={stray!r}: not among the cards this call shows.",
                           f"use ids that match the filter: {', '.join(ids[:8])}...")
    cards = sorted(cards, key=lambda c: list(first).index(c.id) if c.id in first else len(first))
    # The first card a situation page shows is its answer in the search box.
    at.answer_cards.setdefault(at.path, cards[0])
    return phrases.render_card_list(cards, at.path, at.site.phrases.themes, at.cards_shown, show)


def phrase_table(at: PageContext, theme):
    """The do/don't table of one phrasebook theme."""
    if theme not in at.site.phrases.themes:
        raise ContentError(at.source, f"unknown phrase theme {theme!r}.", f"use one of: {', '.join(sorted(at.site.phrases.themes))}.")
    return phrases.render_table(at.site.phrases.select(theme=theme), at.path)


def term(at: PageContext, name, text=None):
    """Mark a glossary term and link it: ``{{ term("crossed transaction") }}``."""
    return glossary.term_link(at.site.glossary, name, at.path, text)


def glossary_entries(at: PageContext):
    """The whole glossary, A to Z (used by docs/glossary.md)."""
    return glossary.render_page(at.site.glossary, at.path, at.site.titles)


def policy(at: PageContext, key):
    """One local-policy value inside a sentence: ``{{ policy("emergency_number") }}``."""
    return local_policy.render_value(at.site.policy, key, at.source)


def policy_box(at: PageContext, keys=None, title="Your safety contacts"):
    """A box of local-policy contacts, from data/local-policy.yml (all, or the keys named)."""
    return local_policy.render_box(at.site.policy, keys, at.source, title)


def done_checklist(at: PageContext, module_id):
    """A module's "done" checklist, ticks remembered in the browser."""
    return onboarding.render_checklist(onboarding.find(at.site.modules, module_id, at.source))


def progress_overview(at: PageContext):
    """The onboarding start page's table of modules and progress."""
    return onboarding.render_overview(at.site.modules, at.path)


def dialogue(at: PageContext, dialogue_id):
    """A practice dialogue, played in the browser or read as a worked example: ``{{ dialogue("charged-twice") }}``."""
    d = practice.find(at.site.dialogues, dialogue_id, at.source)
    return practice.render(d, at.path, at.site.steps, at.site.phrases.cards, at.site.phrases.themes, rel_link, at.site.titles)


def dialogue_table(at: PageContext):
    """The practice index's table of every dialogue (docs/onboarding/practice/index.md)."""
    return practice.render_table(at.site.dialogues, at.path, rel_link, at.site.titles)


def training_record(at: PageContext):
    """The printable training record: modules ticked and dialogues finished, read from the browser."""
    return practice.render_record(at.site.modules, at.site.dialogues)
