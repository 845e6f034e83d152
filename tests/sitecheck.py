"""Checks over a built site: links, images and anchors resolve; nothing leaves the machine.

Plain functions over the HTML files MkDocs wrote, so a failure names the page
and the target. Used by tests/test_links.py; no network is ever touched.
"""
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from macros import limits

LINK_ATTRS = {"a": "href", "img": "src", "link": "href", "script": "src", "source": "src", "iframe": "src"}
# Files MkDocs or Material generate that are not content pages.
SKIP_PAGES = {"404.html"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        attr = LINK_ATTRS.get(tag)
        if attr and a.get(attr) is not None:
            # <link rel="canonical"> names the page's public address; nothing is loaded.
            if tag == "link" and (a.get("rel") or "") in ("canonical", "alternate"):
                tag = "a"
            self.links.append((tag, a[attr], self.getpos()[0]))


def parse(html: str):
    c = _Collector()
    c.feed(html)
    return c.ids, c.links


def resolve(site: Path, page: str, href: str):
    """Return (target file relative to site or None, fragment) for an internal href."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    base = posixpath.dirname(page)
    target = posixpath.normpath(posixpath.join(base, path))
    if target.startswith(".."):
        return None, parts.fragment
    candidate = site / target
    if candidate.is_dir() or path.endswith("/"):
        target = posixpath.join(target, "index.html")
    return target, parts.fragment


def check_site(site: Path):
    """Return a list of problems, each naming the page, the line and the target."""
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    parsed = {name: parse(html) for name, html in pages.items()}
    problems = []
    for name, (_ids, links) in sorted(parsed.items()):
        if name in SKIP_PAGES:
            continue
        for tag, href, line in links:
            scheme = urlsplit(href).scheme
            if scheme in ("http", "https"):
                problems += _check_external(name, line, href)
                continue
            if scheme in ("mailto", "tel", "data", "blob", "javascript"):
                if scheme == "javascript":
                    problems.append(f"{name}:{line}: <{tag}> uses a javascript: URL ({href}). Use a button and a script instead.")
                continue
            if scheme:
                problems.append(f"{name}:{line}: <{tag}> links to {href!r} with an unknown scheme.")
                continue
            target, fragment = resolve(site, name, href)
            if target is None or not (site / target).is_file():
                problems.append(f"{name}:{line}: <{tag}> points to {href!r}, which does not exist in the built site.")
                continue
            if fragment and target.endswith(".html"):
                target_ids = parsed[target][0] if target in parsed else parse((site / target).read_text(encoding="utf-8"))[0]
                if unquote(fragment) not in target_ids:
                    problems.append(f"{name}:{line}: <{tag}> points to {href!r}, but {target} has no id {fragment!r}.")
    return problems


_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", re.I)


def _check_external(name, line, href):
    parts = urlsplit(href)
    if parts.scheme != "https":
        return [f"{name}:{line}: external link {href!r} is not https. Use the https:// address."]
    if not parts.hostname or not _HOST.match(parts.hostname):
        return [f"{name}:{line}: external link {href!r} has no valid host name."]
    return []


def external_assets(pages: dict):
    """Scripts, styles, images or frames loaded from another host: must be none."""
    found = []
    for name, html in pages.items():
        for tag, href, line in parse(html)[1]:
            if tag != "a" and urlsplit(href).scheme in ("http", "https"):
                found.append(f"{name}:{line}: <{tag}> loads {href} from another host.")
        for m in re.finditer(r"@import\s+url\(|fonts\.googleapis|fonts\.gstatic", html):
            found.append(f"{name}: references {m.group(0)!r}.")
    return found


def oversized_pages(site: Path, docs_dir: Path | None = None):
    """Built pages over the HTML budget (PAGE_HTML_KB in macros/limits.py), each naming the page and by how much."""
    found = []
    for path in sorted(site.rglob("*.html")):
        problem = limits.oversized_page(path.relative_to(site).as_posix(), path.stat().st_size, docs_dir)
        if problem:
            found.append(problem)
    return found
