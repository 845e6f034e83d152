"""House style from our own data (macros/house_style.py).

The phrase cards' ``instead_of`` lists say what agents should not say; the site's
own advice must not say it either, except where a page quotes it as what not to
say (the rule is documented at the top of macros/house_style.py). The build runs
it as the rule advice_keeps_the_house_style (tests/test_checks.py holds today's
content to it); here, what the check allows and how it words a finding. No build.
"""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from macros import house_style

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cards():
    return house_style.phrases(ROOT / "data", ROOT)


def test_every_instead_of_phrase_is_checked(cards):
    texts = {p.text for p in cards}
    assert "It's our policy." in texts and "Calm down." in texts
    assert all(p.card and p.file.startswith("data/phrases/") for p in cards)


def test_an_added_sentence_is_named_with_file_line_phrase_and_card(cards):
    page = ROOT / "docs" / "situations" / "angry.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.insert(12, "If they push back, tell them it's our policy and move on.")
    findings = house_style.check_text("docs/situations/angry.md", "\n".join(lines), cards)
    assert [(f.path, f.line, f.phrase, f.card, f.card_file) for f in findings] == [
        ("docs/situations/angry.md", 13, "It's our policy.", "explain-the-reason", "data/phrases/policy.yml")]
    message = str(findings[0])
    assert message.startswith("docs/situations/angry.md:13: says \"It's our policy.\"") and "Fix:" in message


def test_the_check_fails_on_a_copy_with_one_such_sentence(tmp_path):
    for part in ("docs", "data", "scripts", "macros"):
        shutil.copytree(ROOT / part, tmp_path / part)
    page = tmp_path / "docs" / "playbooks" / "what-i-can-do.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nWhen the customer shouts, ask them to calm down.\n"
                    "Say \u201cCalm down\u201d firmly.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(tmp_path / "scripts" / "house_style.py")], capture_output=True, text=True)
    assert proc.returncode == 1
    # "ask them to calm down": two words, not quoted, so everyday English; the quoted one is named.
    assert "docs/playbooks/what-i-can-do.md:" in proc.stdout and "'Calm down.'" in proc.stdout
    assert "understand-why-angry" in proc.stdout and "1 finding(s)." in proc.stdout


@pytest.mark.parametrize("line", [
    "| \"It's our policy.\" | \"The reason is...\" |",                         # a do/don't table row
    "- **\"It's our policy.\"** It sounds like the company comes first.",      # under "What to avoid"
    "Say the reason instead of \"it's our policy\".",                          # says it is quoting
    "~~It's our policy.~~ The reason is your security.",                       # struck out
    "They cannot calm down until the story is out.",                           # two words, unquoted
])
def test_quoting_what_not_to_say_is_allowed(cards, line):
    text = f"---\ntitle: x\n---\n\n## What to avoid\n\n{line}\n" if line.startswith("- ") else f"# Page\n\n{line}\n"
    assert house_style.check_text("docs/x.md", text, cards) == []


def test_a_list_after_a_lead_in_that_marks_it_is_allowed(cards):
    text = "# Practise\n\nThe lines to rewrite:\n\n1. \"There's nothing I can do.\"\n\nInstead of\n:   \"It's our policy.\"\n"
    assert house_style.check_text("docs/x.md", text, cards) == []
    plain = "# Advice\n\nWhat to say:\n\n1. \"There's nothing I can do.\"\n"
    assert [f.line for f in house_style.check_text("docs/x.md", plain, cards)] == [5]


def test_code_and_front_matter_are_skipped(cards):
    text = "---\ndescription: It's our policy.\n---\n\n```\nIt's our policy.\n```\n"
    assert house_style.check_text("docs/x.md", text, cards) == []
