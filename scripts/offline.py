#!/usr/bin/env python3
"""Build the offline copy of the site and zip it: dist/calmline-offline.zip.

For desktops that cannot reach the intranet: unzip anywhere, open index.html,
and every page and the search work from file://. Nothing is downloaded: the
only shim search needs (iframe-worker, from the npm registry) is vendored in
docs/assets/vendor/.
"""
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"


def build(dest: Path) -> Path:
    """Build the offline site into dest/site and zip it; return the zip's path."""
    site = dest / "calmline-offline"
    env = dict(os.environ, CALMLINE_OFFLINE="true", NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.offline.yml", "--site-dir", str(site)],
                   cwd=ROOT, env=env, check=True)
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
