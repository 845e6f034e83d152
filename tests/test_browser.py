"""In Debian's Chromium: pages load cleanly, stay on this machine, and search works."""
import pytest

from harness.search_eval import open_search, run_query

pytestmark = pytest.mark.browser

PAGES = ["", "situations/angry/", "playbooks/six-steps/", "phrasebook/empathy/", "glossary/", "onboarding/"]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_console_errors_or_foreign_requests(page, server, path):
    page.goto(server + path, wait_until="load")
    assert page.title(), f"/{path} has no title"
    assert not page.console_errors, f"/{path} logged console errors: {page.console_errors}"
    assert not page.foreign_requests, f"/{path} tried to reach other hosts: {page.foreign_requests}"


def test_search_returns_results(page, server):
    box = open_search(page, server)
    pages, _ = run_query(page, box, "angry")
    assert pages, "searching 'angry' returned no results"
    assert "situations/angry/" in pages[:3], pages[:5]
    assert not page.console_errors, page.console_errors
