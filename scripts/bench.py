#!/usr/bin/env python3
"""Measure what agents and editors wait for. A report, never a test.

    make bench                          # everything (about 15 minutes on 2 cores)
    python scripts/bench.py --quick     # three build runs; 100 and 500 added pages
    python scripts/bench.py --scaling   # only the build's growth (add --quick to shorten)

Prints a Markdown table to paste into the README's maintainer section, and the
targets each figure is held to:
- full build time (median) and cost per page; Pagefind's own indexing time;
- search quality: hit@1 and hit@3 on the tuning set and on the two held-back
  sets (never tuned against), online and in the offline zip;
- search latency: median and 95th percentile from the last key press to the
  results being drawn, over every query of the three sets;
- bytes over the wire, gzipped as a web server sends them: the home page's
  first visit, and the first search after it (typed at once, and at a
  typist's pace, when every search on the way finishes and fetches results;
  and for 24 queries spread over the tuning set, each in a fresh browser);
  on the real site and on the real site plus a synthetic corpus spread over
  the sections as a real knowledge base grows (2,000 pages; 500 with --quick);
- how the build grows: the cost of each added page with 100, 500 and 2,000
  synthetic pages in 20 sections of the navigation (each synthetic build timed
  against a build of the real site just before it; median of 3 such pairs, 2
  with --quick), and an added page's HTML;
- the preview: seconds from saving a page to `make serve` showing the change.
"""
import argparse
import gzip
import importlib.util
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import CHROMIUM, CHROMIUM_ARGS, COPY_IGNORE, build, fetch, make_serve, serve_dir  # noqa: E402
from harness.search_eval import SETS, WATCH_RESULTS, evaluate  # noqa: E402
from macros.search import index_site  # noqa: E402

# A real knowledge base grows by the team's own product and policy pages: the
# synthetic pages go in one more tab of 20 sections, listed in the navigation.
SYNTHETIC_SECTIONS = 20


def timed_build(project: Path, dest: Path) -> float:
    start = time.perf_counter()
    proc = build(project, dest)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{proc.stderr[-2000:]}")
    return seconds


def pagefind_seconds(site: Path) -> float:
    """Seconds for the build's own Pagefind step (same options), run again over ``site``."""
    start = time.perf_counter()
    index_site(site)
    return time.perf_counter() - start


def synthetic_project(tmp: Path, pages: int) -> Path:
    """The real site plus ``pages`` generated pages in 20 sections of a new tab, all in the nav.

    Each page is stitched from paragraphs of real pages (seeded, so runs
    compare), so the vocabulary and the index grow as with real content."""
    project = tmp / f"synthetic-{pages}"
    shutil.copytree(ROOT, project, ignore=COPY_IGNORE)
    avoided = {phrase.lower().rstrip(".!?") for f in sorted((ROOT / "data" / "phrases").glob("*.yml"))
               for card in yaml.safe_load(f.read_text(encoding="utf-8"))["cards"] for phrase in card.get("instead_of", [])}
    paragraphs = []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        for para in re.split(r"\n\s*\n", body):
            # No markup, and none of the phrases cards say not to use: out of the
            # section that quotes them, they would (rightly) fail the house-style rule.
            if para.strip() and not re.search(r"[{}\[\]#|<>`!]|--8<--|^\s*[-*\d]", para) \
                    and not any(phrase in para.lower() for phrase in avoided):
                paragraphs.append(para.strip())
    rng = random.Random(2026)
    nav = {n: [] for n in range(SYNTHETIC_SECTIONS)}
    for n in range(pages):
        section = n % SYNTHETIC_SECTIONS
        folder = project / "docs" / "products" / f"area-{section + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        words = rng.sample(paragraphs, k=min(12, len(paragraphs)))
        parts = "\n\n".join(f"## Part {i + 1}\n\n{p}" for i, p in enumerate(words))
        (folder / f"page-{n:04d}.md").write_text(
            f"---\ntitle: Synthetic page {n}\ndescription: A generated page used only to measure how the site grows.\n"
            f"tags: [synthetic]\nowner: kb-editors\nlast_reviewed: 2026-11-22\nreview_every: 6\n---\n\n"
            f"# Synthetic page {n}\n\n{parts}\n", encoding="utf-8")
        nav[section].append(f"products/area-{section + 1:02d}/page-{n:04d}.md")
    lines = ["  - Products and policies:"]
    for section, entries in nav.items():
        if entries:
            lines.append(f"      - Area {section + 1}:")
            lines += [f"          - {entry}" for entry in entries]
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.rstrip("\n") + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return project


def preview_seconds(tmp: Path, edits: int = 3) -> float:
    """Median seconds from saving one page to `make serve`'s preview showing the change.

    Runs `make serve` on a copy of the project, appends a sentence to a
    situation page, and polls the served page until the sentence is there."""
    project = tmp / "preview"
    shutil.copytree(ROOT, project, ignore=COPY_IGNORE)
    with make_serve(project) as (base, server):
        url = base + "situations/angry/"
        deadline = time.monotonic() + 180
        while "<h1" not in (fetch(url) or ""):
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("make serve did not start")
            time.sleep(0.2)
        times = []
        source = project / "docs" / "situations" / "angry.md"
        for n in range(edits):
            time.sleep(1.5)  # let the watcher settle after the last build
            marker = f"Preview check number {n} {random.randrange(10**9)}."
            start = time.perf_counter()
            source.write_text(source.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
            while marker not in (fetch(url) or ""):
                if time.perf_counter() - start > 120:
                    raise SystemExit("the preview did not show the edit within two minutes")
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
        return statistics.median(times)


class Wire:
    """Bytes a web server would send, gzipped, for every response the page gets."""

    def __init__(self, page):
        self.total = 0
        page.on("response", self._count)

    def _count(self, response):
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            return
        self.total += len(gzip.compress(body, 6)) if len(body) > 1024 else len(body)


# A typist's pace: every search started while the query is typed finishes and
# fetches its results' fragments. Typed all at once, most are overtaken.
TYPIST_MS = 150


def transfer(browser, base: str, query: str, delay: int = 0):
    """KiB for the home page's first visit, then for the first search, typed ``delay`` ms a key."""
    context = browser.new_context()
    page = context.new_page()
    wire = Wire(page)
    page.goto(base, wait_until="networkidle")
    home = wire.total
    wire.total = 0
    page.keyboard.press("/")
    page.evaluate(WATCH_RESULTS)
    page.locator("#cl-search-input").press_sequentially(query, delay=delay)
    # Until the whole query's results are drawn (an early "No results." for its
    # first letters must not end the count), then until nothing more is fetched.
    page.wait_for_function("(q) => window.__calmlineResult && window.__calmlineResult.query === q", arg=query)
    page.wait_for_load_state("networkidle")
    first = wire.total
    context.close()
    return home / 1024, first / 1024


# One query's bytes could be a lucky one: the first search is also measured
# for a spread of the tuning set's queries, each in a fresh browser.
FIRST_SEARCHES = 24
BENCH_QUERY = "customer swearing at me"


def sample_queries(n: int = FIRST_SEARCHES) -> list:
    """Every k-th query of the tuning set, n in all: short and long, typos, phone, chat and email."""
    queries = [q["q"] for q in yaml.safe_load(SETS["tuning"].read_text(encoding="utf-8"))["queries"]]
    return queries[:: max(1, len(queries) // n)][:n]


def first_search_row(browser, base: str, pages: int):
    """The home page's KiB, and the row for the first search: the bench query, then a spread of queries."""
    home, first = transfer(browser, base, BENCH_QUERY)
    _home, paced = transfer(browser, base, BENCH_QUERY, TYPIST_MS)
    spread = sorted(transfer(browser, base, q)[1] for q in sample_queries())
    return home, (f"First search after it ({pages} pages)",
                  f"{first:.0f} KiB gzipped for '{BENCH_QUERY}' typed at once, {paced:.0f} KiB at {TYPIST_MS} ms a key;"
                  f" over {len(spread)} queries of the tuning set, median {statistics.median(spread):.0f} KiB,"
                  f" {sum(k <= 150 for k in spread)} of {len(spread)} within 150 KiB, largest {spread[-1]:.0f} KiB")


def offline_quality(browser, tmp: Path):
    spec = importlib.util.spec_from_file_location("offline", ROOT / "scripts" / "offline.py")
    offline = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(offline)
    archive = offline.build(tmp / "offline")
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp / "offline" / "unzipped")
    index = (tmp / "offline" / "unzipped" / "calmline-offline" / "index.html").as_uri()
    out = {}
    for name in SETS:
        context = browser.new_context()
        out[name] = evaluate(context.new_page(), index, name)
        context.close()
    return out


class Rows(list):
    """The report's rows, each also printed as soon as it is measured (a long run shows progress)."""

    def append(self, row):
        print(f"{row[0]}: {row[1]}", file=sys.stderr, flush=True)
        super().append(row)


def pct(x):
    return f"{x:.0%}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="three runs of the real build; synthetic sites of 100 and 500 added pages")
    ap.add_argument("--scaling", action="store_true", help="only the build's growth: the real build and the synthetic sites")
    args = ap.parse_args()
    # runs of the real build; synthetic sizes; real-and-synthetic build pairs for each size
    runs, sizes, pairs = (3, (100, 500), 2) if args.quick else (5, (100, 500, 2000), 3)
    rows = Rows()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        tmp = Path(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        site = tmp / "site"
        times = [timed_build(ROOT, site) for _ in range(runs)]
        pages = len(list(site.rglob("index.html")))
        median = statistics.median(times)
        rows.append((f"Full build (median of {runs}, Pagefind included)", f"{median:.1f} s for {pages} pages, {1000 * median / pages:.0f} ms a page"))
        rows.append(("Pagefind indexing alone", f"{pagefind_seconds(site):.2f} s"))
        index_kib = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file() and "-ui" not in p.name) / 1024
        rows.append(("Search files on the server", f"{index_kib:.0f} KiB (Pagefind index, fragments and engine; downloaded in pieces)"))

        if not args.scaling:
            latencies, results = [], {}
            with serve_dir(site) as base:
                for name in SETS:
                    context = browser.new_context()
                    results[name] = evaluate(context.new_page(), base, name)
                    latencies += results[name]["latencies"]
                    context.close()
                home, first_row = first_search_row(browser, base, pages)
            for name, r in results.items():
                rows.append((f"Search quality, {name} set ({r['n']} queries)", f"hit@1 {pct(r['hit1'])}, hit@3 {pct(r['hit3'])}"))
            lat = sorted(latencies)
            rows.append(("Search latency, last key to results drawn",
                         f"median {statistics.median(lat):.0f} ms, p95 {lat[int(0.95 * (len(lat) - 1))]:.0f} ms over {len(lat)} queries"))
            rows.append((f"Home page, first visit ({pages} pages)", f"{home:.0f} KiB gzipped"))
            rows.append(first_row)

            for name, r in offline_quality(browser, tmp).items():
                rows.append((f"Offline zip, {name} set", f"hit@1 {pct(r['hit1'])}, hit@3 {pct(r['hit3'])}"))

        rows.append(("Preview: save a page until `make serve` shows it", f"{preview_seconds(tmp):.1f} s (median of 3 edits)"))

        # How the build grows: the cost of each added page, at three sizes. Each
        # synthetic build is paired with a build of the real site just before it,
        # so a machine that speeds up or slows down moves both.
        for added in sizes:
            project = synthetic_project(tmp, added)
            out = tmp / f"synthetic-site-{added}"
            timed = [(timed_build(ROOT, site), timed_build(project, out)) for _ in range(pairs)]
            seconds = statistics.median(big for _, big in timed)
            per_page = statistics.median(1000 * (big - real) / added for real, big in timed)
            rows.append((f"Synthetic site: +{added} pages in 20 nav sections",
                         f"{seconds:.1f} s build, {per_page:.0f} ms for each added page (median of {pairs} paired runs)"))
        total = len(list(out.rglob("index.html")))
        rows.append((f"Pagefind indexing alone ({total} pages)", f"{pagefind_seconds(out):.1f} s"))
        html_kib = statistics.median(p.stat().st_size for p in (out / "products").rglob("index.html")) / 1024
        rows.append((f"HTML of an added page ({total} pages)", f"{html_kib:.0f} KiB (median, before gzip)"))
        with serve_dir(out) as base:
            home, first_row = first_search_row(browser, base, total)
        rows.append((f"Home page, first visit ({total} pages)", f"{home:.0f} KiB gzipped"))
        rows.append(first_row)
        browser.close()

    print("\n| Measure | Result |\n| --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value} |")
    print("\nTargets: held-back hit@3 >= 95% and hit@1 >= 85%; home first visit <= 100 KiB gzipped;"
          " first search <= 150 KiB gzipped at both sizes; median latency <= 50 ms;"
          " each added page <= 15 ms of build.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
