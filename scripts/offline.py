#!/usr/bin/env python3
"""Build the offline copy of the site and zip it: dist/calmline-offline.zip.

For desktops that cannot reach the intranet: unzip anywhere, open index.html,
and every page and the search work from file://. Browsers block Pagefind's
module and fetches from file://, so this packs the Pagefind files the search
uses, and search/calmline.json, into one plain script,
assets/search/offline-bundle.js, which docs/assets/search/offline.js reads.
Same engine, same index, same query layer; nothing is downloaded.

MkDocs writes 404.html with every link starting from site_url's path
("/calmline/..."), since a server shows it for any missing address. From a
folder those links lead nowhere, so fix_404 makes them relative to the copy's
top folder, which a short script in the page finds: the folder of 404.html
itself from file://, or, when a web server shows it for a missing address
deeper down, the folder above the nearest of the copy's top-level folders.
"""
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT_DIR))
from macros import htmlsafety  # noqa: E402  (the same policy the build writes)

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
        # Every letter's word list goes in with the rules: nothing to fetch later.
        "data": {**json.loads((site / "search" / "calmline.json").read_text(encoding="utf-8")),
                 "words": {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((site / "search" / "words").glob("*.json"))}},
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


# First in <head>: a <base> at the copy's top folder, so the relative links below resolve from there.
BASE_SCRIPT = """<script>
/* Calmline offline copy (scripts/offline.py): this page may stand in for any missing address. */
(function () {
  var tops = %s;
  var dir = location.href.split(/[?#]/)[0].replace(/[^\\/]*$/, ""), root = dir;
  if (location.protocol !== "file:") {
    var parts = new URL(dir).pathname.split("/").slice(1, -1);
    for (var i = parts.length - 1; i >= 0; i--) {
      if (tops.indexOf(decodeURIComponent(parts[i])) !== -1) { root = new URL(new Array(parts.length - i + 1).join("../"), dir).href; break; }
    }
  }
  var base = document.createElement("base");
  base.href = root;
  document.head.appendChild(base);
})();
</script>"""
# After Material's configuration: its base is resolved from the address, not from <base>.
CONFIG_SCRIPT = """<script>
(function () {
  var node = document.getElementById("__config"), config = JSON.parse(node.textContent);
  config.base = document.baseURI;
  if (config.search) config.search = new URL(config.search, document.baseURI).href;
  node.textContent = JSON.stringify(config);
})();
</script>"""


def fix_404(site: Path) -> None:
    """Make site/404.html work from any folder and as the page for any missing address."""
    page = site / "404.html"
    text = page.read_text(encoding="utf-8")
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', text, re.S)
    prefix = json.loads(config.group(1))["base"].rstrip("/") + "/"  # "/calmline/"
    text = re.sub(r'((?:href|src)=")' + re.escape(prefix) + r'(?=")', r"\1./", text)
    text = re.sub(r'((?:href|src)=")' + re.escape(prefix) + r"(?!/)", r"\1", text)
    text = text.replace(f'"search": "{prefix}', '"search": "')
    text = text.replace(f'__md_scope=new URL("{prefix.rstrip("/")}",location)', "__md_scope=new URL(document.baseURI)")
    text = text.replace(f'__md_scope=new URL("{prefix}",location)', "__md_scope=new URL(document.baseURI)")
    left = re.findall(r'(?:href|src)="' + re.escape(prefix) + r'[^"]*"', text)
    if left:
        raise SystemExit(f"offline.py: 404.html still has links from {prefix}: {left[:3]}")
    tops = sorted(p.name for p in site.iterdir() if p.is_dir())
    text = text.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n' + BASE_SCRIPT % json.dumps(tops), 1)
    end = text.index("</script>", text.index('<script id="__config"')) + len("</script>")
    text = text[:end] + "\n" + CONFIG_SCRIPT + text[end:]
    # The page's inline scripts changed: its Content-Security-Policy must trust the new ones.
    page.write_text(htmlsafety.protect_page(text, offline=True), encoding="utf-8")


def build(dest: Path) -> Path:
    """Build the offline site into dest/calmline-offline, bundle its search, zip it; return the zip's path."""
    site = dest / "calmline-offline"
    env = dict(os.environ, CALMLINE_DIRECTORY_URLS="false", NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=ROOT, env=env, check=True)
    bundle(site)
    fix_404(site)
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
