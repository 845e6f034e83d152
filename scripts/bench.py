#!/usr/bin/env python3
"""Measure what agents and editors wait for. A report, never a test.

    make bench            # everything (about 10 minutes on 2 cores)
    python scripts/bench.py --quick

Prints a Markdown table to paste into the README's maintainer section:
- full build time (median of 5) and cost per page;
- build time and search-index size for synthetic corpora of 100, 500 and 2,000 pages;
- search: median and 95th-percentile time from last keystroke to results shown,
  over tests/search_queries.yml in Chromium, and hit@1 / hit@3;
- bytes transferred for the home page and a situation page, first and repeat visit.
"""
import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, COPY_IGNORE, build, serve_dir  # noqa: E402
from search_eval import evaluate  # noqa: E402


def timed_build(project: Path, dest: Path) -> float:
    """Seconds for one build of ``project`` (the tests' own build helper)."""
    start = time.perf_counter()
    proc = build(project, dest)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{proc.stderr[-2000:]}")
    return seconds


def synthetic_project(tmp: Path, pages: int) -> Path:
    """A copy of the site plus ``pages`` generated pages, with MkDocs' automatic nav."""
    project = tmp / f"synthetic-{pages}"
    shutil.copytree(ROOT, project, ignore=COPY_IGNORE)
    config = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(config.split("\nnav:", 1)[0] + "\n")
    body = (ROOT / "docs" / "playbooks" / "six-steps.md").read_text().split("\n---\n", 1)[1]
    folder = project / "docs" / "playbooks"  # beside six-steps.md, so its relative links resolve
    for n in range(pages):
        (folder / f"synthetic-{n:04d}.md").write_text(
            f"---\ntitle: Synthetic page {n}\ndescription: A generated page used only to measure how build cost grows.\n"
            f"tags: [synthetic{n}]\nowner: kb-editors\nlast_reviewed: 2026-11-22\nreview_every: 6\n---\n" + body)
    return project


def transfer(browser, url: str):
    """Bytes over the wire for a first visit and a repeat visit (same browser cache)."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    total = {"bytes": 0}
    cdp.on("Network.loadingFinished", lambda e: total.__setitem__("bytes", total["bytes"] + e["encodedDataLength"]))
    page.goto(url, wait_until="networkidle")
    first = total["bytes"]
    total["bytes"] = 0
    page.goto(url, wait_until="networkidle")
    repeat = total["bytes"]
    context.close()
    return first, repeat


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1 build run, corpora of 100 and 500 only")
    args = ap.parse_args()
    runs, sizes = (1, [100, 500]) if args.quick else (5, [100, 500, 2000])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        site = tmp / "site"
        times = [timed_build(ROOT, site) for _ in range(runs)]
        pages = len(list(site.rglob("index.html")))
        median = statistics.median(times)
        index_kib = (site / "search" / "search_index.json").stat().st_size / 1024
        rows.append(("Full build (median of %d)" % runs, f"{median:.1f} s for {pages} pages, {1000 * median / pages:.0f} ms a page"))
        rows.append(("Search index", f"{index_kib:.0f} KiB ({pages} pages)"))
        for n in sizes:
            project = synthetic_project(tmp, n)
            out = tmp / f"out-{n}"
            seconds = timed_build(project, out)
            kib = (out / "search" / "search_index.json").stat().st_size / 1024
            total = len(list(out.rglob("index.html")))
            rows.append((f"Synthetic +{n} pages", f"{seconds:.1f} s build ({1000 * seconds / total:.0f} ms a page), index {kib:.0f} KiB"))
            shutil.rmtree(project)
            shutil.rmtree(out)
        from playwright.sync_api import sync_playwright

        with serve_dir(site) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            result = evaluate(browser.new_page(), base)
            lat = sorted(result["latencies"])
            rows.append(("Search latency, last keystroke to results",
                         f"median {statistics.median(lat):.0f} ms, p95 {lat[int(0.95 * (len(lat) - 1))]:.0f} ms over {result['n']} queries"))
            rows.append(("Search quality", f"hit@1 {result['hit1']:.0%}, hit@3 {result['hit3']:.0%}"))
            for label, path in (("Home page", ""), ("Situation page", "situations/angry/")):
                first, repeat = transfer(browser, base + path)
                rows.append((f"{label} transfer", f"first visit {first / 1024:.0f} KiB, repeat visit {repeat / 1024:.0f} KiB"))
            browser.close()
    print("| Measure | Result |\n| --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
