"""A spelling check over the content, with codespell and our own word list."""
import re
import subprocess
import sys

from conftest import ROOT

TARGETS = ["docs", "data", "templates", "snippets", "CONTRIBUTING.md", "README.md"]


def codespell(*paths, cwd=ROOT):
    proc = subprocess.run([sys.executable, "-m", "codespell_lib", "--ignore-words", str(ROOT / ".codespell-ignore.txt"), *paths],
                          cwd=cwd, capture_output=True, text=True)
    problems = []
    for line in proc.stdout.splitlines():
        m = re.match(r"^(.+?):(\d+): (\S+) ==> (.+)$", line)
        if m:
            path, num, word, fix = m.groups()
            problems.append(f"{path}:{num}: '{word}' looks misspelt. Fix: write {fix}, or add '{word.lower()}' to .codespell-ignore.txt if it is right.")
    return problems


def test_content_is_spelt_right():
    problems = codespell(*TARGETS)
    assert not problems, "\n".join(problems)


def test_a_misspelling_names_file_line_and_fix(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Angry\n\nAcknowledge the customer's feelings, then recieve the details.\n")
    assert codespell(str(page), cwd=tmp_path) == [
        f"{page}:3: 'recieve' looks misspelt. Fix: write receive, or add 'recieve' to .codespell-ignore.txt if it is right."
    ]
