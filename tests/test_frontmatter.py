"""The front-matter contract: every page has an owner, a review date and a cadence."""
import datetime as dt
from pathlib import Path

import pytest

from macros import frontmatter

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TODAY = dt.date(2026, 11, 22)
OWNERS = {"training", "frontline"}
GOOD = """---
title: Angry or irate customer
description: What to do and say when a customer is shouting or furious on the line.
tags: [angry, shouting]
owner: frontline
last_reviewed: 2026-11-20
review_every: 6
---

# Angry
"""


def check(tmp_path, text):
    page = tmp_path / "docs" / "situations" / "angry.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text)
    pages, errors = frontmatter.scan(tmp_path / "docs", OWNERS, TODAY)
    return pages, [str(e) for e in errors]


def test_every_real_page_keeps_the_contract():
    owners = frontmatter.load_owners(ROOT / "data" / "owners.yml", ROOT)
    _, errors = frontmatter.scan(DOCS, set(owners))
    assert not errors, "\n".join(str(e) for e in errors)


def test_a_good_page_passes(tmp_path):
    pages, errors = check(tmp_path, GOOD)
    assert errors == [] and pages["situations/angry.md"].next_review == dt.date(2027, 5, 20)


def test_missing_owner_names_file_and_fix(tmp_path):
    _, errors = check(tmp_path, GOOD.replace("owner: frontline\n", ""))
    assert errors == ["docs/situations/angry.md:1: the front matter has no 'owner'. Fix: add 'owner: training' between the '---' lines."]


def test_future_review_date_names_file_line_and_today(tmp_path):
    _, errors = check(tmp_path, GOOD.replace("2026-11-20", "2027-01-05"))
    assert errors == ["docs/situations/angry.md:6: 'last_reviewed' is 2027-01-05, a date in the future. Fix: use the day you reviewed the page (today is 2026-11-22)."]


def test_malformed_date_is_rejected(tmp_path):
    _, errors = check(tmp_path, GOOD.replace("2026-11-20", "20/11/2026"))
    assert errors == ["docs/situations/angry.md:6: 'last_reviewed' is '20/11/2026', not a date. Fix: write the date as YYYY-MM-DD, e.g. last_reviewed: 2026-11-20."]


def test_unknown_owner_lists_the_owners(tmp_path):
    _, errors = check(tmp_path, GOOD.replace("owner: frontline", "owner: bob"))
    assert errors == ["docs/situations/angry.md:5: owner 'bob' is not in data/owners.yml. Fix: use one of: frontline, training; or add the team to data/owners.yml."]


@pytest.mark.parametrize("value", ["0", "36", "six", "2.5"])
def test_review_cadence_must_be_1_to_24_months(tmp_path, value):
    _, errors = check(tmp_path, GOOD.replace("review_every: 6", f"review_every: {value}"))
    assert len(errors) == 1 and "'review_every'" in errors[0] and ":7:" in errors[0]


def test_no_front_matter_at_all(tmp_path):
    _, errors = check(tmp_path, "# Angry\n")
    assert errors[0].startswith("docs/situations/angry.md:1: the page has no front matter.")


def test_description_length_is_checked(tmp_path):
    _, errors = check(tmp_path, GOOD.replace("What to do and say when a customer is shouting or furious on the line.", "Angry."))
    assert len(errors) == 1 and "'description' is 6 characters" in errors[0]


def test_review_footer_says_owner_and_dates():
    meta = frontmatter.PageMeta("x.md", {"owner": "training", "last_reviewed": dt.date(2026, 8, 31), "review_every": 6}, {})
    footer = frontmatter.review_footer(meta, {"training": {"name": "Training <team>"}})
    assert "Owned by Training &lt;team&gt; · Last reviewed <time datetime=\"2026-08-31\">31 August 2026</time>" in footer
    assert "Next review due <time datetime=\"2027-02-28\">28 February 2027</time>" in footer


def test_every_built_page_shows_its_review_footer(html_pages):
    missing = [name for name in html_pages if name.endswith("index.html") and name != "404.html" and 'class="page-review"' not in html_pages[name]]
    assert not missing, f"pages without the 'Owned by ... Last reviewed ...' footer: {missing[:10]}"


def test_tags_are_a_description_not_a_keyword_list(tmp_path):
    _, errors = check(tmp_path, GOOD.replace("tags: [angry, shouting]", "tags: [a, b, c, d, e, f]"))
    assert errors == ["docs/situations/angry.md:4: 'tags' has 6 entries; at most 5 describe a page. "
                      "Fix: keep the words that say what the page is about; teach search other words in data/search.yml (docs/contribute/search.md)."]
