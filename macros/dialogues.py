"""Practice dialogues: branching conversations a new hire plays alone, from data/dialogues/*.yml.

Each file is checked twice. First against its declared schema,
data/schemas/dialogue.schema.json (fields, types, enums, 3 or 4 choices),
with every error collected. Then against the graph rules below, each a small
function named for what it checks. Every problem is a ContentError naming the
file, the line, the field and the fix, and the build lists them all at once.

The render is pure (data in, HTML out). Without JavaScript the page is a worked
example: every line, every choice with its verdict and why, and where it leads.
docs/assets/dialogue.js turns the same markup into a game played one line at a
time; it reads the graph from the ``data-dialogue-graph`` attribute.
"""
import json
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema

from . import yamlfile
from .errors import ContentError, raise_all, unknown
from .escape import esc

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "data" / "schemas" / "dialogue.schema.json"
GOOD_ENDINGS = {"calmer", "ended", "help"}
CHANNELS = {"phone": "Phone", "chat": "Chat", "email": "E-mail", "in-person": "In person"}
VERDICTS = {"good": "Good reply", "mixed": "Mixed reply", "poor": "Poor reply"}
ENDINGS = {
    "calmer": "The customer is calmer",
    "worse": "It got worse",
    "ended": "You ended the contact, rightly",
    "help": "You got help",
}
HOW_TO = "see docs/contribute/dialogues.md"


@dataclass
class Dialogue:
    id: str
    title: str
    channel: str
    situations: list
    setting: str
    start: str
    lines: dict  # key -> {"customer", "choices": [...]} or {"customer", "ending", "debrief"}
    role_play: str | None = None
    source: str = ""
    line_of: dict = field(default_factory=dict)  # key -> line in the file; (key, n) -> line of choice n
    top_line: dict = field(default_factory=dict)  # top-level field -> its line

    def order(self) -> list:
        """Line keys in reading order: breadth first from start, choices in order; unreachable ones last."""
        seen, queue = [], deque([self.start])
        while queue:
            key = queue.popleft()
            if key in seen or key not in self.lines:
                continue
            seen.append(key)
            queue.extend(c["next"] for c in self.lines[key].get("choices", []))
        return seen + [k for k in self.lines if k not in seen]

    def minutes(self) -> int:
        """About how long one play takes: a good path's length, a minute for every one and a half lines."""
        return max(3, min(5, round(len(good_path(self) or []) * 0.8)))


@dataclass
class Known:
    """What a dialogue may refer to."""
    cards: set
    steps: set
    situations: set
    role_plays: set


# ---------------------------------------------------------------- loading and the schema


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _fix_for(error) -> str:
    """What to do about one schema error, in the editor's words."""
    kind, where = error.validator, ".".join(str(p) for p in error.absolute_path) or "the file"
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "the field"
        if missing == "debrief":
            return "an ending needs 'debrief:', two to four sentences on what went well or badly."
        if missing == "choices":
            return "give this line 3 or 4 'choices:', or make it an ending with 'ending:' and 'debrief:'."
        return f"add '{missing}:' here ({HOW_TO})."
    if kind in ("minItems", "maxItems") and error.absolute_path and error.absolute_path[-1] == "choices":
        return "give each line 3 or 4 choices: one good, and the mistakes agents really make."
    if kind == "additionalProperties":
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        return f"remove or rename the field; the allowed fields here are {allowed}."
    if kind == "enum":
        return f"use one of: {', '.join(map(str, error.validator_value))}."
    if kind == "pattern" or kind == "propertyNames":
        if where.endswith("step"):
            return "write a step as <playbook>/<step> from data/steps.yml, e.g. six-steps/acknowledge."
        return "use lower-case words joined by hyphens, starting with a letter for line keys, e.g. dont-calm-me."
    if kind == "not":
        return "an ending has no choices: remove 'choices:' or remove 'ending:' and 'debrief:'."
    if kind == "dependentRequired":
        return "a line with 'debrief:' is an ending: add 'ending:' (calmer, worse, ended or help)."
    if kind == "type":
        return f"write it as {error.validator_value} ({HOW_TO})."
    if kind in ("minLength", "minProperties", "maxLength"):
        return f"write it in full ({HOW_TO})."
    return HOW_TO + "."


def _node_at(data, path):
    """The deepest mapping on ``path`` in data read with line numbers (for its __line__)."""
    node, best = data, yamlfile.line_of(data)
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        best = yamlfile.line_of(node) or best
    return best


def schema_errors(raw, shown, validator=None, top_lines=None) -> list:
    """Every schema error of one file's data (read with line numbers), as ContentErrors.

    The line is that of the mapping that holds the mistake (yamlfile's __line__);
    a top-level field such as ``channel`` is a plain value, so ``top_lines`` gives its own line."""
    validator = validator or jsonschema.Draft202012Validator(schema())
    out = []
    for error in sorted(validator.iter_errors(yamlfile.clean(raw)), key=lambda e: (list(map(str, e.absolute_path)), e.message)):
        path = list(error.absolute_path)
        field_path = ".".join(str(p) for p in path) or "(top level)"
        line = _node_at(raw, path) or 1
        if path and path[0] != "lines" and (top_lines or {}).get(path[0]):
            line = top_lines[path[0]]
        message = error.message if len(error.message) < 160 else error.message[:157] + "..."
        if error.validator in ("minItems", "maxItems") and isinstance(error.instance, list):
            message = f"{len(error.instance)} items, where {error.validator_value} is the {'least' if error.validator == 'minItems' else 'most'} allowed"
        out.append(ContentError(shown, f"{field_path}: {message}.", _fix_for(error), line))
    return out


def load_one(path: Path, known: Known, root: Path | None = None, validator=None) -> Dialogue:
    """Read and check one dialogue file; raise every problem in it at once."""
    shown = path.relative_to(root).as_posix() if root else str(path)
    raw = yamlfile.load(path, root)
    if not isinstance(raw, dict):
        raise ContentError(shown, "expected a dialogue (title, channel, situations, setting, start, lines).", f"copy an existing file in data/dialogues/ ({HOW_TO}).", 1)
    top_lines = {k: _key_line(path, k) for k in ("title", "channel", "role_play", "situations", "setting", "start", "lines")}
    errors = schema_errors(raw, shown, validator, top_lines)
    if not _slug(path.stem):
        errors.append(ContentError(shown, f"the file name {path.name!r} is not a dialogue id.", "name it with lower-case words joined by hyphens, e.g. charged-twice.yml.", 1))
    if errors:
        raise_all(errors)  # the graph rules need a well-formed file
    data = yamlfile.clean(raw)
    line_of = {}
    for key, entry in raw["lines"].items():
        if key == "__line__":
            continue
        line_of[key] = yamlfile.line_of(entry)
        for n, choice in enumerate(entry.get("choices", [])):
            line_of[(key, n)] = yamlfile.line_of(choice)
    dialogue = Dialogue(path.stem, data["title"], data["channel"], data["situations"], data["setting"], data["start"],
                        data["lines"], data.get("role_play"), shown, line_of)
    dialogue.top_line = top_lines
    raise_all(check(dialogue, known))
    return dialogue


def _slug(text: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", text))


def _key_line(path: Path, key: str) -> int | None:
    """The line of a top-level key (top-level fields are scalars or lists: no __line__ of their own)."""
    for n, text in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if text.startswith(f"{key}:"):
            return n
    return None


def load(data_dir: Path, known: Known, root: Path | None = None) -> dict:
    """Every data/dialogues/*.yml: {id: Dialogue}; one ContentErrors listing every problem in every file."""
    validator = jsonschema.Draft202012Validator(schema())
    out, errors = {}, []
    for path in sorted(data_dir.glob("*.yml")):
        try:
            out[path.stem] = load_one(path, known, root, validator)
        except ContentError as exc:
            errors.extend(getattr(exc, "errors", [exc]))
    raise_all(errors)
    return out


def find(dialogues: dict, dialogue_id, page) -> Dialogue:
    if dialogue_id in dialogues:
        return dialogues[dialogue_id]
    exc = unknown(page, "dialogue id", dialogue_id, dialogues, f"Use one of: {', '.join(sorted(dialogues))} (data/dialogues/).")
    raise exc


# ---------------------------------------------------------------- the graph rules


def _choices(d: Dialogue):
    """(line key, choice number, choice) for every choice."""
    for key, entry in d.lines.items():
        for n, choice in enumerate(entry.get("choices", [])):
            yield key, n, choice


def _err(d: Dialogue, where, field_path: str, problem: str, fix: str) -> ContentError:
    line = d.line_of.get(where) if not isinstance(where, int) else where
    return ContentError(d.source, f"{field_path}: {problem}", fix, line)


def next_exists(d: Dialogue, known: Known) -> list:
    """Every `next`, and `start`, names a line of this dialogue."""
    keys = ", ".join(d.lines)
    out = []
    if d.start not in d.lines:
        out.append(_err(d, d.top_line.get("start") or 1, "start", f"{d.start!r} is not a line of this dialogue.", f"name one of the lines: {keys}."))
    for key, n, c in _choices(d):
        if c["next"] not in d.lines:
            out.append(_err(d, (key, n), f"lines.{key}.choices.{n}.next", f"{c['next']!r} leads nowhere: there is no such line.",
                            f"name one of the lines ({keys}), or add a line called {c['next']!r}."))
    return out


def _reachable(d: Dialogue, start: str, good_only=False) -> set:
    seen, queue = set(), deque([start])
    while queue:
        key = queue.popleft()
        if key in seen or key not in d.lines:
            continue
        seen.add(key)
        queue.extend(c["next"] for c in d.lines[key].get("choices", []) if not good_only or c["verdict"] == "good")
    return seen


def every_line_reachable(d: Dialogue, known: Known) -> list:
    """Every line can be reached from `start`: a line no choice leads to is never played."""
    if d.start not in d.lines:
        return []  # next_exists reports it
    reached = _reachable(d, d.start)
    return [_err(d, key, f"lines.{key}", "no choice leads to this line, so nobody will ever see it.",
                 f"point a choice's 'next:' at {key!r}, or delete the line.")
            for key in d.lines if key not in reached]


def way_out_everywhere(d: Dialogue, known: Known) -> list:
    """From every line an ending can be reached: a loop with no way out is a game nobody can finish."""
    endings = {k for k, e in d.lines.items() if "ending" in e}
    can_end = set(endings)
    changed = True
    while changed:
        changed = False
        for key, entry in d.lines.items():
            if key not in can_end and any(c["next"] in can_end for c in entry.get("choices", [])):
                can_end.add(key)
                changed = True
    return [_err(d, key, f"lines.{key}", "no ending can be reached from this line: its choices only go round in a loop.",
                 "let at least one choice lead on towards an ending ('next:' a line that can end).")
            for key in d.lines if key not in can_end and all(c["next"] in d.lines for c in d.lines[key].get("choices", []))]


def good_path(d: Dialogue):
    """The shortest path from start to a good ending using only good choices: [(line key, choice number)], or None."""
    queue, seen = deque([(d.start, [])]), set()
    while queue:
        key, path = queue.popleft()
        if key in seen or key not in d.lines:
            continue
        seen.add(key)
        entry = d.lines[key]
        if entry.get("ending") in GOOD_ENDINGS:
            return path
        for n, c in enumerate(entry.get("choices", [])):
            if c["verdict"] == "good":
                queue.append((c["next"], path + [(key, n)]))
    return None


def good_path_exists(d: Dialogue, known: Known) -> list:
    """At least one path from start to a good ending (calmer, ended, help) uses only `good` choices."""
    if d.start not in d.lines or good_path(d) is not None:
        return []
    return [_err(d, d.start, f"lines.{d.start}", "no path from the start to a good ending (calmer, ended or help) uses only good choices.",
                 "make sure each line on the good path has a good choice whose 'next:' leads on, and that the path ends in an ending that is calmer, ended or help.")]


def has_worse_ending(d: Dialogue, known: Known) -> list:
    """At least one ending is `worse`: a new hire must see what the mistakes lead to."""
    if any(e.get("ending") == "worse" for e in d.lines.values()):
        return []
    return [_err(d, d.top_line.get("start") or 1, "lines", "no ending is 'worse'.",
                 "add an ending with 'ending: worse' and point a poor choice at it.")]


def good_choices_teach(d: Dialogue, known: Known) -> list:
    """Every good choice names a `step` or a `card`, so the feedback links to where it is taught."""
    return [_err(d, (key, n), f"lines.{key}.choices.{n}", "a good choice names neither a 'step' nor a 'card'.",
                 "add 'step:' (from data/steps.yml) or 'card:' (from data/phrases/), or both.")
            for key, n, c in _choices(d) if c["verdict"] == "good" and not c.get("step") and not c.get("card")]


def _choices_name_known(d: Dialogue, field: str, known: set, what: str, fix: str) -> list:
    """Every choice's ``field`` (when given) is one of ``known``."""
    out = []
    for key, n, c in _choices(d):
        if c.get(field) and c[field] not in known:
            exc = unknown(d.source, what, c[field], known, fix)
            out.append(_err(d, (key, n), f"lines.{key}.choices.{n}.{field}", exc.problem, exc.fix))
    return out


def cards_exist(d: Dialogue, known: Known) -> list:
    """Every `card` is a phrase card in data/phrases/."""
    return _choices_name_known(d, "card", known.cards, "phrase card", "Use an id from data/phrases/*.yml, or add the card there first.")


def steps_exist(d: Dialogue, known: Known) -> list:
    """Every `step` is a playbook step in data/steps.yml."""
    return _choices_name_known(d, "step", known.steps, "step", "Use a <playbook>/<step> from data/steps.yml.")


def situations_exist(d: Dialogue, known: Known) -> list:
    """Every id under `situations` is a page docs/situations/<id>.md."""
    out = []
    for s in d.situations:
        if s not in known.situations:
            exc = unknown(d.source, "situation", s, known.situations, "Use the name of a page in docs/situations/, without .md.")
            out.append(_err(d, d.top_line.get("situations") or 1, "situations", exc.problem, exc.fix))
    return out


def role_play_exists(d: Dialogue, known: Known) -> list:
    """`role_play`, when given, is a page docs/onboarding/role-plays/<id>.md."""
    if not d.role_play or d.role_play in known.role_plays:
        return []
    exc = unknown(d.source, "role-play", d.role_play, known.role_plays, "Use the name of a page in docs/onboarding/role-plays/, without .md, or leave 'role_play' out.")
    return [_err(d, d.top_line.get("role_play") or 1, "role_play", exc.problem, exc.fix)]


RULES = [next_exists, every_line_reachable, way_out_everywhere, good_path_exists, has_worse_ending,
         good_choices_teach, cards_exist, steps_exist, situations_exist, role_play_exists]


def check(d: Dialogue, known: Known) -> list:
    """Every graph rule's errors, in order."""
    errors = []
    for rule in RULES:
        errors += rule(d, known)
    return errors


# ---------------------------------------------------------------- rendering


def graph(d: Dialogue) -> dict:
    """What dialogue.js needs to replay a stored path: each line's choices (next, verdict) or its ending."""
    lines = {}
    for key, entry in d.lines.items():
        if "ending" in entry:
            lines[key] = {"e": entry["ending"]}
        else:
            lines[key] = {"c": [[c["next"], c["verdict"]] for c in entry["choices"]]}
    return {"start": d.start, "lines": lines}


def graph_attr(d: Dialogue) -> str:
    return esc(_apart(json.dumps(graph(d), separators=(",", ":"))))


def _line_id(d: Dialogue, key: str) -> str:
    return f"dlg-{d.id}-{key}"


def _apart(text: str) -> str:
    """JSON with a space between two braces: "}}" in a page reads as a macro left unrun (the build checks for it)."""
    return re.sub(r"([{}])(?=[{}])", r"\1 ", text)


def render(d: Dialogue, page: str, steps: dict, cards: dict, themes: dict, rel_link, titles=None) -> str:
    """The whole dialogue: the setting, what it practises, then every line as a worked example."""
    order = d.order()
    number = {key: n for n, key in enumerate([k for k in order if "ending" not in d.lines[k]], start=1)}
    endings = [k for k in order if "ending" in d.lines[k]]
    label = {**{k: f"Moment {n}" for k, n in number.items()}, **{k: f"Ending {n}" for n, k in enumerate(endings, start=1)}}
    parts = [
        (f'\n<div class="dialogue" id="dialogue-{d.id}" data-dialogue="{d.id}" data-dialogue-title="{esc(d.title)}" '
         f'data-dialogue-graph="{graph_attr(d)}" markdown="block">\n'),
        f'<p class="dialogue__setting" markdown="span"><strong>The setting</strong> ({CHANNELS[d.channel]}): {esc(d.setting)}</p>\n',
        '<p class="dialogue__practises" markdown="span">It practises: ' + ", ".join(
            f"[{esc((titles or {}).get(f'situations/{s}.md', s.replace('-', ' ')))}]({rel_link(page, f'situations/{s}.md')})"
            for s in d.situations) + ".</p>\n",
        ('<p class="dialogue__how">Below is the whole dialogue as a worked example: each moment, every reply you could give, '
         'and what each one leads to. With JavaScript on, you play it one moment at a time instead.</p>\n'),
    ]
    for key in order:
        entry = d.lines[key]
        if "ending" in entry:
            parts.append(_render_ending(d, key, entry, label[key]))
        else:
            parts.append(_render_moment(d, key, entry, label, page, steps, cards, themes, rel_link))
    parts.append("</div>\n\n")
    return "".join(parts)


def _customer(entry: dict) -> str:
    if not entry.get("customer"):
        return ""
    return f'<blockquote class="dialogue-line__customer" dir="auto" markdown="span"><span class="md-visually-hidden">The customer: </span>“{esc(entry["customer"])}”</blockquote>\n'


def _render_moment(d, key, entry, label, page, steps, cards, themes, rel_link) -> str:
    items = []
    for n, c in enumerate(entry["choices"]):
        links = []
        if c.get("step"):
            step = steps[c["step"]]
            links.append(f'Step: [{esc(step["label"])}]({rel_link(page, step["page"])})')
        if c.get("card"):
            card = cards[c["card"]]
            title = themes.get(card.theme, {}).get("title", card.theme)
            links.append(f'Phrase card: [{esc(title)}: “{esc(card.say)}”]({rel_link(page, f"phrasebook/{card.theme}.md")}#phrase-{card.id})')
        nxt = c["next"]
        links.append(f'<a class="dialogue-choice__next" href="#{_line_id(d, nxt)}" data-next="{nxt}">Leads to: {label[nxt]}</a>')
        items.append(
            f'<li class="dialogue-choice" data-choice="{n}" data-verdict="{c["verdict"]}" markdown="block">\n'
            f'<p class="dialogue-choice__say" dir="auto" markdown="span">“{esc(c["say"])}”</p>\n'
            f'<div class="dialogue-choice__feedback" markdown="block">\n'
            f'<p class="dialogue-choice__verdict dialogue-verdict--{c["verdict"]}">{VERDICTS[c["verdict"]]}</p>\n'
            f'<p class="dialogue-choice__why" markdown="span">{esc(c["why"])}</p>\n'
            f'<p class="dialogue-choice__links" markdown="span">{" · ".join(links)}</p>\n'
            "</div>\n</li>\n"
        )
    return (
        f'<section class="dialogue-line" id="{_line_id(d, key)}" data-line="{key}" aria-label="{label[key]}" markdown="block">\n'
        f'<p class="dialogue-line__label">{label[key]}</p>\n'
        f"{_customer(entry)}"
        f'<p class="dialogue-line__prompt">Your reply:</p>\n'
        f'<ol class="dialogue-choices" markdown="block">\n' + "".join(items) + "</ol>\n</section>\n"
    )


def _render_ending(d, key, entry, label) -> str:
    return (
        f'<section class="dialogue-line dialogue-line--ending" id="{_line_id(d, key)}" data-line="{key}" '
        f'data-ending="{entry["ending"]}" aria-label="{label}" markdown="block">\n'
        f'<p class="dialogue-line__label">{label}: {ENDINGS[entry["ending"]]}</p>\n'
        f"{_customer(entry)}"
        f'<p class="dialogue-line__debrief" markdown="span"><strong>Debrief:</strong> {esc(entry["debrief"])}</p>\n'
        "</section>\n"
    )


def render_table(dialogues: dict, page: str, rel_link, titles=None) -> str:
    """The practice index's table: each dialogue, its channel, what it practises and about how long."""
    rows = ["", "| Dialogue | Channel | What it practises | About how long |", "| --- | --- | --- | --- |"]
    for d in sorted(dialogues.values(), key=lambda d: d.title):
        names = [(titles or {}).get(f"situations/{s}.md", s.replace("-", " ")) for s in d.situations]
        practises = ", ".join([names[0]] + [n[0].lower() + n[1:] if n[:1].isupper() and n[1:2].islower() else n for n in names[1:]])
        rows.append(f"| [{esc(d.title)}]({rel_link(page, f'onboarding/practice/{d.id}.md')}) | {CHANNELS[d.channel]} | "
                    f"{esc(practises)} | {d.minutes()} minutes |")
    return "\n".join(rows) + "\n\n"


def render_record(modules: list, dialogues: dict) -> str:
    """The training record: module checklists and dialogues, filled in by dialogue.js from this browser's storage."""
    mods = "".join(
        f'<li data-record-module="{m["id"]}" data-progress-items="{" ".join(i["id"] for i in m["checklist"])}">'
        f'<span class="record__name">{esc(m["title"])}</span>: <span class="record__value">not started</span></li>\n'
        for m in modules
    )
    dlgs = "".join(
        f'<li data-record-dialogue="{d.id}" data-dialogue-graph="{graph_attr(d)}" '
        f'data-dialogue-endings="{esc(json.dumps({k: ENDINGS[e["ending"]] for k, e in d.lines.items() if "ending" in e}))}">'
        f'<span class="record__name">{esc(d.title)}</span>: <span class="record__value">not played</span></li>\n'
        for d in sorted(dialogues.values(), key=lambda d: d.title)
    )
    return (
        '\n<div class="training-record" data-training-record>\n'
        '<p class="training-record__nojs">With JavaScript on, this page lists the checklist items you have ticked in each module, '
        "and each practice dialogue you have finished, with the ending you reached and your replies. "
        "They are read from this browser only.</p>\n"
        f'<h2 id="record-modules">Modules</h2>\n<ul class="training-record__list">\n{mods}</ul>\n'
        f'<h2 id="record-dialogues">Practice dialogues</h2>\n<ul class="training-record__list">\n{dlgs}</ul>\n'
        "</div>\n\n"
    )
