"""Agents find the right page in the top three for the words they really type."""
import pytest

from conftest import build, copy_project, serve_dir
from search_eval import evaluate, load_queries

pytestmark = pytest.mark.browser
TARGET = 0.90


def _report(result):
    lines = [f"hit@1 {result['hit1']:.0%}, hit@3 {result['hit3']:.0%} over {result['n']} queries"]
    lines += [f"  miss: {m}" for m in result["misses"]]
    return "\n".join(lines)


def test_query_set_is_big_enough_and_points_at_real_pages(site):
    queries = load_queries()
    assert len(queries) >= 60
    missing = [q for q in queries if not (site / q["page"] / "index.html").is_file()]
    assert not missing, f"queries point at pages that do not exist: {missing}"


def test_query_set_finds_its_page_in_the_top_three(page, server):
    result = evaluate(page, server)
    print("\n" + _report(result))
    assert result["hit3"] >= TARGET, "Search misses too many agent queries:\n" + _report(result)


def test_without_the_tuning_search_falls_below_target(browser, tmp_path, monkeypatch):
    """Pins that the tuning does the work: the same queries on an untuned build miss."""
    monkeypatch.setenv("CALMLINE_SEARCH_TUNING", "off")
    proc = build(copy_project(tmp_path), tmp_path / "untuned")
    assert proc.returncode == 0, proc.stderr[-2000:]
    context = browser.new_context()
    try:
        with serve_dir(tmp_path / "untuned") as url:
            result = evaluate(context.new_page(), url)
    finally:
        context.close()
    print("\nuntuned: " + _report(result).splitlines()[0])
    assert result["hit3"] < TARGET, "Without tags, keywords and boosts search still passes; the query set is too easy."
