"""Mistakes an editor can make fail the build with a message naming the file and the target.

Each test breaks something on purpose in a copy of the project, builds, and
pins the message. Mistakes the build reports together share one copy and one
build. The copies are thrown away; the real project is never touched.
"""
import pytest

from conftest import build, copy_project
from sitecheck import check_site

pytestmark = pytest.mark.slow  # builds copies of the project: make test-all and CI run it

PAGE = "docs/situations/angry.md"


def _append(project, rel, text):
    path = project / rel
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


def _replace(project, rel, old, new):
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not found in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path)


def _fails(project, tmp_path, *needles):
    proc = build(project, tmp_path / "out")
    return _failed(proc, *needles)


def _failed(proc, *needles):
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, "the build passed but should have failed"
    for needle in needles:
        assert needle in out, f"the build failed, but its message does not mention {needle!r}:\n{out[-3000:]}"
    return out


# One broken copy holds every mistake that the build reports together, each on
# its own page, so one build (not six) shows that each is named. A mistake
# that stops the build at once (an unknown snippet) gets a copy of its own.
@pytest.fixture(scope="module")
def broken_pages(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("broken-pages")
    project = copy_project(tmp)
    _append(project, PAGE, "See [the missing page](../playbooks/no-such-page.md).")
    _append(project, "docs/situations/needs-to-vent.md", "See [step nine](../playbooks/six-steps.md#step-9-no-such-step).")
    # MkDocs does not check links written as HTML; our checker over site/ does.
    _append(project, "docs/situations/threats.md", '<p><a href="../../playbooks/six-steps/#no-such-anchor">raw</a></p>')
    _append(project, "docs/situations/bargaining.md", '{{ phrase_card("understand-why-angy") }}')
    _append(project, "docs/situations/broken-promise.md", '{{ term("crossed transactoin") }}')
    # Inside a table: a row on its own, after a blank line, is a different mistake (a broken table).
    text = (project / "docs/customer-says.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith('| **"'))
    _replace(project, "docs/customer-says.md", row + "\n", row + '\n| **"Odd."** | Unclear. | Say sorry. |\n')
    return build(project, tmp / "out"), tmp / "out"


# Mistakes in data and front matter are found before any page is built, all at once.
@pytest.fixture(scope="module")
def broken_data(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("broken-data")
    project = copy_project(tmp)
    _append(project, "data/phrases/empathy.yml", "  - id: broken\n    say: [unclosed")
    _replace(project, PAGE, "owner: frontline\n", "")
    _replace(project, "data/search.yml", "  situations/broken-promise.md:", "  situations/broken-promis.md:")
    return build(project, tmp / "out")


def test_broken_link_fails_naming_page_and_target(broken_pages):
    _failed(broken_pages[0], "situations/angry.md", "playbooks/no-such-page.md")


def test_broken_anchor_fails_naming_page_and_anchor(broken_pages):
    _failed(broken_pages[0], "situations/needs-to-vent.md", "#step-9-no-such-step")


def test_broken_anchor_in_raw_html_is_caught_by_the_site_checker(broken_pages):
    # The strict build stops for the other mistakes after writing every page; the checker reads them.
    problems = check_site(broken_pages[1])
    assert any("situations/threats/index.html" in p and "#no-such-anchor" in p for p in problems), problems


def test_unknown_snippet_fails_naming_the_snippet(project, tmp_path):
    _append(project, PAGE, '--8<-- "no-such-snippet.md"')
    _fails(project, tmp_path, "no-such-snippet.md")


def test_unknown_phrase_id_fails_naming_page_id_and_suggestion(broken_pages):
    out = _failed(broken_pages[0], "docs/situations/bargaining.md", "understand-why-angy")
    assert "did you mean 'understand-why-angry'" in out


def test_unknown_glossary_term_fails_naming_page_and_term(broken_pages):
    _failed(broken_pages[0], "docs/situations/broken-promise.md", "'crossed transactoin' is not in the glossary")


def test_a_customer_says_row_without_a_situation_fails_naming_the_line(broken_pages):
    _failed(broken_pages[0], "customer-says.md:", "does not link its saying to a situation page")


def test_malformed_phrase_data_fails_naming_file_and_line(broken_data):
    _failed(broken_data, "data/phrases/empathy.yml:", "not valid YAML")


def test_missing_front_matter_field_fails_naming_file_and_fix(broken_data):
    _failed(broken_data, "docs/situations/angry.md", "no 'owner'", "Fix: add 'owner:")


def test_malformed_search_data_fails_naming_file_line_and_fix(broken_data):
    _failed(broken_data, "data/search.yml:", "'situations/broken-promis.md', which is not a page", "Fix: use a path under docs/")


def _line(project, rel, text):
    """The line number of the first line of ``rel`` that starts with ``text``."""
    lines = (project / rel).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(text))


def test_many_editor_mistakes_in_one_build_are_each_named_with_line_and_fix(project, tmp_path):
    """One broken copy, seven mistakes: the build lists them all at once, and none is a traceback."""
    import subprocess

    # A repository, so the duplicate card is told apart from the one pages use.
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com"]
    subprocess.run(git + ["init", "-q"], cwd=project, check=True)
    subprocess.run(git + ["add", "-A"], cwd=project, check=True)
    subprocess.run(git + ["commit", "-qm", "copy"], cwd=project, check=True)

    _replace(project, PAGE, "last_reviewed: 2026-11-22", "last_reviewed: 2026-02-30")
    _replace(project, "docs/situations/needs-to-vent.md", 'title: "Needs to vent"', 'title: "Needs to vent')
    _replace(project, "data/local-policy.yml", 'value: "999 (UK example: replace with yours)"', 'value: "999 (UK example: replace with yours)')
    _append(project, "data/phrases/apologising.yml", "\n".join([
        "  - id: understand-why-angry",
        '    say: "I can see why you are angry about this."',
        "    when: The customer has told you what went wrong.",
        "    why: Naming the feeling shows you heard it.",
        "    situations: [angry]",
        "    steps: []",
        "    channel: any",
        "    tags: [apology]",
    ]))
    _append(project, "docs/situations/broken-promise.md", '\n| What we promised | What happened |\n| --- | --- |\n| "A call back by [time]." |')
    _replace(project, "data/glossary.yml", "  - term: kernel of truth\n    variants: [kernels of truth]\n",
             "  - term: kernal of truth\n    variants: [kernals of truth]\n")
    _append(project, "docs/situations/threats.md", "\n".join(f"Another sentence of ten words about the call, number {n}." for n in range(350)))

    out = _fails(project, tmp_path, "Calmline content check failed", "7 problems:")
    assert "Traceback" not in out, out[-3000:]
    policy_line = _line(project, "data/local-policy.yml", '    value: "999')
    card_line = _line(project, "data/phrases/apologising.yml", "  - id: understand-why-angry")
    first_line = _line(project, "data/phrases/empathy.yml", "  - id: understand-why-angry")
    row_line = _line(project, "docs/situations/broken-promise.md", '| "A call back')
    term_line = _line(project, "data/glossary.yml", "  - term: kernal of truth")
    expected = {
        f"{PAGE}:6": "'last_reviewed' is 2026-02-30, which is not a real date. Fix: write a real date as YYYY-MM-DD, e.g. last_reviewed: 2026-02-28.",
        "docs/situations/needs-to-vent.md:2": "a quote opened on this line",
        f"data/local-policy.yml:{policy_line}": "a quote opened on this line",
        f"data/phrases/apologising.yml:{card_line}":
            f"card id 'understand-why-angry' is already used in data/phrases/empathy.yml:{first_line}. Fix: give this one, the one you added, a new id",
        f"docs/situations/broken-promise.md:{row_line}":
            "this table row has 1 cell; the header",
        f"data/glossary.yml:{term_line}":
            "term 'kernal of truth' appears on no page besides the glossary, so its tooltip shows nowhere. Fix: did you mean 'kernel of truth'",
        "docs/situations/threats.md:": "words of prose; a situation page holds at most",
    }
    for where, what in expected.items():
        lines = [line for line in out.splitlines() if f"{where}" in line and what in line]
        assert lines, f"the build's message has no line with {where!r} and {what!r}:\n{out[-5000:]}"
        assert "Fix: " in lines[0], lines[0]
