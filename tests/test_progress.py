"""Onboarding progress: ticks kept by item id, whatever the browser's storage holds.

The first half calls macros/onboarding.py directly (ids checked, boxes keyed by
id). The second half drives Chromium against the built site with what a hostile
or simply old browser may have stored, a reordered checklist, and storage that
throws on every touch.
"""
import json
import re
import textwrap

import pytest
import yaml

from conftest import ROOT, first_fast
from macros import onboarding
from macros.errors import ContentError

KEY = "calmline.progress."
MODULE = "module-1"
MODULE_PAGE = "onboarding/module-1-why-difficult/"
START_PAGE = "onboarding/"
DATA = yaml.safe_load((ROOT / "data" / "onboarding.yml").read_text(encoding="utf-8"))
IDS = [item["id"] for item in next(m for m in DATA["modules"] if m["id"] == MODULE)["checklist"]]
OTHER_MODULE_ID = next(m for m in DATA["modules"] if m["id"] == "module-3")["checklist"][0]["id"]


def status_text(done: int, total: int = len(IDS)) -> str:
    """What calmline.js shows for ``done`` ticks out of ``total``."""
    if done == 0:
        return "Not started"
    return f"Done: all {total} ticked" if done >= total else f"{done} of {total} done"


# ---------------------------------------------------------------- the data and the render


def module(*items):
    return {"id": "module-9", "title": "T", "page": "p.md", "time": "5 minutes",
            "checklist": [{"id": i, "text": f"Text of {i}"} for i in items]}


def boxes_of(html: str) -> list:
    """[(item id, label text)] in the order the render shows them."""
    return re.findall(r'data-progress-item="([^"]+)"> <label for="progress-module-9-\1">([^<]+)</label>', html)


def test_each_box_carries_its_item_id_not_its_position():
    html = onboarding.render_checklist(module("read-a", "read-b", "wrote-c"))
    assert boxes_of(html) == [("read-a", "Text of read-a"), ("read-b", "Text of read-b"), ("wrote-c", "Text of wrote-c")]
    assert not re.search(r'data-progress-item="\d', html), "a box is keyed by its position"


def test_reordering_the_data_keeps_every_id_with_its_own_item():
    before = dict(boxes_of(onboarding.render_checklist(module("read-a", "read-b", "wrote-c"))))
    after = boxes_of(onboarding.render_checklist(module("wrote-c", "read-a", "read-b")))
    assert [i for i, _ in after] == ["wrote-c", "read-a", "read-b"]
    assert dict(after) == before, "reordering moved an id onto another item's text"


def test_the_start_page_cell_lists_the_module_item_ids():
    md = onboarding.render_overview([module("read-a", "wrote-c")], "onboarding/index.md")
    assert 'data-progress-summary="module-9" data-progress-items="read-a wrote-c">Not started</span>' in md


def test_every_module_in_the_real_data_has_unique_slug_ids():
    for m in DATA["modules"]:
        ids = [item["id"] for item in m["checklist"]]
        assert len(ids) == len(set(ids)), f"{m['id']}: an id is used twice"
        assert all(onboarding.ITEM_ID_PATTERN.match(i) for i in ids), f"{m['id']}: {ids}"


GOOD = """\
modules:
  - id: module-1
    title: Why
    page: m1.md
    time: 45 minutes
    checklist:
      - id: read-why
        text: "Read why"
      - id: read-upsets
        text: "Read UPSETS"
"""


def load_data(tmp_path, text):
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "m1.md").write_text("# M1\n")
    (tmp_path / "data").mkdir(exist_ok=True)
    path = tmp_path / "data" / "onboarding.yml"
    path.write_text(textwrap.dedent(text))
    return onboarding.load(path, tmp_path / "docs", tmp_path)


def test_good_data_loads_with_ids_and_texts(tmp_path):
    modules = load_data(tmp_path, GOOD)
    assert modules[0]["checklist"] == [{"id": "read-why", "text": "Read why"}, {"id": "read-upsets", "text": "Read UPSETS"}]


@pytest.mark.parametrize("old, new, message", [
    ('      - id: read-upsets\n        text: "Read UPSETS"\n', '      - "Read UPSETS"\n',
     "data/onboarding.yml:9: module 'module-1': checklist item 2 must be a set of fields (id, text), not 'Read UPSETS' "
     "(at modules[0].checklist[1]). Fix: write each item as two lines, '- id: read-upsets-formula' and under it 'text: \"Read ...\"', "
     "with an id of lower-case words joined by hyphens that starts with a letter."),
    ("      - id: read-upsets\n", "      - idd: read-upsets\n",
     "data/onboarding.yml:9: module 'module-1': checklist item 2 has no 'id' (at modules[0].checklist[1].id). Fix: add 'id:'"),
    ('        text: "Read UPSETS"\n', '        text: "Read UPSETS"\n        done: true\n',
     "data/onboarding.yml:11: module 'module-1': checklist item 'read-upsets' has unknown field(s) done "
     "(at modules[0].checklist[1].done). Fix: use only: id, text."),
    ("      - id: read-upsets\n", "      - id: read-why\n",
     "data/onboarding.yml:9: module 'module-1': checklist id 'read-why' is already used on line 7. "
     "Fix: give each item of a module its own id; a browser keeps a new hire's tick under it."),
    ("      - id: read-upsets\n", "      - id: '2'\n",
     "data/onboarding.yml:9: module 'module-1': checklist item 2: 'id' is '2', which is not in the right form "
     "(at modules[0].checklist[1].id). Fix: lower-case words joined by hyphens, starting with a letter, e.g. 'read-upsets-formula'"),
    ("      - id: read-upsets\n", "      - id: Read_UPSETS\n",
     "data/onboarding.yml:9: module 'module-1': checklist item 2: 'id' is 'Read_UPSETS', which is not in the right form"),
], ids=["plain-text-item", "no-id", "unknown-field", "duplicate-id", "position-as-id", "not-a-slug"])
def test_a_bad_checklist_id_names_file_line_and_fix(tmp_path, old, new, message):
    assert old in GOOD
    with pytest.raises(ContentError) as err:
        load_data(tmp_path, GOOD.replace(old, new))
    # One problem starts the message; with several, each has its own line.
    assert str(err.value).startswith(message) or f"\n  {message}" in str(err.value), str(err.value)


# ---------------------------------------------------------------- in Chromium: what storage may hold


HOSTILE = {
    # name: (what localStorage holds for module-1, the item ids that must show ticked)
    "old positions, five times the same": ('["1","1","1","1","1"]', []),
    "old positions as numbers": ("[1,2]", []),
    "not JSON": ("not json", []),
    "an object": ('{"a":1}', []),
    "JSON null": ("null", []),
    "one id as a bare string": (json.dumps(IDS[1]), []),
    "ids of items not on the page": (json.dumps([OTHER_MODULE_ID, "no-such-item", IDS[0] + "-x"]), []),
    "a valid id list": (json.dumps([IDS[0], IDS[2]]), [IDS[0], IDS[2]]),
    "valid ids among duplicates and junk": (
        json.dumps([IDS[4], IDS[4], IDS[4], 1, "1", None, {"id": IDS[1]}, [IDS[1]], IDS[3].upper(), " " + IDS[3], IDS[0]]),
        [IDS[0], IDS[4]]),
    "every id, then junk": (json.dumps(IDS + ["1", "2", "3"]), IDS),
}


def store(page, server, raw):
    """Put ``raw`` in localStorage for module-1, from a page of the site (same origin)."""
    page.goto(server + "search/calmline.json", wait_until="domcontentloaded")
    page.evaluate("([key, raw]) => { localStorage.clear(); localStorage.setItem(key, raw); }", [KEY + MODULE, raw])


def settled(page):
    """Wait until calmline.js has restored every checklist and count on the page (it marks each when done)."""
    page.wait_for_function("""() => Array.from(document.querySelectorAll('[data-progress-module]')).every((l) => l.hasAttribute('data-progress-ready'))
        && Array.from(document.querySelectorAll('[data-progress-summary]')).every((c) => c.hasAttribute('data-progress-state'))""", timeout=15000)


def ticked_ids(page) -> list:
    return page.eval_on_selector_all(f"[data-progress-module='{MODULE}'] input[data-progress-item]",
                                     "els => els.filter(e => e.checked).map(e => e.dataset.progressItem)")


@pytest.mark.browser
@pytest.mark.parametrize("name", first_fast(list(HOSTILE)))
def test_a_stored_value_ticks_only_real_items_on_the_module_page(page, server, name):
    raw, expected = HOSTILE[name]
    store(page, server, raw)
    page.goto(server + MODULE_PAGE, wait_until="load")
    settled(page)
    assert ticked_ids(page) == expected, f"stored {raw!r}: wrong boxes ticked"
    status = page.locator(f"[data-progress-module='{MODULE}'] [data-progress-status]").inner_text()
    assert status == status_text(len(expected)), f"stored {raw!r}: the status says {status!r} with {len(expected)} boxes ticked"
    assert page.console_errors == [], page.console_errors


@pytest.mark.browser
@pytest.mark.parametrize("name", first_fast(list(HOSTILE)))
def test_a_stored_value_counts_only_real_items_on_the_start_page(page, server, name):
    raw, expected = HOSTILE[name]
    store(page, server, raw)
    page.goto(server + START_PAGE, wait_until="load")
    settled(page)
    cell = page.locator(f"[data-progress-summary='{MODULE}']")
    assert cell.inner_text() == status_text(len(expected)), f"stored {raw!r}: the start page says {cell.inner_text()!r}"
    state = "none" if not expected else "done" if len(expected) == len(IDS) else "some"
    assert cell.get_attribute("data-progress-state") == state
    assert page.console_errors == [], page.console_errors


@pytest.mark.browser
def test_ticking_a_box_saves_ids_only_and_drops_the_junk(page, server):
    store(page, server, json.dumps(["1", 2, IDS[2], IDS[2], "no-such-item"]))
    page.goto(server + MODULE_PAGE, wait_until="load")
    settled(page)
    page.locator(f"#progress-{MODULE}-{IDS[0]}").check()
    saved = json.loads(page.evaluate("(key) => localStorage.getItem(key)", KEY + MODULE))
    assert saved == [IDS[0], IDS[2]], f"after one tick, storage holds {saved!r}"
    status = page.locator(f"[data-progress-module='{MODULE}'] [data-progress-status]").inner_text()
    assert status == status_text(2)


# ---------------------------------------------------------------- in Chromium: a reordered checklist


def reversed_checklist(html: str) -> str:
    """The built module page with its checklist items in reverse order, as after an editor's reorder."""
    m = re.search(r'(<ul class="progress-list__items">\n)(.*?)(\n</ul>)', html, re.S)
    items = m.group(2).split("\n")
    assert len(items) == len(IDS) and all(i.startswith("<li>") for i in items), "the checklist markup changed: update this test"
    return html[:m.start(2)] + "\n".join(reversed(items)) + html[m.end(2):]


def labels_ticked(page) -> list:
    return sorted(page.eval_on_selector_all(
        f"[data-progress-module='{MODULE}'] input[data-progress-item]",
        "els => els.filter(e => e.checked).map(e => e.labels[0].textContent)"))


@pytest.mark.browser
@pytest.mark.slow
def test_reordering_the_checklist_keeps_each_tick_on_its_item(page, server, site):
    page.goto(server + MODULE_PAGE, wait_until="load")
    settled(page)
    boxes = page.locator(f"[data-progress-module='{MODULE}'] input[data-progress-item]")
    boxes.nth(0).check()
    boxes.nth(3).check()
    before = labels_ticked(page)
    html = (site / MODULE_PAGE / "index.html").read_text(encoding="utf-8")
    page.route(server + MODULE_PAGE, lambda route: route.fulfill(body=reversed_checklist(html), content_type="text/html"))
    page.reload(wait_until="load")
    assert boxes.nth(0).get_attribute("data-progress-item") == IDS[-1], "the page was not reordered: the test proves nothing"
    assert labels_ticked(page) == before, "after the reorder the ticks sit on other items"
    assert page.locator(f"[data-progress-module='{MODULE}'] [data-progress-status]").inner_text() == status_text(2)


# ---------------------------------------------------------------- in Chromium: storage that throws


THROWING = {
    "every Storage method throws": """
        for (const name of ['getItem', 'setItem', 'removeItem', 'key', 'clear']) {
          Storage.prototype[name] = function () { throw new DOMException('storage is disabled', 'SecurityError'); };
        }
        Object.defineProperty(Storage.prototype, 'length', { get() { throw new DOMException('storage is disabled', 'SecurityError'); } });
    """,
    "localStorage itself is blocked": """
        Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('storage is disabled', 'SecurityError'); } });
    """,
}


@pytest.mark.browser
@pytest.mark.parametrize("name", first_fast(list(THROWING)))
def test_with_storage_that_throws_ticking_and_clearing_work_without_an_error(page, server, name):
    page.add_init_script(THROWING[name])
    page.goto(server + MODULE_PAGE, wait_until="load")
    settled(page)
    assert page.evaluate("() => { try { localStorage.getItem('x'); return false; } catch (e) { return true; } }"), "storage does not throw"
    boxes = page.locator(f"[data-progress-module='{MODULE}'] input[data-progress-item]")
    status = page.locator(f"[data-progress-module='{MODULE}'] [data-progress-status]")
    assert status.inner_text() == "Not started"
    boxes.nth(0).check()
    boxes.nth(2).check()
    assert status.inner_text() == status_text(2), "ticking must still update the status, without memory"
    page.goto(server + START_PAGE, wait_until="load")
    settled(page)
    assert page.locator(f"[data-progress-summary='{MODULE}']").inner_text() == "Not started"
    page.once("dialog", lambda d: d.accept())
    page.locator(".progress-reset").click()
    page.wait_for_function("() => (document.getElementById('calmline-status') || {}).textContent")
    assert page.console_errors == [], f"{name}: {page.console_errors}"
