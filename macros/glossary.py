"""The glossary: one entry per term in ``data/glossary.yml``.

From that one source we render the Glossary page, the tooltip definitions
appended to every page (Markdown abbreviations, shown by Material's
``content.tooltips``), and the ``term()`` links that pages use to mark a term.
"""
import bisect
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from . import schemas, yamlfile
from .duplicates import Place, duplicate
from .errors import ContentError, raise_all
from .escape import esc
from .links import rel_link

SHORT_LIMIT = 220  # characters: a tooltip, not an essay


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


@dataclass(frozen=True)
class Term:
    term: str
    short: str
    taught_on: str
    variants: tuple = ()
    long: str = ""
    related: tuple = ()
    line: int | None = None

    @property
    def anchor(self) -> str:
        return slug(self.term)

    @property
    def names(self) -> tuple:
        """The term and its variants, as written in the data."""
        return (self.term,) + self.variants

    @property
    def forms(self) -> set:
        """Every spelling that gets a tooltip: each name, and it capitalised."""
        out = set()
        for n in self.names:
            out.add(n)
            out.add(n[:1].upper() + n[1:])
        return out


class Glossary:
    def __init__(self, terms):
        self.terms = sorted(terms, key=lambda t: t.term.lower())
        self._by_name = {}
        for t in self.terms:
            for n in t.names:
                self._by_name[n.lower()] = t

    def lookup(self, name, page="a page"):
        t = self._by_name.get(str(name).lower())
        if t:
            return t
        close = difflib.get_close_matches(str(name).lower(), self._by_name, n=3, cutoff=0.6)
        hint = f"did you mean {', '.join(repr(c) for c in close)}? " if close else ""
        raise ContentError(page, f"{name!r} is not in the glossary.", f"{hint}Add the term to data/glossary.yml, or fix its spelling.")


@dataclass
class TermContext:
    """Where the glossary is, for the checks that need more than one term."""

    shown: object
    path: Path
    docs_dir: Path
    known: set  # every name of every term, in lower case, the malformed ones' too


def short_fits_a_tooltip(terms: list, ctx: TermContext) -> list:
    """A term's 'short' fits a tooltip (SHORT_LIMIT characters, spaces collapsed)."""
    return [ContentError(ctx.shown, f"term {t.term!r}: 'short' is {len(t.short)} characters; a tooltip holds {SHORT_LIMIT}.", "cut it to one or two sentences; put the rest in 'long'.", t.line)
            for t in terms if len(t.short) > SHORT_LIMIT]


def taught_on_pages_exist(terms: list, ctx: TermContext) -> list:
    """Every 'taught_on' is a page under docs/."""
    return [ContentError(ctx.shown, f"term {t.term!r}: 'taught_on' page {t.taught_on} does not exist.", "give a path under docs/, e.g. playbooks/six-steps.md.", t.line)
            for t in terms if not (ctx.docs_dir / t.taught_on).is_file()]


def one_term_per_spelling(terms: list, ctx: TermContext) -> list:
    """No term is written twice, and each spelling (any case) belongs to one term only."""
    errors, owner_of = [], {}
    for t in terms:
        here = Place(ctx.shown, ctx.path, t.line)
        if t.term.lower() in owner_of and owner_of[t.term.lower()][0].lower() == t.term.lower():
            # The same term twice: name the copy the editor added.
            errors.append(duplicate("term", t.term, owner_of[t.term.lower()][1], here,
                                    action="this is the entry you added: merge what it says into the one at {old}, or name a different term."))
            continue
        for key in sorted({form.lower() for form in t.forms}):
            if key in owner_of:
                other, where = owner_of[key]
                errors.append(ContentError(ctx.shown, f"term {t.term!r}: {key!r} is already a name of {other!r} (line {where.line}).",
                                           f"each spelling may belong to one term only; remove {key!r} from one of them.", t.line))
            else:
                owner_of[key] = (t.term, here)
    return errors


def related_terms_exist(terms: list, ctx: TermContext) -> list:
    """Every 'related' term is a term (or a variant) in the glossary."""
    errors, known = [], ctx.known | {n.lower() for t in terms for n in t.names}
    for t in terms:
        for r in t.related:
            if str(r).lower() not in known:
                close = difflib.get_close_matches(str(r).lower(), known, n=1, cutoff=0.6)
                hint = f"did you mean {close[0]!r}? " if close else ""
                errors.append(ContentError(ctx.shown, f"term {t.term!r}: related term {r!r} is not in the glossary.", f"{hint}add that term, or fix the spelling in 'related'.", t.line))
    return errors


# What a schema cannot say about the glossary, checked on the terms of the right shape.
TERM_CHECKS = [short_fits_a_tooltip, taught_on_pages_exist, one_term_per_spelling, related_terms_exist]


def load(path: Path, docs_dir: Path, root: Path | None = None) -> Glossary:
    """Read data/glossary.yml: its shape per data/schemas/glossary.schema.json, then TERM_CHECKS."""
    shown = path.relative_to(root) if root else path
    data = yamlfile.load(path, root)
    errors = schemas.validate(data, "glossary", shown, path)
    if schemas.above(errors, 2):
        raise_all(errors)
    terms = [
        Term(term=raw["term"].strip(), short=" ".join(raw["short"].split()), taught_on=raw["taught_on"].strip(),
             variants=tuple(v.strip() for v in raw.get("variants", [])), long=raw.get("long", "").strip(),
             related=tuple(raw.get("related", [])), line=yamlfile.line_of(raw))
        for number, raw in enumerate(data["terms"]) if not schemas.failed(errors, ("terms", number))
    ]
    # A term with a mistake is left out, but its names are still names: no knock-on errors.
    names = {str(n).lower() for raw in data["terms"] if isinstance(raw, dict)
             for n in [raw.get("term"), *(raw.get("variants") if isinstance(raw.get("variants"), list) else [])] if n}
    ctx = TermContext(shown, path, docs_dir, names)
    errors += [e for check in TERM_CHECKS for e in check(terms, ctx)]
    raise_all(errors)
    return Glossary(terms)


# ---------------------------------------------------------------- rendering


def abbreviations(glossary: Glossary) -> dict:
    """The tooltips: every spelling of every term, mapped to its short definition.

    Given to Python-Markdown's ``abbr`` extension as its ``glossary`` option, so
    every page gets them without a line of Markdown appended to it.
    """
    return {form: t.short for t in glossary.terms for form in sorted(t.forms)}


def term_link(glossary: Glossary, name, page: str, text=None) -> str:
    """A link to the term's entry on the glossary page, from ``page`` (a path under docs/)."""
    t = glossary.lookup(name, f"docs/{page}")
    href = rel_link(page, "glossary.md")
    return f"[{esc(text or name)}]({href}#{t.anchor})"


def render_page(glossary: Glossary, page: str, titles: dict | None = None) -> str:
    """The glossary page body: A to Z, one heading (and anchor) per term."""
    out, letter = [], None
    letters = sorted({t.term[0].upper() for t in glossary.terms})
    out.append("**Jump to:** " + " · ".join(f"[{letter}](#letter-{letter.lower()})" for letter in letters) + "\n")
    for t in glossary.terms:
        first = t.term[0].upper()
        if first != letter:
            letter = first
            out.append(f"## {letter} {{ #letter-{letter.lower()} }}\n")
        out.append(f"### {esc(t.term)} {{ #{t.anchor} }}\n")
        out.append(f"{esc(t.short)}\n")
        if t.long:
            out.append(f"{esc(t.long)}\n")
        facts = []
        if t.variants:
            facts.append("**Also written:** " + ", ".join(esc(v) for v in t.variants))
        facts.append(f"**Taught on:** [{esc((titles or {}).get(t.taught_on) or _title_of(t.taught_on))}]({rel_link(page, t.taught_on)})")
        if t.related:
            rel = [glossary.lookup(r, page) for r in t.related]
            facts.append("**See also:** " + ", ".join(f"[{esc(r.term)}](#{r.anchor})" for r in rel))
        out.append("  \n".join(facts) + "\n")
    return "\n".join(out)


def _title_of(path: str) -> str:
    stem = path.rsplit("/", 1)[-1].removesuffix(".md")
    if stem == "index":
        stem = path.rsplit("/", 2)[-2] if "/" in path else "home"
    return stem.replace("-", " ").capitalize()


# ---------------------------------------------------------------- coverage


def mentions(text: str, t: Term) -> bool:
    """Does ``text`` use the term or one of its variants as a whole word?"""
    names = sorted(t.names, key=len, reverse=True)
    pattern = r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])"
    return re.search(pattern, text, flags=re.IGNORECASE) is not None


def coverage_problems(glossary: Glossary, page_texts: dict, glossary_page: str = "glossary.md") -> list:
    """Terms no page uses, and terms whose 'taught on' page never mentions them, as messages.

    ``page_texts`` maps a docs/ path to the page's Markdown source.
    """
    return [str(e) for e in coverage_errors(glossary, page_texts, glossary_page=glossary_page)]


def coverage_errors(glossary: Glossary, page_texts: dict, shown="data/glossary.yml", glossary_page: str = "glossary.md") -> list:
    """ContentErrors for terms no page uses, or whose 'taught_on' page never mentions them.

    A term no page uses is usually misspelt in the data (its tooltip then shows
    nowhere), so the fix suggests the closest words the pages do use.
    """
    # Code is not a use of a term (no tooltip shows there), and the contributor
    # guide quotes misspelt terms in its example messages.
    pages = {p: without_code(text) for p, text in page_texts.items() if p != glossary_page}
    errors = []
    for t in glossary.terms:
        if t.taught_on in pages and mentions(pages[t.taught_on], t):
            continue
        used_on = [p for p, text in pages.items() if mentions(text, t)]
        if not used_on:
            errors.append(ContentError(
                shown, f"term {t.term!r} appears on no page besides the glossary, so its tooltip shows nowhere.",
                f"{_did_you_mean(t.term, pages)}use it where it is taught, or remove the term.", t.line))
        elif t.taught_on not in used_on:
            taught = {t.taught_on: pages[t.taught_on]} if t.taught_on in pages else {}
            errors.append(ContentError(
                shown, f"term {t.term!r} is 'taught_on' {t.taught_on}, but that page never mentions it.",
                f"{_did_you_mean(t.term, taught)}set taught_on to a page that teaches it (it appears on {', '.join(sorted(used_on)[:3])}).", t.line))
    return errors


def _did_you_mean(term: str, pages: dict) -> str:
    close, phrases = closest_phrases(term, pages)
    if not close:
        return ""
    where = lambda c: f"docs/{phrases[c.lower()][1]}:{phrases[c.lower()][2]}"  # noqa: E731
    return ("did you mean " + " or ".join(f"{c!r} ({where(c)})" for c in close)
            + "? If so, correct the spelling in 'term' or 'variants'; otherwise ")


FENCED = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", re.M | re.S)
INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")


def without_code(text: str) -> str:
    """The text with fenced code blocks and `code spans` blanked out (line numbers kept)."""
    blank = lambda m: re.sub(r"[^\n]", " ", m.group(0))  # noqa: E731
    return INLINE_CODE.sub(blank, FENCED.sub(blank, text))


PHRASE_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
MARKUP = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|<[^>\n]+>|\]\([^)\n]*\)", re.S)


def page_phrases(pages: dict, sizes=(1, 2, 3)) -> dict:
    """{phrase in lower case: (phrase as written, page, line)} for every run of ``sizes`` words."""
    out = {}
    for page, text in sorted(pages.items()):
        text = MARKUP.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
        starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        words = list(PHRASE_WORD.finditer(text))
        for i, first in enumerate(words):
            for n in sizes:
                if i + n > len(words):
                    continue
                written = " ".join(text[first.start():words[i + n - 1].end()].split())
                if written.lower() not in out:
                    out[written.lower()] = (written, page, bisect.bisect_right(starts, first.start()))
    return out


def closest_phrases(term: str, pages: dict, n: int = 2) -> tuple:
    """(the phrases the pages use that look most like ``term``, as written there; {phrase: (written, page, line)})."""
    size = len(PHRASE_WORD.findall(term)) or 1
    phrases = page_phrases(pages, sizes=sorted({max(1, size - 1), size, size + 1}))
    key = term.lower()
    near = [p for p in phrases if abs(len(p) - len(key)) <= max(3, len(key) // 3)]
    return [phrases[c][0] for c in difflib.get_close_matches(key, near, n=n, cutoff=0.75)], phrases
