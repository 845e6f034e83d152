"""Markdown tables that would render wrong without a word: checked in the page source.

Python-Markdown's tables extension never complains. A row with a cell missing
gets an empty cell at the end (the row's text shifts one column left); a row
with a cell too many loses it; a table with no separator row, or a separator
with the wrong number of cells, or a table glued to the paragraph above it, is
shown as a line of pipes. Each of these is a ContentError here, naming the
line, the cells expected and found, and the fix.

Only the Markdown an editor wrote is read: front matter and fenced code blocks
are skipped, and tables that macros generate are not in the source at all.
"""
import re

from .errors import ContentError

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
SEPARATOR_CELL = re.compile(r"^\s*:?-+:?\s*$")
MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# A line right above a table that the table may follow without a blank line:
# a heading, HTML, an admonition, details or tab marker.
MAY_PRECEDE = re.compile(r"^\s*(#|<|!!!|\?\?\?|===|\{\{|\{%)")


def cells(row: str) -> int:
    """How many cells Python-Markdown makes of a table row written with outer pipes."""
    row = MACRO.sub("x", row.strip())
    row = row.replace("\\\\", "xx").replace("\\|", "xx")
    row = CODE_SPAN.sub(lambda m: "x" * len(m.group(0)), row)
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|"):
        row = row[:-1]
    return row.count("|") + 1


def _is_separator(row: str) -> bool:
    inner = row.strip().strip("|")
    return "-" in inner and all(SEPARATOR_CELL.match(c) for c in inner.split("|"))


def table_blocks(text: str):
    """Yield (first line number, [lines], line above or '') for each run of lines starting with '|'."""
    lines = text.split("\n")
    n, fence = 0, None
    if lines and lines[0].strip() == "---":  # front matter
        n = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0) + 1
    block, start = [], 0
    while n <= len(lines):
        line = lines[n] if n < len(lines) else ""
        m = FENCE.match(line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            n += 1
            continue
        if line.lstrip().startswith("|"):
            if not block:
                start = n
            block.append(line)
        else:
            if block:
                yield start + 1, block, (lines[start - 1] if start > 0 else "")
                block = []
            if m:
                fence = m.group(1)
        n += 1


def check(rel: str, text: str) -> list:
    """ContentErrors for the tables in one page's Markdown source; ``rel`` is the path shown (docs/...)."""
    errors, last_end = [], None
    for first, rows, above in table_blocks(text):
        after_table, last_end = last_end == first - 2, first + len(rows) - 1
        if len(rows) < 2 and "|" not in rows[0].strip()[1:]:
            continue  # a lone '|' starting a line of text, not a table
        header = cells(rows[0])
        if len(rows) == 1 and after_table:
            errors.append(ContentError(
                rel, "an empty line cuts this row off from the table above it, so it shows as a line of pipes.",
                "remove the empty line above it.", first))
            continue
        if above.strip() and not above.lstrip().startswith("|") and not MAY_PRECEDE.match(above):
            errors.append(ContentError(
                rel, "this table follows the line above it with no blank line between, so it shows as a line of pipes.",
                "leave an empty line above the table.", first))
        if len(rows) < 2 or not _is_separator(rows[1]):
            errors.append(ContentError(
                rel, f"this table has no separator row under its header (line {first}), so it shows as a line of pipes.",
                f"put a row of {header} '---' cells right under the header: {separator(header)}.", first + 1))
            continue
        found = cells(rows[1])
        if found != header:
            errors.append(ContentError(
                rel, f"the separator row has {_n(found)} and the header (line {first}) has {header}, so the table shows as a line of pipes.",
                f"write one '---' per header cell: {separator(header)}.", first + 1))
            continue
        for offset, row in enumerate(rows[2:], start=2):
            found = cells(row)
            if found < header:
                errors.append(ContentError(
                    rel, f"this table row has {_n(found)}; the header (line {first}) has {header}, so the row's text shifts left and the last column is empty.",
                    "add the missing cell (an empty cell is '| |'); a '|' inside text must be written '\\|'.", first + offset))
            elif found > header:
                errors.append(ContentError(
                    rel, f"this table row has {_n(found)}; the header (line {first}) has {header}, so {'the last cell is' if found - header == 1 else f'the last {found - header} cells are'} dropped from the page.",
                    "remove the extra cell, or write a '|' that is part of the text as '\\|'.", first + offset))
    return errors


def _n(count: int) -> str:
    return f"{count} cell" if count == 1 else f"{count} cells"


def separator(columns: int) -> str:
    return "| " + " | ".join(["---"] * columns) + " |"


def check_pages(sources: dict) -> list:
    """Every page: ``sources`` maps a path under docs/ to its Markdown."""
    return [e for rel, text in sorted(sources.items()) for e in check(f"docs/{rel}", text)]
