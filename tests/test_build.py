"""The strict build passes and leaves no template syntax or external asset behind."""
import re

from conftest import ROOT
from sitecheck import external_assets, oversized_pages

LEFTOVER = re.compile(r"\{\{|\{%|\{#|%\}|\}\}")


def test_strict_build_passes(built):
    proc, _ = built
    assert proc.returncode == 0, "mkdocs build --strict failed:\n" + proc.stderr[-4000:]


def test_no_leftover_template_syntax(html_pages):
    found = []
    for name, html in html_pages.items():
        # Only the page's article: Material's own scripts may hold braces.
        body = html.split('<article', 1)[-1].split("</article>", 1)[0]
        for m in LEFTOVER.finditer(body):
            line = html[: html.find(body) + m.start()].count("\n") + 1
            found.append(f"{name}:{line}: leftover {m.group(0)!r} near {body[max(0, m.start() - 40):m.start() + 40]!r}")
    assert not found, "Template syntax reached the built pages (a macro did not run, or a '{#' was read as a comment; write '{ #id }'):\n" + "\n".join(found[:30])


def test_no_external_assets(html_pages):
    found = external_assets(html_pages)
    assert not found, "Pages load files from other hosts; everything must be served locally:\n" + "\n".join(found[:30])


def test_every_built_page_fits_its_html_budget(site):
    found = oversized_pages(site, ROOT / "docs")
    assert not found, "Pages over the HTML budget:\n" + "\n".join(found)


def test_material_end_of_life_banner_silenced(built):
    proc, _ = built
    assert "end of life" not in proc.stderr + proc.stdout, "Set NO_MKDOCS_2_WARNING=1 for builds."


def test_make_serve_previews_the_site_with_live_reload():
    """The README's first command: the site at the root of the local address, reloading."""
    import os
    import signal
    import socket
    import subprocess
    import time
    import urllib.request

    from conftest import ROOT

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(["make", "--no-print-directory", "serve", f"PORT={port}"], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline, html = time.time() + 90, None
        while time.time() < deadline and html is None:
            try:
                html = urllib.request.urlopen(f"http://127.0.0.1:{port}/situations/angry/", timeout=2).read().decode()
            except OSError:
                time.sleep(0.5)
        assert html is not None, "make serve did not answer at the README's address within 90 s"
        assert "Angry or irate" in html and "livereload" in html
        # The preview searches too: Pagefind's index and the query data are served.
        for path in ("pagefind/pagefind.js", "pagefind/pagefind-entry.json", "search/calmline.json"):
            assert urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5).status == 200, path
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
