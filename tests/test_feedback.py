"""Feedback from agents: the report link, the issue forms and the stale notice.

Unit checks call macros/feedback.py directly; the built pages come from the one
session build (conftest.py); the stale notice runs in Chromium with the browser's
clock moved to before and after a page's review date (Playwright's page.clock).
"""
import datetime as dt
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from macros import feedback, frontmatter
from macros.errors import ContentError

ROOT = Path(__file__).resolve().parent.parent
OWNERS = {"frontline": {"name": "Frontline team leads", "github": "@calmline/frontline-leads"}}
ISSUES = "https://github.com/calmline/calmline/issues/new"


def page_meta(title="Angry or irate", path="situations/angry.md", reviewed=dt.date(2026, 11, 22), every=6):
    return frontmatter.PageMeta(path, {"title": title, "owner": "frontline", "last_reviewed": reviewed, "review_every": every}, {})


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.paragraphs, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "p" and attrs.get("class") == "page-feedback":
            self.paragraphs.append(attrs)
        if tag == "a" and attrs.get("class") == "page-feedback__report":
            self.links.append(attrs)


def parse(html):
    p = Links()
    p.feed(html)
    return p


# --- the link, built ------------------------------------------------------------

def test_the_issue_link_prefills_the_form_fields():
    html = feedback.footer(page_meta(), OWNERS, "https://calmline.github.io/calmline/", {"issues": ISSUES, "email": ""})
    found = parse(html)
    (para,), (link,) = found.paragraphs, found.links
    assert para["data-review-due"] == "2027-05-22" and para["data-review-due-text"] == "22 May 2027"
    assert para["data-owner"] == "Frontline team leads"
    assert link["target"] == "_blank" and link["rel"] == "noopener noreferrer"
    url = urlsplit(link["href"])
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert f"{url.scheme}://{url.netloc}{url.path}" == ISSUES
    assert query == {
        "template": "page-problem.yml",
        "title": "Page problem: Angry or irate",
        "labels": "page-problem,owner:frontline",
        "page": "https://calmline.github.io/calmline/situations/angry/",
        "page_title": "Angry or irate",
        "owner": "@calmline/frontline-leads",
    }
    assert "reason" not in query, "the agent picks the reason in the form"


def test_every_prefilled_field_is_a_field_of_the_form():
    form = yaml.safe_load((ROOT / feedback.FORM).read_text(encoding="utf-8"))
    ids = {b["id"] for b in form["body"]}
    html = feedback.footer(page_meta(), OWNERS, "https://x.example/", {"issues": ISSUES, "email": ""})
    params = set(parse_qs(urlsplit(parse(html).links[0]["href"]).query)) - {"template", "title", "labels"}
    assert params <= ids, f"the link fills in {params - ids}, which the form does not have"
    reasons = next(b for b in form["body"] if b["id"] == "reason")["attributes"]["options"]
    assert tuple(reasons) == feedback.REASONS


def test_a_hostile_title_is_escaped_and_encoded():
    title = '"><img src=x onerror=alert(1)> & #1 {{ x }}'
    html = feedback.footer(page_meta(title=title), OWNERS, "https://x.example/", {"issues": ISSUES, "email": ""})
    assert "<img" not in html and "onerror=alert" not in html.replace("onerror%3Dalert", "")
    href = parse(html).links[0]["href"]
    assert parse_qs(urlsplit(href).query)["page_title"] == [title]


def test_an_email_address_makes_it_a_prefilled_mailto():
    html = feedback.footer(page_meta(), OWNERS, "https://x.example/", {"issues": ISSUES, "email": "kb@example.com"})
    link = parse(html).links[0]
    assert "target" not in link
    url = urlsplit(link["href"])
    assert url.scheme == "mailto" and url.path == "kb@example.com"
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query["subject"] == "Page problem: Angry or irate"
    body = query["body"]
    assert "Address: https://x.example/situations/angry/" in body and "@calmline/frontline-leads" in body
    for reason in feedback.REASONS:
        assert reason in body
    assert "+" not in link["href"], "mail programs read + literally: spaces must be %20"


@pytest.mark.parametrize("src, address", [
    ("index.md", "https://x.example/c/"),
    ("situations/index.md", "https://x.example/c/situations/"),
    ("situations/angry.md", "https://x.example/c/situations/angry/"),
])
def test_the_public_address_is_the_published_one(src, address):
    assert feedback.public_address("https://x.example/c/", src) == address


def test_settings_refuse_a_bad_address():
    assert feedback.settings({"report_issue_url": ISSUES, "feedback": {"email": ""}}) == {"issues": ISSUES, "email": ""}
    with pytest.raises(ContentError, match=r"^mkdocs.yml: extra.feedback.email 'not an address' is not an e-mail address. Fix:"):
        feedback.settings({"feedback": {"email": "not an address"}})


# --- the forms, checked -----------------------------------------------------------

def copy_forms(tmp_path):
    dest = tmp_path / ".github" / "ISSUE_TEMPLATE"
    shutil.copytree(ROOT / ".github" / "ISSUE_TEMPLATE", dest)
    return dest


def test_todays_forms_pass():
    assert feedback.check_issue_form(ROOT) == [] and feedback.check_search_form(ROOT) == []


def test_an_unknown_reason_names_file_line_and_fix(tmp_path):
    form = copy_forms(tmp_path) / "page-problem.yml"
    form.write_text(form.read_text(encoding="utf-8").replace("- It is hard to follow", "- Too long"), encoding="utf-8")
    line = next(n for n, t in enumerate(form.read_text(encoding="utf-8").splitlines(), 1) if "Too long" in t)
    messages = [str(e) for e in feedback.check_issue_form(tmp_path)]
    assert messages[0] == (f".github/ISSUE_TEMPLATE/page-problem.yml:{line}: reason 'Too long' is not one of the site's reasons. "
                           "Fix: use exactly: Something is wrong; It is out of date; Something is missing; It is hard to follow "
                           "(REASONS in macros/feedback.py; change both together).")
    assert "the reasons lack 'It is hard to follow'" in messages[1]


def test_a_missing_field_is_named(tmp_path):
    form = copy_forms(tmp_path) / "page-problem.yml"
    form.write_text(form.read_text(encoding="utf-8").replace("id: owner", "id: team"), encoding="utf-8")
    (err,) = feedback.check_issue_form(tmp_path)
    assert "no field with id 'owner'" in str(err) and "Fix: add an input with 'id: owner'" in str(err)
    search = tmp_path / ".github" / "ISSUE_TEMPLATE" / "search-miss.yml"
    search.write_text(search.read_text(encoding="utf-8").replace("[search-miss]", "[search]"), encoding="utf-8")
    assert "label 'search-miss'" in str(feedback.check_search_form(tmp_path)[0])


# --- the built site ------------------------------------------------------------------

def test_every_content_page_has_one_report_link(html_pages):
    missing = []
    for name, html in html_pages.items():
        if 'class="page-review"' not in html:
            continue
        found = parse(html)
        if len(found.links) != 1 or not found.links[0]["href"].startswith(ISSUES + "?template=page-problem.yml&"):
            missing.append(name)
    assert not missing, f"pages without exactly one report link: {missing[:10]}"
    assert sum('class="page-review"' in h for h in html_pages.values()) > 100


# --- the stale notice, in Chromium ------------------------------------------------------

def due_of(html):
    return dt.date.fromisoformat(parse(html).paragraphs[0]["data-review-due"])


def at(page, day: dt.date):
    page.clock.install(time=dt.datetime(day.year, day.month, day.day, 10, 0))


@pytest.mark.slow
def test_an_agent_follows_the_report_link_to_a_prefilled_form(page, server):
    """Click "Report a problem" in Chromium: a new tab opens the form, filled in. Nothing is sent:
    GitHub is never reached (the request is answered here), and the page itself made no request."""
    opened = []

    def github(route):
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>form</title>")

    page.context.route("https://github.com/**", github)
    page.goto(server + "situations/angry/", wait_until="load")
    before = list(page.foreign_requests)
    link = page.locator("a.page-feedback__report")
    assert link.count() == 1 and link.is_visible() is not None
    with page.context.expect_page() as tab:
        link.click()
    form = tab.value
    form.wait_for_load_state()
    query = {k: v[0] for k, v in parse_qs(urlsplit(form.url).query).items()}
    assert form.url.startswith(ISSUES) and opened == [form.url]
    assert query["template"] == "page-problem.yml" and query["page_title"] == "Angry or irate"
    assert query["page"].endswith("situations/angry/") and query["owner"].startswith("@")
    assert before == [] and page.url.endswith("situations/angry/"), "the page stays open; nothing left the machine before the click"


@pytest.mark.slow
def test_no_notice_before_the_due_date(page, server, site):
    due = due_of((site / "situations" / "angry" / "index.html").read_text(encoding="utf-8"))
    at(page, due - dt.timedelta(days=1))
    page.goto(server + "situations/angry/")
    page.wait_for_load_state("load")
    assert page.locator(".page-stale").count() == 0
    assert not page.console_errors and not page.foreign_requests


def test_the_notice_shows_after_the_due_date(page, server, site):
    due = due_of((site / "situations" / "angry" / "index.html").read_text(encoding="utf-8"))
    at(page, due + dt.timedelta(days=1))
    page.goto(server + "situations/angry/")
    note = page.locator(".page-stale")
    note.wait_for()
    assert note.count() == 1
    assert note.inner_text() == (f"Due for review since {frontmatter.nice_date(due)}: "
                                 "check anything that may have changed with Frontline team leads.")
    assert note.get_attribute("role") == "note", "a note, not an alert: it must not interrupt a screen reader"
    assert note.locator("time").get_attribute("datetime") == due.isoformat()
    # Near the top: straight after the page title.
    assert page.evaluate("document.querySelector('article h1').nextElementSibling.className") == "page-stale"
    assert not page.console_errors and not page.foreign_requests


@pytest.mark.slow
def test_instant_navigation_shows_each_pages_own_notice(page, server):
    at(page, dt.date(2040, 1, 1))
    page.goto(server + "situations/")
    page.locator(".page-stale").wait_for()
    page.locator("article a[href$='angry/']").first.click()
    page.wait_for_url("**/situations/angry/")
    page.wait_for_function("document.querySelector('article h1') && document.querySelector('article h1').textContent.includes('ngry')")
    page.wait_for_function("document.querySelectorAll('.page-stale').length === 1")
    assert "Frontline team leads" in page.locator(".page-stale").inner_text()
    assert not page.console_errors


@pytest.mark.slow
def test_the_notice_works_from_file(browser, site):
    context = browser.new_context()
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.clock.install(time=dt.datetime(2040, 1, 1, 10))
    pg.goto((site / "situations" / "angry" / "index.html").as_uri())
    pg.locator(".page-stale").wait_for()
    assert not errors
    context.close()


def luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(float(x)) for x in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def rgb(css):
    return re.findall(r"[\d.]+", css)[:3]


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_notice_is_readable_at_390px(browser, server, scheme):
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    pg = context.new_page()
    pg.clock.install(time=dt.datetime(2040, 1, 1, 10))
    pg.goto(server + "playbooks/what-i-can-do/")
    note = pg.locator(".page-stale")
    note.wait_for()
    box = note.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, "the notice runs off the screen"
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    colours = note.evaluate("n => [getComputedStyle(n).color, getComputedStyle(n).backgroundColor]")
    fg, bg = (luminance(rgb(c)) for c in colours)
    ratio = (max(fg, bg) + 0.05) / (min(fg, bg) + 0.05)
    assert ratio >= 4.5, f"{scheme}: contrast {ratio:.1f} for {colours}"
    if scheme == "dark":
        assert pg.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    context.close()
