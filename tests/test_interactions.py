"""What people do with the site, in Chromium: copy a phrase, follow a card link,
read a phrase in a right-to-left script, read a tooltip, tick onboarding progress,
print. (Hostile stored progress and blocked storage: test_progress.py.)"""
import re
from urllib.parse import urljoin

import pytest
import yaml

from conftest import ROOT, first_fast
from harness.search_eval import open_search, run_query

pytestmark = pytest.mark.browser

# Every bidirectional control a copy button must drop: LRM, RLM, the embeddings
# and overrides, the isolates and the Arabic letter mark.
BIDI_CONTROLS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
# A phrase with a control before, inside and after the words.
TAINTED = "\u202eI can see\u2066 why this\u2069 has made you \u200fangry\u200e, [customer's name].\u061c\u202a\u202b\u202c\u202d\u2067\u2068"
CLEAN = "I can see why this has made you angry, [customer's name]."
ARABIC = "\u201cأفهم لماذا أغضبك هذا.\u201d"
HEBREW = "\u201cתירגע.\u201d"

GLOSSARY = {t["term"]: t["short"] for t in yaml.safe_load((ROOT / "data" / "glossary.yml").read_text())["terms"]}


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", data))


# ---------------------------------------------------------------- phrase cards


def test_copy_button_puts_exactly_the_words_on_the_clipboard(browser, server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server + "situations/angry/", wait_until="load")
    button = page.locator(".phrase-card .phrase-copy").first
    expected = button.get_attribute("data-copy")
    button.focus()
    page.keyboard.press("Enter")  # keyboard-operable
    page.wait_for_function("() => document.querySelector('#calmline-status')?.textContent.startsWith('Copied')")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert button.inner_text().startswith("Copied")
    context.close()


def clipboard_after_clicking(page, button) -> str:
    page.evaluate("() => { const s = document.getElementById('calmline-status'); if (s) s.textContent = ''; }")
    button.click()
    page.wait_for_function("() => (document.getElementById('calmline-status') || {}).textContent?.startsWith('Copied')")
    return page.evaluate("navigator.clipboard.readText()")


@pytest.mark.slow
def test_copy_button_leaves_bidi_controls_off_the_clipboard(browser, server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server + "situations/angry/", wait_until="load")
    button = page.locator(".phrase-card .phrase-copy").first
    button.evaluate("(b, text) => b.setAttribute('data-copy', text)", TAINTED)
    copied = clipboard_after_clicking(page, button)
    assert not [f"U+{ord(c):04X}" for c in copied if c in BIDI_CONTROLS], f"bidi controls reached the clipboard: {copied!r}"
    assert copied == CLEAN, "the words themselves must survive, only the controls go"
    context.close()


@pytest.mark.slow
def test_answer_card_copy_leaves_bidi_controls_off_the_clipboard(browser, server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    box = open_search(page, server)
    run_query(page, box, "furious caller")
    button = page.locator(".cl-answer__copy")
    button.evaluate("(b, text) => b.setAttribute('data-copy', text)", TAINTED)
    assert clipboard_after_clicking(page, button) == CLEAN, "the answer card's copy kept bidi controls"
    context.close()


DIRECTION = """(el) => ({
    dir: getComputedStyle(el).direction,
    rtl: el.matches(':dir(rtl)'),
    pageDir: getComputedStyle(el.closest('article') || document.body).direction,
    htmlDir: getComputedStyle(document.documentElement).direction,
})"""


@pytest.mark.slow
def test_arabic_and_hebrew_phrases_run_right_to_left_in_their_own_element(page, server):
    page.goto(server + "situations/broken-promise/", wait_until="load")
    card = page.locator(".phrase-card:has(.phrase-card__words):has(.phrase-card__avoid)").first
    say, written, avoid = card.locator(".phrase-card__say"), card.locator(".phrase-card__words"), card.locator(".phrase-card__avoid del").first
    for element, text in ((say, ARABIC), (written, ARABIC), (avoid, HEBREW)):
        element.evaluate("(el, text) => { el.textContent = text; }", text)
    for name, element in (("words", say), ("written version", written), ("instead of", avoid)):
        seen = element.evaluate(DIRECTION)
        assert seen["dir"] == "rtl" and seen["rtl"], f"the card's {name} in a right-to-left script is laid out {seen['dir']}"
        assert seen["pageDir"] == "ltr" and seen["htmlDir"] == "ltr", f"the {name} turned the page around: {seen}"
    # Laid out from the right: the words end at the paragraph's right edge.
    edges = say.evaluate("""(p) => { const r = document.createRange(); r.selectNodeContents(p);
        const text = r.getBoundingClientRect(), box = p.getBoundingClientRect();
        return { gapRight: box.right - text.right, gapLeft: text.left - box.left }; }""")
    assert edges["gapRight"] < 2 < edges["gapLeft"], f"the Arabic words are not aligned to the right: {edges}"
    for selector in (".phrase-card__when", ".phrase-card__label"):
        assert card.locator(selector).first.evaluate(DIRECTION)["dir"] == "ltr", f"{selector} must stay left to right"


@pytest.mark.slow
def test_do_and_dont_table_cells_run_in_their_own_direction(page, server):
    page.goto(server + "phrasebook/empathy/", wait_until="load")
    row = page.locator("table tr:has(del)").first
    avoid, say = row.locator("del").first, row.locator("td:nth-child(2) a")
    avoid.evaluate("(el, text) => { el.textContent = text; }", HEBREW)
    say.evaluate("(el, text) => { el.textContent = text; }", ARABIC)
    for name, element in (("instead of", avoid), ("say", say)):
        assert element.evaluate(DIRECTION)["rtl"], f"the table's {name} cell in a right-to-left script is not laid out right to left"
    assert row.locator("td:nth-child(3)").evaluate(DIRECTION)["dir"] == "ltr", "the Why cell must stay left to right"


@pytest.mark.slow
def test_search_box_answer_and_excerpts_run_in_their_own_direction(page, server):
    box = open_search(page, server)
    run_query(page, box, "furious caller")
    parts = {"the answer's words": page.locator(".cl-answer__say"), "the first move": page.locator(".cl-answer__move-text"),
             "an excerpt": page.locator(".cl-result__excerpt").first}
    for name, element in parts.items():
        assert element.get_attribute("dir") == "auto", f"{name} in the search box has no dir=auto"
        element.evaluate("(el, text) => { el.textContent = text; }", ARABIC)
        assert element.evaluate(DIRECTION)["rtl"], f"{name} in a right-to-left script is not laid out right to left"
    box.fill("שלום")
    seen = box.evaluate(DIRECTION)
    assert seen["rtl"] and seen["htmlDir"] == "ltr", f"typing Hebrew in the search box: {seen}"


@pytest.mark.slow
def test_card_anchor_opens_the_card_on_its_theme_page(page, server):
    page.goto(server + "situations/angry/", wait_until="load")
    link = page.locator(".phrase-card .phrase-card__theme a").first
    card_id = link.locator("xpath=ancestor::div[contains(@class,'phrase-card')]").get_attribute("id")
    target = urljoin(server + "situations/angry/", link.get_attribute("href")) + "#" + card_id
    page.goto(target, wait_until="load")
    card = page.locator(f"#{card_id}")
    assert card.count() == 1, f"{target} has no such card"
    box = card.bounding_box()
    assert 0 <= box["y"] < 768, f"the card #{card_id} is not scrolled into view (y={box['y']})"


def test_first_moves_and_first_card_are_above_the_fold(page, server, site):
    late = []
    for path in sorted((site / "situations").glob("*/index.html")):
        url = f"situations/{path.parent.name}/"
        page.goto(server + url, wait_until="load")
        moves = page.locator("#first-three-moves + ol").bounding_box()
        say = page.locator(".phrase-card__say").first.bounding_box()
        if moves["y"] + moves["height"] > 768 or say["y"] + say["height"] > 768:
            late.append(f"{url}: first moves end at {moves['y'] + moves['height']:.0f}px, first card's words at {say['y'] + say['height']:.0f}px")
    assert not late, "Below the fold on a 1366x768 screen:\n" + "\n".join(late)


# ---------------------------------------------------------------- glossary tooltips


def test_tooltip_shows_the_definition_on_hover_and_on_keyboard_focus(page, server):
    page.goto(server + "situations/angry/", wait_until="load")
    abbr = page.locator("article abbr[tabindex='0']").first
    definition = abbr.get_attribute("title")
    assert definition in GLOSSARY.values()
    abbr.hover()
    tip = page.locator(".md-tooltip2", has_text=definition[:40])
    tip.wait_for(state="visible", timeout=3000)
    page.mouse.move(0, 0)
    tip.wait_for(state="hidden", timeout=3000)
    abbr.focus()
    page.locator(".md-tooltip2", has_text=definition[:40]).wait_for(state="visible", timeout=3000)


# ---------------------------------------------------------------- onboarding progress


@pytest.mark.slow
def test_ticks_are_remembered_after_a_reload_and_shown_on_the_start_page(page, server):
    page.goto(server + "onboarding/module-1-why-difficult/", wait_until="load")
    boxes = page.locator("[data-progress-module='module-1'] input[type=checkbox]")
    total = boxes.count()
    boxes.nth(0).check()
    boxes.nth(1).focus()
    page.keyboard.press("Space")  # keyboard works too
    status = page.locator("[data-progress-module='module-1'] [data-progress-status]")
    assert status.inner_text() == f"2 of {total} done"
    page.reload(wait_until="load")
    assert boxes.nth(0).is_checked() and boxes.nth(1).is_checked() and not boxes.nth(2).is_checked()
    page.goto(server + "onboarding/", wait_until="load")
    assert page.locator("[data-progress-summary='module-1']").inner_text() == f"2 of {total} done"
    assert page.locator("[data-progress-summary='module-2']").inner_text() == "Not started"
    page.once("dialog", lambda d: d.accept())
    page.locator(".progress-reset").click()
    assert page.locator("[data-progress-summary='module-1']").inner_text() == "Not started"


# ---------------------------------------------------------------- print


MODULES = sorted(p.stem for p in (ROOT / "docs" / "onboarding").glob("module-*.md"))
# Page furniture a printed page must not carry: header, tabs, both sidebars, footer, search.
PRINT_HIDDEN = (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".cl-search")
# For each selector: is any match visible? ({} when it matches nothing.) Then each self-check answer's body.
VISIBILITY = """(selectors) => {
  const shown = (el) => el.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true});
  const out = {};
  for (const s of selectors) { const els = [...document.querySelectorAll(s)]; if (els.length) out[s] = els.some(shown); }
  const answers = [...document.querySelectorAll("article details.question")].map(
    (d) => [d.querySelector("summary").textContent.trim(), [...d.children].filter((c) => c.tagName !== "SUMMARY").some(shown)]);
  return {out, answers};
}"""


@pytest.mark.parametrize("module", first_fast(MODULES))
def test_a_module_prints_without_navigation_and_with_answers_shown(page, server, module):
    """Every onboarding module, printed: no header, tabs, sidebars, footer or search box,
    and every self-check answer shown (on screen they are closed).

    Each piece of furniture must first be on screen, or its absence in print proves
    nothing; the answers are counted against the module's '??? question' blocks.
    """
    source = (ROOT / "docs" / "onboarding" / f"{module}.md").read_text(encoding="utf-8")
    questions = len(re.findall(r'^\?\?\? question ', source, flags=re.M))
    page.goto(server + f"onboarding/{module}/", wait_until="load")
    screen = page.evaluate(VISIBILITY, list(PRINT_HIDDEN))
    absent = [s for s in PRINT_HIDDEN if not screen["out"].get(s)]
    assert not absent, f"onboarding/{module}: {absent} not shown on screen, so this test cannot check they are hidden in print. Fix: update PRINT_HIDDEN to the page's furniture."
    assert len(screen["answers"]) == questions >= 4, (
        f"docs/onboarding/{module}.md has {questions} '??? question' blocks but the page shows {len(screen['answers'])} self-check answers")
    assert not any(shown for _, shown in screen["answers"]), f"onboarding/{module}: self-check answers are open on screen; they must start closed"

    page.emulate_media(media="print")
    printed = page.evaluate(VISIBILITY, list(PRINT_HIDDEN))
    shown = [s for s, visible in printed["out"].items() if visible]
    assert not shown, f"onboarding/{module}: {shown} show in print. Fix: hide them in the @media print block of docs/assets/calmline.css."
    hidden = [q for q, visible in printed["answers"] if not visible]
    assert len(printed["answers"]) == questions and not hidden, (
        f"onboarding/{module}: {len(hidden)} of {questions} self-check answers are hidden in print: {hidden}. "
        "Fix: keep details open in print in docs/assets/calmline.css (details::details-content).")
    assert page.pdf(format="A4").startswith(b"%PDF"), f"onboarding/{module}: Chromium could not print the page"


@pytest.mark.parametrize("sheet", ["upsets", "six-steps", "see-states", "top-phrases"])
def test_each_cheat_sheet_prints_on_one_page(page, server, sheet):
    page.goto(server + f"cheat-sheets/{sheet}/", wait_until="load")
    pdf = page.pdf(format="A4", margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"})
    assert pdf_pages(pdf) == 1, f"cheat-sheets/{sheet} prints on {pdf_pages(pdf)} pages; it must fit one"
