"""Local policy: data/local-policy.yml loaded, checked and rendered directly, no build."""
import textwrap
from pathlib import Path

import pytest

from macros import policy
from macros.errors import ContentError

ROOT = Path(__file__).resolve().parent.parent
GOOD = "example_values: true\npolicy:\n" + "".join(
    f"  {key}:\n    label: {key.replace('_', ' ').capitalize()}\n    value: \"{key} (example: replace with yours)\"\n"
    for key in policy.REQUIRED
)


def write(tmp_path, text):
    path = tmp_path / "data" / "local-policy.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return policy.load(path, tmp_path)


def test_the_real_file_loads_and_says_its_values_are_examples():
    real = policy.load(ROOT / "data" / "local-policy.yml", ROOT)
    assert set(policy.REQUIRED) <= set(real.entries)
    assert real.example_values is True
    assert all("example" in e["value"].lower() for e in real.entries.values())


def test_a_valid_file_loads(tmp_path):
    loaded = write(tmp_path, GOOD)
    assert list(loaded.entries)[:2] == ["emergency_number", "crisis_line"]
    assert loaded.entries["crisis_line"]["value"] == "crisis_line (example: replace with yours)"
    assert loaded.entries["crisis_line"]["line"] == 7  # the first line inside the entry
    assert policy.render_value(loaded, "emergency_number", "docs/situations/threats.md") == "emergency&#95;number (example&#58; replace with yours)"


def test_unknown_key_names_the_page_and_the_file_and_lists_the_keys(tmp_path):
    loaded = write(tmp_path, GOOD)
    with pytest.raises(ContentError) as err:
        policy.render_value(loaded, "emergency_numbr", "docs/situations/threats.md")
    msg = str(err.value)
    assert msg.startswith("docs/situations/threats.md: unknown local-policy key 'emergency_numbr'.")
    assert "did you mean 'emergency_number'?" in msg
    assert "data/local-policy.yml: " + ", ".join(policy.REQUIRED) in msg


def test_missing_field_is_named_with_its_line(tmp_path):
    with pytest.raises(ContentError) as err:
        write(tmp_path, GOOD.replace('    value: "crisis_line (example: replace with yours)"\n', ""))
    assert str(err.value) == ("data/local-policy.yml:7: 'crisis_line' has no 'value' (at policy.crisis_line.value). "
                              "Fix: add 'value:' to 'crisis_line': your organisation's value, e.g. \"999\". "
                              "A line of text, in quotes if it contains a colon.")


def test_missing_key_is_named_with_the_fix(tmp_path):
    text = GOOD.replace("  support_service:\n    label: Support service\n", "  other:\n    label: Other\n")
    with pytest.raises(ContentError, match=r"data/local-policy.yml:3: the policy has no 'support_service' \(at policy.support_service\)\. Fix: add 'support_service:' to the policy: .* The safety pages show it"):
        write(tmp_path, text)


def test_several_problems_are_reported_together(tmp_path):
    text = GOOD.replace("example_values: true", "example_values: maybe").replace("    label: Security contact\n", "")
    with pytest.raises(ContentError) as err:
        write(tmp_path, text)
    msg = str(err.value)
    assert msg.startswith("2 problems:")
    assert "'example_values' must be true or false, not 'maybe'" in msg and "'security_contact' has no 'label'" in msg


def test_yaml_error_names_file_and_line(tmp_path):
    with pytest.raises(ContentError, match=r"data/local-policy.yml:\d+: this is not valid YAML"):
        write(tmp_path, GOOD + "  broken: [unclosed\n")


def test_values_are_escaped_not_executed(tmp_path):
    loaded = write(tmp_path, GOOD.replace('"emergency_number (example: replace with yours)"',
                                          "\"<script>alert(1)</script> {{ x }} *bold* [link](http://x)\""))
    out = policy.render_value(loaded, "emergency_number")
    assert "<script>" not in out and "{{" not in out and "*" not in out and "[" not in out
    assert out.startswith("&lt;script&gt;")
    box = policy.render_box(loaded, ["emergency_number"])
    assert "<script>" not in box and "&lt;script&gt;" in box


def test_box_lists_the_chosen_entries_says_local_policy_comes_first_and_flags_examples(tmp_path):
    loaded = write(tmp_path, GOOD)
    box = policy.render_box(loaded, ["crisis_line", "emergency_number"], title="Get help")
    assert box.lstrip().startswith('!!! danger "Get help"')
    assert box.index("**Crisis line:**") < box.index("**Emergency number:**")
    assert "Security contact" not in box
    assert "procedure comes first" in box and "example values" in box
    everything = policy.render_box(write(tmp_path, GOOD.replace("example_values: true", "example_values: false")))
    assert all(f"**{k.replace('_', ' ').capitalize()}:**" in everything for k in policy.REQUIRED)
    assert "example values" not in everything
