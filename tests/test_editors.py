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
