"""Escaping for data-driven text that goes into pages.

mkdocs-macros has no autoescape, and our cards are parsed as Markdown (so that
glossary tooltips reach inside them). Text from data files must therefore be
safe both as HTML and as Markdown: ``<script>`` must show as text, ``*`` must
not start emphasis, and ``{{`` must not survive as a template marker.
"""
# Characters that HTML, Markdown, its extensions (emoji, mark, tables) or Jinja
# would read as syntax. Each becomes a character reference, which browsers show
# as the character itself. One pass, so no reference is escaped twice.
_REPLACEMENTS = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "\\": "&#92;",
    "`": "&#96;",
    "*": "&#42;",
    "_": "&#95;",
    "[": "&#91;",
    "]": "&#93;",
    "{": "&#123;",
    "}": "&#125;",
    "|": "&#124;",
    "#": "&#35;",
    "=": "&#61;",
    "~": "&#126;",
    "^": "&#94;",
    ":": "&#58;",
}


def esc(text) -> str:
    """Return ``text`` safe to place in HTML, in Markdown and in attributes."""
    return "".join(_REPLACEMENTS.get(ch, ch) for ch in str(text))


def esc_html(text) -> str:
    """Escape only what HTML reads as markup, for text that is Markdown on purpose.

    Onboarding checklist items carry Markdown links; ``esc`` would break them.
    This keeps ``[link](page.md)`` working while ``<img onerror=...>`` shows as text.
    """
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
