"""The reports that take feedback to people: scripts/reviews.py --json/--issue and scripts/changed_pages.py.

changed_pages.py is run against a throw-away git repository: a base commit, a
pull request's branch that adds, edits and removes pages, and a data file.
"""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True)


def test_reviews_json_lists_due_pages_with_owner_and_dates():
    proc = run("scripts/reviews.py", "--json", "--today", "2030-01-01")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["today"] == "2030-01-01" and data["horizon"] == "2030-01-31"
    assert data["overdue"] == len(data["due"]) == data["pages"] > 100
    first = data["due"][0]
    assert set(first) == {"page", "title", "owner", "owner_name", "github", "last_reviewed", "due", "days_overdue", "overdue"}
    assert first["page"].startswith("docs/") and first["github"].startswith("@")
    assert [d["due"] for d in data["due"]] == sorted(d["due"] for d in data["due"]), "oldest first"
    assert sum(len(o["pages"]) for o in data["by_owner"].values()) == len(data["due"])


def test_reviews_text_report_stays_the_default():
    proc = run("scripts/reviews.py", "--today", "2030-01-01")
    assert proc.stdout.startswith("Pages due for review by 2030-01-31") and not proc.stdout.lstrip().startswith("{")


def test_reviews_issue_groups_overdue_pages_by_owner_with_their_handle():
    proc = run("scripts/reviews.py", "--issue", "--today", "2030-01-01")
    assert proc.returncode == 0, proc.stderr
    body = proc.stdout
    assert body.startswith("Pages past their review date on 2030-01-01:")
    assert "### Frontline team leads (@calmline/frontline-leads):" in body
    assert "- [ ] `docs/situations/angry.md`: Angry or irate, due " in body
    quiet = run("scripts/reviews.py", "--issue", "--today", "2026-11-26").stdout
    assert "Nothing is overdue." in quiet and "- [ ]" not in quiet


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True, capture_output=True)


def page(title, owner="training", reviewed="2026-11-01", every=6):
    return (f"---\ntitle: \"{title}\"\ndescription: A page used by the changed-pages test, long enough.\n"
            f"tags: [test]\nowner: {owner}\nlast_reviewed: {reviewed}\nreview_every: {every}\n---\n\n# {title}\n\nText.\n")


def test_changed_pages_lists_the_pull_requests_pages(tmp_path):
    repo = tmp_path / "repo"
    (repo / "docs" / "situations").mkdir(parents=True)
    (repo / "data").mkdir()
    (repo / "data" / "owners.yml").write_text((ROOT / "data" / "owners.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (repo / "docs" / "situations" / "angry.md").write_text(page("Angry", "frontline"), encoding="utf-8")
    (repo / "docs" / "old.md").write_text(page("Old"), encoding="utf-8")
    (repo / "docs" / "same.md").write_text(page("Same"), encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "pr")
    (repo / "docs" / "situations" / "angry.md").write_text(page("Angry | furious <b>", "frontline", "2026-11-20", 3), encoding="utf-8")
    (repo / "docs" / "new.md").write_text(page("New page"), encoding="utf-8")
    (repo / "docs" / "old.md").unlink()
    (repo / "data" / "glossary.yml").write_text("terms: []\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "pr")
    # main moves on after the branch: only the pull request's own changes count (base...head).
    git(repo, "checkout", "-q", "main")
    (repo / "docs" / "same.md").write_text(page("Same, edited on main"), encoding="utf-8")
    git(repo, "commit", "-qam", "main moves")
    git(repo, "checkout", "-q", "pr")

    proc = run("scripts/changed_pages.py", "--base", "main", "--root", str(repo))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "## Pages this pull request changes"
    rows = [line for line in lines if line.startswith("| `")]
    assert rows == [
        "| `docs/new.md` (new) | New page | Training team (@calmline/training) | 2026-11-01 | 2027-05-01 |",
        "| `docs/old.md` | (removed) |  |  |  |",
        "| `docs/situations/angry.md` | Angry \\| furious &lt;b&gt; | Frontline team leads (@calmline/frontline-leads) | 2026-11-20 | 2027-02-20 |",
    ]


def test_changed_pages_says_when_no_page_changed(tmp_path):
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "README.md").write_text("x\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    proc = run("scripts/changed_pages.py", "--base", "main", "--root", str(repo))
    assert "No page under docs/ changed." in proc.stdout


def test_changed_pages_names_a_missing_base(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "commit", "-q", "--allow-empty", "-m", "only")
    proc = run("scripts/changed_pages.py", "--base", "no-such-branch", "--root", str(repo))
    assert proc.returncode != 0 and "fetch-depth: 0" in proc.stderr
