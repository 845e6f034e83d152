"""Shared fixtures: one strict build per test session, a local server, a browser.

The site is built once into a temporary folder; every test that needs built
HTML reads it from there. Browser tests use Debian's Chromium through Python
Playwright (never a browser Playwright downloads itself).
"""
import fcntl
import json
import os
import subprocess
from pathlib import Path

import pytest

from harness import (  # noqa: F401  (tests import these from conftest too)
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    build,
    copy_project,
    fetch,
    is_redirect_stub,
    make_serve,
    serve_dir,
)


def first_fast(values) -> list:
    """Parameters for a check run on several variants: the first in `make test`, every one in `make test-all` and CI.

    The variants after the first (more stored values, more hostile inputs, the
    other colour scheme or width) are marked slow."""
    values = list(values)
    return values[:1] + [pytest.param(*(v if isinstance(v, tuple) else (v,)), marks=pytest.mark.slow) for v in values[1:]]


def pytest_terminal_summary(terminalreporter, config):
    """Say what `make test` left out, and where it runs."""
    if "not slow" in (config.getoption("markexpr") or ""):
        terminalreporter.write_line(
            "make test left out the checks marked slow (builds of broken copies, make new and make serve, Zensical, "
            "the offline zip, the browser scripts' behaviours in depth, and the variants after the first of each "
            "browser check). `make test-all` and CI on every pull request run them: run it after changing "
            "macros/, docs/assets/, overrides/, scripts/ or harness/.")


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The result of the one strict build: (process, site folder).

    One build per test run, even when pytest-xdist runs the tests in several
    worker processes: the first worker to need the site builds it in the run's
    shared temporary folder, under a lock; the others wait and read it.
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # every worker's basetemp is a folder in the run's own
    dest, record = shared / "site", shared / "site-build.json"
    with open(shared / "site-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            proc = build(ROOT, dest)
            record.write_text(json.dumps({"args": proc.args, "returncode": proc.returncode,
                                          "stdout": proc.stdout, "stderr": proc.stderr}))
    done = json.loads(record.read_text())
    return subprocess.CompletedProcess(done["args"], done["returncode"], done["stdout"], done["stderr"]), dest


@pytest.fixture(scope="session")
def site(built) -> Path:
    proc, dest = built
    if proc.returncode != 0:
        pytest.fail("The strict build failed, so the built site cannot be checked:\n" + proc.stderr[-4000:], pytrace=False)
    return dest


@pytest.fixture(scope="session")
def html_pages(site):
    """{path relative to site: html text} for every built page.

    Leaves out the stubs the redirects plugin writes at moved pages' old
    addresses (see redirect_maps in mkdocs.yml): they are not pages.
    """
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}
    return {name: html for name, html in pages.items() if not is_redirect_stub(html)}


@pytest.fixture(scope="session")
def server(site):
    """A local HTTP server over the built site; yields its base URL."""
    with serve_dir(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright. A missing Chromium is one clear message."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install it with `sudo apt-get install chromium` "
            "(`make test` does this when it can), or set CALMLINE_CHROMIUM to a Chromium binary.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh browser page that records console errors and off-machine requests."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    pg = context.new_page()
    pg.console_errors = []
    pg.foreign_requests = []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))

    def _route(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            return route.continue_()
        pg.foreign_requests.append(url)
        return route.abort()

    context.route("**/*", _route)
    yield pg
    context.close()
