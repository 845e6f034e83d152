"""The page macros called directly, as plain functions, no build: output and every error path.

Then the table and its adapter (macros/__init__.py): every macro is registered
under its name, and a mistake in a page becomes an error box naming the line of
the call, not an exception.
"""
import logging
import types

import pytest

from conftest import ROOT
from macros import MACROS, define_env, page_macros
from macros.errors import ContentError
from macros.page_macros import PageContext
from macros.site import load_site


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT, ROOT / "docs")


def at(site, path="situations/angry.md"):
    return PageContext(site, path)


def error(function, *args, **kwargs) -> str:
    with pytest.raises(ContentError) as err:
        function(*args, **kwargs)
    return str(err.value)


# ---------------------------------------------------------------- what they render


def test_phrase_card_renders_the_card_then_a_link_back_to_it(site):
    here = at(site)
    card_id = site.phrases.select(situation="angry")[0].id
    first = page_macros.phrase_card(here, card_id)
    assert f'id="phrase-{card_id}"' in first and 'class="phrase-card' in first
    again = page_macros.phrase_card(here, card_id)
    assert f'id="phrase-{card_id}"' not in again and f"(#phrase-{card_id})" in again
    assert here.cards_shown == {card_id}


def test_phrase_cards_puts_first_first_and_records_the_answer_card(site):
    here = at(site)
    ids = [c.id for c in site.phrases.select(situation="angry")]
    html = page_macros.phrase_cards(here, situation="angry", first=[ids[-1]])
    assert html.index(f'id="phrase-{ids[-1]}"') < html.index(f'id="phrase-{ids[0]}"')
    assert here.answer_cards["situations/angry.md"].id == ids[-1]
    assert here.cards_shown == set(ids)


def test_phrase_cards_show_folds_the_rest(site):
    html = page_macros.phrase_cards(at(site), situation="angry", show=1)
    assert '<details class="more-phrases"' in html


def test_phrase_table_term_glossary_policy_checklist_and_overview_render(site):
    theme = sorted(site.phrases.themes)[0]
    assert "| Instead of | Say | Why |" in page_macros.phrase_table(at(site, f"phrasebook/{theme}.md"), theme)
    term = site.glossary.terms[0]
    assert page_macros.term(at(site), term.term) == f"[{term.term}](../glossary.md#{term.anchor})"
    assert f"{{ #{term.anchor} }}" in page_macros.glossary_entries(at(site, "glossary.md"))
    key = next(iter(site.policy.entries))
    assert page_macros.policy(at(site), key)
    assert page_macros.policy_box(at(site)).startswith("\n!!! danger \"Your safety contacts\"")
    module = site.modules[0]
    assert f'data-progress-module="{module["id"]}"' in page_macros.done_checklist(at(site, module["page"]), module["id"])
    assert f'data-progress-summary="{module["id"]}"' in page_macros.progress_overview(at(site, "onboarding/index.md"))


# ---------------------------------------------------------------- their errors


def test_unknown_theme_in_phrase_table(site):
    message = error(page_macros.phrase_table, at(site), "empaty")
    assert message.startswith("docs/situations/angry.md: unknown phrase theme 'empaty'. Fix: use one of: ")


def test_phrase_cards_with_no_filter(site):
    message = error(page_macros.phrase_cards, at(site), first=["x"], show=2)
    assert message == ('docs/situations/angry.md: phrase_cards() was called with no filter. '
                       'Fix: name one, e.g. phrase_cards(situation="angry").')


def test_phrase_cards_with_no_match(site):
    message = error(page_macros.phrase_cards, at(site), situation="angy")
    assert "no phrase card matches situation='angy'." in message


def test_a_stray_first(site):
    message = error(page_macros.phrase_cards, at(site), situation="angry", first=["not-a-card"])
    assert "first=['not-a-card']: not among the cards this call shows." in message and "Fix: use ids that match the filter" in message


def test_unknown_card_id(site):
    card_id = site.phrases.select(situation="angry")[0].id
    message = error(page_macros.phrase_card, at(site), card_id + "x")
    assert message.startswith(f"docs/situations/angry.md: unknown phrase card id '{card_id}x'. Fix: did you mean {card_id!r}")


def test_unknown_glossary_term(site):
    message = error(page_macros.term, at(site), "crossed transactoin")
    assert message.startswith("docs/situations/angry.md: 'crossed transactoin' is not in the glossary. Fix: did you mean")


def test_unknown_policy_key(site):
    assert error(page_macros.policy, at(site), "emergency_numbr").startswith("docs/situations/angry.md: unknown")
    assert error(page_macros.policy_box, at(site), ["emergency_numbr"]).startswith("docs/situations/angry.md: unknown")


def test_unknown_module_id(site):
    message = error(page_macros.done_checklist, at(site), "module-99")
    assert message.startswith("docs/situations/angry.md: unknown onboarding module 'module-99'. Fix: use one of: ")


# ---------------------------------------------------------------- the table and the adapter


def test_the_table_names_each_macro_once_and_every_entry_takes_the_page_first():
    # A subset: a macro added to the table (dialogue, say) needs no change here.
    assert {"phrase_card", "phrase_cards", "phrase_table", "term", "glossary_entries",
            "policy", "policy_box", "done_checklist", "progress_overview"} <= set(MACROS)
    for name, function in MACROS.items():
        assert function.__code__.co_varnames[0] == "at", f"{name}: its first parameter must be the PageContext"


class FakeEnv:
    """The little of an environment the adapter reads (Zensical's MacroEnv has as little)."""

    def __init__(self, page_path):
        self.project_dir = str(ROOT)
        self.conf = {"docs_dir": "docs", "mdx_configs": {}}
        self.variables = {}
        self.macros = {}
        self.page = types.SimpleNamespace(path=page_path)

    def macro(self, function, name=None):
        self.macros[name or function.__name__] = function


def test_the_adapter_registers_the_table_and_reports_an_error_at_the_line_of_the_call(tmp_path, caplog):
    env = FakeEnv("situations/angry.md")
    define_env(env)
    assert set(MACROS) <= set(env.macros) and env.variables["calmline_macros"] == set(MACROS)
    assert env.conf["mdx_configs"]["abbr"]["glossary"], "no glossary tooltips configured"
    card_id = env.variables["calmline"].phrases.select(situation="angry")[0].id
    assert f'id="phrase-{card_id}"' in env.macros["phrase_card"](card_id)

    source = (ROOT / "docs" / "situations" / "angry.md").read_text(encoding="utf-8")
    line = source.splitlines().index(next(x for x in source.splitlines() if "phrase_cards(" in x)) + 1
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.calmline"):
        box = env.macros["phrase_cards"](situation="angry", first=["not-a-card"])
    assert box.startswith('<p class="admonition failure"><strong>Content error:</strong> docs/situations/angry.md&#58;')
    assert f"docs/situations/angry.md:{line}: first=['not-a-card']" in caplog.text
