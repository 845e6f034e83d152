"""The editor's preview (`make serve`): say what is wrong in the page, keep serving.

`make serve` builds with strict mode off (CALMLINE_STRICT=false in the Makefile);
`make build`, `make test`, `make offline` and CI pass --strict, and then nothing
here runs: a problem stops the build as before. In the preview:

- A problem in the front matter or in data/ (found before any page is built) is
  logged and the pages are built from the last data that loaded cleanly in this
  session. If none has yet, the parts drawn from data (phrase cards, glossary
  terms, policy values, checklists) are left out and marked in the page.
- Every warning and error of the build (content checks, unknown card ids,
  broken links and anchors, macro typos) is listed at the top of every page,
  this page's own problems first, and summed up in the terminal.
- A snippet that does not exist is reported instead of crashing the build.
- Edits under macros/ take effect at the next rebuild: the package is imported
  afresh for each build, except this module and errors.py (restart `make serve`
  after changing those two). errors.py stays so that ContentError is one class
  for the whole session: the last good data raises it from code imported by an
  earlier build.

This module imports nothing from the rest of the package, for the same reason.
"""
import html
import logging
import re
import sys
import time
from pathlib import Path

import jinja2

log = logging.getLogger("mkdocs.plugins.calmline")
PACKAGE = __name__.rpartition(".")[0]
KEEP = {__name__, PACKAGE + ".errors"}  # not re-imported between builds

_last_good = {}  # project dir -> (code version, Site, its inputs), kept across rebuilds
_state = {"handler": None, "stale": False, "failed": False, "started": 0.0, "indexer": None}
# `make serve` runs MkDocs with --dirty: a save rebuilds only the pages whose
# Markdown changed. What the other pages contributed last time is kept here.
_last_build = {}  # project dir -> {"inputs": fingerprint, "learnt": {...}, "problems": [...]}
DIRTY_NOTICE = "A 'dirty' build is being performed"


def active(env) -> bool:
    """True in the preview: the build is not strict."""
    return not env.conf["strict"]


class _Collector(logging.Handler):
    """Keeps every warning and error MkDocs and its plugins log during one build."""

    calmline_preview = True

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call must not stop the preview
            message = str(record.msg)
        # mkdocs-macros appends a Python traceback to a macro's error: the terminal has it.
        message = re.sub(r"\n*```\s*\nTraceback \(most recent call last\):.*?```", "", message, flags=re.S).strip()
        if message.startswith(DIRTY_NOTICE):
            return
        if message not in self.messages:
            self.messages.append(message)


def start(env):
    """At the start of a preview build: collect its problems, let macro errors show in the page."""
    mkdocs_log = logging.getLogger("mkdocs")
    for handler in list(mkdocs_log.handlers):  # left over from a build that crashed
        if getattr(handler, "calmline_preview", False):
            mkdocs_log.removeHandler(handler)
    _state.update(handler=_Collector(), stale=False, failed=False, started=time.time())
    mkdocs_log.addHandler(_state["handler"])
    _last_index_result()
    _cache_compiled_templates(env.conf["theme"])
    # A Jinja typo in a page: mkdocs-macros shows it in place of the page and
    # logs it, instead of exiting (which would stop `mkdocs serve` altogether).
    env.config["on_error_fail"] = False
    _rebuild_all_unless_only_bodies_changed(env)
    # This build keeps the modules it has; the next one imports them afresh.
    for name in list(sys.modules):
        if (name == PACKAGE or name.startswith(PACKAGE + ".")) and name not in KEEP:
            del sys.modules[name]


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept for the whole `make serve` session.

    MkDocs makes a new Jinja environment for every build, which compiles every
    template again (about half a second). Jinja checks each template's source
    against the checksum stored with its code, so an edited override is compiled afresh."""

    def __init__(self):
        self.code = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket):
        self.code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _TemplateCache()


def _cache_compiled_templates(theme):
    """Give the Jinja environment this build's theme makes the session's compiled templates."""
    make_env = type(theme).get_env

    def get_env():
        env = make_env(theme)
        env.bytecode_cache = _TEMPLATES
        return env

    theme.get_env = get_env


def written_this_build(pages: list) -> list:
    """The pages this build wrote. A dirty build leaves the others as the last build wrote and checked them."""
    since = _state["started"] - 0.05  # file times may lag the clock by a tick
    return [p for p in pages if p.stat().st_mtime >= since]


def index_in_background(started, finish, error_type):
    """Let the build end while the search indexer ``started`` runs: the page shows at once, its search a moment later.

    The next build's start waits for it (``finish(started)``) before it touches
    the site, and logs the ``error_type`` it raises if indexing failed."""
    _state["indexer"] = (started, finish, error_type)


def _last_index_result():
    """Wait for the last build's indexer, if it still runs; log its failure."""
    running, _state["indexer"] = _state["indexer"], None
    if running is not None:
        started, finish, error_type = running
        try:
            finish(started)
        except error_type as exc:
            log.error(str(exc))


class _NoDirtyNotice(logging.Filter):
    def filter(self, record):
        return not str(record.msg).startswith(DIRTY_NOTICE)


def _inputs(root: Path, docs_dir: Path) -> tuple:
    """What every page depends on: data, code, theme, snippets, config, the list of pages and their front matter.

    A save that changes none of these changed only a page's body: rebuilding
    that page alone is safe. Anything else rebuilds every page."""
    files = [root / "mkdocs.yml", root / "CONTRIBUTING.md"]
    for folder in ("data", "macros", "overrides", "snippets"):
        files += [p for p in (root / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    stamps = [(str(p), p.stat().st_mtime_ns) for p in files if p.is_file()]
    fronts = []
    for page in sorted(docs_dir.rglob("*.md")):
        text = page.read_text(encoding="utf-8-sig")
        end = text.find("\n---", 4) if text.startswith("---") else -1
        fronts.append((page.relative_to(docs_dir).as_posix(), text[:end] if end != -1 else ""))
    return tuple(sorted(stamps)), tuple(fronts)


def _rebuild_all_unless_only_bodies_changed(env):
    """With --dirty, MkDocs rebuilds a page only when its file is newer than its HTML.

    When the data, the code, the theme, the navigation or any page's front
    matter changed since the last build, remove every built page, so every one
    is rebuilt (navigation, cards and titles stay true everywhere)."""
    for name in ("mkdocs", "mkdocs.commands.build"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _NoDirtyNotice) for f in logger.filters):
            logger.addFilter(_NoDirtyNotice())
    root = Path(env.project_dir)
    inputs = _inputs(root, Path(env.conf["docs_dir"]))
    last = _last_build.setdefault(str(root), {"inputs": None, "learnt": None, "problems": []})
    if last["inputs"] != inputs:
        for page in Path(env.conf["site_dir"]).rglob("*.html"):
            page.unlink()
        last.update(inputs=inputs, learnt=None, problems=[])


LEARNT_PER_PAGE = ("keywords", "moves", "cards", "quotes", "page_words")


def carry_over(env, learnt: dict, pages) -> None:
    """Fill in what search learnt from the pages this (dirty) build did not render, from the last build."""
    last = _last_build.setdefault(str(Path(env.project_dir)), {"inputs": None, "learnt": None, "problems": []})
    rendered = set(learnt["page_words"])
    if last["learnt"] is not None:
        for name in LEARNT_PER_PAGE:
            for path, value in last["learnt"][name].items():
                if path not in rendered and path in pages:
                    learnt[name].setdefault(path, value)
    last["learnt"] = {name: dict(learnt[name]) for name in LEARNT_PER_PAGE}
    learnt["rendered"] = rendered


def _code_version():
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in Path(__file__).parent.glob("*.py")))


def load(root: Path, loader, error_type):
    """Run ``loader(data_from)`` (load_site); on a content error, log it and fall back.

    ``data_from`` is the last site that loaded cleanly when nothing but page
    bodies has changed since (see _inputs), else None: its data is reused.
    Returns the site, the last good one if loading failed, or None when there
    is no good one yet (or the code has changed since)."""
    key = str(root)
    inputs = _last_build.get(key, {}).get("inputs")
    version, good, good_inputs = _last_good.get(key, (None, None, None))
    reuse = good if version == _code_version() and inputs is not None and good_inputs == inputs else None
    try:
        site = loader(reuse)
    except error_type as exc:
        for error in getattr(exc, "errors", [exc]):
            log.error(str(error))
        site = good if version == _code_version() else None
        _state["stale"], _state["failed"] = site is not None, site is None
        return site
    _last_good[key] = (_code_version(), site, inputs)
    return site


def stub_macros(env, ours):
    """No data loaded: each of our macros shows a marked gap instead of its output."""
    def gap(name):
        def macro(*args, **kwargs):
            return f'<mark class="cl-preview-gap">[{name}() not shown: fix the problems at the top of the page first]</mark>'
        return macro

    for name in ours:
        env.macros[name] = gap(name)


_SNIPPET = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+(["'])(?P<name>.+?)\1[ \t]*$""", re.M)


def check_snippets(env):
    """Replace a snippet line whose file does not exist with an error box (pymdownx would crash)."""
    config = env.conf["mdx_configs"].get("pymdownx.snippets", {})
    bases = config.get("base_path", ["."])
    bases = [Path(env.project_dir, b) for b in ([bases] if isinstance(bases, str) else bases)]

    def exists(name):
        for candidate in (name, name.split(":")[0]):  # "file.md", "file.md:section", "file.md:1:5"
            if any((b.is_file() and b.name == candidate) or (b.is_dir() and (b / candidate).is_file()) for b in bases):
                return True
        return False

    page = env.page.file.src_uri

    def replace(match):
        name = match.group("name")
        if exists(name):
            return match.group(0)
        source = Path(env.page.file.abs_src_path).read_text(encoding="utf-8").splitlines()
        line = next((i + 1 for i, text in enumerate(source) if text.strip() == match.group(0).strip()), None)
        known = sorted({p.name for b in bases for p in ([b] if b.is_file() else b.glob("*.md") if b.is_dir() else [])})
        where = f"docs/{page}:{line}" if line else f"docs/{page}"
        message = (f"{where}: unknown snippet {name!r}. Fix: use one of {', '.join(known)}, "
                   "or add the file to snippets/.")
        log.error(message)
        return f'\n<p class="admonition failure"><strong>Content error:</strong> {_inline(message)}</p>\n'

    env.markdown = _SNIPPET.sub(replace, env.markdown)


def _inline(text: str) -> str:
    """Text safe as HTML and as Markdown inside an HTML block: one pass, nothing escaped twice."""
    return re.sub(r"""[&<>"'\\`*_{}\[\]#|~^:]""", lambda m: f"&#{ord(m.group(0))};", text)


def finish(env):
    """At the end of a preview build: list its problems in every page and in the terminal."""
    handler = _state["handler"]
    if handler is None:
        return
    logging.getLogger("mkdocs").removeHandler(handler)
    _state["handler"] = None
    problems = list(handler.messages)
    files = env.variables.get("files")
    sources = {}
    for file in files.documentation_pages() if files else []:
        sources[file.dest_uri] = file.src_uri
    # A dirty build names only the problems of the pages it rendered: keep the
    # last build's problems about pages it did not render.
    last = _last_build.setdefault(str(Path(env.project_dir)), {"inputs": None, "learnt": None, "problems": []})
    rendered = (env.variables.get("calmline_search") or {}).get("rendered")
    if rendered is not None:
        kept = [m for m in last["problems"] if m not in problems
                and any(_mentions(m, src) for src in set(sources.values()) - rendered)]
        problems = kept + problems
    shown = (tuple(problems), _state["stale"], _state["failed"])
    site_dir = Path(env.conf["site_dir"])
    pages = list(site_dir.rglob("*.html"))
    if last.get("shown") == shown:
        pages = written_this_build(pages)  # the others show this list already
    last.update(problems=problems, shown=shown)
    for path in pages:
        text = path.read_text(encoding="utf-8")
        cleared = _BANNER.sub("", text)  # the last build's list, on a page not rebuilt
        at = re.search(r'<article class="md-content__inner[^"]*">', cleared)
        if not at:
            continue
        banner = _banner(problems, sources.get(path.relative_to(site_dir).as_posix())) if problems else ""
        if banner or cleared != text:
            path.write_text(cleared[:at.end()] + banner + cleared[at.end():], encoding="utf-8")
    if not problems:
        return
    what = ("The pages use the last data that loaded cleanly." if _state["stale"] else
            "Phrase cards, glossary terms and other parts drawn from data/ are left out." if _state["failed"] else "")
    log.warning(f"The preview has {len(problems)} problem{'s' if len(problems) != 1 else ''} (above, and at the top of "
                f"every page). `make test` fails until they are fixed. {what}".strip())


_BANNER = re.compile(r'<div class="admonition failure cl-preview-problems"[^>]*>.*?</div>', re.S)  # items are escaped: no </div> inside


def _mentions(message: str, src_uri: str) -> bool:
    return re.search(rf"(?<![\w/.-])(docs/)?{re.escape(src_uri)}(?![\w.-])", message) is not None


def _banner(problems, src_uri) -> str:
    mine = [m for m in problems if src_uri and _mentions(m, src_uri)]
    others = [m for m in problems if m not in mine]
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    title = f"Preview: {count}, {len(mine)} on this page." if mine else f"Preview: {count} elsewhere in the site."
    note = ""
    if _state["stale"]:
        note = " Until the data loads again, the pages use the last data that loaded cleanly."
    elif _state["failed"]:
        note = " Until the data loads, phrase cards, glossary terms and other parts drawn from <code>data/</code> are left out."

    def items(messages):
        return "".join(f'<li style="white-space: pre-wrap">{html.escape(m, quote=False)}</li>' for m in messages[:50])

    more = f"<p>And {len(problems) - 50} more: see the terminal.</p>" if len(problems) > 50 else ""
    parts = [f'<div class="admonition failure cl-preview-problems" role="alert" data-pagefind-ignore>'
             f'<p class="admonition-title">{title}</p>'
             f"<p><code>make test</code> and the checks on a pull request fail until they are fixed. "
             f"Fix the file named, save, and the preview rebuilds.{note}</p>"]
    if mine:
        parts.append(f"<p><strong>On this page</strong></p><ul>{items(mine)}</ul>")
    if others:
        parts.append(f"<p><strong>{'Elsewhere' if mine else 'In the site'}</strong></p><ul>{items(others)}</ul>")
    parts.append(more + "</div>")
    return "".join(parts)
