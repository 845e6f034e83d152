"""The site builds with Zensical (Material's successor) as it does with MkDocs.

Runs the build `make zensical` runs, from .venv-zensical (Zensical 0.0.73 and
nothing of MkDocs), into site-zensical/, then Pagefind over it, and compares
with the MkDocs build: the same pages, the same phrase cards and glossary
tooltips on each, no template syntax left. `make test` creates .venv-zensical
(about 20 s the first time); without it these tests are skipped.
"""
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, is_redirect_stub
from macros import search

ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
SITE = ROOT / "site-zensical"
CARD = re.compile(r'<div class="phrase-card[ "]')
TOOLTIP = re.compile(r"<abbr title=")
LEFTOVER = re.compile(r"\{\{|\{%")

pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not ZENSICAL.exists(),
    reason="no .venv-zensical: run `make zensical` (or `make test-all`, which creates it) to build with Zensical too",
)]


@pytest.fixture(scope="module")
def zensical_site():
    env = dict(os.environ, CALMLINE_SITE_DIR=SITE.name, PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run([str(ZENSICAL), "build", "--clean"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, "zensical build failed:\n" + (proc.stdout + proc.stderr)[-4000:]
    assert "Content error" not in proc.stderr + proc.stdout, (proc.stdout + proc.stderr)[-4000:]
    search.index_site(SITE)
    return SITE


def article(html: str) -> str:
    return html.split("<article", 1)[-1].split("</article>", 1)[0]


@pytest.fixture(scope="module")
def zensical_pages(zensical_site):
    pages = {p.relative_to(zensical_site).as_posix(): p.read_text(encoding="utf-8") for p in zensical_site.rglob("*.html")}
    return {name: html for name, html in pages.items() if not is_redirect_stub(html)}


def test_the_same_pages_as_mkdocs(html_pages, zensical_pages):
    assert sorted(zensical_pages) == sorted(html_pages)


def test_the_same_phrase_cards_and_glossary_tooltips_on_every_page(html_pages, zensical_pages):
    differ = []
    for name, html in sorted(html_pages.items()):
        ours, theirs = article(html), article(zensical_pages.get(name, ""))
        counts = [(len(CARD.findall(a)), len(TOOLTIP.findall(a))) for a in (ours, theirs)]
        if counts[0] != counts[1]:
            differ.append(f"{name}: MkDocs {counts[0]} cards/tooltips, Zensical {counts[1]}")
    assert sum(len(CARD.findall(article(h))) for h in html_pages.values()) > 100
    assert not differ, "\n".join(differ)


def test_no_template_syntax_or_error_box_left(zensical_pages):
    found = [f"{name}: {m.group(0)!r}" for name, html in zensical_pages.items() for m in LEFTOVER.finditer(article(html))]
    found += [f"{name}: a Content error box" for name, html in zensical_pages.items() if "Content error:" in html]
    assert not found, "\n".join(found[:30])


def test_the_old_addresses_redirect_there_too(zensical_site):
    """Zensical honours mkdocs.yml's redirect_maps (the redirects plugin) itself."""
    olds = re.findall(r"^\s+([\w/-]+)\.md: [\w/-]+\.md$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert olds
    for old in olds:
        stub = zensical_site / (old.removesuffix("index") if old.endswith("index") else old + "/") / "index.html"
        assert stub.exists() and is_redirect_stub(stub.read_text(encoding="utf-8")), f"no redirect at {old}"


def test_pagefind_indexes_every_page(site, zensical_site):
    def count(folder: Path) -> int:
        entry = json.loads((folder / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(lang["page_count"] for lang in entry["languages"].values())

    assert count(zensical_site) == count(site)
