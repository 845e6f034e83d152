"""Practice dialogues: bad data fails with file, line and fix; every dialogue plays to an ending.

The first half loads a temporary copy of a real dialogue with one mistake in it
and checks the message names the file, the line and the fix. The second half
drives Chromium against the built site: each dialogue played with the keyboard
only along its good path, what survives a reload, corrupted or throwing
storage, the printable record, the worked example without JavaScript, and axe.
"""
import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ROOT, first_fast
from macros import dialogues, phrases
from macros import site as site_module
from macros.errors import ContentError

DATA = ROOT / "data" / "dialogues"
DOCS = ROOT / "docs"
STORE = "calmline.dialogues"
SAMPLE = "charged-twice"
TEXT = (DATA / f"{SAMPLE}.yml").read_text(encoding="utf-8")
SHOWN = f"data/dialogues/{SAMPLE}.yml"


@pytest.fixture(scope="module")
def known():
    steps = site_module.load_steps(ROOT / "data" / "steps.yml", DOCS, ROOT)
    book = phrases.load(ROOT / "data" / "phrases", site_module.situation_slugs(DOCS), set(steps), ROOT)
    return dialogues.Known(set(book.cards), set(steps), set(site_module.situation_slugs(DOCS)),
                           set(site_module.role_play_slugs(DOCS)))


@pytest.fixture(scope="module")
def real(known):
    return dialogues.load(DATA, known, ROOT)


def line_no(text: str, needle: str) -> int:
    """The 1-based line of the first line of ``text`` that contains ``needle``."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def block(text: str, key: str) -> tuple:
    """(start, end) offsets of the entry ``  key:`` under lines, up to the next entry."""
    start = text.index(f"\n  {key}:\n") + 1
    nxt = re.search(r"\n  [a-z][a-z0-9-]*:\n", text[start + 1:])
    return start, (start + 1 + nxt.start() + 1) if nxt else len(text)


def in_block(text: str, key: str, old: str, new: str) -> str:
    start, end = block(text, key)
    return text[:start] + text[start:end].replace(old, new) + text[end:]


def errors_of(tmp_path, text, known) -> list:
    """Every error message loading ``text`` as data/dialogues/charged-twice.yml gives."""
    folder = tmp_path / "data" / "dialogues"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{SAMPLE}.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        dialogues.load_one(path, known, tmp_path)
    return [str(e) for e in getattr(caught.value, "errors", [caught.value])]


def test_the_real_dialogues_load_and_each_has_a_good_path(real):
    assert len(real) == 12
    for d in real.values():
        assert dialogues.good_path(d), d.id
    assert real["yes-means-no"].channel == "in-person"


def test_an_unchanged_copy_loads(tmp_path, known):
    path = tmp_path / "data" / "dialogues" / f"{SAMPLE}.yml"
    path.parent.mkdir(parents=True)
    path.write_text(TEXT, encoding="utf-8")
    assert dialogues.load_one(path, known, tmp_path).start == "opening"


def _five_choices(text):
    """Two more choices for the opening, which has three."""
    extra = "".join(f'      - say: "Let me see, {n}."\n        verdict: mixed\n        why: It stalls.\n        next: checking\n'
                    for n in (1, 2))
    return text.replace("  dont-calm-me:\n", extra + "  dont-calm-me:\n", 1)


def _no_debrief(text):
    start, end = block(text, "worse-promise")
    entry = text[start:end]
    return text[:start] + entry[: entry.index("    debrief:")] + text[end:]


def _loop(text):
    """Every choice of more-time leads back to more-time."""
    start, end = block(text, "more-time")
    return text[:start] + re.sub(r"next: [a-z-]+", "next: more-time", text[start:end]) + text[end:]


CASES = {
    "choice leading nowhere": (
        lambda t: t.replace("next: dont-calm-me", "next: dont-calm-mee", 1),
        'Okay, try to calm down for me',
        "lines.opening.choices.0.next: 'dont-calm-mee' leads nowhere: there is no such line.",
        "Fix: name one of the lines"),
    "loop with no ending": (
        _loop,
        "It's still eighty-four pounds",
        "lines.more-time: no ending can be reached from this line",
        "Fix: let at least one choice lead on towards an ending"),
    "no good path": (
        lambda t: in_block(t, "calmer-end", "ending: calmer", "ending: worse"),
        "I've just opened my bill",
        "lines.opening: no path from the start to a good ending (calmer, ended or help) uses only good choices.",
        "Fix: make sure each line on the good path has a good choice"),
    "unknown card": (
        lambda t: t.replace("card: worried-about-paying", "card: worried-about-payin", 1),
        "I can understand why you're worried about paying more than you planned, especially this month. Let's",
        "lines.opening.choices.2.card: unknown phrase card 'worried-about-payin'.",
        "Fix: did you mean 'worried-about-paying'?"),
    "unknown step": (
        lambda t: t.replace("step: six-steps/acknowledge", "step: six-steps/acknowledgee", 1),
        "I can understand why you're worried about paying more than you planned, especially this month. Let's",
        "lines.opening.choices.2.step: unknown step 'six-steps/acknowledgee'.",
        "Fix: did you mean 'six-steps/acknowledge'?"),
    "missing debrief": (
        _no_debrief,
        "I'll hold you to that",
        "lines.worse-promise: 'debrief' is a required property.",
        "Fix: an ending needs 'debrief:'"),
    "five choices": (
        _five_choices,
        "I've just opened my bill",
        "lines.opening.choices: 5 items, where 4 is the most allowed.",
        "Fix: give each line 3 or 4 choices"),
    "unknown channel": (
        lambda t: t.replace("channel: phone", "channel: fax", 1),
        "channel: fax",
        "channel: 'fax' is not one of ['phone', 'chat', 'email', 'in-person'].",
        "Fix: use one of: phone, chat, email, in-person."),
}


@pytest.mark.parametrize("case", CASES)
def test_one_mistake_names_file_line_and_fix(tmp_path, known, case):
    change, at, problem, fix = CASES[case]
    text = change(TEXT)
    assert text != TEXT, "the mistake was not made"
    where = f"{SHOWN}:{line_no(text, at)}: "
    found = errors_of(tmp_path, text, known)
    assert any(e.startswith(where + problem) and fix in e for e in found), "\n".join(found)


def test_every_schema_error_is_listed_at_once(tmp_path, known):
    found = errors_of(tmp_path, _five_choices(_no_debrief(TEXT)), known)
    assert any("'debrief' is a required property" in e for e in found)
    assert any("lines.opening.choices" in e and "3 or 4 choices" in e for e in found)


def test_every_file_with_a_mistake_is_listed_in_one_error(tmp_path, known):
    folder = tmp_path / "data" / "dialogues"
    folder.mkdir(parents=True)
    (folder / "a-one.yml").write_text(TEXT.replace("channel: phone", "channel: fax"), encoding="utf-8")
    (folder / "b-two.yml").write_text(TEXT.replace("card: worried-about-paying", "card: nope", 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        dialogues.load(folder, known, tmp_path)
    text = str(caught.value)
    assert "data/dialogues/a-one.yml:" in text and "data/dialogues/b-two.yml:" in text


def test_an_unknown_dialogue_id_lists_the_ids(real):
    with pytest.raises(ContentError) as caught:
        dialogues.find(real, "charged-twise", "docs/x.md")
    assert "did you mean 'charged-twice'?" in str(caught.value) and "outage" in str(caught.value)


def test_data_text_is_escaped_in_the_render(real, known):
    d = real[SAMPLE]
    lines = json.loads(json.dumps(d.lines))
    lines["opening"]["customer"] = "<script>alert(1)</script> *bold* {{ x }}"
    evil = dialogues.Dialogue(d.id, "<b>T</b>", d.channel, d.situations, d.setting, d.start, lines)
    steps = site_module.load_steps(ROOT / "data" / "steps.yml", DOCS, ROOT)
    book = phrases.load(ROOT / "data" / "phrases", site_module.situation_slugs(DOCS), set(steps), ROOT)
    html = dialogues.render(evil, "onboarding/practice/x.md", steps, book.cards, book.themes, phrases.rel_link)
    assert "<script>" not in html and "<b>T</b>" not in html and "{{" not in html
    assert "&lt;script&gt;" in html


# ---------------------------------------------------------------- in Chromium

browser_only = pytest.mark.browser


def page_of(server, dialogue_id):
    return f"{server}onboarding/practice/{dialogue_id}/"


def ready(page):
    page.wait_for_selector(".dialogue[data-dialogue-ready]", state="attached", timeout=15000)


def active(page, js):
    return page.evaluate(f"() => {{ const a = document.activeElement; return {js}; }}")


def tab_to(page, test_js, limit=250):
    """Press Tab until the focused element passes ``test_js`` (an expression over ``a``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if active(page, test_js):
            return
    raise AssertionError(f"Tab never reached an element where {test_js}")


def stored(page):
    return page.evaluate(f"() => JSON.parse(localStorage.getItem('{STORE}'))")


@browser_only
@pytest.mark.parametrize("dialogue_id", first_fast(sorted(p.stem for p in DATA.glob("*.yml"))))
def test_every_dialogue_plays_to_a_good_ending_by_keyboard(page, server, real, dialogue_id):
    d = real[dialogue_id]
    path = dialogues.good_path(d)
    page.goto(page_of(server, dialogue_id), wait_until="load")
    ready(page)
    keys = ["Enter", "Space"]
    for step, (key, n) in enumerate(path):
        assert page.get_attribute(".dialogue", "data-dialogue-at") == key
        # The first choice button of this moment, then n more Tabs.
        tab_to(page, "a.classList.contains('dialogue-player__choice')")
        for _ in range(n):
            page.keyboard.press("Tab")
        assert active(page, "a.textContent").strip("“”") == d.lines[key]["choices"][n]["say"]
        page.keyboard.press(keys[step % 2])
        assert active(page, "a.hasAttribute('data-dialogue-feedback') && a.getAttribute('aria-live')") == "polite", \
            "the feedback did not get focus, or is not aria-live"
        feedback = page.inner_text("[data-dialogue-feedback]")
        assert "Good reply" in feedback and d.lines[key]["choices"][n]["why"][:30] in feedback
        tab_to(page, "a.classList.contains('dialogue-player__continue')", limit=10)
        page.keyboard.press("Enter")
    end = d.lines[page.get_attribute(".dialogue", "data-dialogue-at")]
    assert end.get("ending") in dialogues.GOOD_ENDINGS
    assert page.get_attribute(".dialogue", "data-dialogue-ended") == end["ending"]
    assert page.locator(".dialogue-player__again").is_visible()
    assert page.locator(".dialogue-player .dialogue-line__debrief").is_visible()
    assert stored(page)["d"][dialogue_id]["done"]["path"] == [n for _, n in path]
    page.reload(wait_until="load")
    ready(page)
    assert page.get_attribute(".dialogue", "data-dialogue-ended") == end["ending"], "the finished game was lost on reload"
    assert not page.console_errors, page.console_errors


@browser_only
@pytest.mark.slow
def test_a_game_half_played_resumes_after_a_reload_and_play_again_starts_over(page, server, real):
    d = real[SAMPLE]
    page.goto(page_of(server, SAMPLE), wait_until="load")
    ready(page)
    page.locator(".dialogue-player__choice").nth(2).click()
    page.locator(".dialogue-player__continue").click()
    at = page.get_attribute(".dialogue", "data-dialogue-at")
    assert at == d.lines["opening"]["choices"][2]["next"]
    page.reload(wait_until="load")
    ready(page)
    assert page.get_attribute(".dialogue", "data-dialogue-at") == at
    for _key, n in dialogues.good_path(d)[1:]:
        page.locator(".dialogue-player__choice").nth(n).click()
        page.locator(".dialogue-player__continue").click()
    page.locator(".dialogue-player__again").press("Enter")
    assert page.get_attribute(".dialogue", "data-dialogue-at") == "opening"
    assert active(page, "a.classList.contains('dialogue-player__label')")
    assert stored(page)["d"][SAMPLE]["done"], "play again forgot the finished game"


CORRUPT = {
    "not JSON": "{oops",
    "an old version": json.dumps({"v": 0, "d": {SAMPLE: {"path": [2]}}}),
    "a path out of range": json.dumps({"v": 1, "d": {SAMPLE: {"path": [9, 9]}}}),
    "a path of text": json.dumps({"v": 1, "d": {SAMPLE: {"path": ["2", None]}}}),
    "a list": "[1, 2, 3]",
}


@browser_only
@pytest.mark.parametrize("name", first_fast(CORRUPT))
def test_a_corrupted_stored_value_is_ignored(page, server, name):
    page.goto(server + "search/calmline.json", wait_until="domcontentloaded")
    page.evaluate("([k, v]) => { localStorage.clear(); localStorage.setItem(k, v); }", [STORE, CORRUPT[name]])
    page.goto(page_of(server, SAMPLE), wait_until="load")
    ready(page)
    assert page.get_attribute(".dialogue", "data-dialogue-at") == "opening"
    page.locator(".dialogue-player__choice").first.click()
    assert stored(page)["v"] == 1
    assert not page.console_errors, page.console_errors


@browser_only
@pytest.mark.slow
def test_storage_that_throws_does_not_break_the_game(page, server):
    page.add_init_script("""
        Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('disabled', 'SecurityError'); } });
    """)
    page.goto(page_of(server, SAMPLE), wait_until="load")
    ready(page)
    page.locator(".dialogue-player__choice").nth(2).click()
    assert page.locator("[data-dialogue-feedback]").inner_text().startswith("You said:")
    assert not page.console_errors, page.console_errors


@browser_only
@pytest.mark.slow
def test_without_javascript_the_page_is_a_worked_example(browser, server, real):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(page_of(server, SAMPLE), wait_until="load")
    d = real[SAMPLE]
    assert page.locator(".dialogue-line").count() == len(d.lines)
    assert page.locator(".dialogue-choice__verdict").count() == sum(len(e.get("choices", [])) for e in d.lines.values())
    assert page.locator(".dialogue-line--ending .dialogue-line__debrief").first.is_visible()
    page.goto(server + "onboarding/record/", wait_until="load")
    assert "With JavaScript on, this page lists" in page.inner_text(".training-record")
    context.close()


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@browser_only
@pytest.mark.slow
def test_the_record_lists_a_played_dialogue_and_prints_on_one_page(page, server, real):
    d = real[SAMPLE]
    page.goto(page_of(server, SAMPLE), wait_until="load")
    ready(page)
    for _key, n in dialogues.good_path(d):
        page.locator(".dialogue-player__choice").nth(n).click()
        page.locator(".dialogue-player__continue").click()
    page.evaluate("() => localStorage.setItem('calmline.progress.module-1', JSON.stringify(['read-why-customers-become-difficult']))")
    page.goto(server + "onboarding/record/", wait_until="load")
    page.wait_for_selector("[data-record-ready]", state="attached", timeout=15000)
    row = page.inner_text(f"[data-record-dialogue='{SAMPLE}']")
    assert "finished" in row and "Ending: The customer is calmer" in row, row
    assert "Your replies: " + ", ".join(["good"] * len(dialogues.good_path(d))) in row, row
    assert page.inner_text("[data-record-dialogue='outage']").endswith("not played")
    for label in ("New hire's name", "Trainer's name", "Date", "Signature"):
        assert label in page.inner_text(".training-record__sign")
    page.emulate_media(media="print")
    assert pdf_pages(page.pdf(format="A4")) == 1, "the record does not print on one page"


@browser_only
@pytest.mark.parametrize("scheme", first_fast(["light", "dark"]))
@pytest.mark.parametrize("width", first_fast([390, 1366]))
def test_a_dialogue_mid_play_has_no_serious_axe_violation(browser, server, scheme, width):
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(page_of(server, SAMPLE), wait_until="load")
    ready(page)
    page.locator(".dialogue-player__choice").nth(1).click()  # a mixed reply: its feedback is showing
    found = [f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
             for v in Axe().run(page, context=".dialogue").response["violations"] if v["impact"] in ("serious", "critical")]
    width_ok = page.evaluate("() => document.querySelector('.dialogue').scrollWidth <= document.querySelector('.dialogue').clientWidth + 1")
    context.close()
    assert not found, "\n".join(found)
    assert width_ok, f"the dialogue scrolls sideways at {width}px"
