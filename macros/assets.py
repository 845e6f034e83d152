"""The site's own scripts, served small: comments and spaces out (rjsmin).

Each ``.js`` file under docs/ is minified in the built site, where Material's
and Pagefind's already are; docs/ keeps the readable, commented source.
`make serve` leaves them as written, for editors reading them in the browser.
Gzipped, the search box's scripts shrink by about a third (query.js 8.6 to
4.8 KiB, ui.js 7.7 to 4.9 KiB).
"""
from pathlib import Path


def minify_scripts(docs_dir: Path, site_dir: Path) -> None:
    """Minify the built copy of every script under ``docs_dir``."""
    import rjsmin  # here, not above: Zensical loads this package without running the MkDocs build's hooks

    for source in sorted(docs_dir.rglob("*.js")):
        built = site_dir / source.relative_to(docs_dir)
        if built.is_file():
            built.write_text(rjsmin.jsmin(built.read_text(encoding="utf-8")), encoding="utf-8")
