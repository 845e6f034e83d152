"""Mistakes an editor can make fail the build with a message naming the file and the target.

Each test copies the project, breaks one thing on purpose, builds, and pins the
message. The copies are thrown away; the real project is never touched.
"""
import pytest

from conftest import build, copy_project
from sitecheck import check_site

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
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, "the build passed but should have failed"
    for needle in needles:
        assert needle in out, f"the build failed, but its message does not mention {needle!r}:\n{out[-3000:]}"
    return out


def test_broken_link_fails_naming_page_and_target(project, tmp_path):
    _append(project, PAGE, "See [the missing page](../playbooks/no-such-page.md).")
    _fails(project, tmp_path, "situations/angry.md", "playbooks/no-such-page.md")


def test_broken_anchor_fails_naming_page_and_anchor(project, tmp_path):
    _append(project, PAGE, "See [step nine](../playbooks/six-steps.md#step-9-no-such-step).")
    _fails(project, tmp_path, "situations/angry.md", "#step-9-no-such-step")


def test_broken_anchor_in_raw_html_is_caught_by_the_site_checker(project, tmp_path):
    # MkDocs does not check links written as HTML; our checker over site/ does.
    _append(project, PAGE, '<p><a href="../../playbooks/six-steps/#no-such-anchor">raw</a></p>')
    proc = build(project, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr[-2000:]
    problems = check_site(tmp_path / "out")
    assert any("situations/angry/index.html" in p and "#no-such-anchor" in p for p in problems), problems


def test_unknown_snippet_fails_naming_the_snippet(project, tmp_path):
    _append(project, PAGE, '--8<-- "no-such-snippet.md"')
    _fails(project, tmp_path, "no-such-snippet.md")


def test_unknown_phrase_id_fails_naming_page_id_and_suggestion(project, tmp_path):
    _append(project, PAGE, '{{ phrase_card("understand-why-angy") }}')
    out = _fails(project, tmp_path, "docs/situations/angry.md", "understand-why-angy")
    assert "did you mean 'understand-why-angry'" in out


def test_unknown_glossary_term_fails_naming_page_and_term(project, tmp_path):
    _append(project, PAGE, '{{ term("crossed transactoin") }}')
    _fails(project, tmp_path, "docs/situations/angry.md", "'crossed transactoin' is not in the glossary")


def test_malformed_phrase_data_fails_naming_file_and_line(project, tmp_path):
    _append(project, "data/phrases/empathy.yml", "  - id: broken\n    say: [unclosed")
    _fails(project, tmp_path, "data/phrases/empathy.yml:", "not valid YAML")


def test_missing_front_matter_field_fails_naming_file_and_fix(project, tmp_path):
    _replace(project, PAGE, "owner: frontline\n", "")
    _fails(project, tmp_path, "docs/situations/angry.md", "no 'owner'", "Fix: add 'owner:")


def test_malformed_search_data_fails_naming_file_line_and_fix(project, tmp_path):
    _replace(project, "data/search.yml", "  situations/broken-promise.md:", "  situations/broken-promis.md:")
    _fails(project, tmp_path, "data/search.yml:", "'situations/broken-promis.md', which is not a page", "Fix: use a path under docs/")


def test_a_customer_says_row_without_a_situation_fails_naming_the_line(project, tmp_path):
    _append(project, "docs/customer-says.md", '| **"Odd."** | Unclear. | Say sorry. |')
    _fails(project, tmp_path, "customer-says.md:", "does not link its saying to a situation page")
