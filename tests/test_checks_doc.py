"""docs/contribute/checks.md lists every content rule, written from the rules' docstrings."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(project, *args):
    return subprocess.run([sys.executable, "scripts/checks_doc.py", *args], cwd=project, capture_output=True, text=True)


def test_the_list_of_rules_is_current():
    proc = run(ROOT, "--check")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_changed_docstring_is_named_as_stale(tmp_path):
    import shutil

    for part in ("docs", "data", "macros", "scripts"):
        shutil.copytree(ROOT / part, tmp_path / part)
    checks = tmp_path / "macros" / "checks.py"
    checks.write_text(checks.read_text(encoding="utf-8").replace(
        "Two cards that contradict each other teach agents both.", "Two cards that disagree teach agents both."), encoding="utf-8")
    proc = run(tmp_path, "--check")
    assert proc.returncode == 1
    assert proc.stdout.startswith("docs/contribute/checks.md is out of date with the rules in macros/checks.py: no_card_says_what_a_card_avoids.")
    assert "Fix: run `python scripts/checks_doc.py`" in proc.stdout
    assert run(tmp_path).returncode == 0 and run(tmp_path, "--check").returncode == 0
