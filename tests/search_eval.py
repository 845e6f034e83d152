"""Run the query set through the site's own search box in Chromium.

Shared by tests/test_search.py and scripts/bench.py. Each query is typed into
Material's search input; the first three distinct result pages are compared
with the page the query must find.
"""
import time
from pathlib import Path

import yaml

QUERIES = Path(__file__).resolve().parent / "search_queries.yml"


def load_queries():
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]


def open_search(page, base_url):
    page.goto(base_url, wait_until="networkidle")
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    # The index is ready when the prompt stops saying it is initialising.
    page.wait_for_function(
        "() => !/Initializing/i.test(document.querySelector('.md-search-result__meta')?.textContent || '')",
        timeout=15000,
    )
    return box


def run_query(page, box, query, timeout_ms=5000):
    """Type ``query``; return (result page paths best first, ms from last keystroke to results)."""
    box.fill("")
    page.evaluate("() => { window.__calmlineResults = null; }")
    page.evaluate(
        """() => {
          const list = document.querySelector('.md-search-result__list');
          const meta = document.querySelector('.md-search-result__meta');
          window.__calmlineObserver?.disconnect();
          window.__calmlineObserver = new MutationObserver(() => {
            if (window.__calmlineStart && !window.__calmlineResults) window.__calmlineResults = performance.now();
          });
          window.__calmlineObserver.observe(list, {childList: true, subtree: true});
          window.__calmlineObserver.observe(meta, {childList: true, characterData: true, subtree: true});
        }"""
    )
    box.press_sequentially(query[:-1], delay=0) if len(query) > 1 else None
    page.evaluate("() => { window.__calmlineResults = null; window.__calmlineStart = performance.now(); }")
    box.press_sequentially(query[-1], delay=0)
    page.wait_for_function("() => window.__calmlineResults !== null", timeout=timeout_ms)
    # Let the list settle (Material renders results in batches).
    time.sleep(0.15)
    latency = page.evaluate("() => window.__calmlineResults - window.__calmlineStart")
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link", "els => els.map(e => e.getAttribute('href'))"
    )
    pages = []
    for href in hrefs:
        path = href.split("#", 1)[0].split("?", 1)[0]
        path = path[path.find("/", 8) + 1:] if "://" in path else path.lstrip("./")
        if path not in pages:
            pages.append(path)
    return pages, latency


def evaluate(page, base_url):
    """Return a dict with hit@1, hit@3, misses and latencies over the whole query set."""
    box = open_search(page, base_url)
    hits1 = hits3 = 0
    misses, latencies = [], []
    queries = load_queries()
    for item in queries:
        pages, latency = run_query(page, box, item["q"])
        latencies.append(latency)
        if pages[:1] == [item["page"]]:
            hits1 += 1
        if item["page"] in pages[:3]:
            hits3 += 1
        else:
            misses.append(f"{item['q']!r}: wanted {item['page']}, got {pages[:3]}")
    n = len(queries)
    return {"n": n, "hit1": hits1 / n, "hit3": hits3 / n, "misses": misses, "latencies": latencies}
