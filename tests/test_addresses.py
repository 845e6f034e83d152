"""Every address the site ever answered at still answers: the page, or a redirect to where it went.

Pages move when the site is reorganised (issue 16: one home per topic). Agents
keep bookmarks and team leads keep links in their training notes, so every old
address is listed in tests/old_addresses.txt and must lead somewhere real.
"""
import re
from pathlib import Path

from conftest import is_redirect_stub

LIST = Path(__file__).with_name("old_addresses.txt")


def old_addresses():
    lines = LIST.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_every_old_address_still_answers(site):
    missing = []
    for address in old_addresses():
        target = site / (address.lstrip("/") or "") / "index.html" if address.endswith("/") else site / address
        if not target.is_file():
            missing.append(f"{address}: nothing is built there")
            continue
        html = target.read_text(encoding="utf-8")
        if is_redirect_stub(html):
            goes = re.search(r'<link rel="canonical" href="([^"]+)"', html) or re.search(r'url=([^"]+)"', html)
            dest = goes.group(1) if goes else ""
            rel = (target.parent / dest.split("#")[0]).resolve() if dest and "://" not in dest else None
            if rel is None or not ((rel / "index.html").is_file() or rel.is_file()):
                missing.append(f"{address}: redirects to {dest!r}, which is not a page")
    assert not missing, (
        "Old addresses that no longer answer:\n" + "\n".join(missing)
        + "\nFix: add the moved page to redirect_maps in mkdocs.yml (old path: new path)."
    )


def test_a_redirect_lands_on_the_new_page_in_chromium(page, server):
    page.goto(server + "situations/cultural-differences/#what-to-say")
    page.wait_for_url("**/situations/language-barriers/**")
    assert page.locator("h1").first.inner_text().strip().rstrip("¶") == "Language barriers"
    assert not page.console_errors, page.console_errors
