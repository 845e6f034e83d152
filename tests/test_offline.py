"""The offline copy: a zip that works from file://, search included, nothing fetched."""
import importlib.util
import zipfile

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser


def load_offline_script():
    spec = importlib.util.spec_from_file_location("offline", ROOT / "scripts" / "offline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_offline_zip_searches_from_file_url(browser, tmp_path):
    archive = load_offline_script().build(tmp_path)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path / "unzipped")
    index = tmp_path / "unzipped" / "calmline-offline" / "index.html"
    assert index.is_file()
    context = browser.new_context()
    page = context.new_page()
    foreign = []
    page.on("request", lambda r: r.url.startswith("file:") or foreign.append(r.url))
    page.goto(index.as_uri())
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    box.press_sequentially("swearing")
    first = page.locator(".md-search-result__item > .md-search-result__link").first
    first.wait_for(state="attached", timeout=10000)
    assert "situations/rude-or-abusive.html" in first.get_attribute("href")
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().lower().startswith("rude")
    assert not foreign, f"the offline copy tried to reach: {foreign}"
    context.close()
