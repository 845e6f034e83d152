"""The content rules (macros/checks.py): today's content keeps every one, and each one catches a broken page.

The build runs the same rules (the strict build fails on them; `make serve` lists
them in the pages). Here each rule runs on its own, so a failure names the rule;
and each rule is shown failing on a copy of the site with one thing broken, with
the message an editor would read. No build: the site is loaded once, in memory.
"""
import dataclasses
import re
from pathlib import Path

import pytest

from macros import checks
from macros.site import load_site

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT, ROOT / "docs")


@pytest.mark.parametrize("rule", checks.RULES, ids=[r.__name__ for r in checks.RULES])
def test_todays_content_keeps_the_rule(site, rule):
    problems = rule(site)
    assert not problems, "\n".join(map(str, problems))


def with_page(site, path, change):
    """The site with one page's Markdown changed by ``change(text) -> text``."""
    return dataclasses.replace(site, sources={**site.sources, path: change(site.sources[path])})


def drop_line(text, starts):
    return "\n".join(line for line in text.splitlines() if not line.startswith(starts))


def first_card_with(site, **fields):
    card = next(iter(site.phrases.cards.values()))
    return dataclasses.replace(card, **fields)


def with_cards(site, cards):
    book = dataclasses.replace(site.phrases, cards={c.id: c for c in cards})
    return dataclasses.replace(site, phrases=book)


# Each rule, broken once: (how to break the site, what the first message says).
BROKEN = {
    "pages_follow_their_template": (
        lambda s: with_page(s, "situations/angry.md", lambda t: t.replace("## What to avoid", "## Things to avoid")),
        "docs/situations/angry.md:{}: missing the heading '## What to avoid'. Fix: the template's headings, in order, are: "),
    "playbooks_follow_their_frame": (
        lambda s: with_page(s, "playbooks/six-steps.md", lambda t: t.replace("## Common mistakes", "## Pitfalls")),
        "docs/playbooks/six-steps.md:"),
    "situations_have_three_first_moves": (
        lambda s: with_page(s, "situations/angry.md", lambda t: t.replace("\n3. ", "\n- ", 1)),
        "'First three moves' has 2 numbered moves. Fix: keep exactly three, as a numbered list."),
    "modules_have_self_checks": (
        lambda s: with_page(s, "onboarding/module-1-why-difficult.md", lambda t: t.replace("??? question", "???+ note")),
        "docs/onboarding/module-1-why-difficult.md:{}: 0 self-check questions. Fix: write at least four"),
    "no_stub_pages": (
        lambda s: with_page(s, "situations/angry.md", lambda t: t.replace("## What to say", "## What to say\n\nTODO: more.")),
        "docs/situations/angry.md:{}: contains a placeholder word (TODO, STUB...). "
        "Fix: write the content, or remove the page and its nav entry."),
    "every_page_is_in_the_navigation": (
        lambda s: dataclasses.replace(s, nav=[p for p in s.nav if p != "situations/angry.md"]),
        "docs/situations/angry.md: is not in the navigation. Fix: add it under the right section of nav in mkdocs.yml"),
    "modules_match_the_onboarding_data": (
        lambda s: dataclasses.replace(s, modules=s.modules[:-1]),
        "is a module page with no entry in data/onboarding.yml."),
    "situations_have_three_cards": (
        lambda s: with_cards(s, [c for c in s.phrases.cards.values() if "angry" not in c.situations]),
        "docs/situations/angry.md: has 0 phrase cards; a situation needs at least three."),
    "no_card_says_what_a_card_avoids": (
        lambda s: with_cards(s, [*s.phrases.cards.values(), first_card_with(s, id="zz-added", say="Please calm down now.")]),
        "card 'zz-added' says 'Calm down.'"),
    "glossary_terms_are_used_and_taught": (
        lambda s: dataclasses.replace(s, sources={p: t for p, t in s.sources.items() if p in ("glossary.md",)}),
        "data/glossary.yml:"),
    "retellings_name_a_situation": (
        lambda s: dataclasses.replace(s, pages={**s.pages, "case-studies/jennifer-subway.md": dataclasses.replace(
            s.pages["case-studies/jennifer-subway.md"], meta={**s.pages["case-studies/jennifer-subway.md"].meta, "retells": "vulnerable-customer"})}),
        "docs/case-studies/jennifer-subway.md:{}: 'retells: vulnerable-customer' names no page in docs/situations/. "
        "Fix: did you mean 'retells: vulnerable-customers'?"),
    "advice_keeps_the_house_style": (
        lambda s: with_page(s, "situations/angry.md", lambda t: t + "\nIf they push back, tell them it's our policy and move on.\n"),
        "docs/situations/angry.md:{}: says \"It's our policy.\", which card 'explain-the-reason' in data/phrases/policy.yml "
        "tells agents not to say. Fix: rewrite the advice in your own words"),
}


def test_every_rule_has_a_broken_case():
    assert set(BROKEN) == {r.__name__ for r in checks.RULES}


@pytest.mark.parametrize("rule", checks.RULES, ids=[r.__name__ for r in checks.RULES])
def test_the_rule_names_what_is_broken(site, rule):
    breaks, says = BROKEN[rule.__name__]
    problems = rule(breaks(site))
    assert problems, f"{rule.__name__} found nothing wrong in a broken copy"
    first = str(problems[0])
    if "{}" in says:  # the message names a line: the one that holds the problem
        assert problems[0].line, first
        says = says.format(problems[0].line)
    assert says in first, first
    assert "Fix: " in first


def test_every_rule_says_what_why_and_how_to_fix():
    for rule in checks.RULES:
        doc = rule.__doc__ or ""
        assert doc.strip() and "\n\n" in doc and "Fix:" in doc, f"{rule.__name__}: the docstring needs a first line, a paragraph, and 'Fix:'"


def test_the_stub_rule_names_the_first_placeholder_line(site):
    broken = with_page(site, "situations/angry.md", lambda t: t + "\nTODO one\n\nTBD two\n")
    [problem] = checks.no_stub_pages(broken)
    assert problem.line == len(site.sources["situations/angry.md"].splitlines()) + 2
    assert "(and on 1 more line)" in str(problem)


def test_a_short_page_is_a_stub(site):
    broken = with_page(site, "situations/angry.md", lambda t: "---\ntitle: Angry\n---\n\n# Angry\n\nShort.\n")
    assert [str(p) for p in checks.no_stub_pages(broken)] == [
        "docs/situations/angry.md: only 2 words. Fix: a page must answer 'what do I do now?'; write it or merge it into another page."]


def test_the_onboarding_start_page_count_is_checked(site):
    broken = with_page(site, "onboarding/index.md", lambda t: re.sub(r"There are \w+ modules", "There are zero modules", t))
    [problem] = checks.modules_match_the_onboarding_data(broken)
    assert str(problem).startswith("docs/onboarding/index.md:") and "promises zero modules" in str(problem)


def test_the_nav_order_of_modules_is_checked(site):
    modules = [p for p in site.nav if p.startswith("onboarding/module-")]
    nav = [p for p in site.nav if p != modules[0]] + [modules[0]]
    [problem] = checks.modules_match_the_onboarding_data(dataclasses.replace(site, nav=nav))
    assert str(problem).startswith("mkdocs.yml: the navigation lists the modules")


def test_a_placeholder_word_in_code_or_an_anchor_is_not_a_placeholder(site):
    fine = with_page(site, "situations/angry.md", lambda t: t + "\nA page from `make new` has `TODO` lines.\n\n## Stubs { #no-stub-pages }\n")
    assert checks.no_stub_pages(fine) == []


def test_a_rule_whose_data_did_not_load_is_skipped(site):
    """The build lists loading problems and the rules' problems together; a rule needing data that failed is left out."""
    broken = with_page(dataclasses.replace(site, phrases=None, glossary=None, modules=None), "situations/angry.md", lambda t: t + "\nTODO\n")
    assert [p.problem for p in checks.run(broken)] == ["contains a placeholder word (TODO, STUB...)."]
