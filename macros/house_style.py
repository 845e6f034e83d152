"""House style from our own data: advice prose must not use the words our cards forbid.

Every phrase card may list ``instead_of``: what agents should not say. Calmline's
own advice should not say it either ("It's our policy to...", "calm down and...").
This check reads every page under docs/ and names each line where such a phrase
appears, with the file, the line, the phrase and the card that lists it.

A page may still *quote* what not to say. A line is left alone when:

1. it is a table row (``| ... |``): do/don't tables put the words to avoid in a column;
2. it says it is quoting what not to say: it has one of the MARKERS below as a
   word ("instead of", "rather than", "not", "never", "avoid", "don't", "do not",
   "stop", "without", "worse", "mistake", "rewrite", or any "...n't");
3. it strikes the phrase out or marks it as an example: ``~~...~~``, ``<del>``,
   ``<s>`` or ``==...==`` anywhere on the line;
4. its section's heading has a marker ("## What to avoid", "## Common mistakes",
   "## 3. Give the reason, not the policy");
5. it is an item of a list, or the definition of a definition list, whose lead-in
   (the last line before the list that is not blank and not an item) has a marker,
   or is exactly "Before" (the Before/After pairs of the phrasebook);
6. it is code: inside a fenced block, or a macro line (``{{ ... }}``).

Two-word phrases ("Calm down", "Pick one", "No idea") are everyday English
("until they calm down", "pick one problem"), so they count only inside quotation
marks; longer phrases count anywhere. Front matter is skipped. Matching ignores
case, curly or straight apostrophes and the phrase's closing punctuation, and
needs word boundaries on both sides.

The build runs this as the rule ``house_style`` (macros/checks.py), with the
cards it has loaded; ``python scripts/house_style.py`` runs it alone, with no build.
"""
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

MARKERS = ("instead of", "rather than", "not", "never", "avoid", "don't", "do not", "stop", "without",
           "worse", "mistake", "mistakes", "rewrite")
QUOTING = re.compile(r"\b(" + "|".join(re.escape(m) for m in MARKERS) + r")\b|n't\b", re.I)
STRUCK = re.compile(r"~~.+?~~|<del\b|<s>|==.+?==", re.I)
# Phrases this short count only inside quotation marks.
SHORT = 2  # words
QUOTED = re.compile(r'"[^"]*"|\u201c[^\u201d]*\u201d')
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)]|:)\s+")
# A phrase matches only where a run of these characters starts (its pattern's
# lookbehind), so a line can hold it only if the line has its first run as a word.
WORD = re.compile(r"[\w']+")
FENCE = re.compile(r"^\s*(```+|~~~+)")


@dataclass(frozen=True)
class Phrase:
    text: str  # as the card writes it
    card: str
    file: str  # data/phrases/<theme>.yml
    pattern: re.Pattern
    short: bool
    first: str | None  # the word it starts with (WORD below); None if it starts with another character


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    phrase: str
    card: str
    card_file: str

    @property
    def problem(self) -> str:
        return f"says {self.phrase!r}, which card {self.card!r} in {self.card_file} tells agents not to say."

    @property
    def fix(self) -> str:
        return "rewrite the advice in your own words, or make the line a quotation of what not to say (see macros/house_style.py)."

    def __str__(self):
        return f"{self.path}:{self.line}: {self.problem} Fix: {self.fix}"


def normalise(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'").lower()


def phrase(text: str, card: str, file: str) -> Phrase:
    """One ``instead_of`` phrase of a card, ready to look for in a line."""
    core = normalise(text).strip().rstrip(".!?,").strip()
    words = r"\s+".join(re.escape(w) for w in core.split())
    first = WORD.match(core)
    return Phrase(text, card, file, re.compile(rf"(?<![\w']){words}(?![\w'])"), len(core.split()) <= SHORT,
                  first.group(0) if first else None)


def phrases(data_dir: Path, root: Path) -> list:
    """Every ``instead_of`` phrase in data/phrases/, read straight from the files (no build)."""
    out = []
    for path in sorted((data_dir / "phrases").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for card in data.get("cards", []):
            out += [phrase(text, card["id"], path.relative_to(root).as_posix()) for text in card.get("instead_of") or []]
    return out


@functools.lru_cache(maxsize=4096)  # a section's heading and a list's lead-in are asked about on every line
def marked(line: str) -> bool:
    return bool(QUOTING.search(normalise(line)))


def allowed(line: str, heading: str, lead_in: str) -> bool:
    stripped = line.strip()
    if stripped.startswith(("|", "{{")) or marked(line) or STRUCK.search(line) or marked(heading):
        return True
    return bool(LIST_ITEM.match(line)) and (marked(lead_in) or lead_in.strip().rstrip(":").lower() == "before")


@functools.lru_cache(maxsize=4)  # the same phrases for every page of a build
def _by_first_word(cards: tuple) -> tuple:
    """({a phrase's first word: [(its place in ``cards``, the phrase)]}, [the phrases with no first word])."""
    by_first = {}
    for i, p in enumerate(cards):
        by_first.setdefault(p.first, []).append((i, p))
    anywhere = by_first.pop(None, [])
    return by_first, anywhere


def check_text(rel: str, text: str, cards: list) -> list:
    findings = []
    by_first, anywhere = _by_first_word(tuple(cards))
    lines = text.splitlines()
    start = 0
    if lines and lines[0] == "---":
        start = next((i + 1 for i, text in enumerate(lines[1:], 1) if text == "---"), 0)
    fence, heading, lead_in = None, "", ""
    for n, line in enumerate(lines[start:], start + 1):
        m = FENCE.match(line)
        if m:
            fence = None if fence and m.group(1).startswith(fence) else (fence or m.group(1))
            continue
        if fence:
            continue
        if line.startswith("#"):
            heading, lead_in = line, ""
            continue
        if line.strip() and not LIST_ITEM.match(line) and not line.startswith((" ", "\t")):
            lead_in_here = line
        else:
            lead_in_here = None
        if not allowed(line, heading, lead_in):
            low = normalise(line)
            quoted = " ".join(QUOTED.findall(low))
            # Most lines hold no phrase's first word: only the phrases they could hold are searched for.
            candidates = [c for word in by_first.keys() & set(WORD.findall(low)) for c in by_first[word]] + anywhere
            for _i, p in sorted(candidates, key=lambda c: c[0]):
                if p.pattern.search(quoted if p.short else low):
                    findings.append(Finding(rel, n, p.text, p.card, p.file))
        if lead_in_here is not None:
            lead_in = lead_in_here
    return findings


def check_site(root: Path) -> list:
    cards = phrases(root / "data", root)
    findings = []
    for path in sorted((root / "docs").rglob("*.md")):
        findings += check_text(path.relative_to(root).as_posix(), path.read_text(encoding="utf-8-sig"), cards)
    return findings
