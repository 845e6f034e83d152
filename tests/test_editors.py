"""The editors' workflow: CODEOWNERS in step with owners, templates that pass once written."""
import subprocess
import sys

from conftest import ROOT, build, copy_project


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


def test_make_new_creates_a_page_that_passes_once_written(tmp_path):
    from test_content import TEMPLATES, stub_problems, template_problems

    project = copy_project(tmp_path)
    proc = subprocess.run([sys.executable, "scripts/new_page.py", "situation", "Threatens to post online"],
                          cwd=project, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = project / "docs" / "situations" / "threatens-to-post-online.md"
    assert "- Threatens to post online: situations/threatens-to-post-online.md" in (project / "mkdocs.yml").read_text()
    # Straight from the template, the checks say what is left to do.
    assert stub_problems(page, project) == [
        "docs/situations/threatens-to-post-online.md: contains a placeholder word (TODO, STUB...). "
        "Fix: write the content, or remove the page and its nav entry."
    ]
    # The editor writes the page and lists the situation on three cards...
    text = page.read_text()
    text = text.replace('"TODO: one sentence, 40 to 200 characters, saying when an agent needs this page."',
                        "What to do when a customer says they will post about us online or tell the press.")
    text = text.replace("[TODO words agents would type, e.g. the customer's own words]", "[review, social media, post online, twitter]")
    text = text.replace("TODO: one line of guidance. The cards below come from data/phrases/: add `threatens-to-post-online` "
                        "to the `situations` of at least three cards.", "Keep to the problem; the threat is a sign of how let down they feel.")
    text = text.replace("TODO", "Stay calm, name the problem, and say what you will do next, by when")
    page.write_text(text)
    cards = project / "data" / "phrases" / "empathy.yml"
    cards.write_text(cards.read_text().replace("situations: [", "situations: [threatens-to-post-online, ", 3))
    # ...and every check passes.
    assert stub_problems(page, project) == []
    assert template_problems(page, TEMPLATES["situations"]) == []
    proc = build(project, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr[-3000:]
