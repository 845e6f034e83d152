"""The offline copy: a zip that works from file://, the same search included, nothing fetched."""
import functools
import http.server
import importlib.util
import threading
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from harness.search_eval import RESULT_LINKS, TUNING_HIT1, TUNING_HIT3, evaluate, open_search, report, run_query

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # builds the offline zip


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


def test_offline_search_finds_what_the_online_site_finds(offline_page, offline_index):
    """The tuning set, with the same floors as tests/test_search.py (`make bench` runs all three sets offline)."""
    result = evaluate(offline_page, offline_index.as_uri(), "tuning", every_key=False)
    print("\noffline " + report(result))
    assert result["hit3"] >= TUNING_HIT3 and result["hit1"] >= TUNING_HIT1, "offline " + report(result)
    assert not offline_page.foreign, offline_page.foreign


class _MissingIs404Page(http.server.SimpleHTTPRequestHandler):
    """A web server that shows the copy's 404.html for any missing address, as hosts do."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "calmline-offline" / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def offline_server(offline_index):
    """The unzipped copy over HTTP at /calmline-offline/, missing addresses answered with its 404.html."""
    handler = functools.partial(_MissingIs404Page, directory=str(offline_index.parent.parent))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/calmline-offline/"
    httpd.shutdown()


def _check_404(browser, url, root_url, copy: Path):
    """Load the 404 page at ``url``: styles, scripts, logo and links resolve under ``root_url``; search works."""
    context = browser.new_context()
    page = context.new_page()
    # Chromium's preload scanner fetches the page's links before its first script has
    # set <base>: from a deeper address those early guesses miss, harmlessly.
    here = url.rsplit("/", 1)[0] + "/"
    guess = here != root_url and here
    failed, errors = [], []
    page.on("requestfailed", lambda r: guess and r.url.startswith(guess) or failed.append(r.url))
    page.on("response", lambda r: r.status >= 400 and r.url != url and not (guess and r.url.startswith(guess))
            and failed.append(f"{r.status} {r.url}"))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and not m.location.get("url", "").startswith(guess or url) and errors.append(m.text))
    try:
        page.goto(url, wait_until="load")
        assert not failed, f"the 404 page at {url} could not load: {failed}"
        assert not errors, errors
        assert page.evaluate("document.baseURI") == root_url
        styled = page.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')].map(l => [l.href, !!l.sheet])")
        assert styled and all(ok for _, ok in styled), styled
        sheets = page.evaluate("[...document.styleSheets].map(s => s.href).filter(Boolean)")
        assert len(sheets) >= 4 and all(s.startswith(root_url) for s in sheets), sheets
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", "Material's stylesheet is not applied"
        assert page.evaluate("typeof window.component$ !== 'undefined' && typeof window.CalmlineSearch !== 'undefined'"), "scripts did not run"
        logo = page.locator(".md-header .md-logo")
        assert logo.evaluate("a => a.href") == root_url + "index.html" and logo.locator("svg").count() == 1
        assert page.evaluate("document.querySelector('link[rel=icon]').href") == root_url + "assets/favicon.svg"
        links = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
        inside = [h.split("#")[0] for h in links if not h.startswith("https://")]
        assert len(inside) >= 10
        for href in inside:
            assert href.startswith(root_url), f"{href} leaves the copy ({root_url})"
            assert (copy / href[len(root_url):]).is_file(), f"{href}: no such page in the copy"
        box = open_search(page, url)
        pages, _ = run_query(page, box, "customer swearing at me")
        assert pages[0] == "situations/rude-or-abusive/"
        page.locator(RESULT_LINKS).first.click()
        page.wait_for_load_state()
        assert page.url == root_url + "situations/rude-or-abusive.html"
    finally:
        context.close()


def test_offline_404_works_from_file(browser, offline_index):
    copy = offline_index.parent
    _check_404(browser, (copy / "404.html").as_uri(), copy.as_uri() + "/", copy)


@pytest.mark.parametrize("missing", ["no-such-page.html", "situations/no-such-page.html", "onboarding/role-plays/gone/deeper.html"])
def test_offline_404_works_for_a_missing_address_on_a_web_server(browser, offline_index, offline_server, missing):
    _check_404(browser, offline_server + missing, offline_server, offline_index.parent)


def test_every_offline_page_has_a_policy_that_trusts_its_own_scripts(offline_index):
    import re

    from macros import htmlsafety

    for path in sorted(offline_index.parent.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert match, f"{path.name}: no Content-Security-Policy"
        assert "blob:" in match.group(1), f"{path.name}: offline search needs blob: scripts"
        _p, inline, _s = htmlsafety.scan_page(html)
        trusted = set(re.findall(r"'sha256-([^']+)'", match.group(1)))
        assert trusted == {htmlsafety.script_hash(c) for c in inline}, f"{path}: the policy does not match its inline scripts"
