"""After the build: no page runs code it should not, and every page carries a CSP.

Two walls behind the escaping of data (macros/escape.py, macros/plaintext.py):

1. ``check_site`` reads every HTML file in ``site/`` and reports inline event
   handlers (``onerror=``...), script addresses (``javascript:``), and scripts,
   frames, objects or ``<base>`` inside a page's article, where only its
   Markdown (raw HTML included) lands. Scripts outside the article are the
   theme's and ours; a ``src`` must be a file of this site.
2. ``add_policy`` writes a Content-Security-Policy ``<meta>`` at the top of each
   page's ``<head>``: scripts only from this site plus the exact inline scripts
   the theme wrote on that page (by hash), WebAssembly for Pagefind, no
   plugins, no ``<base>`` elsewhere, fetches only from this site. Anything
   injected later is blocked by the browser even if it slipped past 1.
"""
import base64
import functools
import hashlib
import os
import re
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

# Attributes whose value is an address a browser may follow or load.
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "ping", "srcdoc"}
SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.I)
# Elements that never belong in a page's own content.
FORBIDDEN_IN_ARTICLE = {"script", "iframe", "frame", "object", "embed", "base", "applet"}
# Inline <script type=...> that browsers do not run (data, not code).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}

CSP_META = '<meta http-equiv="Content-Security-Policy" content="{policy}">'


def policy(hashes, offline=False) -> str:
    """The Content-Security-Policy for one page, given its inline scripts' hashes."""
    script = ["'self'"] + [f"'sha256-{h}'" for h in sorted(set(hashes))] + ["'wasm-unsafe-eval'"]
    if offline:
        # From file://, offline.js runs Pagefind from a blob: URL (see scripts/offline.py).
        script.append("blob:")
    return "; ".join([
        "script-src " + " ".join(script),
        "object-src 'none'",
        "base-uri 'self'",
        "connect-src 'self'" + (" blob:" if offline else ""),
        "form-action 'self'",
    ])


def script_hash(code: str) -> str:
    return base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")


class _Scan(HTMLParser):
    """One page: its problems (line, message) and the code of its inline scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems, self.inline = [], []
        self.article_depth = 0  # >0 while inside <article>
        self.articles = self.article_ends = 0
        self._script = None  # (attrs, line) while inside an inline <script>
        self._chunks = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        names = dict(attrs)
        if tag == "article":
            self.article_depth += 1
            self.articles += 1
            if self.articles == 2:  # the theme writes one; content that closes it early could hide a script after it
                self.problems.append((line, "a second <article>: the page's content may not open or close one"))
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append((line, f"<{tag}> has an inline event handler '{name}='"))
            if name in URL_ATTRS and value and SCRIPT_URL.match(re.sub(r"[\t\n\r]", "", value)):
                self.problems.append((line, f"<{tag} {name}=...> is a script address ({value[:40]!r})"))
        if tag == "meta" and (names.get("http-equiv") or "").lower() == "refresh" and "javascript:" in (names.get("content") or "").lower():
            self.problems.append((line, "<meta http-equiv=refresh> points at a script address"))
        if self.article_depth and tag in FORBIDDEN_IN_ARTICLE:
            self.problems.append((line, f"<{tag}> inside the page's content"))
        if tag == "script":
            self._script, self._chunks = (names, line, self.article_depth > 0), []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "article":
            self.article_depth -= 1
        if tag == "script":
            self.handle_endtag("script")

    def handle_endtag(self, tag):
        if tag == "article":
            self.article_ends += 1
            if self.article_ends == 2:
                self.problems.append((self.getpos()[0], "a second </article>: the page's content may not open or close one"))
        if tag == "article" and self.article_depth:
            self.article_depth -= 1
        if tag == "script" and self._script is not None:
            names, line, in_article = self._script
            code = "".join(self._chunks)
            kind = (names.get("type") or "").lower()
            # A script in the article is reported above and never trusted by the policy.
            if names.get("src") is None and kind not in DATA_SCRIPT_TYPES and code.strip() and not in_article:
                self.inline.append(code)
            if names.get("src") is not None:
                self.src_scripts.append((line, names["src"]))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._chunks.append(data)

    def reset(self):
        super().reset()
        self.src_scripts = []


def full_scan(html: str):
    """Return (problems as (line, message), inline script code, script srcs as (line, src))."""
    parser = _Scan()
    parser.feed(html)
    parser.close()
    return parser.problems, parser.inline, parser.src_scripts


# The fast path of scan_page: a part of a page that passes `_looks_clean` can
# hold no event handler, script address, frame or script, so it is not parsed.
# False alarms only cost time: that part is then parsed in full. The patterns
# run on lower-cased text and start with a literal, which keeps them fast.
_HANDLER = re.compile(r"""on(?<=[\s"'/]on)[a-z]+\s*=""")  # onerror= after a space, quote or slash
_ODD = re.compile(r"""<(?:script|iframe|frame|object|embed|base|applet)\b|<!--|<!\[cdata\[|http-equiv\s*=\s*["']?refresh""")
_SCRIPT_ADDRESS = re.compile(r"script\s*:")  # javascript:, vbscript:
_DATA_ADDRESS = re.compile(r"data\s*:\s*text/html")
_TAG = re.compile(r"""<[a-zA-Z](?:"[^"]*"|'[^']*'|[^'">])*>""")
_TAG_START = re.compile(r"<[a-zA-Z]")
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.S | re.I)


def _dropped(text: str) -> str:
    """``text`` without tabs and line breaks: browsers drop them from addresses (str.replace is faster than translate)."""
    return text.replace("\t", "").replace("\n", "").replace("\r", "")


# The character references html.unescape decodes (its own pattern).
_ENTITY = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


def _decoded(part: str, low: str) -> str:
    """``html_unescape(part).lower()``, but only the references are decoded and lower-cased: ``low`` has the rest.

    Lower-casing a page of non-ASCII text costs more than all the searches in
    it. (Only a Greek final sigma next to a reference could come out otherwise,
    and the patterns look for ASCII only.)"""
    if "&" not in part:
        return low
    pieces, last = [], 0
    for match in _ENTITY.finditer(part):
        pieces += [low[last:match.start()], html_unescape(match.group(0)).lower()]
        last = match.end()
    pieces.append(low[last:])
    return "".join(pieces)


def _looks_clean(part: str, low: str) -> bool:
    """No handler, frame, script or comment, and no tag whose text, entities decoded, holds a script address.

    ``low`` is ``part`` lower-cased."""
    if _HANDLER.search(low) or _ODD.search(low):
        return False
    # An address inside a tag is an address in the whole text, entities decoded
    # (every tag ends in ">", so none runs from one tag into the next): most
    # parts have none, and need no look at their tags.
    flat = _dropped(_decoded(part, low))
    if not (_SCRIPT_ADDRESS.search(flat) or _DATA_ADDRESS.search(flat)):
        return True
    tags = _TAG.findall(part)
    if len(tags) != len(_TAG_START.findall(part)):
        return False  # a tag the pattern cannot follow (an unclosed quote)
    # Attribute values are read with their entities decoded. Every tag ends in
    # ">", so no address can run from one tag into the next.
    text = "".join(tags)
    flat = _dropped((html_unescape(text) if "&" in text else text).lower())
    return not (_SCRIPT_ADDRESS.search(flat) or _DATA_ADDRESS.search(flat))


def scan_page(html: str):
    """Return (problems as (line, message), inline script code, script srcs as (line, src)).

    The same answer as full_scan, faster. A page is the theme's markup around
    one <article>, the page's own content. The theme's part is parsed only for
    its scripts; the article only if something in it looks like code. A page
    that does not have that shape, or whose theme part looks odd, is parsed
    whole."""
    low = html.lower()
    start, end = low.find("<article"), low.find("</article")
    if len(low) != len(html) or start == -1 or end == -1 or low.count("<article") != 1 or low.count("</article") != 1:
        return full_scan(html)
    end = html.index(">", end) + 1
    scripts = list(_SCRIPT.finditer(html, 0, start)) + list(_SCRIPT.finditer(html, end))
    if low.count("<script") != len(scripts):
        return full_scan(html)
    # The theme's markup without its scripts, cut from the page and from its
    # lower-cased copy at the same places (lower-casing a page costs more than cutting it).
    cuts = [0] + [at for match in scripts for at in match.span()] + [len(html)]
    spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
    theme = "".join(html[a:min(b, start)] + html[max(a, end):b] for a, b in spans if a < b)
    theme_low = "".join(low[a:min(b, start)] + low[max(a, end):b] for a, b in spans if a < b)
    if not _looks_clean(theme, theme_low):
        return full_scan(html)
    problems, inline, srcs = [], [], []
    offset, counted = 0, 0  # line breaks before the script; counted up to here
    for match in scripts:  # the theme's own scripts, in page order
        offset += html.count("\n", counted, match.start())
        counted = match.start()
        code, src = _theme_script(match.group(0))
        inline += code
        srcs += [(line + offset, s) for line, s in src]
    if not _looks_clean(html[start:end], low[start:end]):
        offset = html.count("\n", 0, start)
        p, _code, src = full_scan(html[start:end])  # a script in the article is never trusted
        problems += [(line + offset, m) for line, m in p]
        srcs += [(line + offset, s) for line, s in src]
    return problems, inline, sorted(srcs)


@functools.lru_cache(maxsize=512)
def _theme_script(script: str):
    """(inline code, srcs) of one of the theme's <script> elements: the same few recur on every page."""
    _problems, code, srcs = full_scan(script)
    return tuple(code), tuple(srcs)


def _local_file(site_dir: Path, page: Path, src: str, base_path: str = "/", _cache=None) -> bool:
    """Is ``src`` a file of this site? Absolute paths are read under the site's own path.

    ``_cache`` (a dict) remembers the answer per file: every page loads the same few scripts."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return False
    path = parts.path
    if path.startswith("/"):
        if not path.startswith(base_path):
            return False
        target = site_dir / path[len(base_path):]
    else:
        target = page.parent / path
    key = os.path.normpath(target)
    if _cache is not None and key in _cache:
        return _cache[key]
    try:
        target.resolve().relative_to(site_dir.resolve())
        found = target.is_file()
    except ValueError:
        found = False
    if _cache is not None:
        _cache[key] = found
    return found


def source_of(page: Path, site_dir: Path, use_directory_urls=True) -> str:
    """The docs/ file a built page most likely came from, for error messages."""
    rel = page.relative_to(site_dir).as_posix()
    if rel == "404.html":
        return "the theme's 404 page"
    if rel == "index.html":
        return "docs/index.md"
    if use_directory_urls and rel.endswith("/index.html"):
        return f"docs/{rel[:-len('/index.html')]}.md (or its index.md)"
    return f"docs/{rel[:-len('.html')]}.md"


def check_page(html: str, site_dir: Path, page: Path, source: str, offline=False, protect=True, base_path="/",
               local=None) -> tuple:
    """One built page, ``html`` for the file ``page`` under ``site_dir``, made from ``source``.

    Returns (messages ``site/<page>:<line>: <problem> (from <source>). Fix: ...``,
    the page with its Content-Security-Policy, or as it was when ``protect`` is
    off). ``local``: a dict that remembers which script files exist, shared
    between the pages of one build."""
    problems, inline, srcs = scan_page(html)
    for line, src in srcs:
        if not _local_file(site_dir, page, src, base_path, local):
            problems.append((line, f"<script src={src!r}> is not a file of this site"))
    rel = page.relative_to(site_dir).as_posix()
    messages = [
        f"site/{rel}:{line}: {problem} (from {source}). "
        "Fix: pages hold text, links and images only; remove the script, the handler or the "
        "address (ask a developer to add behaviour in docs/assets/ instead)."
        for line, problem in problems
    ]
    if protect and "<head>" in html:
        html = protect_page(html, offline, inline)
    return messages, html


def check_and_protect(site_dir: Path, use_directory_urls=True, offline=False, protect=True, base_path="/",
                      pages=None) -> list:
    """Check every page in ``site_dir`` (or only ``pages``); add the CSP to each (unless ``protect`` is off).

    For files already written: the build checks its own pages before MkDocs
    writes them (check_page, from the ``on_post_page`` hook), and this the rest,
    such as the 404 page and the redirects. Returns check_page's messages; an
    empty list when the site is clean.
    """
    messages = []
    local = {}
    for page in sorted(site_dir.rglob("*.html")) if pages is None else pages:
        html = page.read_text(encoding="utf-8")
        found, protected = check_page(html, site_dir, page, source_of(page, site_dir, use_directory_urls), offline,
                                      protect, base_path, local)
        messages += found
        if protected != html:
            _write_whole(page, protected)
    return messages


def _write_whole(path: Path, text: str) -> None:
    """Replace ``path`` in one step: a reader (Pagefind, indexing meanwhile) sees the old page or the new one."""
    part = path.with_name(path.name + ".part")
    part.write_text(text, encoding="utf-8")
    os.replace(part, path)


_CSP_START = '<meta http-equiv="Content-Security-Policy" content="'


def _without_policy(html: str) -> str:
    """``html`` with any Content-Security-Policy <meta> (and the indentation before it) taken out."""
    at = html.find(_CSP_START)
    while at != -1:
        end = html.find('">', at + len(_CSP_START))
        if end == -1:
            break
        begin = len(html[:at].rstrip(" \t"))
        if html[begin - 1:begin] == "\n":
            begin -= 1
        html = html[:begin] + html[end + 2:]
        at = html.find(_CSP_START, begin)
    return html


def protect_page(html: str, offline=False, inline=None) -> str:
    """``html`` with one Content-Security-Policy first in ``<head>``, trusting its own inline scripts.

    Any policy already there is replaced, so a script that edits a built page
    (scripts/offline.py) calls this again afterwards. ``inline``: the page's
    inline scripts when the caller has already scanned it."""
    html = _without_policy(html)
    if inline is None:
        _problems, inline, _srcs = scan_page(html)
    meta = CSP_META.format(policy=policy([script_hash(c) for c in inline], offline))
    return html.replace("<head>", "<head>\n    " + meta, 1)
