"""MkDocs' own hooks (mkdocs.yml ``hooks:``), for what mkdocs-macros does not pass on.

``on_post_page`` hands over a page's finished HTML before MkDocs writes it.
Calmline checks it there and adds its Content-Security-Policy
(``macros.on_built_page``), so that no page is written twice.

``on_env`` gives the theme's templates ``calmline_nav_link``: the sidebar's
plain link to a page, written in Python (overrides/partials/nav-item.html).
Zensical runs neither: the template falls back to its own markup.
"""
from markupsafe import Markup
from mkdocs.utils import normalize_url


def nav_link(nav_item, page) -> Markup:
    """One page's plain link in the sidebar, as the lean nav-item.html's last branch writes it.

    A Jinja macro call per link was most of a page's build at 100 links a
    section; this writes the same HTML (the title raw, as the template does)."""
    href = normalize_url(str(nav_item.url), page=page)
    return Markup(f'<li class="md-nav__item"><a href="{href}" class="md-nav__link"><span class="md-ellipsis">{nav_item.title}</span></a></li>')


def on_env(env, config, files):
    env.globals["calmline_nav_link"] = nav_link
    return env


def on_post_page(output, page, config):
    import macros  # imported by mkdocs-macros (afresh for each preview build) before any page is written

    return macros.on_built_page(output, page, config)
