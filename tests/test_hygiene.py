"""HTML hygiene: unique ids, alt text on images, a unique title and description per page."""
import re
from collections import Counter


def content_pages(html_pages):
    return {n: h for n, h in html_pages.items() if n.endswith("index.html")}


def test_no_duplicate_ids(html_pages):
    problems = []
    for name, html in content_pages(html_pages).items():
        ids = re.findall(r'\sid="([^"]+)"', html)
        dupes = [i for i, n in Counter(ids).items() if n > 1]
        if dupes:
            problems.append(f"{name}: duplicate id(s) {dupes[:5]}")
    assert not problems, "\n".join(problems)


def test_every_image_has_alt_text(html_pages):
    missing = []
    for name, html in content_pages(html_pages).items():
        for m in re.finditer(r"<img\b[^>]*>", html):
            if not re.search(r'\salt="[^"]+"', m.group(0)):
                missing.append(f"{name}: {m.group(0)[:80]}")
    assert not missing, "images without alt text:\n" + "\n".join(missing)


def test_titles_and_descriptions_are_unique(html_pages):
    titles, descriptions = Counter(), Counter()
    for name, html in content_pages(html_pages).items():
        titles[re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()] += 1
        m = re.search(r'<meta name="description" content="([^"]*)"', html)
        assert m and m.group(1), f"{name} has no meta description"
        descriptions[m.group(1)] += 1
    assert [t for t, n in titles.items() if n > 1] == []
    assert [d for d, n in descriptions.items() if n > 1] == []
