"""In Debian's Chromium: pages load cleanly, stay on this machine, and search works."""
import pytest

pytestmark = pytest.mark.browser

PAGES = ["", "situations/angry/", "playbooks/six-steps/", "phrasebook/empathy/", "glossary/", "onboarding/"]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_console_errors_or_foreign_requests(page, server, path):
    page.goto(server + path, wait_until="networkidle")
    assert page.title(), f"/{path} has no title"
    assert not page.console_errors, f"/{path} logged console errors: {page.console_errors}"
    assert not page.foreign_requests, f"/{path} tried to reach other hosts: {page.foreign_requests}"


def search(page, server, query):
    """Type into the site's own search box; return the result links, best first."""
    page.goto(server, wait_until="networkidle")
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    box.press_sequentially(query)  # Material searches on key events, not on fill()
    results = page.locator(".md-search-result__item > .md-search-result__link")
    results.first.wait_for(state="attached", timeout=10000)
    return [a.get_attribute("href") for a in results.all()]


def test_search_returns_results(page, server):
    links = search(page, server, "angry")
    assert links, "searching 'angry' returned no results"
    assert any("situations/angry" in href for href in links[:3]), links[:5]
    assert not page.console_errors, page.console_errors
