"""data/search.yml is checked with named errors; the build writes what the search box needs."""
import json
import re

import pytest

from macros import search
from macros.errors import ContentError

GOOD = """\
boost:
  situations/: 1.5
stopwords: [how, do, i, "on"]
phrases:
  money back: refund
synonyms:
  - [supervisor, manager, boss]
  - [refund, reimbursement]
keywords:
  situations/angry.md: [shouting]
intents:
  - words: [wording, exact words]
    pages: [situations/]
"""


@pytest.fixture
def docs(tmp_path):
    d = tmp_path / "docs"
    (d / "situations").mkdir(parents=True)
    (d / "situations" / "angry.md").write_text("# Angry\n", encoding="utf-8")
    return d


def load(tmp_path, docs, text):
    path = tmp_path / "data" / "search.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return search.load(path, docs, tmp_path)


def error(tmp_path, docs, text):
    with pytest.raises(ContentError) as info:
        load(tmp_path, docs, text)
    return str(info.value)


def test_a_valid_file_loads_normalised(tmp_path, docs):
    config = load(tmp_path, docs, GOOD)
    assert config["phrases"] == {"money back": "refund"}
    assert config["synonyms"][0] == ["supervisor", "manager", "boss"]
    assert "on" in config["stopwords"]
    assert config["keywords"] == {"situations/angry.md": ["shouting"]}
    assert config["intents"] == [{"words": ["wording", "exact words"], "pages": ["situations/"]}]


def test_unknown_page_names_file_line_and_fix(tmp_path, docs):
    msg = error(tmp_path, docs, GOOD.replace("situations/angry.md: [shouting]", "situations/angyr.md: [shouting]"))
    assert msg.startswith("data/search.yml:10:") and "'situations/angyr.md', which is not a page" in msg and "Fix:" in msg


def test_a_group_of_one_word_is_refused_with_its_line(tmp_path, docs):
    msg = error(tmp_path, docs, GOOD.replace("  - [refund, reimbursement]", "  - [refund]"))
    assert "data/search.yml:8:" in msg and "fewer than two different words" in msg


def test_an_empty_group_is_refused(tmp_path, docs):
    msg = error(tmp_path, docs, GOOD.replace("  - [refund, reimbursement]", "  - []"))
    assert "data/search.yml:8:" in msg and "synonym group 2" in msg


def test_a_phrase_mapped_to_itself_is_refused(tmp_path, docs):
    msg = error(tmp_path, docs, GOOD.replace("money back: refund", "money back: Money  Back"))
    assert "data/search.yml:5:" in msg and "maps to itself" in msg


def test_a_word_in_two_groups_is_refused(tmp_path, docs):
    msg = error(tmp_path, docs, GOOD.replace("[refund, reimbursement]", "[refund, boss]"))
    assert "'boss' is in synonym group 1 and group 2" in msg


def test_yaml_booleans_get_a_fix_that_names_quotes(tmp_path, docs):
    msg = error(tmp_path, docs, GOOD.replace('"on"', "off"))
    assert "data/search.yml:3: stopword 4 must be text, not false (at stopwords[3]). Fix: " in msg and "put such words in quotes" in msg


def test_an_unknown_section_and_a_bad_boost_are_both_reported(tmp_path, docs):
    msg = error(tmp_path, docs, GOOD.replace("situations/: 1.5", "situations/: 0") + "colours: [red]\n")
    assert "2 problems" in msg
    assert "data/search.yml:14: this file has unknown field(s) colours (at colours). Fix: use only: boost, stopwords," in msg
    assert "data/search.yml:2: 'situations/' is 0; it must be above 0 (at boost.situations/). Fix: a number above 0 and at most 10" in msg


def test_an_intent_naming_no_page_or_sharing_a_word_is_refused_with_its_line(tmp_path, docs):
    msg = error(tmp_path, docs, GOOD.replace("pages: [situations/]", "pages: [phrasebook/]"))
    assert "data/search.yml:12:" in msg and "intent 1 names 'phrasebook/', which matches no page" in msg and "Fix:" in msg
    two = GOOD + "  - words: [wording]\n    pages: [situations/angry.md]\n"
    msg = error(tmp_path, docs, two)
    assert "data/search.yml:14:" in msg and "'wording' is in intent 1 and intent 2" in msg


def test_safety_first_names_only_situation_pages_with_its_line(tmp_path, docs):
    config = load(tmp_path, docs, GOOD + "safety_first: [situations/angry.md]\n")
    assert config["safety_first"] == ["situations/angry.md"]
    assert search.client_data({**config, "stopwords": [], "phrases": {}, "synonyms": []}, [], {})["safety_first"] == ["situations/angry/"]
    msg = error(tmp_path, docs, GOOD + "safety_first: [situations/angry.md, situations/index.md, cheat-sheets/]\n")
    assert "data/search.yml:14:" in msg and "safety_first names 'situations/index.md', which is not a situation page" in msg and "Fix:" in msg
    assert "'cheat-sheets/'" in msg


def test_safety_first_pages_weigh_safety_weight_above_their_folder(tmp_path, docs):
    config = load(tmp_path, docs, GOOD + "safety_first: [situations/angry.md]\nsafety_weight: 1.8\n")
    assert search.boost_for("situations/angry.md", config) == 1.8  # not the folder's 1.5
    assert search.boost_for("situations/other.md", config) == 1.5
    assert search.boost_for("situations/angry.md", load(tmp_path, docs, GOOD + "safety_first: [situations/angry.md]\n")) == 1.5
    msg = error(tmp_path, docs, GOOD + "safety_weight: 0\n")
    assert "data/search.yml:14: " in msg and "safety_weight" in msg and "Fix: " in msg


def test_intent_pages_become_address_prefixes_online_and_offline():
    config = {"stopwords": [], "phrases": {}, "synonyms": [], "boost": {},
              "intents": [{"words": ["print"], "pages": ["cheat-sheets/", "customer-says.md", "cheat-sheets/index.md"]}]}
    assert search.client_data(config, [], {})["intents"][0]["pages"] == ["cheat-sheets/", "customer-says/", "cheat-sheets/"]
    assert search.client_data(config, [], {}, directory_urls=False)["intents"][0]["pages"] == ["cheat-sheets/", "customer-says.html", "cheat-sheets/"]


def test_a_page_carries_the_kinds_an_intent_names_and_no_others():
    config = {"intents": [{"words": ["print"], "pages": ["cheat-sheets/", "customer-says.md", "onboarding/practice/"]}]}
    assert search.kinds("cheat-sheets/upsets/", config) == ["cheat-sheets/"]
    assert search.kinds("onboarding/practice/outage/", config) == ["onboarding/practice/"]
    assert search.kinds("customer-says/", config) == ["customer-says/"]
    assert search.kinds("customer-says.html", config, directory_urls=False) == ["customer-says.html"]
    assert search.kinds("situations/angry/", config) == [] and search.kinds("", config) == []


def test_sayings_come_from_customer_says_rows_and_a_bad_row_is_named(tmp_path):
    page = tmp_path / "customer-says.md"
    page.write_text(
        '| **"You never listen."** | Feels unheard. | [Angry or irate](situations/angry.md): "Go on." |\n'
        '| **A slur** | Hate. | [Abuse](situations/hate.md#end-it): "I am ending this call." |\n'
        '| **"Odd row."** | No link here. | Say sorry. |\n', encoding="utf-8")
    with pytest.raises(ContentError) as info:
        search.sayings(page, tmp_path)
    assert str(info.value).startswith("customer-says.md:3:")
    page.write_text("\n".join(page.read_text().splitlines()[:2]) + "\n", encoding="utf-8")
    assert search.sayings(page) == {"situations/angry.md": ["You never listen."], "situations/hate.md": ["A slur"]}


def test_first_move_is_the_first_item_as_plain_text():
    md = "# T\n\n## First three moves\n\n1. Breathe **out** and see [the steps](../x.md).\n2. Two.\n"
    assert search.first_move(md) == "Breathe out and see the steps."
    assert search.first_move("# No moves here\n") is None


def test_client_data_keeps_words_of_four_letters_or_more():
    vocabulary = {"call": 3, "the": 9, "angry": 2, "calm": 40, "rare": 1, "rarely": 1, "anger": 12, "cheer": 5}
    data = search.client_data({"stopwords": [], "phrases": {}, "synonyms": [], "boost": {}}, [], vocabulary)
    # The commonest words come with the rules; the rest by first letter, rare to less rare.
    assert data["common"] == "anger calm" and data["letters"] == "acr"
    assert search.word_lists(vocabulary) == {"a": ["", "angry", ""], "c": ["", "call", "cheer"], "r": ["rare 4ly", "", ""]}


def test_synonyms_no_page_uses_are_recognised_not_searched():
    groups = [["money back", "refund", "reimbursement"], ["swearing", "cussing", "bad language", "f-word"]]
    vocabulary = {"refunded": 3, "swear": 5, "bad": 9, "language": 4, "money": 2, "word": 6}
    # "refund" and "swearing" share a site word's stem; a phrase needs each word of 4+ letters on the site.
    assert search.unsearched(groups, vocabulary) == ["money back", "reimbursement", "cussing"]


def test_the_vocabulary_is_front_coded():
    assert search.front_coded(["calmly", "calm", "calmer", "angry", "supervisors", "supervisory", "a"]) == \
        "a 1ngry calm 4er 4ly supervisors 9ry"  # at most 9 shared letters: "supervisor" shares 10


def test_the_build_writes_answers_for_every_situation(site):
    data = json.loads((site / "search" / "calmline.json").read_text(encoding="utf-8"))
    situations = sorted(p.parent.name for p in (site / "situations").glob("*/index.html") if p.parent.name != "situations")
    answers = {a["page"]: a for a in data["answers"]}
    for slug in situations:
        a = answers.get(f"situations/{slug}/")
        if a is None:
            continue  # an old address kept by a redirect
        assert a["move"], f"situations/{slug}: no first move for the answer card"
        assert a["card"] and a["card"]["say"], f"situations/{slug}: no phrase card for the answer card"
    assert len(answers) >= 24
    assert sum(len(a["sayings"]) for a in data["answers"]) >= 60
    lists = [data["common"]] + [w for p in (site / "search" / "words").glob("*.json") for w in json.loads(p.read_text(encoding="utf-8"))]
    assert len(" ".join(lists).split()) > 2000


def test_every_page_is_indexed_by_pagefind_body_only(site, html_pages):
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "pagefind" / "pagefind-entry.json").is_file()
    for name, html in html_pages.items():
        if name == "404.html" or 'http-equiv="refresh"' in html:
            continue
        assert html.count("data-pagefind-body") == 1, f"{name}: not indexed, or indexed twice"
        assert 'data-pagefind-meta="section[content]"' in html, f"{name}: no section for its search results"
        # The description (required front matter) is searched too, weighted in ui.js's RANKING.
        assert 'data-pagefind-meta="description[content]"' in html, f"{name}: its description is not searched"


def test_material_search_is_off_and_tags_are_short(site, html_pages):
    assert not (site / "search" / "search_index.json").exists(), "Material's search index is still built"
    for name, html in html_pages.items():
        m = re.search(r'data-pagefind-meta="keywords\[content\]" content="([^"]*)"', html)
        if m:
            assert len(m.group(1)) < 400, f"{name}: keyword metadata is stuffed"


def test_quotes_under_how_to_recognise_it_are_sayings():
    md = '# T\n\n## How to recognise it\n\n- "You never listen." and “Not again”\n- Loud.\n\n## First three moves\n\n1. "Not this"\n'
    assert search.recognise_quotes(md) == ["You never listen.", "Not again"]


def test_quotes_under_what_you_may_hear_are_sayings_too():
    md = ('# T\n\n## How to recognise it\n\n- "You never listen."\n\n## What to say\n\nSay "Sorry."\n\n'
          '### What you may hear\n\n- "Sort it. Now."\n- "I want names."\n\n## What to avoid\n\n- "Calm down."\n')
    assert search.recognise_quotes(md) == ["You never listen.", "Sort it. Now.", "I want names."]
