#!/usr/bin/env python3
"""Build the offline copy of the site and zip it: dist/calmline-offline.zip.

For desktops that cannot reach the intranet: unzip anywhere, open index.html,
and every page and the search work from file://. Browsers block Pagefind's
module and fetches from file://, so this packs the Pagefind files the search
uses, and search/calmline.json, into one plain script,
assets/search/offline-bundle.js, which docs/assets/search/offline.js reads.
Same engine, same index, same query layer; nothing is downloaded.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
# What the search box needs from Pagefind's output; its own UIs and worker are left out.
NEEDED = ("pagefind-entry.json", "*.pf_meta", "wasm.*.pagefind", "index/*.pf_index", "fragment/*.pf_fragment", "filter/*.pf_filter")


def bundle(site: Path) -> Path:
    """Write assets/search/offline-bundle.js for ``site``; return its path."""
    pagefind = site / "pagefind"
    files = {}
    for pattern in NEEDED:
        for path in sorted(pagefind.glob(pattern)):
            files[path.relative_to(pagefind).as_posix()] = base64.b64encode(path.read_bytes()).decode("ascii")
    data = {
        "pagefind": (pagefind / "pagefind.js").read_text(encoding="utf-8"),
        "data": json.loads((site / "search" / "calmline.json").read_text(encoding="utf-8")),
        "files": files,
    }
    out = site / "assets" / "search" / "offline-bundle.js"
    # Escape "<" (JSON allows \u003c), so no "</script>" can end up in the file.
    text = json.dumps(data, separators=(",", ":")).replace("<", "\\u003c")
    out.write_text(f"window.CalmlineOfflineBundle = {text};\n", encoding="utf-8")
    for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                 "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "pagefind-worker.js"):
        (pagefind / name).unlink(missing_ok=True)
    return out


def build(dest: Path) -> Path:
    """Build the offline site into dest/calmline-offline, bundle its search, zip it; return the zip's path."""
    site = dest / "calmline-offline"
    env = dict(os.environ, CALMLINE_DIRECTORY_URLS="false", NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=ROOT, env=env, check=True)
    bundle(site)
    archive = dest / "calmline-offline.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(dest))
    shutil.rmtree(site)
    return archive


if __name__ == "__main__":
    DIST.mkdir(exist_ok=True)
    zip_path = build(DIST)
    print(f"wrote {zip_path.relative_to(ROOT)} ({zip_path.stat().st_size // 1024} KiB): unzip it and open calmline-offline/index.html")
