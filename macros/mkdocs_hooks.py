"""MkDocs' own hooks (mkdocs.yml ``hooks:``), for what mkdocs-macros does not pass on.

``on_post_page`` hands over a page's finished HTML before MkDocs writes it.
Calmline checks it there and adds its Content-Security-Policy
(``macros.on_built_page``), so that no page is written twice.

``on_env`` gives the theme's templates ``calmline_nav_children``: the items of
the sidebar's open section, the plain links and folded sections written in
Python (overrides/partials/nav-item.html). Zensical runs neither: the template
falls back to its own markup. It also gives ``calmline_toc_items``: a page's
table of contents, which Material draws twice on every page (in the sidebar
and, for phones, under the page's own link), written once in Python
(overrides/partials/toc.html).
"""
from markupsafe import Markup, escape
from mkdocs.utils import normalize_url


def nav_children(section, page, index, caller) -> Markup:
    """The items of the sidebar's open ``section``, in order, as the lean nav-item.html writes them.

    With 100 pages a section, a Jinja loop and macro call per link was most of
    a page's build. Here each other page's plain link, and each folded (pruned)
    section's one link, is written in Python; the open section and the page
    itself (with its table of contents) are left to the template's macro:
    ``caller(item, n)``, ``n`` counted from 1 over all the children as Jinja's
    ``loop.index``. Titles go in raw, as the template writes them."""
    out = []
    for n, item in enumerate(section.children, 1):
        if index is not None and item == index:
            continue
        if item.active or item == page:
            out.append(str(caller(item, n)))
        elif not item.children:
            href = normalize_url(str(item.url), page=page)
            out.append(f'<li class="md-nav__item"><a href="{href}" class="md-nav__link">'
                       f'<span class="md-ellipsis">{item.title}</span></a></li>')
        else:
            out.append(f'<li class="md-nav__item md-nav__item--pruned md-nav__item--nested">{_pruned(item, page)}</li>')
    return Markup("".join(out))


def _pruned(section, page) -> str:
    """A folded section: one link, to its first page (down through first subsections), under its own title."""
    first = section.children[0] if section.children else None
    while first is not None and first.children:
        first = first.children[0]
    href = normalize_url(str(first.url), page=page) if first is not None else ""
    return (f'<a href="{href}" class="md-nav__link"><span class="md-ellipsis">{section.title}</span>'
            '<span class="md-nav__icon md-icon"></span></a>')


def toc_items(toc) -> Markup:
    """The entries of a table of contents, as Material's partials/toc-item.html writes them.

    Material includes toc-item.html once per heading, for each of the page's
    two tables of contents; the second call for the same ``toc`` reuses the first's HTML."""
    if toc is _last_toc[0]:
        return _last_toc[1]
    html = Markup("".join(_toc_item(item) for item in toc))
    _last_toc[:] = [toc, html]  # holding ``toc`` keeps its id from being reused
    return html


_last_toc = [None, None]


def _toc_item(item) -> str:
    link = f'<a href="{item.url}" class="md-nav__link"><span class="md-ellipsis">{item.title}</span></a>'
    if not item.children:
        return f'<li class="md-nav__item">{link}</li>'
    label = escape(Markup(str(item.title)).striptags())
    children = "".join(_toc_item(child) for child in item.children)
    return (f'<li class="md-nav__item">{link}<nav class="md-nav" aria-label="{label}">'
            f'<ul class="md-nav__list">{children}</ul></nav></li>')


def on_env(env, config, files):
    env.globals["calmline_nav_children"] = nav_children
    env.globals["calmline_toc_items"] = toc_items
    return env


def on_post_page(output, page, config):
    import macros  # imported by mkdocs-macros (afresh for each preview build) before any page is written

    return macros.on_built_page(output, page, config)
