"""The search box as an agent uses it: keys, the answer card, copying, no result, bad input."""
import json
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import first_fast
from harness.search_eval import RESULT_LINKS, WATCH_RESULTS, open_search, page_path, run_query

pytestmark = pytest.mark.browser


@pytest.mark.slow
def test_nothing_search_related_loads_until_the_box_is_used(page, server):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + "situations/angry/", wait_until="load")
    assert not [u for u in requests if "/pagefind/" in u or "calmline.json" in u], "search loads before anyone searches"
    page.keyboard.press("/")
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('pagefind'))")


@pytest.mark.parametrize("key", first_fast(["/", "s"]))
def test_slash_and_s_focus_search_on_every_kind_of_page(page, server, key):
    for path in ("", "situations/angry/", "phrasebook/empathy/", "onboarding/"):
        page.goto(server + path, wait_until="load")
        page.keyboard.press(key)
        assert page.evaluate("() => document.activeElement.id") == "cl-search-input", f"{key!r} on /{path}"
        assert page.locator("#cl-search-input").input_value() == "", f"{key!r} was typed into the box on /{path}"


@pytest.mark.slow
def test_s_types_normally_inside_the_box(page, server):
    box = open_search(page, server)
    box.press_sequentially("shouting s")
    assert box.input_value() == "shouting s"


# search/calmline.json with every letter's word list (search/words/), as the offline zip has it:
# for tests that call the query layer directly, with the whole vocabulary.
WITH_ALL_WORDS = """() => fetch('search/calmline.json').then(r => r.json()).then(data =>
    Promise.all(data.letters.split('').map(c => fetch('search/words/' + c + '.json').then(r => r.json())))
    .then(lists => Object.assign(data, {words: Object.fromEntries(lists.map((l, i) => [data.letters[i], l]))})))"""


def assert_first(page, box, query, expected):
    """Type ``query``; the page at ``expected`` must be the first result."""
    pages, _ = run_query(page, box, query)
    assert pages[0] == expected, f"{query!r}: {pages}"


def test_answer_card_comes_first_with_first_move_and_best_phrase(page, server, site):
    box = open_search(page, server)
    pages, _ = run_query(page, box, "customer swearing at me")
    assert pages[0] == "situations/rude-or-abusive/"
    card = page.locator(".cl-answer")
    assert card.locator(".cl-answer__title").inner_text() == "Rude or abusive"
    data = json.loads((site / "search" / "calmline.json").read_text(encoding="utf-8"))
    answer = next(a for a in data["answers"] if a["page"] == "situations/rude-or-abusive/")
    assert answer["move"] and answer["move"] in card.inner_text()
    assert answer["card"]["say"] in card.locator(".cl-answer__say").inner_text()


@pytest.mark.slow
def test_results_show_title_section_and_marked_excerpt_without_tag_chips(page, server):
    box = open_search(page, server)
    run_query(page, box, "venting")
    first = page.locator(".cl-result__link").first
    assert first.locator(".cl-result__title").inner_text()
    assert first.locator(".cl-result__section").inner_text()
    assert page.locator(".cl-result__excerpt mark").count() >= 1, "matched words are not marked"
    assert page.locator(".md-tag, .md-search-result__terms, del").count() == 0


@pytest.mark.slow
def test_copy_from_the_answer_card_by_keyboard(browser, server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    box = open_search(page, server)
    run_query(page, box, "furious caller")
    say = page.locator(".cl-answer__copy").get_attribute("data-copy")
    for _ in range(6):  # Tab from the box: the answer's link, then its copy button
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('cl-answer__copy')"):
            break
    else:
        pytest.fail("Tab from the search box never reached the answer card's copy button")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.cl-answer__copy').textContent.startsWith('Copied')")
    assert page.evaluate("() => navigator.clipboard.readText()") == say
    page.wait_for_function("() => (document.getElementById('calmline-status') || {}).textContent?.includes('Copied')")
    page.keyboard.press("Space")  # Space copies too
    context.close()


@pytest.mark.slow
def test_arrows_move_enter_opens_escape_closes(page, server):
    box = open_search(page, server)
    pages, _ = run_query(page, box, "wants a supervisor")
    page.keyboard.press("ArrowDown")
    links = page.locator(RESULT_LINKS)
    assert page.evaluate("() => document.activeElement.href") == links.nth(0).evaluate("e => e.href")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.href") == links.nth(1).evaluate("e => e.href")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.id") == "cl-search-input"
    page.keyboard.press("Escape")
    assert page.locator(".cl-search__results").is_hidden()
    assert page.evaluate("() => document.activeElement.id") == "cl-search-input"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{pages[0]}*")
    assert page_path(page.url) == pages[0]


@pytest.mark.slow
def test_enter_in_the_box_opens_the_first_result(page, server):
    box = open_search(page, server)
    pages, _ = run_query(page, box, "haggling")
    box.press("Enter")
    page.wait_for_url(f"**/{pages[0]}*")


@pytest.mark.slow
def test_a_typo_is_corrected_and_said(page, server):
    box = open_search(page, server)
    pages, _ = run_query(page, box, "interupting")
    assert "Showing results for interrupting" in page.locator(".cl-results__note").inner_text()
    assert pages, "the corrected query found nothing"


@pytest.mark.slow
def test_no_result_offers_tiles_and_a_prefilled_report(page, server):
    box = open_search(page, server + "situations/angry/")
    pages, _ = run_query(page, box, "zzqx vbnw")
    assert pages == []
    panel = page.locator(".cl-search__results")
    assert "Nothing on the site matches" in panel.inner_text()
    assert page.locator(".cl-empty__tiles a").count() >= 12
    report = page.locator(".cl-empty__report")
    assert report.get_attribute("target") == "_blank"
    assert "noopener" in report.get_attribute("rel")
    url = urlparse(report.get_attribute("href"))
    query = parse_qs(url.query)
    assert url.netloc == "github.com" and url.path.endswith("/issues/new")
    # The search-miss issue form (.github/ISSUE_TEMPLATE/search-miss.yml), its fields prefilled.
    assert query["template"] == ["search-miss.yml"] and query["labels"] == ["search-miss"]
    assert "zzqx vbnw" in query["title"][0] and query["query"] == ["zzqx vbnw"]
    assert "situations/angry/" in query["page"][0]
    assert not page.foreign_requests, page.foreign_requests


HOSTILE = [
    "x" * 1000,
    "\U0001F621\U0001F92C angry \U0001F4A2",
    "\u0627\u0644\u0639\u0645\u064a\u0644 \u063a\u0627\u0636\u0628 \u062c\u062f\u0627",
    "<script>window.__pwned = 1</script>",
    '"><img src=x onerror="window.__pwned = 1">',
    "{{ 7*7 }} ${7*7} %s %n \\u0000",
]


@pytest.mark.parametrize("text", first_fast(HOSTILE), ids=["long", "emoji", "rtl", "script", "img", "templates"])
def test_hostile_input_is_shown_as_text_and_runs_nothing(page, server, text):
    box = open_search(page, server)
    box.fill(text)
    page.wait_for_function("() => document.querySelector('.cl-search__status').textContent !== ''", timeout=30000)
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator(".cl-search__results img, .cl-search__results script").count() == 0
    assert not page.console_errors, page.console_errors
    assert len(box.input_value()) <= 200, "the box takes at most 200 characters"


@pytest.mark.slow
def test_search_works_at_390px_in_dark_mode(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = context.new_page()
    page.goto(server, wait_until="load")
    assert page.locator("#cl-search-input").is_hidden()
    page.locator(".cl-search__toggle").click()
    box = page.locator("#cl-search-input")
    assert box.is_visible()
    page.evaluate(WATCH_RESULTS)
    pages, _ = run_query(page, box, "outage no fix time")
    assert pages[0] == "situations/outage-no-fix-time/"
    answer = page.locator(".cl-answer").bounding_box()
    assert answer["x"] >= 0 and answer["x"] + answer["width"] <= 390, "the answer card runs off the screen"
    context.close()


@pytest.mark.slow
def test_search_keeps_working_after_instant_navigation(page, server):
    box = open_search(page, server)
    run_query(page, box, "rude")
    page.locator(RESULT_LINKS).first.click()
    page.wait_for_url("**/situations/rude-or-abusive/")
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.id") == "cl-search-input"
    assert page.evaluate("() => !!window.document$"), "instant navigation is off: this test no longer tests it"
    page.evaluate(WATCH_RESULTS)  # Material may have swapped the header: watch the box that is there now
    box = page.locator("#cl-search-input")
    pages, _ = run_query(page, box, "outage")
    assert pages[0] == "situations/outage-no-fix-time/"


@pytest.mark.slow
def test_title_match_scores_the_page_that_says_what_the_query_says(page, server):
    open_search(page, server)
    page.wait_for_function("() => window.CalmlineQuery")
    scores = page.evaluate(WITH_ALL_WORDS + """.then(data => {
        const Q = window.CalmlineQuery, idx = Q.prepare(data), q = Q.understand(idx, 'upsets formula', false);
        const f = Q.understand(idx, 'follow up after a fix', false);
        return [Q.titleMatch(idx, q, 'The UPSETS formula'), Q.titleMatch(idx, q, 'UPSETS cheat sheet'),
                Q.titleMatch(idx, q, 'Crying or very distressed'), Q.titleMatch(idx, f, 'Follow-through and follow-up')];
    })""")
    assert scores[0] == 1, scores
    assert 0 < scores[1] < scores[0], scores
    assert scores[2] == 0, scores
    assert scores[3] > 0, scores  # "follow-up" in a title is "follow up" as typed


@pytest.mark.slow
def test_the_query_layer_reads_slips_and_spellings_as_agents_mean_them(page, server):
    open_search(page, server)
    page.wait_for_function("() => window.CalmlineQuery")
    got = page.evaluate(WITH_ALL_WORDS + """.then(data => {
        const Q = window.CalmlineQuery, idx = Q.prepare(data);
        const u = (text) => Q.understand(idx, text, false);
        return {
            swapped: Q.correct(idx, 'hwo'),                      // a filler word, two letters swapped
            start: Q.correct(idx, 'threatnig'),                  // two words 2 edits away: the one that starts alike
            real: ['mumbling', 'giggling'].map(w => Q.correct(idx, w)),  // 2 edits from a site word, but not from its start
            swap: Q.correct(idx, 'angyr'),                       // 1 edit from "anger" and from "angry": the swap wins
            left: Q.correct(idx, 'breating'),                    // 1 edit from "breaking" and from "breathing": a letter left out wins
            first: Q.correct(idx, 'penny'),                      // 1 edit from "jenny" (a name on the site), but the first letter is kept
            split: Q.tokens('i cant cope anymore'),              // American one-word spelling, as the pages write it
            wording: u('a new word for the glossary').intents,   // "wording" is a phrasebook intent, "word" is not
            asked: u('better wording please').intents,
            apart: u('shaken after an abusive call').intents,  // "after a call", an article and a word apart
            far: u('after the refund the customer called').intents,  // more than two words apart: not said
            manner: u('ask them to repeat without sounding rude').concepts.map(c => c.text),
            pointer: u('she keeps saying whatever, what does that mean').intents,  // "that" stands for "it"
            term: u('what does paraphrasing mean').intents,      // a word, not a pointer: a term, not a saying
            threw: u('customer threw a chair').concepts.map(c => c.text),  // irregular past: not a typo for "three"
            stole: u('customer stole my parcel').concepts.map(c => c.text),  // read as the verb, not as "stale"
            // the vocabulary, front-coded by the build, read back: every entry a whole word
            entries: [data.common].concat(...Object.values(data.words)).join(' ').split(' ').filter(Boolean).length,
            words: Object.keys(idx.vocab).filter(w => /^[a-z][a-z'-]*[a-z]$/.test(w)).length,
            known: ['calm', 'threatening', 'supervisor', 'interrupting'].filter(w => w in idx.vocab),
        };
    })""")
    assert got["swapped"] == "how", got
    assert got["start"] == "threatening", got
    assert got["real"] == [None, None], got
    assert got["swap"] == "angry", got
    assert got["left"] == "breathing", got
    assert got["first"] is None, got
    assert got["split"] == ["i", "can't", "cope", "any", "more"], got
    assert "phrasebook/" not in got["wording"], got
    assert got["asked"] == ["phrasebook/"], got
    assert got["apart"] == ["yourself/"], got
    assert got["far"] == [], got
    assert "rude" not in got["manner"] and "repeat" in got["manner"], got
    assert got["pointer"] == ["customer-says/"], got
    assert "customer-says/" not in got["term"], got
    assert "threw" in got["threw"] and "three" not in got["threw"], got  # "threw" is a word of the threats group
    assert "steal" in got["stole"], got
    assert got["words"] == got["entries"] > 2000, got
    assert got["known"] == ["calm", "threatening", "supervisor", "interrupting"], got


def test_a_retelling_goes_below_the_situation_it_retells(page, server):
    # The role-play and the practice dialogue "yes means no" retell "Says yes but means no"
    # (data/dialogues/yes-means-no.yml); on their own words they would lead.
    box = open_search(page, server)
    pages, _ = run_query(page, box, "mumbled ok arms crossed says yes")
    assert pages[:2] == ["situations/yes-that-means-no/", "onboarding/role-plays/yes-means-no/"], pages
    # Asked for practice, or named by its title, the retelling keeps its place.
    assert_first(page, box, "practise arms crossed mumbled ok", "onboarding/role-plays/yes-means-no/")
    assert_first(page, box, "void warranty treadmill crook", "onboarding/role-plays/warranty/")
    # Nor does a retelling lead when its own situation is not found: the practice
    # dialogue of a late order on chat retells "wants it fixed now", not the written-channels playbook.
    assert_first(page, box, "cx typing in all caps on webchat", "playbooks/written-channels/")


def test_a_query_about_a_situation_for_another_kind_of_page_gets_that_page(page, server):
    # "why do customers..." asks for the background playbook: the angry-customer answer card matches
    # its words, but must not carry the situation above the page the query asks for.
    box = open_search(page, server)
    assert_first(page, box, "why do customers kick off over small stuff", "playbooks/why-customers-become-difficult/")
    # Where someone may be in danger, the situation keeps its answer match: the safe move stays first.
    assert_first(page, box, "customer threatening me right words", "situations/threats/")


def test_where_someone_may_be_in_danger_the_safe_move_comes_first(page, server):
    # Pages that share more of the words ("sort", "point", "going") would lead; the
    # situations under safety_first in data/search.yml come first when their answer matches best.
    box = open_search(page, server)
    assert_first(page, box, "says he will come round and sort me out", "situations/threats/")
    assert page.locator(".cl-answer .cl-answer__title").inner_text() == "Threats of harm", "the threats answer card leads"
    assert_first(page, box, "reckons theres no point going on anymore", "situations/in-crisis/")
    # "Can't cope" matches crying and distress as well as the crisis page does: on a tie, the crisis page leads.
    assert_first(page, box, "i just cant cope anymore theres no point", "situations/in-crisis/")
    # Asked for practice, the practice pages may lead.
    pages, _ = run_query(page, box, "practise a caller who says no point going on")
    assert pages[0].startswith("onboarding/"), pages


def test_a_query_of_filler_words_only_still_finds_pages(page, server):
    # Never every word dropped: "customer" alone is searched as it is (after a pause, see ui.js).
    box = open_search(page, server)
    pages, _ = run_query(page, box, "the customer")
    assert pages, "a query of filler words only found nothing"
    assert "Nothing on the site matches" not in page.locator(".cl-search__results").inner_text()


def test_a_page_titled_as_the_query_comes_first(page, server):
    box = open_search(page, server)
    assert_first(page, box, "upsets formula", "playbooks/upsets-formula/")


def test_the_build_and_the_box_stem_words_alike(page, server):
    """macros/search.py decides which synonyms no page uses with a copy of query.js's stemmer: the two must agree."""
    from macros import search
    open_search(page, server)
    page.wait_for_function("() => window.CalmlineQuery")
    pairs = page.evaluate(WITH_ALL_WORDS + """.then(data => {
        const Q = window.CalmlineQuery, idx = Q.prepare(data);
        const words = Object.keys(idx.vocab).concat(...data.synonyms.map(g => g.join(' ').split(/[\\s-]+/)));
        return words.map(w => [w, Q.stem(w)]);
    })""")
    differ = [(w, s, search.stem(w)) for w, s in pairs if s != search.stem(w)]
    assert len(pairs) > 2000 and not differ, differ[:10]


def test_a_query_fetches_the_word_lists_of_its_first_letters_once(page, server):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url.rsplit("/", 1)[-1]) if "/search/words/" in r.url else None)
    box = open_search(page, server)
    run_query(page, box, "customer shouting at me")
    assert sorted(fetched) == ["c.json", "s.json"], fetched  # "at" and "me": too short to correct
    run_query(page, box, "shouting swearing")
    assert sorted(fetched) == ["c.json", "s.json"], fetched
