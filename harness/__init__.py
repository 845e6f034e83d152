"""What both the tests and scripts/bench.py use: the strict build, a copy of the project, servers, Chromium's settings.

Scripts never import tests; the tests' fixtures (tests/conftest.py) and
scripts/bench.py both import these from here. The search query sets and their
evaluation in the browser are in harness/search_eval.py.
"""
import contextlib
import functools
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CALMLINE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# What a copy of the project leaves out: virtualenvs, built sites and caches (.venv-zensical alone is 140 MB).
COPY_IGNORE = shutil.ignore_patterns(".git", ".venv", ".venv-zensical", "site", "site-zensical", "dist", ".cache", ".axe-cache",
                                     "__pycache__", ".pytest_cache")


def build(project: Path, dest: Path, *extra) -> subprocess.CompletedProcess:
    """Run a strict MkDocs build of ``project`` into ``dest``; return the finished process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest), *extra],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )


def copy_project(tmp: Path) -> Path:
    """A throw-away copy of the project, for tests that break something on purpose."""
    dest = tmp / "project"
    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE)
    return dest


@contextlib.contextmanager
def make_serve(project: Path = ROOT, log=subprocess.DEVNULL):
    """Run the README's `make serve` in ``project`` on a free local port; yield (base URL, process).

    A copy of the project has no .venv: there make runs this Python instead.
    The server and its children are stopped on exit."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = ["make", "--no-print-directory", "serve", f"PORT={port}"]
    if Path(project).resolve() != ROOT:
        args += ["-o", ".venv/.installed", f"PY={sys.executable}"]
    proc = subprocess.Popen(args, cwd=project, start_new_session=True, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}/", proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def fetch(url: str):
    """The text at ``url``, or None while nothing answers there."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:  # URLError and HTTPError are OSErrors
        return None


def is_redirect_stub(html: str) -> bool:
    return '<meta http-equiv="refresh"' in html and "<title>Redirecting...</title>" in html


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_dir(directory: Path):
    """Serve a folder over HTTP on 127.0.0.1; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
