"""The strict build passes and leaves no template syntax or external asset behind."""
import re

import pytest

from conftest import ROOT
from harness import build, copy_project
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


def test_the_sites_own_scripts_are_served_minified(site):
    """macros/assets.py: comments and indentation out of every built script; docs/ keeps the source."""
    sources = sorted((ROOT / "docs").rglob("*.js"))
    assert sources
    for source in sources:
        built = (site / source.relative_to(ROOT / "docs")).read_text(encoding="utf-8")
        text = source.read_text(encoding="utf-8")
        assert "/*" in text and "\n  " in text, f"{source.name}: the source should stay commented and indented"
        assert "/*" not in built and "\n  " not in built and len(built) < 0.8 * len(text), f"{source.name} is not minified"


def test_no_external_assets(html_pages):
    found = external_assets(html_pages)
    assert not found, "Pages load files from other hosts; everything must be served locally:\n" + "\n".join(found[:30])


def test_every_built_page_fits_its_html_budget(site):
    found = oversized_pages(site, ROOT / "docs")
    assert not found, "Pages over the HTML budget:\n" + "\n".join(found)


def _between_tags(html: str) -> str:
    """HTML with the whitespace between tags and around text left out, runs of spaces as one."""
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html))


# Calmline's faster copies of Material's partials (overrides/partials/).
LEAN_PARTIALS = ("nav-item.html", "toc.html")


@pytest.mark.slow
def test_the_lean_navigation_writes_what_materials_own_writes(html_pages, tmp_path):
    """overrides/partials/nav-item.html and toc.html against Material's files: the whole site, page by page."""
    project = copy_project(tmp_path)
    for name in LEAN_PARTIALS:
        (project / "overrides" / "partials" / name).unlink()
    proc = build(project, tmp_path / "stock")
    assert proc.returncode == 0, proc.stderr[-3000:]
    differ = [name for name, html in html_pages.items()
              if _between_tags(html) != _between_tags((tmp_path / "stock" / name).read_text(encoding="utf-8"))]
    assert not differ, (
        f"With Material's own {' and '.join(LEAN_PARTIALS)}, {len(differ)} pages come out different, first {differ[0]}. "
        f"overrides/partials/{{{','.join(LEAN_PARTIALS)}}} no longer match what the site uses: read their headers, "
        "then delete them or bring them up to date.")


# The README's commands whose recipes run MkDocs (directly, or through pytest and offline.py).
README_COMMANDS = ("build", "serve", "test", "test-all", "offline")
BANNER = "end of life"
# Stands in for $(PY) in a recipe: whatever the recipe asked for, it runs a small
# Material build with exactly the environment make gave it, and says it ran.
BANNER_PROBE = """
import subprocess, sys
proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", sys.argv[1], "--site-dir", sys.argv[2]],
                      capture_output=True, text=True)
sys.stderr.write(proc.stdout + proc.stderr)
print("probe ran")
sys.exit(proc.returncode)
"""


@pytest.mark.slow
def test_material_end_of_life_banner_silenced(tmp_path):
    """`make build`, `make serve`, `make test`, `make test-all` and `make offline` print no Material end-of-life banner.

    The Makefile exports NO_MKDOCS_2_WARNING = 1 to every recipe. Each README
    command runs with $(PY) swapped for a probe that runs a small Material build
    in the environment make gives the recipe; none may print the banner. The
    control: the same build without the variable must print it, or this test
    proves nothing. The variable is taken out of the test's own environment
    first: under `make test` pytest inherits it, which would hide a missing export.
    """
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    project = tmp_path / "probe"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Probe\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: Probe\ntheme:\n  name: material\n", encoding="utf-8")
    probe = tmp_path / "probe.py"
    probe.write_text(BANNER_PROBE, encoding="utf-8")
    probe_args = [str(project / "mkdocs.yml"), str(tmp_path / "out")]

    control = subprocess.run([sys.executable, str(probe), *probe_args], env=env, capture_output=True, text=True, timeout=120)
    assert control.returncode == 0, "the probe's Material build failed:\n" + control.stderr[-2000:]
    assert BANNER in control.stderr, (
        "Control failed: without NO_MKDOCS_2_WARNING Material printed no end-of-life banner, so this test can no "
        "longer see one. Fix: read how Material prints it now (material/templates/__init__.py) and update BANNER "
        "here and the Makefile's export.")

    shown = []
    for target in README_COMMANDS:
        py = f"{sys.executable} {probe} {' '.join(probe_args)}"
        proc = subprocess.run(["make", "-s", "--no-print-directory", "-o", ".venv/.installed", "-o", ".venv-zensical/.installed", "-o", "browser", target,
                               f"PY={py}"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert "probe ran" in proc.stdout, f"`make {target}` did not run $(PY), so this test checked nothing:\n{proc.stdout}{proc.stderr}"
        if BANNER in proc.stdout + proc.stderr:
            shown.append(target)
    assert not shown, (
        f"Makefile: `make {'`, `make '.join(shown)}` printed Material's end-of-life banner. "
        "Fix: keep `export NO_MKDOCS_2_WARNING = 1` near the top of the Makefile, for every recipe.")


@pytest.mark.slow
def test_make_serve_previews_the_site_with_live_reload():
    """The README's first command: the site at the root of the local address, reloading."""
    import time

    from conftest import fetch, make_serve

    with make_serve() as (base, _proc):
        deadline, html = time.time() + 90, None
        while time.time() < deadline and html is None:
            html = fetch(base + "situations/angry/")
            if html is None:
                time.sleep(0.5)
        assert html is not None, "make serve did not answer at the README's address within 90 s"
        assert "Angry or irate" in html and "livereload" in html
        # The preview searches too: Pagefind's index and the query data are served
        # (the index is written just after the pages, while they are already shown).
        for path in ("search/calmline.json", "pagefind/pagefind.js", "pagefind/pagefind-entry.json"):
            while fetch(base + path) is None and time.time() < deadline:
                time.sleep(0.2)
            assert fetch(base + path) is not None, f"make serve did not serve {path} within 90 s"
