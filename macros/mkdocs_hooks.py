"""MkDocs' own hooks (mkdocs.yml ``hooks:``), for the one event mkdocs-macros does not pass on.

``on_post_page`` hands over a page's finished HTML before MkDocs writes it.
Calmline checks it there and adds its Content-Security-Policy
(``macros.on_built_page``), so that no page is written twice. Zensical does
not run this file.
"""


def on_post_page(output, page, config):
    import macros  # imported by mkdocs-macros (afresh for each preview build) before any page is written

    return macros.on_built_page(output, page, config)
