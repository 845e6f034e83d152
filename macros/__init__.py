"""Calmline's macros module: the one table of macros, the adapter that registers them, the page hooks.

The macros themselves are plain functions in page_macros.py (a page and its
arguments in, Markdown out, ContentError on a mistake), unit-tested without a
build. This file is the only glue: MACROS names every macro a page may call,
and define_env() registers each one, reading the current page from the
environment and turning a ContentError into an error box at the line of the
call. Data is loaded and validated once, when the build starts; any problem
stops the build with the file, the line and the fix. In the preview (`make
serve`, strict off) problems are listed in the pages instead, and the server
keeps running: see preview.py.

Two loaders run this file. mkdocs-macros imports it as the package `macros`;
Zensical (0.0.73) executes it as a plain file, once per page, with no MkDocs
installed. So the imports below are absolute (`macros.x`, with the project on
sys.path), and MkDocs' PluginError is imported only when MkDocs runs us.
"""
import json
import logging
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

if "macros" not in sys.modules or __package__ != "macros":
    # Loaded as a plain file (Zensical): make the package importable by name.
    _PROJECT = str(Path(__file__).resolve().parent.parent)
    if _PROJECT not in sys.path:
        sys.path.insert(0, _PROJECT)

import markupsafe

from macros import assets, checks, feedback, frontmatter, glossary, htmlsafety, limits, page_macros, preview, search, templating
from macros import tooltips as tooltips_extension
from macros.errors import ContentError
from macros.escape import esc
from macros.site import load_site, load_site_cached

log = logging.getLogger("mkdocs.plugins.calmline")

# Every macro a page may call: its name in pages -> the function in page_macros.py.
# Each takes the PageContext first, then the page's arguments. One line per macro.
MACROS = {
    "phrase_card": page_macros.phrase_card,
    "phrase_cards": page_macros.phrase_cards,
    "phrase_table": page_macros.phrase_table,
    "term": page_macros.term,
    "glossary_entries": page_macros.glossary_entries,
    "policy": page_macros.policy,
    "policy_box": page_macros.policy_box,
    "done_checklist": page_macros.done_checklist,
    "progress_overview": page_macros.progress_overview,
    "dialogue": page_macros.dialogue,
    "dialogue_table": page_macros.dialogue_table,
    "training_record": page_macros.training_record,
}


def under_mkdocs(env) -> bool:
    """True when mkdocs-macros runs us; False under Zensical's own macros extension."""
    return type(env).__module__.startswith("mkdocs_macros")


def plugin_error(message: str) -> Exception:
    """MkDocs' PluginError (one clean line, no traceback), imported only under MkDocs."""
    from mkdocs.exceptions import PluginError

    return PluginError(message)


def page_path(env) -> str:
    """The current page's source file under docs/: "situations/angry.md"."""
    file = getattr(env.page, "file", None)
    return file.src_uri if file is not None else env.page.path  # MkDocs' Page, or Zensical's


def page_source(env) -> str:
    """The current page's Markdown file as written (front matter included)."""
    file = getattr(env.page, "file", None)
    path = Path(file.abs_src_path) if file is not None else docs_dir_of(env) / env.page.path
    return path.read_text(encoding="utf-8-sig")


def docs_dir_of(env) -> Path:
    return Path(env.project_dir, env.conf.get("docs_dir") or "docs")


def report(exc: ContentError, env, name=None, arg=None) -> str:
    """Report a content error and return the box that shows it in the page.

    Logs, doesn't raise: MkDocs then lists every such error in one run, each on
    one clean line, and the strict build fails at the end. The page shows the
    error too, in case someone previews it. The line is where the page calls
    the macro ``name`` (with ``arg``, when given, to tell calls apart)."""
    if name and exc.line is None:
        source = page_source(env)
        line = templating.call_line(source, name, arg) or templating.call_line(source, name)
        exc = ContentError(exc.path, exc.problem, exc.fix, line)
    log.error(str(exc))
    return f'<p class="admonition failure"><strong>Content error:</strong> {esc(exc)}</p>'


def _locating_arg(args, kwargs):
    """The argument that tells one call of a macro from another on the page: its first string."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, str):
            return value
    return None


def adapt(name, function, env, context_for):
    """``function(context, *args)`` as a macro pages call as ``name(*args)``."""
    def macro(*args, **kwargs):
        try:
            return function(context_for(page_path(env)), *args, **kwargs)
        except ContentError as exc:
            return report(exc, env, name, _locating_arg(args, kwargs))

    macro.__name__, macro.__doc__ = name, function.__doc__
    return macro


def define_env(env):
    root = Path(env.project_dir)
    docs_dir = docs_dir_of(env)
    mkdocs = under_mkdocs(env)
    if mkdocs and preview.active(env):
        preview.start(env)
        site = preview.load(root, lambda reuse: load_site(root, docs_dir, data_from=reuse), ContentError)  # None: nothing loaded yet
        for error in checks.run(site) if site is not None else []:
            log.error(str(error))  # listed in the pages; the preview goes on
    elif mkdocs:
        try:
            site = load_site(root, docs_dir, rules=checks.RULES)  # the content rules (macros/checks.py) too
        except ContentError as exc:
            raise plugin_error(f"Calmline content check failed:\n{exc}") from None
    else:
        # Zensical runs this once per page: load once, again only when a file changes.
        site = load_site_cached(root, docs_dir)
    env.variables["calmline"] = site
    env.variables["calmline_built_pages"] = set()  # pages on_built_page has checked in this build
    env.variables["calmline_script_files"] = {}  # script file -> exists, shared by the pages of this build
    try:
        env.variables["calmline_feedback"] = feedback.settings(env.conf.get("extra") or {})
    except ContentError as exc:
        raise plugin_error(f"Calmline content check failed:\n{exc}") from None
    # What search learns while pages render; written out by on_post_build.
    # page_words: each page's searchable words (keywords, then text), summed into the vocabulary.
    learnt = env.variables["calmline_search"] = {"page_words": {}, "keywords": {}, "moves": {}, "cards": {}, "quotes": {}}
    # Glossary tooltips on every page: abbr's glossary option, built from data.
    if site is not None:
        tooltips = glossary.abbreviations(site.glossary)
        env.conf["mdx_configs"].setdefault("abbr", {})["glossary"] = tooltips
        if mkdocs:
            use_glossary_abbr(env.conf["markdown_extensions"], tooltips)
        else:
            zensical_page_tooltips(tooltips)
    env.variables["calmline_macros"] = set(MACROS)  # our macros: the only calls pages may make

    contexts = {}  # page -> its PageContext (the cards already shown there, to keep ids unique)

    def context_for(path):
        if path not in contexts:
            contexts[path] = page_macros.PageContext(site, path, answer_cards=learnt["cards"])
        return contexts[path]

    for name, function in MACROS.items():
        env.macro(adapt(name, function, env, context_for), name)
    if site is None:
        preview.stub_macros(env, set(MACROS))


def use_glossary_abbr(extensions: list, tooltips: dict):
    """Put macros/tooltips.py's GlossaryAbbr in the place of ``abbr``: the same tooltips, faster."""
    if "abbr" in extensions:
        extensions[extensions.index("abbr")] = tooltips_extension.GlossaryAbbr(glossary=tooltips)


def zensical_page_tooltips(tooltips: dict):
    """Under Zensical, give the glossary to the page being rendered now.

    Zensical makes one Markdown instance per page from its global config, and
    runs us from inside that instance's conversion: the mdx_configs set in
    define_env reach the next pages only. So add the terms to this page's abbr
    extension too (found from the macros preprocessor that is calling us)."""
    frame = sys._getframe(1)
    while frame is not None:
        md = getattr(frame.f_locals.get("self"), "md", None)
        if md is not None and "abbr" in md.treeprocessors:
            md.treeprocessors["abbr"].abbrs.update(tooltips)
            return
        frame = frame.f_back


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
            boxes.append(report(ContentError(f"docs/{page.file.src_uri}", problem, fix, line + offset), env))
        env.markdown = "\n".join(boxes) + "\n\n" + templating.neutralise(env.markdown, marks)
    if under_mkdocs(env) and not env.has_j2(env.markdown):
        # Nothing for Jinja here (no "{{", "{%" or "{#"): mkdocs-macros' own switch
        # skips compiling the page as a template, about 1 ms a page.
        page.meta["render_macros"] = False
    site = env.variables["calmline"]
    if site is None:
        return
    learnt = env.variables["calmline_search"]
    keywords = search.page_keywords(page.file.src_uri, page.meta.get("tags"), site.search)
    learnt["keywords"][page.file.src_uri] = keywords
    page.meta["search_keywords"] = ", ".join(keywords)
    # Keywords are searchable words of the page (Pagefind metadata): part of the site's vocabulary.
    learnt["page_words"][page.file.src_uri] = Counter(set(search.words(" ".join(keywords))))
    page.meta["search_kinds"] = search.kinds(page.url, site.search, env.conf["use_directory_urls"])
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
    learnt["page_words"].setdefault(env.page.file.src_uri, Counter()).update(set(search.words(search.plain_text(env.markdown))))
    move = search.first_move(env.markdown)
    if move:
        learnt["moves"][env.page.file.src_uri] = move
    learnt["quotes"][env.page.file.src_uri] = search.recognise_quotes(env.markdown)
    if env.page.meta.get("print") == "one-page":
        # calmline.css keys its one-page print layout on this marker.
        env.markdown += '\n\n<div class="print-one-page" hidden></div>\n'


def on_post_build(env):
    """After the build: the search data and index, the scripts minified; in the preview, problems shown, not raised."""
    from mkdocs.exceptions import PluginError  # only MkDocs calls this hook

    site_dir = Path(env.conf["site_dir"])
    if not preview.active(env):
        # Pagefind indexes the pages on the other core while the site check adds
        # each page's policy (written whole, by rename: Pagefind reads a page as
        # it was or as it is, never half of it).
        indexing = search.start_index(site_dir)
        try:
            check_built_pages(env)
            write_search(env)
            assets.minify_scripts(docs_dir_of(env), site_dir)
        finally:
            try:
                search.finish_index(indexing)
            except ContentError as exc:
                raise plugin_error(str(exc)) from None
        return
    try:
        check_built_pages(env)
        if env.variables["calmline"] is not None:
            # `make serve` rebuilds only the edited pages: the others' search data is the last build's.
            preview.carry_over(env, env.variables["calmline_search"], env.variables["calmline"].pages)
            write_search(env)
            preview.index_in_background(search.start_index(site_dir), search.finish_index, ContentError)
    except PluginError as exc:
        log.error(str(exc))
    finally:
        preview.finish(env)


def _serving() -> bool:
    """True under `mkdocs serve`, which injects its own inline live-reload script into pages."""
    return len(sys.argv) > 1 and "serve" in sys.argv[1:3]


def _site_checks(conf) -> dict:
    """The site check's settings for this build (htmlsafety.check_page's keywords)."""
    return {"offline": not conf["use_directory_urls"], "protect": not _serving(),  # no policy while previewing
            "base_path": urlsplit(conf["site_url"] or "/").path or "/"}


def on_built_page(output: str, page, config) -> str:
    """A page's HTML before MkDocs writes it (called from macros/mkdocs_hooks.py): checked, protected, measured.

    No page may run code it should not; every page gets a Content-Security-Policy;
    a page too big to load fast mid-call fails the build, naming it and by how much.
    Done here, not after the build, so that no page is written twice."""
    env = config.plugins["macros"]
    site_dir = Path(config["site_dir"])
    path = Path(page.file.abs_dest_path)
    messages, output = htmlsafety.check_page(output, site_dir, path, f"docs/{page.file.src_uri}",
                                             local=env.variables["calmline_script_files"],
                                             **_site_checks(config))
    for message in messages:
        log.error(message)
    problem = limits.oversized_page(path.relative_to(site_dir).as_posix(),
                                    len(output.encode("utf-8", errors="xmlcharrefreplace")), docs_dir_of(env))
    if problem:
        log.error(problem)
    env.variables["calmline_built_pages"].add(path)
    return output


def check_built_pages(env):
    """The HTML files that on_built_page did not see (the 404 page, redirects, HTML copied from docs/): the same checks."""
    site_dir = Path(env.conf["site_dir"])
    docs_dir = docs_dir_of(env)
    seen = env.variables["calmline_built_pages"]
    pages = [path for path in sorted(site_dir.rglob("*.html")) if path not in seen]
    if preview.active(env):
        pages = preview.written_this_build(pages)  # the others' problems are kept from the last build
    for message in htmlsafety.check_and_protect(site_dir, env.conf["use_directory_urls"], pages=pages,
                                                **_site_checks(env.conf)):
        log.error(message)
    for path in pages:
        problem = limits.oversized_page(path.relative_to(site_dir).as_posix(), path.stat().st_size, docs_dir)
        if problem:
            log.error(problem)


def write_search(env):
    """Write what the search box needs beside Pagefind's index: search/calmline.json, and the
    site's less common words by first letter in search/words/ (search.word_lists)."""
    site = env.variables["calmline"]
    learnt = env.variables["calmline_search"]
    site_dir = Path(env.conf["site_dir"])
    try:
        said = search.sayings(docs_dir_of(env) / "customer-says.md", Path(env.project_dir))
    except ContentError as exc:
        raise plugin_error(f"Calmline content check failed:\n{exc}") from None
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
    vocabulary = Counter()
    for words in learnt["page_words"].values():
        vocabulary.update(words)
    data = search.client_data(site.search, answers, vocabulary, env.conf["use_directory_urls"], search.retellings(site))
    out = site_dir / "search" / "calmline.json"
    (out.parent / "words").mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    for letter, lists in search.word_lists(vocabulary).items():
        (out.parent / "words" / f"{letter}.json").write_text(json.dumps(lists, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
