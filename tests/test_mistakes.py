"""Editor mistakes, made on purpose as a careless or hostile contributor would.

Each one must end in a named error: the file, the line, what is wrong and a
``Fix:``, and never a traceback. The loaders are called directly on temporary
files or on a copy of the project, so the whole file runs in seconds; the one
full build with several of these mistakes at once is in test_build_failures.py.
"""
import datetime as dt
import subprocess
import textwrap
from pathlib import Path

import pytest

from conftest import copy_project
from macros import checks, frontmatter, glossary, limits, onboarding, phrases, tables, yamlfile
from macros.errors import ContentError
from macros.site import load_site

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 22)
PAGE = """\
---
title: Angry or irate customer
description: What to do and say when a customer is shouting or furious on the line.
tags: [angry, shouting]
owner: frontline
last_reviewed: 2026-11-20
review_every: 6
---

# Angry
"""
CARD = """\
  - id: {id}
    say: "I can see why this has made you angry."
    when: The customer has finished the story.
    why: Naming the feeling shows you heard it.
    situations: [angry]
    steps: []
    channel: any
    tags: [empathy]
"""
THEME = "title: {title}\nsummary: Show you understand.\ncards:\n"


def named(message: str, where: str, *needles: str) -> str:
    """Assert ``message`` is one named error at ``where`` ('file:line'), with a fix and each needle."""
    assert "Traceback" not in message, message
    assert f"{where}: " in message, f"expected the error at {where}:\n{message}"
    assert "Fix: " in message.split(f"{where}: ", 1)[1], f"no 'Fix:' after {where}:\n{message}"
    for needle in needles:
        assert needle in message, f"{needle!r} not in:\n{message}"
    return message


def error_of(call, *args, **kwargs) -> str:
    """The message of the ContentError ``call`` raises (anything else fails the test with its traceback)."""
    with pytest.raises(ContentError) as err:
        call(*args, **kwargs)
    return str(err.value)


def scan_page(tmp_path, text, name="situations/angry.md", encoding="utf-8"):
    page = tmp_path / "docs" / name
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding=encoding)
    pages, errors = frontmatter.scan(tmp_path / "docs", {"frontline"}, TODAY)
    return pages, "\n".join(str(e) for e in errors)


def data_file(tmp_path, rel, text, encoding="utf-8"):
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding=encoding)
    return path


# ---------------------------------------------------------------- dates that do not exist


def test_impossible_review_date_names_page_line_value_and_a_real_date(tmp_path):
    _, errors = scan_page(tmp_path, PAGE.replace("2026-11-20", "2026-02-30"))
    named(errors, "docs/situations/angry.md:6", "'last_reviewed' is 2026-02-30, which is not a real date",
          "write a real date as YYYY-MM-DD, e.g. last_reviewed: 2026-02-28")


def test_impossible_date_in_a_data_file_names_file_line_and_value(tmp_path):
    path = data_file(tmp_path, "data/owners.yml", """\
        owners:
          - id: frontline
            name: Frontline
            github: "@calmline/frontline"
            since: 2026-13-05
        """)
    named(error_of(frontmatter.load_owners, path, tmp_path), "data/owners.yml:5",
          "'since' is 2026-13-05, which is not a real date", "e.g. since: 2026-05-13")


# ---------------------------------------------------------------- a byte-order mark


def test_a_page_starting_with_a_byte_order_mark_is_read_as_if_it_had_none(tmp_path):
    pages, errors = scan_page(tmp_path, "\ufeff" + PAGE)
    assert errors == "" and pages["situations/angry.md"].meta["owner"] == "frontline"


def test_mkdocs_drops_the_byte_order_mark_so_the_built_page_has_none(tmp_path):
    # What the build renders is MkDocs' reading of the file, which drops the mark.
    from mkdocs.structure.files import File

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text("\ufeff" + PAGE, encoding="utf-8")
    source = File("page.md", str(tmp_path / "docs"), str(tmp_path / "site"), True).content_string
    assert source.startswith("---\n") and "\ufeff" not in source


def test_a_data_file_starting_with_a_byte_order_mark_loads(tmp_path):
    data_file(tmp_path, "data/phrases/empathy.yml", "\ufeff" + THEME.format(title="Empathy") + CARD.format(id="see-why"))
    book = phrases.load(tmp_path / "data" / "phrases", ["angry"], set(), tmp_path)
    assert list(book.cards) == ["see-why"] and book.themes["empathy"]["title"] == "Empathy"


# ---------------------------------------------------------------- YAML: the line to look at


def test_unclosed_quote_in_front_matter_points_at_the_line_it_opens(tmp_path):
    _, errors = scan_page(tmp_path, PAGE.replace("title: Angry or irate customer", 'title: "Angry or irate customer'))
    named(errors, "docs/situations/angry.md:2", "not valid YAML", "quote", "end the text with the same quote mark")


YAML_MISTAKES = {
    # name: (text, line to report, words in the message)
    "quote closed by a later quote": (THEME + CARD.replace('angry."', "angry.") + CARD.replace("{id}", "b"), 5, "a quote opened on this line"),
    "quote never closed": (THEME + CARD.replace("steps: []", 'steps: ["six-steps'), 9, "quote opened on this line is never closed"),
    "bracket never closed": (THEME + CARD.replace("[empathy]", "[empathy, anger") + CARD.replace("{id}", "b"), 11, "'[' on this line is not closed"),
    "indent too shallow": (THEME + CARD.replace("    when:", "   when:") + CARD.replace("{id}", "b"), 6, "not lined up"),
    "indent too deep": (THEME + CARD.replace("    why:", "      why:"), 7, "indented further"),
    "colon in unquoted text": (THEME + CARD.replace("why: Naming", "why: Note: naming"), 7, "colon followed by a space"),
    "tab for indent": (THEME + CARD.replace("    channel:", "\tchannel:"), 10, "tab"),
}


@pytest.mark.parametrize("name", YAML_MISTAKES)
def test_yaml_mistake_points_at_the_line_to_fix(tmp_path, name):
    text, line, words = YAML_MISTAKES[name]
    data_file(tmp_path, "data/phrases/empathy.yml", text.format(title="Empathy", id="a"))
    message = error_of(phrases.load, tmp_path / "data" / "phrases", ["angry"], set(), tmp_path)
    named(message, f"data/phrases/empathy.yml:{line}", "is not valid YAML", words)


def test_a_key_written_twice_names_both_lines(tmp_path):
    data_file(tmp_path, "data/phrases/empathy.yml", THEME.format(title="Empathy") + CARD.format(id="a").replace(
        "    when:", '    say: "I hear you."\n    when:'))
    message = error_of(phrases.load, tmp_path / "data" / "phrases", ["angry"], set(), tmp_path)
    named(message, "data/phrases/empathy.yml:6", "'say' is written twice in the same entry (first on line 5)", "keep one")


def test_a_front_matter_field_written_twice_names_both_lines(tmp_path):
    _, errors = scan_page(tmp_path, PAGE.replace("owner: frontline\n", "owner: frontline\nowner: training\n"))
    named(errors, "docs/situations/angry.md:6", "'owner' is written twice in the front matter (first on line 5)")


# ---------------------------------------------------------------- an id used twice


def git(folder, *args):
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
                   cwd=folder, check=True, capture_output=True)


@pytest.fixture
def committed_empathy(tmp_path):
    """A repository whose committed data/phrases/empathy.yml has the card 'understand-why-angry' (line 4)."""
    data_file(tmp_path, "data/phrases/empathy.yml", THEME.format(title="Empathy") + CARD.format(id="understand-why-angry"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "cards")
    return tmp_path


def test_duplicate_card_id_in_an_earlier_file_names_the_new_card_not_the_old_one(committed_empathy):
    # apologising.yml is read before empathy.yml, so "the second one read" is the old card.
    data_file(committed_empathy, "data/phrases/apologising.yml", THEME.format(title="Apologising")
              + CARD.format(id="say-sorry") + CARD.format(id="understand-why-angry"))
    message = error_of(phrases.load, committed_empathy / "data" / "phrases", ["angry"], set(), committed_empathy)
    named(message, "data/phrases/apologising.yml:12",
          "card id 'understand-why-angry' is already used in data/phrases/empathy.yml:4",
          "give this one, the one you added, a new id", "leave the one at data/phrases/empathy.yml:4 as it is")
    assert "If you added" not in message  # git knew which one is new


def test_duplicate_card_id_appended_to_a_committed_file_names_the_new_card(committed_empathy):
    path = committed_empathy / "data" / "phrases" / "empathy.yml"
    path.write_text(path.read_text() + CARD.format(id="understand-why-angry"))
    message = error_of(phrases.load, path.parent, ["angry"], set(), committed_empathy)
    named(message, "data/phrases/empathy.yml:12", "already used in data/phrases/empathy.yml:4")


def test_duplicate_card_id_without_git_names_the_second_and_says_what_if_not(tmp_path):
    data_file(tmp_path, "data/phrases/empathy.yml", THEME.format(title="Empathy") + CARD.format(id="understand-why-angry"))
    data_file(tmp_path, "data/phrases/policy.yml", THEME.format(title="Policy") + CARD.format(id="understand-why-angry"))
    message = error_of(phrases.load, tmp_path / "data" / "phrases", ["angry"], set(), tmp_path)
    named(message, "data/phrases/policy.yml:4", "already used in data/phrases/empathy.yml:4",
          "If you added the one at data/phrases/empathy.yml:4 instead, change that one")


GLOSSARY = """\
terms:
  - term: follow-through
    short: Keeping the promises you make.
    taught_on: index.md
  - term: rapport
    short: Trust between you and the customer.
    taught_on: index.md
"""


def test_duplicate_glossary_term_names_the_second_and_the_first(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("follow-through and rapport")
    path = data_file(tmp_path, "data/glossary.yml", GLOSSARY + "  - term: Rapport\n    short: Trust.\n    taught_on: index.md\n")
    named(error_of(glossary.load, path, tmp_path / "docs", tmp_path), "data/glossary.yml:8",
          "term 'Rapport' is already used in data/glossary.yml:5", "merge what it says into the one at data/glossary.yml:5")


def test_a_spelling_shared_by_two_terms_names_the_other_terms_line(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("x")
    path = data_file(tmp_path, "data/glossary.yml", GLOSSARY + "    variants: [follow-through]\n")
    named(error_of(glossary.load, path, tmp_path / "docs", tmp_path), "data/glossary.yml:5",
          "'follow-through' is already a name of 'follow-through' (line 2)", "remove 'follow-through' from one of them")


MODULES = """\
modules:
  - id: module-1-why
    title: Why
    page: index.md
    time: 20 minutes
    checklist:
      - id: read-it
        text: Read it
  - id: module-2-you
    title: You
    page: index.md
    time: 20 minutes
    checklist:
      - id: read-it
        text: Read it
"""


def test_duplicate_onboarding_module_id_names_the_second_and_the_first(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("x")
    path = data_file(tmp_path, "data/onboarding.yml", MODULES.replace("module-2-you", "module-1-why"))
    named(error_of(onboarding.load, path, tmp_path / "docs", tmp_path), "data/onboarding.yml:9",
          "module id 'module-1-why' is already used in data/onboarding.yml:2", "new id")


def test_duplicate_owner_id_names_the_second_and_the_first(tmp_path):
    path = data_file(tmp_path, "data/owners.yml", """\
        owners:
          - id: frontline
            name: Frontline
            github: "@calmline/frontline"
          - id: frontline
            name: Front desk
            github: "@calmline/front-desk"
        """)
    named(error_of(frontmatter.load_owners, path, tmp_path), "data/owners.yml:5",
          "owner id 'frontline' is already used in data/owners.yml:2", "pages name it as their 'owner'")


def test_search_keywords_for_one_page_written_twice_names_both_lines(tmp_path):
    path = data_file(tmp_path, "data/search.yml", """\
        keywords:
          situations/angry.md: [screaming]
          situations/threats.md: [threaten]
          situations/angry.md: [yelling]
        """)
    named(error_of(yamlfile.load, path, tmp_path), "data/search.yml:4",
          "'situations/angry.md' is written twice in the same entry (first on line 2)")


# ---------------------------------------------------------------- tables that render wrong

TABLE = """\
Before the table.

| Customer says | What it means | Say |
| --- | --- | --- |
| "Fix it now." | Urgent. | "I'm on it." |
| `a | b` in code | Pipes in code are text. | Escaped \\| too. |
"""


def table_errors(text):
    return "\n".join(str(e) for e in tables.check("docs/phrasebook/x.md", PAGE + "\n" + text))


def test_a_well_formed_table_passes_and_tables_in_code_blocks_are_not_read():
    assert table_errors(TABLE + "\n```\n| not | a table |\n| x |\n```\n") == ""


def test_a_table_row_missing_a_cell_names_the_line_and_the_counts():
    errors = table_errors(TABLE.replace('| "Fix it now." | Urgent. |', '| "Fix it now." |'))
    named(errors, "docs/phrasebook/x.md:16", "this table row has 2 cells; the header (line 14) has 3", "add the missing cell")


def test_a_table_row_with_a_cell_too_many_names_the_line_and_the_counts():
    errors = table_errors(TABLE.replace('| Urgent. |', '| Urgent | now. |'))
    named(errors, "docs/phrasebook/x.md:16", "this table row has 4 cells; the header (line 14) has 3", "remove the extra cell", "\\|")


def test_a_table_with_no_separator_row_names_the_line_and_the_row_to_add():
    errors = table_errors(TABLE.replace("| --- | --- | --- |\n", ""))
    named(errors, "docs/phrasebook/x.md:15", "no separator row", "| --- | --- | --- |")


def test_a_separator_with_the_wrong_number_of_cells_names_the_counts():
    errors = table_errors(TABLE.replace("| --- | --- | --- |", "| --- | --- |"))
    named(errors, "docs/phrasebook/x.md:15", "the separator row has 2 cells and the header (line 14) has 3")


def test_a_table_glued_to_the_paragraph_above_names_the_line():
    errors = table_errors(TABLE.replace("Before the table.\n\n", "Before the table.\n"))
    named(errors, "docs/phrasebook/x.md:13", "no blank line", "leave an empty line above the table")


def test_the_site_loader_names_every_broken_table_at_once(tmp_path):
    # A page, and the contributor guide that a page includes: both reach the site.
    project = copy_project(tmp_path)
    lines = {}
    for rel in ("docs/situations/angry.md", "CONTRIBUTING.md"):
        path = project / rel
        text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n| Say | Why |\n| --- | --- |\n| \"Sorry.\" |\n"
        path.write_text(text, encoding="utf-8")
        lines[rel] = text.count("\n")
    message = error_of(load_site, project, project / "docs")
    assert message.startswith("2 problems:"), message
    for rel, line in lines.items():
        named(message, f"{rel}:{line}", "this table row has 1 cell; the header (line", "add the missing cell")


# ---------------------------------------------------------------- a glossary term misspelt in the data


def test_a_misspelt_glossary_term_fails_the_site_load_and_suggests_the_pages_spelling(tmp_path):
    # Misspelt the same way in the term and its variant: no page matches, no tooltip shows.
    project = copy_project(tmp_path)
    path = project / "data" / "glossary.yml"
    text = path.read_text(encoding="utf-8")
    entry = "  - term: kernel of truth\n    variants: [kernels of truth]\n"
    assert entry in text, "test set-up: the glossary has no term 'kernel of truth' with variants [kernels of truth]"
    path.write_text(text.replace(entry, entry.replace("kernel", "kernal")), encoding="utf-8")
    line = text.splitlines().index("  - term: kernel of truth") + 1
    # Glossary coverage is a content rule (macros/checks.py), run with the load as the strict build does.
    message = error_of(load_site, project, project / "docs", rules=checks.RULES)
    named(message, f"data/glossary.yml:{line}", "term 'kernal of truth' appears on no page besides the glossary",
          "did you mean 'kernel of truth' (docs/", "correct the spelling")


def test_a_related_term_that_does_not_exist_suggests_the_closest_term(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("x")
    path = data_file(tmp_path, "data/glossary.yml", GLOSSARY + "    related: [follow-throgh]\n")
    named(error_of(glossary.load, path, tmp_path / "docs", tmp_path), "data/glossary.yml:5",
          "related term 'follow-throgh' is not in the glossary", "did you mean 'follow-through'?")


# ---------------------------------------------------------------- pages and files past their size limits


def test_a_3500_word_situation_page_names_the_file_the_excess_and_the_fix():
    prose = "\n".join(f"The customer said something and you answered calmly, line {n}." for n in range(350))
    text = PAGE + "\n{{ phrase_cards(situation=\"angry\") }}\n\n" + prose + "\n"
    error = limits.check_page("situations/angry.md", text)
    assert error is not None, "a 3,500-word situation page passed"
    limit = limits.PAGE_WORDS["situation"][1]
    crossing = 13 + limit // 10  # prose starts on line 14, 10 words a line, after the 1 word of "# Angry"
    named(str(error), f"docs/situations/angry.md:{crossing}", "3,501 words of prose",
          f"a situation page holds at most {limit:,} ({3501 - limit:,} over", "move background to a playbook")


def test_macro_calls_markup_and_code_are_not_counted_as_words():
    text = PAGE + '{{ phrase_cards(situation="angry", first=["a", "b"]) }}\n<div class="x">[A link](../a/b/c.md){ #id }</div>\n```\ncode words here\n```\n'
    assert sum(limits.words_per_line(text)) == len(["Angry", "A", "link"])


def test_a_theme_with_too_many_cards_and_bytes_names_the_files_and_the_excess(tmp_path):
    project = copy_project(tmp_path)
    path = project / "data" / "phrases" / "empathy.yml"
    text = path.read_text(encoding="utf-8")
    first_card = text.index("  - id: ")
    cards = text[first_card:]
    count = text.count("\n  - id: ")
    copies = [cards.replace("  - id: ", f"  - id: copy{n}-") for n in range(limits.THEME_CARDS // count + 1)]
    path.write_text(text + "".join(copies), encoding="utf-8")
    glossary_file = project / "data" / "glossary.yml"
    glossary_file.write_text(glossary_file.read_text(encoding="utf-8") + ("# " + "x" * 78 + "\n") * 250, encoding="utf-8")
    message = error_of(load_site, project, project / "docs")
    total = count * (len(copies) + 1)
    card_line = (text + "".join(copies)).splitlines().index(
        [line for line in (text + "".join(copies)).splitlines() if line.startswith("  - id: ")][limits.THEME_CARDS]) + 1
    named(message, f"data/phrases/empathy.yml:{card_line}", f"the theme has {total} cards; a theme holds at most {limits.THEME_CARDS}",
          "split the theme")
    assert f"a phrase theme holds at most {limits.THEME_KB} KB" in message
    assert f"a data file holds at most {limits.DATA_FILE_KB} KB" in message and "data/glossary.yml:" in message
    assert "Traceback" not in message


def test_a_built_page_over_the_html_budget_names_the_page_and_the_excess(tmp_path):
    from sitecheck import oversized_pages

    page = tmp_path / "site" / "phrasebook" / "empathy" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_bytes(b"<p>card</p>" * ((limits.PAGE_HTML_KB * limits.KB) // 11 + 1000))
    (tmp_path / "site" / "index.html").write_text("<p>small</p>")
    found = oversized_pages(tmp_path / "site", ROOT / "docs")
    assert len(found) == 1, found
    named(found[0], "phrasebook/empathy/index.html", f"a page may be at most {limits.PAGE_HTML_KB} KB (11.0 KB over)",
          "split docs/phrasebook/empathy.md")


def test_checks_page_states_every_limit():
    """The limits are documented where editors look when the build fails."""
    guide = (ROOT / "docs" / "contribute" / "checks.md").read_text(encoding="utf-8")
    numbers = [limit for _folder, limit, _fix in limits.PAGE_WORDS.values()]
    numbers += [limits.OTHER_PAGE_WORDS, limits.THEME_CARDS, limits.THEME_KB, limits.DATA_FILE_KB, limits.PAGE_HTML_KB]
    missing = [n for n in numbers if f"{n:,}" not in guide]
    assert not missing, f"docs/contribute/checks.md does not state the limits {missing}; list them under 'Size limits'."


def test_a_row_cut_off_from_its_table_by_an_empty_line_names_the_line():
    errors = table_errors(TABLE + '\n| "Refund me." | They want money back. | "Here is what I can do." |\n')
    named(errors, "docs/phrasebook/x.md:19", "an empty line cuts this row off from the table above", "remove the empty line")


def test_a_preview_reload_of_page_bodies_keeps_the_data_and_still_checks_the_bodies(tmp_path):
    """`make serve` after a save that changed only a page's text: load_site(data_from=...)."""
    project = copy_project(tmp_path)
    docs = project / "docs"
    first = load_site(project, docs)
    page = docs / "situations" / "angry.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n| a | b |\n| --- |\n| 1 | 2 | 3 |\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_site(project, docs, data_from=first)
    assert "docs/situations/angry.md:" in str(err.value), str(err.value)
    page.write_text(text + "\nA new sentence.\n", encoding="utf-8")
    again = load_site(project, docs, data_from=first, rules=checks.RULES)
    assert again.phrases is first.phrases and again.glossary is first.glossary, "the data was loaded again"
    assert again.sources["situations/angry.md"].endswith("A new sentence.\n")
