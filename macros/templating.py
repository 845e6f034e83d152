"""Template marks in a page's Markdown: only calls to the site's macros belong there.

mkdocs-macros reads every ``{{ ... }}``, ``{% ... %}`` and ``{# ... #}`` in a page
as Jinja. An editor who types ``{{name}}`` as a slot gets a traceback; one who
types ``{{title}}`` silently gets the page's own title; ``{#id}`` hides the rest
of the line as a comment. ``stray_marks`` finds these before the macros run, so
the build names the file, the line and the fix, and the page shows the text.
"""
import re

_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)
_MARK = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#", re.S)
_CALL = re.compile(r"^\{\{-?\s*([A-Za-z_]\w*)\s*\(.*\)\s*-?\}\}$", re.S)


def _blank(match) -> str:
    """The same text with everything but line breaks blanked, so line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group())


def stray_marks(markdown: str, macros) -> list:
    """Return (line in the Markdown, the mark, problem, fix) for each mark that is not a macro call."""
    text = _RAW.sub(_blank, markdown)
    found = []
    for match in _MARK.finditer(text):
        mark = match.group()
        line = text.count("\n", 0, match.start()) + 1
        if mark == "{#":
            found.append((line, mark, "'{#' starts a template comment, which hides the text after it.",
                          "write '{ #id }' with a space after the brace (for a heading's id); to show the characters themselves, wrap them in {% raw %}...{% endraw %}."))
            continue
        call = _CALL.match(mark)
        if call and call.group(1) in macros:
            continue
        shown = mark if len(mark) <= 40 else mark[:37] + "..."
        started = re.match(r"^\{\{-?\s*([A-Za-z_]\w*)\s*\(", mark)
        if started and started.group(1) in macros:
            name = started.group(1)
            found.append((line, shown, f"{shown!r} starts a call of {name}() but does not finish it.",
                          f"close its quotes and brackets, e.g. {name}(\"an-id\") between the double braces."))
            continue
        names = ", ".join(sorted(macros))
        found.append((line, shown, f"{shown!r} is not a call to one of the site's macros ({names}).",
                      "for a slot the agent fills in, write it in square brackets, e.g. [name]; "
                      "to show the braces themselves, wrap them in {% raw %}...{% endraw %}; "
                      "for a macro, check its name against docs/contribute/templates.md."))
    return found


def neutralise(markdown: str, marks) -> str:
    """Wrap each stray mark in raw tags so Jinja prints it as text instead of running it."""
    for _line, mark, _problem, _fix in marks:
        if mark.endswith("..."):
            continue
        if mark == "{#":
            markdown = markdown.replace("{#", "{ #")
        else:
            markdown = markdown.replace(mark, "{% raw %}" + mark + "{% endraw %}")
    return markdown


def body_offset(source: str, markdown: str) -> int:
    """How many lines of the file come before ``markdown`` (the front matter, usually)."""
    head = markdown[:200]
    at = source.find(head) if head else -1
    return source.count("\n", 0, at) if at > 0 else 0


def call_line(source: str, name: str, arg=None):
    """The line of the first call ``name(arg...)`` in ``source``, or None."""
    if arg is not None and isinstance(arg, str):
        pattern = re.compile(rf"\b{re.escape(name)}\s*\(\s*(?:\w+\s*=\s*)?[\"']{re.escape(arg)}[\"']")
    else:
        pattern = re.compile(rf"\b{re.escape(name)}\s*\(")
    match = pattern.search(source)
    return source.count("\n", 0, match.start()) + 1 if match else None
