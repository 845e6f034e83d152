"""The content rules: one registry, run by every build and held to by the tests.

Each rule is a function ``rule(site) -> list[ContentError]``: it reads the loaded
Site (its pages' Markdown in ``site.sources``, the navigation in ``site.nav``,
the cards, the glossary, the modules) and returns one error per problem, each
naming the file, the line and the fix. RULES lists them all, in the order the
build reports them. Every build runs them (define_env in macros/__init__.py):
the strict build passes them to load_site, which lists their problems with any
loading problem and fails, naming each; `make serve` runs them once the data
has loaded, lists their problems at the top of the pages and keeps serving. tests/test_checks.py
holds every rule to today's content and shows each one fails on a broken page.

Each rule's docstring says what it checks, why, and how to fix what it finds:
the first line, then a paragraph. docs/contribute/checks.md lists the rules
from these docstrings (scripts/checks_doc.py writes that section; do not edit
it by hand).

A rule that reads data (the cards, the glossary, the modules) says so with
``@needs(...)``; when that data failed to load, the rule is skipped, and the
build lists the loading problems and every other rule's problems together.

Rules that need the built HTML, or that run outside tools too slow for every
build, stay in tests/ (see docs/contribute/tests.md).
"""
import difflib
import re

from . import glossary, house_style, phrases
from .errors import ContentError

# The level-2 headings of each kind of page, in order: the templates in templates/.
# The folder (or file prefix) a page is in says its kind.
TEMPLATES = {
    "situations/": ["How to recognise it", "First three moves", "What to say", "What to avoid",
                    "If it escalates", "After the call", "Related pages"],
    "case-studies/": ["What happened", "What worked and why", "Try it yourself", "Related pages"],
    "onboarding/module-": ["What you will be able to do", "Time needed", "Read", "Practise", "Self-check", "Done", "Next"],
    "onboarding/role-plays/": ["The setting", "The customer's brief", "The agent's brief", "What a strong answer does",
                               "Model phrases", "Debrief questions"],
}
# Playbooks share a frame; the models with named parts put their parts in the middle.
PLAYBOOK_START, PLAYBOOK_END = ["When to use it"], ["Example", "Common mistakes", "Related pages"]
PLAYBOOK_FREE = {"playbooks/other-models.md"}  # a list of short models, not one model
PLACEHOLDER = re.compile(r"\b(STUB|TODO|TBD|coming soon|lorem ipsum)\b", re.I)
ATTRIBUTES = re.compile(r"\{\s*[#:.][^}\n]*\}")
MIN_WORDS = 60
FIRST_MOVES = 3
SELF_CHECK_QUESTIONS = 4
CARDS_PER_SITUATION = 3
NUMBER_WORDS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}


def needs(*fields):
    """Mark a rule as reading these fields of the Site: it is skipped while any of them failed to load (None)."""
    def mark(rule):
        rule.needs = fields
        return rule
    return mark


def pages_of(site, kind: str) -> list:
    """The pages of one kind (a key of TEMPLATES, or "playbooks/"), section front pages left out."""
    return [p for p in sorted(site.sources) if p.startswith(kind) and not p.endswith("index.md")]


def h2s(text: str) -> list:
    """The page's level-2 headings, in order, outside code fences: [(heading, line)]."""
    out, fenced = [], False
    for n, line in enumerate(text.splitlines(), start=1):
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and line.startswith("## "):
            out.append((re.sub(r"\s*\{[^}]*\}\s*$", "", line[3:]).strip(), n))
    return out


def section(text: str, heading: str):
    """(the text under ``## heading`` up to the next level-2 heading, its first line), or (None, None)."""
    for name, line in h2s(text):
        if name == heading:
            lines = text.splitlines()[line:]
            end = next((i for i, s in enumerate(lines) if s.startswith("## ")), len(lines))
            return "\n".join(lines[:end]), line
    return None, None


def pages_follow_their_template(site) -> list:
    """Situations, case studies, modules and role-plays have their template's headings, in order.

    Agents find the first moves and the words to say in the same place on every
    page, and new hires meet the same steps in every module. The headings are
    the ones in `templates/` (and in TEMPLATES in macros/checks.py). Fix: use
    exactly those `##` headings, in that order; put anything else under them
    as `###` headings."""
    errors = []
    for kind, expected in TEMPLATES.items():
        for path in pages_of(site, kind):
            found = h2s(site.sources[path])
            names = [h for h, _ in found]
            if names == expected:
                continue
            missing = [h for h in expected if h not in names]
            # The first heading out of place: where the page leaves the template.
            line = next((n for (h, n), want in zip(found, expected, strict=False) if h != want), found[-1][1] if found else None)
            if missing:
                errors.append(ContentError(f"docs/{path}", f"missing the heading '## {missing[0]}'.",
                                           f"the template's headings, in order, are: {' / '.join(expected)}.", line))
            else:
                errors.append(ContentError(f"docs/{path}", f"headings are {' / '.join(names)}.",
                                           f"use exactly the template's headings, in order: {' / '.join(expected)}.", line))
    return errors


def playbooks_follow_their_frame(site) -> list:
    """Every playbook starts with "When to use it" and ends with "Example", "Common mistakes", "Related pages".

    A playbook is read while preparing or reviewing a call: the reader knows
    where the steps start and where the example is. The steps in between are
    the model's own (at least two `##` headings). Fix: start with
    `## When to use it`, then the steps, and end with the three closing
    headings. (`playbooks/other-models.md`, a list of short models, is free.)"""
    errors = []
    for path in pages_of(site, "playbooks/"):
        if path in PLAYBOOK_FREE:
            continue
        found = h2s(site.sources[path])
        names = [h for h, _ in found]
        if names[:1] != PLAYBOOK_START or names[-3:] != PLAYBOOK_END or len(names) < 5:
            errors.append(ContentError(f"docs/{path}", f"headings are {' / '.join(names)}.",
                                       "start with '## When to use it', then the steps, and end with '## Example', "
                                       "'## Common mistakes', '## Related pages'.", found[0][1] if found else None))
    return errors


def counts_in_section(site, folder: str, heading: str, pattern: str):
    """(page, how many lines of its ``heading`` section match ``pattern``, the heading's line), for each page in ``folder``.

    A page without that section is left out: pages_follow_their_template names the missing heading."""
    for path in pages_of(site, folder):
        block, line = section(site.sources[path], heading)
        if block is not None:
            yield path, len(re.findall(pattern, block, flags=re.M)), line


def situations_have_three_first_moves(site) -> list:
    """Every situation page's "First three moves" is a numbered list of exactly three moves.

    The first moves are what an agent reads mid-call, at a glance; the search
    box's answer card shows the first of them. Fix: keep exactly three moves,
    as a numbered list (`1. `, `2. `, `3. `)."""
    return [ContentError(f"docs/{path}", f"'First three moves' has {moves} numbered moves.",
                         "keep exactly three, as a numbered list.", line)
            for path, moves, line in counts_in_section(site, "situations/", "First three moves", r"^\d+\. ")
            if moves != FIRST_MOVES]


def modules_have_self_checks(site) -> list:
    """Every onboarding module's "Self-check" has at least four questions with hidden answers.

    New hires test themselves before they tick the module done; an answer they
    can see first teaches nothing. Fix: write at least four, each as
    `??? question "..."` with the answer indented below it."""
    return [ContentError(f"docs/{path}", f"{count} self-check questions.",
                         "write at least four, each as '??? question \"...\"' with the answer indented below.", line)
            for path, count, line in counts_in_section(site, "onboarding/module-", "Self-check", r"^\?\?\? question ")
            if count < SELF_CHECK_QUESTIONS]


def no_stub_pages(site) -> list:
    """No page holds a placeholder (`TODO`, `STUB`, `TBD`, `coming soon`, `lorem ipsum`) or fewer than 60 words.

    A page straight from `make new` is full of `TODO` lines: `make serve` shows it
    and lists this problem at the top, and the strict build fails until every
    one is written. A page with a few words answers nothing an agent asks. A
    placeholder word in code (between backticks) is about the word, not one.
    Fix: write the content (the problem names the first placeholder's line), or
    remove the page and its nav entry."""
    errors = []
    for path, text in site.sources.items():
        # Code and attribute lists ("{ #no-stub-pages }") are not prose; line numbers are kept.
        prose = ATTRIBUTES.sub("", glossary.without_code(text))
        lines = [n for n, line in enumerate(prose.splitlines(), start=1) if PLACEHOLDER.search(line)]
        if lines:
            more = f" (and on {len(lines) - 1} more line{'s' if len(lines) > 2 else ''})" if len(lines) > 1 else ""
            errors.append(ContentError(f"docs/{path}", f"contains a placeholder word (TODO, STUB...){more}.",
                                       "write the content, or remove the page and its nav entry.", lines[0]))
            continue
        body = text.split("\n---", 1)[-1] if text.startswith("---") else text
        words = len(re.findall(r"[A-Za-z']+", re.sub(r"\{\{.*?\}\}", " ", body, flags=re.S)))
        if words < MIN_WORDS and "{{" not in body:
            errors.append(ContentError(f"docs/{path}", f"only {words} words.",
                                       "a page must answer 'what do I do now?'; write it or merge it into another page."))
    return errors


def every_page_is_in_the_navigation(site) -> list:
    """Every page under docs/ is an entry of the navigation (`nav` in mkdocs.yml): its exact path.

    A page not in the navigation is built but nobody finds it by browsing, and
    MkDocs does not say so. Fix: add it under the right section of `nav` in
    mkdocs.yml (`make new` does this for you)."""
    if site.nav is None:
        return []
    listed = set(site.nav)
    return [ContentError(f"docs/{path}", "is not in the navigation.",
                         "add it under the right section of nav in mkdocs.yml (make new does this for you).")
            for path in sorted(site.sources) if path not in listed]


@needs("modules")
def modules_match_the_onboarding_data(site) -> list:
    """The module pages, data/onboarding.yml, the navigation and the start page's count agree.

    A new hire's path is data/onboarding.yml: every module page has its entry
    there, the navigation lists the modules in the same order, and
    docs/onboarding/index.md says how many there are ("There are eight
    modules"). Fix: add or remove a module in both the page and the data
    (`make new type=module` does both), list the modules under Learn in the
    order of data/onboarding.yml, and keep the start page's count right."""
    listed = [m["page"] for m in site.modules]
    files = pages_of(site, "onboarding/module-")
    errors = []
    for path in sorted(set(files) - set(listed)):
        errors.append(ContentError(f"docs/{path}", "is a module page with no entry in data/onboarding.yml.",
                                   "add the module there (make new type=module does both), or remove the page."))
    for module in site.modules:
        if module["page"] not in files:
            errors.append(ContentError("data/onboarding.yml", f"module {module['id']!r} lists {module['page']}, which is not a module page.",
                                       "point 'page' at docs/onboarding/module-*.md, or remove the module.", module.get("line")))
    if site.nav is not None:
        in_nav = [p for p in site.nav if p.startswith("onboarding/module-")]
        if in_nav != listed:
            errors.append(ContentError("mkdocs.yml", f"the navigation lists the modules {', '.join(in_nav)}; "
                                       f"data/onboarding.yml lists {', '.join(listed)}.",
                                       "list every module under Learn, in the order of data/onboarding.yml."))
    start = site.sources.get("onboarding/index.md", "")
    promise = re.search(r"There are (\w+) modules", start)
    if promise and NUMBER_WORDS.get(promise.group(1).lower()) != len(listed):
        line = start[:promise.start()].count("\n") + 1
        errors.append(ContentError("docs/onboarding/index.md", f"promises {promise.group(1)} modules; data/onboarding.yml lists "
                                   f"{len(listed)}: {', '.join(m['id'] for m in site.modules)}.",
                                   "restore the missing module, or change the start page's count and description.", line))
    return errors


@needs("phrases")
def situations_have_three_cards(site) -> list:
    """Every situation page has at least three phrase cards that list it under `situations`.

    The page shows its cards under "What to say": one card leaves an agent
    nothing to choose from. Fix: add the situation's name (its file name
    without `.md`) to the `situations` of more cards in data/phrases/."""
    errors = []
    for path in pages_of(site, "situations/"):
        slug = path.removeprefix("situations/").removesuffix(".md")
        count = len(site.phrases.select(situation=slug))
        if count < CARDS_PER_SITUATION:
            errors.append(ContentError(f"docs/{path}", f"has {count} phrase card{'s' if count != 1 else ''}; a situation needs at least three.",
                                       f"add {slug!r} to the situations of more cards in data/phrases/."))
    return errors


@needs("phrases")
def no_card_says_what_a_card_avoids(site) -> list:
    """No card's `say` or `written` says a phrase that any card lists under `instead_of`.

    Two cards that contradict each other teach agents both. Fix: reword the
    card that says it, or drop the phrase from the other card's `instead_of`."""
    return phrases.contradictions(site.phrases.cards.values())


@needs("glossary")
def glossary_terms_are_used_and_taught(site) -> list:
    """Every glossary term appears on a page besides the Glossary, and on its `taught_on` page.

    A term no page uses is usually misspelt in data/glossary.yml, and its tooltip
    then shows nowhere. Fix: correct the spelling in `term` or `variants` (the
    message suggests the closest words the pages use), set `taught_on` to a page
    that teaches it, or remove the term."""
    return glossary.coverage_errors(site.glossary, site.sources)


def retellings_name_a_situation(site) -> list:
    """A page's `retells`, when it has one, names a situation page.

    A case study or role-play that retells a situation says which one, so search
    can rank it below that situation: mid-call, an agent needs the situation page,
    not the story of it. Practice dialogues and their role-plays say it in
    data/dialogues/ instead. Fix: write the name of a page in docs/situations/,
    without `.md` (`retells: angry`), or leave `retells` out."""
    known = {p.removeprefix("situations/").removesuffix(".md") for p in pages_of(site, "situations/")}
    errors = []
    for path, page in sorted(site.pages.items()):
        value = page.meta.get("retells")
        if value is not None and (not isinstance(value, str) or value not in known):
            close = difflib.get_close_matches(str(value), sorted(known), n=1)
            hint = f"did you mean 'retells: {close[0]}'? " if close else ""
            errors.append(ContentError(f"docs/{path}", f"'retells: {value}' names no page in docs/situations/.",
                                       f"{hint}write the name of a situation page without .md, or leave 'retells' out.",
                                       page.lines.get("retells", 1)))
    return errors


@needs("phrases")
def advice_keeps_the_house_style(site) -> list:
    """No page's advice says what a phrase card's `instead_of` tells agents not to say.

    Our own advice must not say "It's our policy" or "Calm down" any more than an
    agent should. A page may still quote what not to say: in a table, under a
    heading such as "What to avoid", or on a line that says "instead of", "not" or
    "avoid" (the full rule is at the top of macros/house_style.py). Fix: rewrite
    the advice in your own words, or make the line a quotation of what not to say."""
    cards = [house_style.phrase(text, card.id, card.source) for card in site.phrases.cards.values() for text in card.instead_of]
    errors = []
    for path, text in site.sources.items():
        for f in house_style.check_text(f"docs/{path}", text, cards):
            errors.append(ContentError(f.path, f.problem, f.fix, f.line))
    return errors


# Every content rule, in the order the build reports them.
RULES = [
    pages_follow_their_template,
    playbooks_follow_their_frame,
    situations_have_three_first_moves,
    modules_have_self_checks,
    no_stub_pages,
    every_page_is_in_the_navigation,
    modules_match_the_onboarding_data,
    situations_have_three_cards,
    no_card_says_what_a_card_avoids,
    glossary_terms_are_used_and_taught,
    retellings_name_a_situation,
    advice_keeps_the_house_style,
]


def run(site, rules=None) -> list:
    """Every problem the rules find in ``site``: one list of ContentErrors, rule by rule.

    A rule that needs data that did not load (None in ``site``) is skipped."""
    return [error for rule in (RULES if rules is None else rules)
            if all(getattr(site, name) is not None for name in getattr(rule, "needs", ()))
            for error in rule(site)]
