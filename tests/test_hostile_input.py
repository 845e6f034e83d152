"""Text from data and front matter never runs, and pages carry a Content-Security-Policy.

Written as a hostile contributor would write a pull request: each probe puts a
payload where only words belong and asserts either a named error (file, line,
field, fix) or that the payload is inert in Chromium. Probes that need only the
loaders call them on a copied project; the ones that need a build share one.
"""
import re
import time
from pathlib import Path

import pytest

from conftest import build, copy_project, serve_dir
from macros import htmlsafety, plaintext, templating
from macros.errors import ContentError
from macros.site import load_site

IMG = '<img src=x onerror="window.__pwned=1">'


def _edit(project, rel, old, new):
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not found in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _load_errors(project):
    try:
        load_site(project, project / "docs")
    except ContentError as exc:
        return str(exc)
    pytest.fail("the site loaded, but the payload should have been refused")


def _line_of(project, rel, needle):
    lines = (project / rel).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


# ---------------------------------------------------------------- the build refuses markup in text fields

PROBES = [
    # (file, text to find, replacement, field named in the error)
    ("docs/situations/angry.md", "title: ", "title: <script>alert(1)</script> ", "'title'"),
    ("docs/situations/angry.md", "description: ", 'description: x" onfocus="alert(1)" autofocus="" <b>', "'description'"),
    ("docs/situations/angry.md", "tags: [", "tags: [<img src=x onerror=alert(1)>", "'tags'"),
    ("data/glossary.yml", "short: A customer's reaction", f"short: {IMG} A customer's reaction", "'upset > short'"),
    ("data/onboarding.yml", 'text: "Wrote my own reset card', 'text: "<img src=x onerror=alert(1)> Wrote my own reset card', "> text'"),
    ("data/search.yml", "stopwords: [a, ", "stopwords: ['<script>alert(1)</script>', a, ", "'stopwords'"),
    ("data/local-policy.yml", 'value: "999', 'value: "javascript:alert(1) 999', "'emergency_number > value'"),
    ("data/phrases/empathy.yml", "say: ", 'say: "{{ config }}" #', "> say'"),
    ("data/owners.yml", "name: ", 'name: "&lt;b&gt;" #', "> name'"),
]


@pytest.mark.parametrize("rel,old,new,field", PROBES, ids=[f"{p[0]}:{p[3]}" for p in PROBES])
def test_markup_in_a_text_field_fails_naming_file_line_and_field(tmp_path, rel, old, new, field):
    project = copy_project(tmp_path)
    _edit(project, rel, old, new)
    message = _load_errors(project)
    line = _line_of(project, rel, new.strip()[:12])
    assert re.search(rf"{re.escape(rel)}:{line}: '[^']*{re.escape(field.strip(chr(39)))}' contains", message), message
    assert "readers see it as plain text" in message and "Fix:" in message, message


def test_bidi_controls_in_data_are_flagged(tmp_path):
    project = copy_project(tmp_path)
    _edit(project, "data/phrases/empathy.yml", "say: ", "say: \u202eevil\u202c ")
    message = _load_errors(project)
    assert "data/phrases/empathy.yml:" in message and "U+202E" in message and "delete it" in message, message


def test_plain_words_pass_the_text_rule():
    for text in ["Q & A", "Angry or irate customer", "Say [name], not 'you people'", "Ça va, señor", "مرحبا"]:
        assert plaintext.problems(text) == [], text


def test_every_real_page_and_data_file_is_plain_text():
    root = Path(__file__).resolve().parent.parent
    assert plaintext.check_data(root / "data", root) == []


# ---------------------------------------------------------------- template marks in prose

def test_stray_template_marks_are_named_with_their_line():
    md = "Hi\n\nDear {{name}},\n\n## Odd {#odd}\n\n{{ phrase_card(\"x\") }}\n{% raw %}{{ shown }}{% endraw %}\n"
    marks = templating.stray_marks(md, {"phrase_card"})
    assert [(m[0], m[1]) for m in marks] == [(3, "{{name}}"), (5, "{#")], marks
    safe = templating.neutralise(md, marks)
    assert "{% raw %}{{name}}{% endraw %}" in safe and "{ #odd}" in safe


def test_an_unfinished_macro_call_is_named_as_such():
    marks = templating.stray_marks('Text\n{{ phrase_card("x" }}\n', {"phrase_card"})
    assert marks and marks[0][0] == 2 and "starts a call of phrase_card() but does not finish it" in marks[0][2], marks


def test_call_line_finds_the_macro_call():
    src = "---\ntitle: x\n---\n\ntext\n{{ term(\"a\") }}\n{{ phrase_cards(situation='angry', first=['b']) }}\n"
    assert templating.call_line(src, "term", "a") == 6
    assert templating.call_line(src, "phrase_cards", "angry") == 7
    assert templating.call_line(src, "term", "zzz") is None


# ---------------------------------------------------------------- the site-wide check after the build

@pytest.mark.parametrize("html,problem", [
    ('<article><p><img src="x" onerror="alert(1)"></p></article>', "inline event handler 'onerror='"),
    ('<article><a href=" JaVaScRiPt:alert(1)">x</a></article>', "script address"),
    ("<article><script>alert(1)</script></article>", "<script> inside the page's content"),
    ('<article><iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe></article>', "<iframe> inside"),
    ('<body><svg><a xlink:href="javascript:alert(1)">x</a></svg></body>', "script address"),
    # The same mistakes around the article, where the fast path reads only scripts:
    ('<header><img src="x" onerror="alert(1)"></header><article><p>ok</p></article>', "inline event handler"),
    ('<nav><a title="a>b" href="javascript:alert(1)">x</a></nav><article><p>ok</p></article>', "script address"),
    # Addresses spelt so that only a browser sees the script in them:
    ('<article><a href="&#106;avascript:alert(1)">x</a></article>', "script address"),
    ('<article><a href="java&#x09;script:alert(1)">x</a></article>', "script address"),
    ('<article><a href="java\tscript&colon;alert(1)">x</a></article>', "script address"),
    ('<article><a href="javas\ncript:alert(1)">x</a></article>', "script address"),
    # The content closes the article early and adds a script, which must not be trusted:
    ('<article><p>x</p></article><script>evil()</script><article></article>', "a second <article>"),
    ('<article><p>x</p></article><script>evil()</script></article>', "a second </article>"),
])
def test_the_site_check_finds_code_in_a_page(html, problem):
    problems, _inline, _srcs = htmlsafety.scan_page(html)
    assert any(problem in p for _line, p in problems), problems
    assert problems == htmlsafety.full_scan(html)[0] or sorted(problems) == sorted(htmlsafety.full_scan(html)[0])


@pytest.mark.slow
def test_the_fast_site_check_agrees_with_the_full_parse_on_every_built_page(html_pages):
    """scan_page skips parsing what cannot hold code; on every real page it must say what full_scan says."""
    for name, html in html_pages.items():
        fast, full = htmlsafety.scan_page(html), htmlsafety.full_scan(html)
        assert (sorted(fast[0]), fast[1], sorted(fast[2])) == (sorted(full[0]), full[1], sorted(full[2])), name


def test_a_script_in_the_article_is_never_trusted_by_the_policy():
    _p, inline, _s = htmlsafety.scan_page("<head><script>theme()</script></head><article><script>evil()</script></article>")
    assert inline == ["theme()"]


def test_every_page_has_a_policy_that_trusts_exactly_its_own_inline_scripts(html_pages):
    for name, html in html_pages.items():
        head = html[html.index("<head>"):html.index("<head>") + 600]
        match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
        assert match, f"{name}: no Content-Security-Policy at the top of <head>"
        policy = match.group(1)
        for part in ("object-src 'none'", "base-uri 'self'", "connect-src 'self'", "'wasm-unsafe-eval'"):
            assert part in policy, f"{name}: the policy lacks {part}"
        assert "unsafe-inline" not in policy, name
        _p, inline, _s = htmlsafety.scan_page(html)
        trusted = set(re.findall(r"'sha256-([^']+)'", policy))
        assert trusted == {htmlsafety.script_hash(c) for c in inline}, f"{name}: hashes do not match its inline scripts"


@pytest.mark.slow
def test_an_injected_handler_and_script_are_blocked_in_chromium(page, server):
    page.goto(server + "situations/angry/")
    page.evaluate("""(img) => {
        const d = document.createElement('div'); d.innerHTML = img; document.body.appendChild(d);
        const s = document.createElement('script'); s.textContent = 'window.__pwned2 = 1'; document.body.appendChild(s);
    }""", IMG)
    time.sleep(0.3)
    assert page.evaluate("[window.__pwned, window.__pwned2]") == [None, None]
    assert any("Content Security Policy" in e for e in page.console_errors), page.console_errors


# ---------------------------------------------------------------- one broken build, every error named

@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    project = copy_project(tmp)
    page = project / "docs" / "situations" / "angry.md"
    page.write_text(page.read_text(encoding="utf-8") + (
        "\n\nDear {{name}}, your {{ title }} is ready.\n"
        '\n<p><img src="x" onerror="window.__pwned=1" alt="x"></p>\n'
        '\n<p><a href="javascript:alert(1)">Click</a></p>\n'
        '\n{{ phrase_card("understand-why-angy") }}\n'
    ), encoding="utf-8")
    _edit(project, "docs/situations/needs-to-vent.md", "description: ",
          'description: "He said \\"leave\\" & left, and the agent stayed calm throughout." #')
    proc = build(project, tmp / "site")
    return project, tmp / "site", proc.stdout + proc.stderr, proc.returncode


@pytest.mark.slow
def test_the_hostile_build_fails_without_a_traceback(hostile_build):
    _project, _site, out, code = hostile_build
    assert code != 0, "the build passed with hostile content"
    assert "Traceback" not in out, out[-3000:]


@pytest.mark.slow
@pytest.mark.parametrize("needle", [
    "{{name}}' is not a call to one of the site's macros",
    "{{ title }}' is not a call to one of the site's macros",
    "inline event handler 'onerror='",
    "script address ('javascript:alert(1)')",
    "unknown phrase card id 'understand-why-angy'",
])
def test_the_hostile_build_names_each_problem_with_its_line(hostile_build, needle):
    project, _site, out, _code = hostile_build
    line = next((ln for ln in out.splitlines() if needle in ln), None)
    assert line, f"the build output does not mention {needle!r}:\n{out[-3000:]}"
    assert re.search(r"(docs/situations/angry\.md:\d+|site/situations/angry/index\.html:\d+): ", line), line
    assert "Fix:" in line, line


@pytest.mark.slow
def test_macro_errors_carry_the_line_of_the_call(hostile_build):
    project, _site, out, _code = hostile_build
    line = _line_of(project, "docs/situations/angry.md", "understand-why-angy")
    assert f"docs/situations/angry.md:{line}: unknown phrase card id" in out, out[-2000:]


@pytest.mark.slow
def test_the_hostile_page_shows_the_text_and_runs_nothing(hostile_build, browser):
    _project, site, _out, _code = hostile_build
    html = (site / "situations" / "needs-to-vent" / "index.html").read_text(encoding="utf-8")
    assert 'content="He said &#34;leave&#34; &amp; left, and' in html, "the description was not escaped"
    with serve_dir(site) as url:
        context = browser.new_context()
        pg = context.new_page()
        pg.goto(url + "situations/angry/")
        assert "Dear {{name}}, your {{ title }} is ready." in pg.inner_text("article")
        time.sleep(0.3)
        assert pg.evaluate("window.__pwned") is None
        context.close()


def test_a_checklist_item_keeps_its_link_but_not_its_markup():
    from macros import onboarding
    module = {"id": "module-9", "title": "T", "page": "onboarding/x.md", "time": "5 minutes",
              "checklist": [{"id": "read-it", "text": f"{IMG} Read [the page](../x.md)"}]}
    out = onboarding.render_checklist(module)
    assert "&lt;img" in out and "<img" not in out, out
    assert "[the page](../x.md)" in out
