"""The offline copy: a zip that works from file://, the same search included, nothing fetched."""
import importlib.util
import zipfile

import pytest

from conftest import ROOT
from search_eval import RESULT_LINKS, evaluate, open_search, report, run_query

pytestmark = pytest.mark.browser


def load_offline_script():
    spec = importlib.util.spec_from_file_location("offline", ROOT / "scripts" / "offline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def offline_index(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("offline")
    archive = load_offline_script().build(tmp)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp / "unzipped")
    index = tmp / "unzipped" / "calmline-offline" / "index.html"
    assert index.is_file()
    return index


@pytest.fixture
def offline_page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.foreign = []
    page.errors = []
    page.on("request", lambda r: r.url.startswith(("file:", "blob:", "data:")) or page.foreign.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    yield page
    context.close()


def test_offline_search_answers_first_and_opens_the_page(offline_page, offline_index):
    page = offline_page
    box = open_search(page, offline_index.as_uri())
    pages, _ = run_query(page, box, "customer swearing at me")
    assert pages[0] == "situations/rude-or-abusive/"
    assert page.locator(".cl-answer__say").inner_text()
    page.locator(RESULT_LINKS).first.click()
    page.wait_for_load_state()
    assert page.url.endswith("situations/rude-or-abusive.html")
    assert page.locator("h1").first.inner_text().lower().startswith("rude")
    assert not page.foreign, f"the offline copy tried to reach: {page.foreign}"
    assert not page.errors, page.errors


@pytest.mark.parametrize("name", ["tuning", "held-back", "blind"])
def test_offline_search_finds_what_the_online_site_finds(offline_page, offline_index, name):
    result = evaluate(offline_page, offline_index.as_uri(), name)
    print("\noffline " + report(result))
    floor = 0.90 if name == "tuning" else 0.60  # the same floors as tests/test_search.py
    assert result["hit3"] >= floor, "offline " + report(result)
    assert not offline_page.foreign, offline_page.foreign
