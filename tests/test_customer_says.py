"""The customer says...: groups an agent can scan mid-call, and a filter box.

The rows are grouped by what the customer wants, safety first, each group a
screen or two; every row links to the section of its situation page that
helps; the filter box (docs/assets/filter.js) narrows the rows as you type.
"""
import re
from posixpath import normpath

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ROOT, first_fast
from macros import search

PAGE = "customer-says/index.html"
MAX_ROWS = 12
SAFETY = ["danger", "threats"]  # the safety groups, in this order, before any other
H2 = re.compile(r'<h2 id="([^"]+)"')
ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
HREF = re.compile(r'<a href="([^"]+)"')
IDS = re.compile(r'\sid="([^"]+)"')


def article(html: str) -> str:
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def groups(html: str) -> dict:
    """{h2 id: [body rows of its tables]} for each h2 followed by a table, in page order."""
    out = {}
    parts = H2.split(article(html))
    for gid, body in zip(parts[1::2], parts[2::2], strict=True):
        rows = [r for r in ROW.findall(body.split("<tbody>", 1)[-1]) if "<td" in r] if "<table" in body else []
        if rows:
            out[gid] = rows
    return out


def test_groups_are_a_screen_or_two_each(html_pages):
    found = groups(html_pages[PAGE])
    assert len(found) >= 6, f"expected the sayings in several groups, found {list(found)}"
    big = {g: len(rows) for g, rows in found.items() if len(rows) > MAX_ROWS}
    assert not big, f"groups over {MAX_ROWS} rows (split them by what the customer wants): {big}"


def test_every_saying_is_in_a_group(html_pages):
    said = search.sayings(ROOT / "docs" / "customer-says.md", ROOT)
    rows = sum(len(r) for r in groups(html_pages[PAGE]).values())
    assert rows == sum(len(s) for s in said.values()) >= 70


def test_safety_groups_come_first(html_pages):
    order = list(groups(html_pages[PAGE]))
    assert order[:len(SAFETY)] == SAFETY, f"the safety groups {SAFETY} must open the page; the order is {order}"


def test_every_row_links_to_a_section_of_its_situation_page(html_pages):
    problems = []
    for gid, rows in groups(html_pages[PAGE]).items():
        for row in rows:
            links = HREF.findall(row)
            saying = re.sub(r"<[^>]+>", "", row.split("</td>", 1)[0]).strip()
            if not links:
                problems.append(f"{gid}: {saying} links nowhere")
                continue
            target, _, anchor = links[0].partition("#")
            path = normpath("customer-says/" + target) + "/index.html"
            if not path.startswith("situations/") or path not in html_pages:
                problems.append(f"{gid}: {saying} links to {links[0]}, not a situation page")
            elif not anchor:
                problems.append(f"{gid}: {saying} links to the page, not a section (add #what-to-say or a heading's id)")
            elif anchor not in IDS.findall(article(html_pages[path])):
                problems.append(f"{gid}: {saying} links to #{anchor}, which {path} does not have")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- in Chromium

AXE = Axe()
SERIOUS = {"serious", "critical"}
BOX = "#says-filter-input"
STATUS = "#says-filter-status"


def visible_rows(page):
    return page.locator("article tbody tr:visible")


def visible_groups(page):
    return page.evaluate("""() => [...document.querySelectorAll('article h2')]
        .filter(h => h.offsetParent !== null).map(h => h.id)""")


def type_in_filter(page, words):
    page.locator(BOX).fill("")
    page.locator(BOX).press_sequentially(words)


@pytest.mark.browser
def test_filter_narrows_rows_and_escape_restores_them(page, server):
    page.goto(server + "customer-says/", wait_until="load")
    total = visible_rows(page).count()
    assert total >= 70
    # Keyboard only: Tab from the top of the page reaches the box.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "says-filter-input":
            break
    else:
        pytest.fail("Tab never reached the filter box")
    page.keyboard.type("supervisor")
    rows = visible_rows(page)
    assert 1 <= rows.count() < total
    for i in range(rows.count()):
        assert "supervisor" in rows.nth(i).inner_text().lower()
        assert "situations/wants-a-supervisor/" in rows.nth(i).locator("a").first.get_attribute("href")
    assert page.locator(STATUS).inner_text() == f"{rows.count()} sayings match."
    assert visible_groups(page) == ["in-charge", "not-on-the-list"], "groups with no row left should be hidden"
    # Every word must match, in any case and with or without accents.
    type_in_filter(page, "MÁNAGER  Authority")
    assert visible_rows(page).count() == 1
    assert page.locator(STATUS).inner_text() == "1 saying matches."
    type_in_filter(page, "manager zzqx")
    assert visible_rows(page).count() == 0
    assert page.locator(STATUS).inner_text() == "No saying matches: try fewer words."
    page.keyboard.press("Escape")
    assert page.locator(BOX).input_value() == ""
    assert visible_rows(page).count() == total
    assert page.locator(STATUS).inner_text().startswith("Filter cleared")
    assert not page.console_errors, page.console_errors


@pytest.mark.browser
@pytest.mark.slow
def test_filter_works_after_instant_navigation(page, server):
    """Material's instant navigation swaps the article in and emits document$.

    The test server's address is not the site_url, so Material reloads instead;
    the test does what instant navigation does: new article, then document$."""
    page.goto(server + "situations/", wait_until="load")
    assert page.evaluate("() => !!window.document$"), "instant navigation is off: this test no longer tests it"
    page.evaluate("""async () => {
        window.__sameDocument = true;
        const html = await (await fetch('../customer-says/')).text();
        const fresh = new DOMParser().parseFromString(html, 'text/html');
        document.querySelector('article').replaceWith(document.adoptNode(fresh.querySelector('article')));
        history.pushState({}, '', '../customer-says/');
        window.document$.next(document);
    }""")
    page.locator(BOX).wait_for(state="visible")
    assert page.evaluate("() => window.__sameDocument === true")
    type_in_filter(page, "bomb")
    assert visible_rows(page).count() == 1
    assert page.locator(STATUS).inner_text() == "1 saying matches."
    assert not page.console_errors, page.console_errors


@pytest.mark.browser
@pytest.mark.parametrize("scheme, width", first_fast([("light", 1366), ("dark", 390)]))
def test_filtered_page_has_no_serious_axe_violation(browser, server, scheme, width):
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 844})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(server + "customer-says/", wait_until="load")
    page.locator(BOX).wait_for(state="visible", timeout=5000)  # shown by filter.js
    problems = []
    for words in ("supervisor", "zzqx"):
        type_in_filter(page, words)
        for v in AXE.run(page).response["violations"]:
            if v["impact"] in SERIOUS:
                problems.append(f"{words!r}: {v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}")
    # At 390 px the box fits the screen: no sideways scrolling.
    wide = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    label = page.locator("label[for='says-filter-input']").is_visible()
    context.close()
    assert not problems, "\n".join(problems)
    assert label, "the filter box needs a visible label"
    assert not wide, f"the page scrolls sideways at {width}px"
    assert not errors, errors
