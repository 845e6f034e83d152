"""ruff (pinned in requirements.txt, configured in pyproject.toml) finds nothing in the code."""
import subprocess
import sys

from conftest import ROOT


def test_ruff_finds_nothing():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "concise", "--no-cache", "."],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, ("ruff found problems (fix them, or run `.venv/bin/ruff check --fix .`):\n"
                                  + proc.stdout[-4000:] + proc.stderr[-2000:])
