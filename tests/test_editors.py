"""The editors' workflow: CODEOWNERS in step with owners, `make new` with any title, templates that pass once written."""
import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build, copy_project
from macros.site import MkDocsConfigLoader  # reads mkdocs.yml, whose !ENV and python tags do not matter here


def test_codeowners_matches_the_owners_list_and_pages():
    proc = subprocess.run([sys.executable, "scripts/codeowners.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_review_report_runs_and_never_fails():
    proc = subprocess.run([sys.executable, "scripts/reviews.py", "--today", "2030-01-01"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("Pages due for review by 2030-01-31")
    assert "overdue" in lines[2]
    dates = [line.split()[0] for line in lines[2:] if line[:4].isdigit()]
    assert dates == sorted(dates), "the report must list the oldest first"


def page_problems(project, page, rules):
    """What ``rules`` (from macros/checks.py) find on ``page`` of ``project``, as messages."""
    from macros import checks
    from macros.site import load_site

    global _site
    if _site is None:
        _site = load_site(ROOT, ROOT / "docs")  # the rules below read only the page's own text
    rel = page.relative_to(project / "docs").as_posix()
    return [str(e) for e in checks.run(dataclasses.replace(_site, sources={rel: page.read_text(encoding="utf-8")}), rules)]


_site = None


def write_like_an_editor(page):
    """Replace every TODO of a page straight from `make new` with words, as an editor would."""
    page.write_text(page.read_text(encoding="utf-8").replace("TODO", "Stay calm and say what you will do next and by when"),
                    encoding="utf-8")


def write_new_situation(project):
    """What an editor does with `make new type=situation title="Threatens to post online"`.

    Returns the page and the checks' verdicts straight from the template and once written."""
    from macros import checks

    rules = [checks.no_stub_pages, checks.pages_follow_their_template, checks.situations_have_three_first_moves]
    proc = subprocess.run([sys.executable, "scripts/new_page.py", "situation", "Threatens to post online"],
                          cwd=project, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = project / "docs" / "situations" / "threatens-to-post-online.md"
    fresh = page_problems(project, page, [checks.no_stub_pages])
    # The editor writes the page and lists the situation on three cards...
    text = page.read_text()
    text = text.replace('"TODO: one sentence, 40 to 200 characters, saying when an agent needs this page."',
                        "What to do when a customer says they will post about us online or tell the press.")
    text = text.replace("[TODO words agents would type, e.g. the customer's own words]", "[review, social media, post online, twitter]")
    text = text.replace("TODO: one line of guidance. The cards below come from data/phrases/: add `threatens-to-post-online` "
                        "to the `situations` of at least three cards.", "Keep to the problem; the threat is a sign of how let down they feel.")
    page.write_text(text)
    write_like_an_editor(page)
    cards = project / "data" / "phrases" / "empathy.yml"
    cards.write_text(cards.read_text().replace("situations: [", "situations: [threatens-to-post-online, ", 3))
    return page, fresh, page_problems(project, page, rules)


@pytest.mark.slow
def test_make_new_creates_a_page_that_passes_once_written(made):
    project, _outputs, proc, (_page, fresh, written) = made
    assert "- Threatens to post online: situations/threatens-to-post-online.md" in (project / "mkdocs.yml").read_text()
    # Straight from the template, the checks say what is left to do.
    assert len(fresh) == 1 and fresh[0].startswith("docs/situations/threatens-to-post-online.md:3: contains a placeholder word (TODO, STUB...)")
    assert fresh[0].endswith("Fix: write the content, or remove the page and its nav entry.")
    # Once written, every check passes, and so does the build (shared with the titles below).
    assert written == []
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (Path(proc.args[proc.args.index("--site-dir") + 1]) / "situations" / "threatens-to-post-online" / "index.html").is_file()


# Titles an editor may well type, each one hostile to YAML, Markdown, the shell or a file name.
HOSTILE = [
    ("situation", 'Threatens: "sue" #1', "situations/threatens-sue-1.md"),
    ("playbook", "- [x] odd", "playbooks/x-odd.md"),
    ("case-study", "Ünïcödé café", "case-studies/unicode-cafe.md"),
    ("scenario", "[Draft] Don’t say “calm down”: 100% sure?", "onboarding/role-plays/draft-dont-say-calm-down-100-sure.md"),
    ("module", "No", "onboarding/module-9-no.md"),  # a bare No is false in YAML
    ("playbook", "Charged $5 `twice` & a bold *promise*", "playbooks/charged-5-twice-a-bold-promise.md"),
]




def _nav_entries(nav):
    for item in nav:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    yield from _nav_entries(value)
                else:
                    yield title, value


def _front_matter(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text[4:text.index("\n---", 4)])


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A copy of the project with one page per hostile title, made through `make new`, one new
    situation written as an editor would, and one build of it all."""
    tmp = tmp_path_factory.mktemp("new-pages")
    project = copy_project(tmp)
    outputs = {}
    for kind, title, _rel in HOSTILE:
        # -o: the copy has no .venv; PY runs the test's own Python instead.
        proc = subprocess.run(["make", "--no-print-directory", "-s", "-o", ".venv/.installed", "new", f"PY={sys.executable}",
                               f"type={kind}", f"title={title}"], cwd=project, capture_output=True, text=True)
        assert proc.returncode == 0, f"make new {kind} {title!r}:\n{proc.stdout}{proc.stderr}"
        outputs[title] = proc.stdout
    # What the editor does before the strict build can pass: every TODO written (the build's rule
    # no_stub_pages), cards for the situation, real links in the module, the start page's count of modules.
    for _kind, _title, rel in HOSTILE:
        write_like_an_editor(project / "docs" / rel)
    cards = project / "data" / "phrases" / "empathy.yml"
    cards.write_text(cards.read_text(encoding="utf-8").replace("situations: [", "situations: [threatens-sue-1, ", 3), encoding="utf-8")
    module = project / "docs" / "onboarding" / "module-9-no.md"
    module.write_text(module.read_text(encoding="utf-8").replace("[..](...)", "[Module 8](module-8-follow-up.md)"), encoding="utf-8")
    start = project / "docs" / "onboarding" / "index.md"
    start.write_text(re.sub(r"There are \w+ modules", "There are nine modules", start.read_text(encoding="utf-8")), encoding="utf-8")
    # One more page, written as an editor would: the same build checks it.
    new_situation = write_new_situation(project)
    return project, outputs, build(project, tmp / "site"), new_situation


@pytest.mark.slow
@pytest.mark.parametrize("kind, title, rel", HOSTILE, ids=[t for _, t, _ in HOSTILE])
def test_make_new_takes_any_title(made, kind, title, rel):
    project, outputs, _proc, _new = made
    page = project / "docs" / rel
    assert page.is_file(), f"expected docs/{rel}; make new said:\n{outputs[title]}"
    assert _front_matter(page)["title"] == title
    nav = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=MkDocsConfigLoader)["nav"]
    assert (title, rel) in list(_nav_entries(nav))
    assert f"/docs/{rel} @calmline/" in (project / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    if kind == "module":
        modules = yaml.safe_load((project / "data" / "onboarding.yml").read_text(encoding="utf-8"))
        modules = modules["modules"] if isinstance(modules, dict) else modules
        assert {"id": "module-9", "title": title, "page": rel}.items() <= next(m for m in modules if m["id"] == "module-9").items()
    # The next step names the file and the address it has under make serve.
    assert f"Open docs/{rel} " in outputs[title]
    assert f"http://127.0.0.1:8000/{rel[:-3]}/ " in outputs[title]


@pytest.mark.slow
def test_pages_with_any_title_build_and_show_the_title(made):
    import html

    project, _, proc, _new = made
    assert proc.returncode == 0, proc.stderr[-3000:]
    site = Path(proc.args[proc.args.index("--site-dir") + 1])
    for _, title, rel in HOSTILE:
        built = (site / rel[:-3] / "index.html").read_text(encoding="utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", built, re.S).group(1)
        assert html.unescape(h1) == title, rel


@pytest.fixture(scope="module")
def spare_project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("refusals"))


@pytest.mark.parametrize("args, says", [
    ([], "Say which type of page: situation, playbook"),
    (["nope", "A title"], "Unknown type 'nope'. Fix: use one of situation"),
    (["situation"], "Give the page a title: make new type=situation"),
    (["situation", "   "], "Give the page a title"),
    (["situation", "日本語"], "has no letters or digits to name the file with"),
    (["situation", "Threats!"], "docs/situations/threats.md is already a page with that name"),
    (["situation", "Index"], "would replace the start page of docs/situations/"),
    (["playbook", "Two\nlines"], "must be one line"),
    (["playbook", "Say {{ this }}"], "The title contains template braces"),
    (["playbook", "A <b>bold</b> title"], "The title contains an angle bracket"),
])
def test_make_new_refuses_in_one_line_and_writes_nothing(spare_project, args, says):
    before = {p: p.read_bytes() for p in [spare_project / "mkdocs.yml", spare_project / ".github" / "CODEOWNERS"]}
    pages = sorted(spare_project.joinpath("docs").rglob("*.md"))
    proc = subprocess.run([sys.executable, "scripts/new_page.py", *args], cwd=spare_project, capture_output=True, text=True)
    assert proc.returncode != 0
    assert proc.stdout == "" and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert says in proc.stderr
    assert {p: p.read_bytes() for p in before} == before
    assert sorted(spare_project.joinpath("docs").rglob("*.md")) == pages


@pytest.mark.slow
def test_make_serve_keeps_running_and_says_what_is_wrong(tmp_path):
    """The preview starts on broken data, lists the problem in the page, and recovers on save."""
    import json
    import time

    from conftest import fetch, make_serve

    project = copy_project(tmp_path)
    cards = project / "data" / "phrases" / "empathy.yml"
    good_cards = cards.read_text(encoding="utf-8")
    cards.write_text(good_cards + "  - id: [unclosed\n", encoding="utf-8")
    with (tmp_path / "serve.log").open("w") as log, make_serve(project, log) as (base, proc):

        def wait_for(path, needle, seconds=120):
            deadline = time.time() + seconds
            while time.time() < deadline:
                assert proc.poll() is None, "make serve stopped:\n" + (tmp_path / "serve.log").read_text()[-3000:]
                html = fetch(base + path)
                if html and needle in html:
                    return html
                time.sleep(0.5)
            raise AssertionError(f"{path} never showed {needle!r}:\n" + (tmp_path / "serve.log").read_text()[-3000:])

        # Broken from the start: the preview still comes up and says what is wrong, on every page.
        html = wait_for("situations/angry/", "cl-preview-problems")
        assert "data/phrases/empathy.yml:" in html and "this is not valid YAML" in html
        assert "cl-preview-gap" in html, "the cards that could not load are marked"
        assert "data/phrases/empathy.yml:" in (tmp_path / "serve.log").read_text()
        # The editor fixes the data (a watched folder) and, in the same save, mistypes a macro.
        angry = project / "docs" / "situations" / "angry.md"
        angry.write_text(angry.read_text(encoding="utf-8") + "\n{{ phrase_card( }}\n", encoding="utf-8")
        cards.write_text(good_cards, encoding="utf-8")
        html = wait_for("situations/angry/", "starts a call of phrase_card() but does not finish it")
        assert "cl-preview-problems" in html and "1 on this page" in html
        other = wait_for("situations/threats/", "cl-preview-problems")
        assert "phrase-card" in other and "cl-preview-gap" not in other, "with the data fixed, the cards are back"
        assert "The preview has 1 problem" in (tmp_path / "serve.log").read_text()
        # A save that changes only a page's text rebuilds only that page (make serve runs
        # MkDocs with --dirty). What the other pages gave stays: angry's problem is still
        # listed, and search still has every situation's answer.
        threats = project / "docs" / "situations" / "threats.md"
        threats.write_text(threats.read_text(encoding="utf-8") + "\nA line only the preview sees.\n", encoding="utf-8")
        other = wait_for("situations/threats/", "A line only the preview sees.")
        assert "starts a call of phrase_card() but does not finish it" in other, "a page not rebuilt keeps its problem in the list"
        assert "1 on this page" in wait_for("situations/angry/", "cl-preview-problems")
        answers = json.loads(fetch(base + "search/calmline.json"))["answers"]
        assert len(answers) == len(list((project / "docs" / "situations").glob("*.md"))) - 1
        assert all(a["move"] and a["card"] for a in answers), "search lost what the pages not rebuilt had taught it"
        log_text = (tmp_path / "serve.log").read_text()
        assert log_text.count("Documentation built") >= 3 and "'dirty' build" not in log_text

