"""axe-core over every built page, light and dark: no serious or critical violation.

Stock Material's footer text is 4.47:1; docs/assets/calmline.css fixes it at
the source. The search box is checked with its dropdown open and showing an
answer card, results and the no-result state.

Every page is checked on every run, but a page whose check passed before with
exactly the same inputs (its HTML, every stylesheet, script and image of the
site, axe itself, Chromium's version and the checking code) is not run through axe
again: the verdict is read from .axe-cache/. Edit one page and only that page
is checked again; change a stylesheet and every page is. CALMLINE_TEST_CACHE=off
checks everything afresh; CI starts from a clean checkout, with no cache.
"""
import hashlib
import inspect
import json
import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ROOT, first_fast
from harness.search_eval import open_search, run_query

pytestmark = pytest.mark.browser
AXE = Axe()
SERIOUS = {"serious", "critical"}


def serious(results):
    out = []
    for v in results.response["violations"]:
        if v["impact"] in SERIOUS:
            targets = ", ".join(str(n["target"][0]) for n in v["nodes"][:3])
            out.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return out


CACHE = ROOT / ".axe-cache"  # not .cache/: Zensical keeps its cache there, and `zensical build --clean` empties it
VIEWPORT = {"width": 1366, "height": 768}


def _digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


@pytest.fixture(scope="module")
def axe_inputs(site: Path, browser) -> str:
    """Everything besides a page's own HTML that its axe verdict depends on, hashed once."""
    files = [p for p in sorted(site.rglob("*")) if p.is_file() and p.suffix != ".html"
             and not p.relative_to(site).as_posix().startswith(("pagefind/", "search/"))]
    return _digest(AXE.axe_script, browser.version, VIEWPORT, sorted(SERIOUS), inspect.getsource(serious),
                   inspect.getsource(test_every_page_has_no_serious_axe_violation),
                   *(f"{p.relative_to(site).as_posix()}:{hashlib.sha256(p.read_bytes()).hexdigest()}" for p in files))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_serious_axe_violation(browser, server, axe_inputs, html_pages, scheme):
    use_cache = os.environ.get("CALMLINE_TEST_CACHE", "on") != "off"
    context = browser.new_context(color_scheme=scheme, viewport=VIEWPORT)
    page = context.new_page()
    problems = []
    for name in sorted(html_pages):
        if not name.endswith("index.html"):
            continue
        passed = CACHE / _digest(axe_inputs, scheme, name, html_pages[name])
        if use_cache and passed.exists():
            continue
        page.goto(server + name.removesuffix("index.html"), wait_until="load")
        found = serious(AXE.run(page))
        problems += [f"{name} [{scheme}]: {f}" for f in found]
        if use_cache and not found:
            CACHE.mkdir(parents=True, exist_ok=True)
            passed.write_text(json.dumps({"page": name, "scheme": scheme}) + "\n")
    context.close()
    assert not problems, f"{len(problems)} serious accessibility problems:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("scheme", first_fast(["light", "dark"]))
@pytest.mark.parametrize("width", first_fast([1366, 390]))
def test_search_dropdown_has_no_serious_axe_violation(browser, server, scheme, width):
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
    page = context.new_page()
    box = open_search(page, server + "situations/angry/")
    problems = []
    for query in ("customer swearing at me", "interupting", "zzqx nothing here"):
        run_query(page, box, query)
        assert page.locator(".cl-search__results").is_visible()
        # Only the search box: the rest of the page is the every-page test's.
        problems += [f"{query!r} [{scheme}, {width}px]: {f}" for f in serious(AXE.run(page, context=".cl-search"))]
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_stock_footer_contrast_would_fail(browser, server):
    """Pins the contrast fix: put Material's stock footer colour back and axe objects."""
    page = browser.new_page()
    page.goto(server, wait_until="load")
    page.add_style_tag(content="body[data-md-color-scheme] { --md-footer-fg-color--lighter: #ffffff73 !important; }")
    ids = [v["id"] for v in AXE.run(page).response["violations"] if v["impact"] in SERIOUS]
    page.close()
    assert "color-contrast" in ids, "with the stock footer colour axe should report color-contrast"


@pytest.mark.slow
def test_every_control_is_reachable_by_keyboard(page, server):
    page.goto(server + "onboarding/module-1-why-difficult/", wait_until="load")
    reached = set()
    for _ in range(400):
        page.keyboard.press("Tab")
        cls = page.evaluate("() => { const e = document.activeElement; return e.tagName + '.' + (e.className || '') + '#' + (e.type || ''); }")
        reached.add(cls)
        kinds = " ".join(reached)
        if "INPUT" in kinds and "checkbox" in kinds and "SUMMARY" in kinds and "ABBR" in kinds:
            break  # every kind reached: no need to walk the rest of the page
    assert "INPUT" in kinds and "checkbox" in kinds, "progress ticks not reachable by Tab"
    assert "SUMMARY" in kinds, "self-check reveals not reachable by Tab"
    assert "ABBR" in kinds, "glossary tooltips not reachable by Tab"
    page.goto(server + "situations/angry/", wait_until="load")
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('phrase-copy')"):
            break
    else:
        pytest.fail("no copy button reachable by Tab on situations/angry")
