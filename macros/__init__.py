"""Calmline's mkdocs-macros module: every macro and page hook is registered here.

Each macro is a thin wrapper over a pure function in this package (data in,
Markdown out), so it can be unit-tested without a build. Data is loaded and
validated once, when the build starts; any problem stops the build with the
file, the line and the fix. In the preview (`make serve`, strict off) problems
are listed in the pages instead, and the server keeps running: see preview.py.
"""
import json
import logging
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import markupsafe
from mkdocs.exceptions import PluginError

from . import feedback, frontmatter, glossary, htmlsafety, limits, onboarding, phrases, preview, search, templating
from . import policy as local_policy
from .errors import ContentError
from .escape import esc
from .site import load_site

log = logging.getLogger("mkdocs.plugins.calmline")


def define_env(env):
    root = Path(env.project_dir)
    docs_dir = Path(env.conf["docs_dir"])
    before = set(env.macros)
    if preview.active(env):
        preview.start(env)
        site = preview.load(root, lambda: load_site(root, docs_dir), ContentError)  # None: nothing loaded yet
    else:
        try:
            site = load_site(root, docs_dir)
        except ContentError as exc:
            # PluginError makes MkDocs print one clean line instead of a traceback.
            raise PluginError(f"Calmline content check failed:\n{exc}") from None
    env.variables["calmline"] = site
    try:
        env.variables["calmline_feedback"] = feedback.settings(env.conf["extra"])
    except ContentError as exc:
        raise PluginError(f"Calmline content check failed:\n{exc}") from None
    # What search learns while pages render; written out by on_post_build.
    env.variables["calmline_search"] = {"vocabulary": Counter(), "keywords": {}, "moves": {}, "cards": {}, "quotes": {}}
    # Glossary tooltips on every page: abbr's glossary option, built from data.
    if site is not None:
        env.conf["mdx_configs"].setdefault("abbr", {})["glossary"] = glossary.abbreviations(site.glossary)

    def here():
        return env.page.file.src_uri

    ours = env.variables["calmline_macros"] = set()  # our macros: the only calls pages may make

    def macro(function):
        ours.add(function.__name__)
        return env.macro(function)

    shown_on = {}  # page -> ids of cards already shown there, to keep ids unique

    def shown():
        return shown_on.setdefault(here(), set())

    def fail(exc: ContentError, macro=None, arg=None):
        # Log, don't raise: MkDocs then lists every such error in one run, each on
        # one clean line, and the strict build fails at the end. The page shows
        # the error too, in case someone previews it. The line is where the page
        # calls the macro.
        if macro and exc.line is None:
            exc = ContentError(exc.path, exc.problem, exc.fix, templating.call_line(page_source(), macro, arg))
        log.error(str(exc))
        return f'<p class="admonition failure"><strong>Content error:</strong> {esc(exc)}</p>'

    def page_source():
        return Path(env.page.file.abs_src_path).read_text(encoding="utf-8-sig")

    @macro
    def phrase_card(card_id):
        """One phrase card by id: ``{{ phrase_card("apologise-for-wait") }}``."""
        try:
            card = site.phrases.card(card_id, f"docs/{here()}")
        except ContentError as exc:
            return fail(exc, "phrase_card", card_id)
        return phrases.render_cards([card], here(), site.phrases.themes, shown())

    @macro
    def phrase_cards(situation=None, step=None, tag=None, theme=None, channel=None, first=(), show=None):
        """All cards for a situation, a playbook step, a tag or a theme.

        ``first`` lists card ids to show before the rest (the best openers);
        ``show`` keeps only that many open and folds the rest under "More phrases"."""
        given = {k: v for k, v in dict(situation=situation, step=step, tag=tag, theme=theme, channel=channel).items() if v}
        if not given:
            return fail(ContentError(f"docs/{here()}", "phrase_cards() was called with no filter.", 'name one, e.g. phrase_cards(situation="angry").'), "phrase_cards")
        cards = site.phrases.select(**given)
        if not cards:
            what = ", ".join(f"{k}={v!r}" for k, v in given.items())
            return fail(ContentError(f"docs/{here()}", f"no phrase card matches {what}.", "check the spelling, or list this page's situation/step on some cards in data/phrases/."), "phrase_cards", next(iter(given.values())))
        ids = [c.id for c in cards]
        stray = [i for i in first if i not in ids]
        if stray:
            return fail(ContentError(f"docs/{here()}", f"first={stray!r}: not among the cards this call shows.", f"use ids that match the filter: {', '.join(ids[:8])}..."), "phrase_cards", next(iter(given.values())))
        cards = sorted(cards, key=lambda c: list(first).index(c.id) if c.id in first else len(first))
        # The first card a situation page shows is its answer in the search box.
        env.variables["calmline_search"]["cards"].setdefault(here(), cards[0])
        return phrases.render_card_list(cards, here(), site.phrases.themes, shown(), show)

    @macro
    def phrase_table(theme):
        """The do/don't table of one phrasebook theme."""
        if theme not in site.phrases.themes:
            return fail(ContentError(f"docs/{here()}", f"unknown phrase theme {theme!r}.", f"use one of: {', '.join(sorted(site.phrases.themes))}."), "phrase_table", theme)
        return phrases.render_table(site.phrases.select(theme=theme), here())

    @macro
    def term(name, text=None):
        """Mark a glossary term and link it: ``{{ term("crossed transaction") }}``."""
        try:
            return glossary.term_link(site.glossary, name, f"docs/{here()}", text, lambda _p, t: phrases.rel_link(here(), t))
        except ContentError as exc:
            return fail(exc, "term", name)

    @macro
    def glossary_entries():
        """The whole glossary, A to Z (used by docs/glossary.md)."""
        return glossary.render_page(site.glossary, here(), phrases.rel_link, site.titles)

    @macro
    def policy(key):
        """One local-policy value inside a sentence: ``{{ policy("emergency_number") }}``."""
        try:
            return local_policy.render_value(site.policy, key, f"docs/{here()}")
        except ContentError as exc:
            return fail(exc, "policy", key)

    @macro
    def policy_box(keys=None, title="Your safety contacts"):
        """A box of local-policy contacts, from data/local-policy.yml (all, or the keys named)."""
        try:
            return local_policy.render_box(site.policy, keys, f"docs/{here()}", title)
        except ContentError as exc:
            return fail(exc, "policy_box")

    @macro
    def done_checklist(module_id):
        """A module's "done" checklist, ticks remembered in the browser."""
        try:
            return onboarding.render_checklist(onboarding.find(site.modules, module_id, f"docs/{here()}"))
        except ContentError as exc:
            return fail(exc, "done_checklist", module_id)

    @macro
    def progress_overview():
        """The onboarding start page's table of modules and progress."""
        return onboarding.render_overview(site.modules, here(), phrases.rel_link)

    if site is None:
        preview.stub_macros(env, set(env.macros) - before)


def on_pre_page_macros(env):
    """Before macros run on a page: its search keywords, for Pagefind's metadata."""
    if preview.active(env):
        preview.check_snippets(env)
    page = env.page
    # The theme prints title and description unescaped (into <title>, the header
    # and <meta content="...">). Escape them here, once: as Markup, so a template
    # that escapes again (``| e``) leaves them as they are.
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = markupsafe.escape(page.meta[key])
    # Template marks that are not macro calls: name them and show them as text.
    marks = templating.stray_marks(env.markdown, env.variables["calmline_macros"])
    if marks:
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
        offset = templating.body_offset(source, env.markdown)
        boxes = []
        for line, _mark, problem, fix in marks:
            exc = ContentError(f"docs/{page.file.src_uri}", problem, fix, line + offset)
            log.error(str(exc))
            boxes.append(f'<p class="admonition failure"><strong>Content error:</strong> {esc(exc)}</p>')
        env.markdown = "\n".join(boxes) + "\n\n" + templating.neutralise(env.markdown, marks)
    site = env.variables["calmline"]
    if site is None:
        return
    learnt = env.variables["calmline_search"]
    keywords = search.page_keywords(page.file.src_uri, page.meta.get("tags"), site.search)
    learnt["keywords"][page.file.src_uri] = keywords
    page.meta["search_keywords"] = ", ".join(keywords)
    # Keywords are searchable words of the page (Pagefind metadata): part of the site's vocabulary.
    learnt["vocabulary"].update(set(search.words(" ".join(keywords))))
    weight = search.boost_for(page.file.src_uri, site.search)
    if weight != 1:
        page.meta["search_weight"] = weight


def on_post_page_macros(env):
    """After macros run on a page: add its review footer."""
    site = env.variables["calmline"]
    if site is None:
        return
    page = site.pages.get(env.page.file.src_uri)
    if page:
        env.markdown += frontmatter.review_footer(page, site.owners)
        env.markdown += feedback.footer(page, site.owners, env.conf["site_url"], env.variables["calmline_feedback"])
    learnt = env.variables["calmline_search"]
    learnt["vocabulary"].update(set(search.words(search.plain_text(env.markdown))))
    move = search.first_move(env.markdown)
    if move:
        learnt["moves"][env.page.file.src_uri] = move
    learnt["quotes"][env.page.file.src_uri] = search.recognise_quotes(env.markdown)
    if env.page.meta.get("print") == "one-page":
        # calmline.css keys its one-page print layout on this marker.
        env.markdown += '\n\n<div class="print-one-page" hidden></div>\n'


def on_post_build(env):
    """After the build: the search data and index; in the preview, problems shown, not raised."""
    if not preview.active(env):
        check_built_pages(env)
        return write_search(env)
    try:
        check_built_pages(env)
        if env.variables["calmline"] is not None:
            write_search(env)
    except PluginError as exc:
        log.error(str(exc))
    finally:
        preview.finish(env)


def check_built_pages(env):
    """Every built page: no code it should not run, a Content-Security-Policy, within its size budget."""
    site_dir = Path(env.conf["site_dir"])
    docs_dir = Path(env.conf["docs_dir"])
    # No page may run code it should not; every page gets a Content-Security-Policy.
    # Not while previewing: `mkdocs serve` injects its own inline live-reload script.
    serving = len(sys.argv) > 1 and "serve" in sys.argv[1:3]
    for message in htmlsafety.check_and_protect(site_dir, env.conf["use_directory_urls"],
                                                offline=not env.conf["use_directory_urls"], protect=not serving,
                                                base_path=urlsplit(env.conf["site_url"] or "/").path or "/"):
        log.error(message)
    # A page too big to load fast mid-call fails the build, naming it and by how much.
    for path in sorted(site_dir.rglob("*.html")):
        problem = limits.oversized_page(path.relative_to(site_dir).as_posix(), path.stat().st_size, docs_dir)
        if problem:
            log.error(problem)


def write_search(env):
    """Write what the search box needs, then index the site with Pagefind."""
    site = env.variables["calmline"]
    learnt = env.variables["calmline_search"]
    site_dir = Path(env.conf["site_dir"])
    try:
        said = search.sayings(site.docs_dir / "customer-says.md", site.root)
    except ContentError as exc:
        raise PluginError(f"Calmline content check failed:\n{exc}") from None
    answers = []
    for path, title in sorted(site.titles.items()):
        if not path.startswith("situations/") or path.endswith("index.md"):
            continue
        card = learnt["cards"].get(path)
        answers.append({
            "page": path[:-3] + ("/" if env.conf["use_directory_urls"] else ".html"),
            "title": title,
            "move": learnt["moves"].get(path, ""),
            "card": {"id": card.id, "say": card.say} if card else None,
            "keywords": learnt["keywords"].get(path, []),
            # The customer's words: rows of The customer says..., then the
            # quotes under the page's own "How to recognise it".
            "sayings": list(dict.fromkeys(said.get(path, []) + learnt["quotes"].get(path, []))),
        })
    data = search.client_data(site.search, answers, learnt["vocabulary"])
    out = site_dir / "search" / "calmline.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    try:
        search.index_site(site_dir)
    except ContentError as exc:
        raise PluginError(str(exc)) from None
