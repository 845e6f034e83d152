"""requirements.lock says the same as requirements.txt, with a sha256 for every package.

requirements.txt is the list people edit; `make lock` writes requirements.lock from
it, and `make install` installs from the lock with --require-hashes. This reads both
files only: no network, no pip.
"""
import re
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
FIX = "Fix: run `make lock` and commit requirements.lock with requirements.txt."


def pins(text: str, source: str) -> tuple[dict, list]:
    """{canonical name: (line, name as written, version, hashes)} and any problems.

    Joins backslash continuations, drops comments, reads `--hash=sha256:` options.
    Extras are ignored: `pagefind[bin]==1.5.2` pins pagefind (the lock lists
    pagefind-bin, what the extra brings, as a package of its own).
    """
    found, problems = {}, []
    lines = text.splitlines()
    num = 0
    while num < len(lines):
        start = num + 1
        line = lines[num]
        while line.rstrip().endswith("\\") and num + 1 < len(lines):
            num += 1
            line = line.rstrip()[:-1] + " " + lines[num]
        num += 1
        line = re.sub(r"(^|\s)#.*", "", line).strip()
        if not line:
            continue
        hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})\b", line)
        spec = re.sub(r"\s--hash=\S+", "", " " + line).strip()
        if spec.startswith("-"):
            problems.append(f"{source}:{start}: option '{spec}' is not expected here. {FIX}")
            continue
        try:
            req = Requirement(spec)
        except InvalidRequirement as err:
            problems.append(f"{source}:{start}: '{spec}' is not a requirement ({err}).")
            continue
        exact = [s.version for s in req.specifier if s.operator == "=="]
        if len(req.specifier) != 1 or not exact:
            problems.append(f"{source}:{start}: '{spec}' is not an exact pin. Fix: pin one version with '=='.")
            continue
        name = canonicalize_name(req.name)
        if name in found:
            problems.append(f"{source}:{start}: {req.name} is listed twice (first on line {found[name][0]}). Fix: keep one line.")
            continue
        found[name] = (start, req.name, exact[0], hashes)
    return found, problems


def lock_problems(requirements: str, lock: str) -> list[str]:
    """Every way the two files disagree, one line each, naming the package and the fix."""
    wanted, problems = pins(requirements, "requirements.txt")
    locked, lock_problems_ = pins(lock, "requirements.lock")
    problems += lock_problems_
    for name, (line, written, version, _) in wanted.items():
        if name not in locked:
            problems.append(f"requirements.txt:{line}: {written}=={version} is not in requirements.lock. {FIX}")
        elif locked[name][2] != version:
            problems.append(
                f"requirements.txt:{line}: {written} is pinned to {version} but requirements.lock has "
                f"{locked[name][2]}. {FIX}"
            )
    for name, (line, written, version, hashes) in locked.items():
        if name not in wanted:
            problems.append(
                f"requirements.lock:{line}: {written}=={version} is not pinned in requirements.txt. Fix: pin it "
                f"there (every package we install is pinned there), or run `make lock` if you removed it on purpose."
            )
        if not hashes:
            problems.append(f"requirements.lock:{line}: {written}=={version} has no --hash=sha256. {FIX}")
    return problems


def test_lock_agrees_with_requirements():
    problems = lock_problems(
        (ROOT / "requirements.txt").read_text(encoding="utf-8"),
        (ROOT / "requirements.lock").read_text(encoding="utf-8"),
    )
    assert not problems, "requirements.txt and requirements.lock disagree:\n" + "\n".join(problems)


def test_lock_is_what_make_install_reads():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(VENV)/.installed: requirements.lock" in makefile
    assert "--require-hashes -r requirements.lock" in makefile


def test_pagefind_bin_is_locked_with_its_platform_wheels():
    # pagefind[bin] brings the indexing binary in pagefind-bin: one wheel per platform.
    locked, _ = pins((ROOT / "requirements.lock").read_text(encoding="utf-8"), "requirements.lock")
    assert "pagefind" in locked and "pagefind-bin" in locked
    assert len(locked["pagefind-bin"][3]) >= 4, "pagefind-bin should carry a hash for each platform's wheel. " + FIX


HASH = "--hash=sha256:" + "a" * 64


def test_a_version_bump_without_make_lock_is_named():
    requirements = "# pins\nmkdocs==1.6.2\npagefind[bin]==1.5.2\n"
    lock = f"mkdocs==1.6.1 \\\n    {HASH}\n    # via -r requirements.txt\npagefind==1.5.2 \\\n    {HASH}\n"
    assert lock_problems(requirements, lock) == [
        f"requirements.txt:2: mkdocs is pinned to 1.6.2 but requirements.lock has 1.6.1. {FIX}"
    ]


def test_a_new_pin_missing_from_the_lock_is_named():
    assert lock_problems("Markdown==3.11.3\nPyYAML==6.0.3\n", f"markdown==3.11.3 {HASH}\n") == [
        f"requirements.txt:2: PyYAML==6.0.3 is not in requirements.lock. {FIX}"
    ]


def test_a_locked_package_not_pinned_is_named():
    assert lock_problems("", f"pyee==13.0.0 \\\n    {HASH}\n") == [
        "requirements.lock:1: pyee==13.0.0 is not pinned in requirements.txt. Fix: pin it there (every package "
        "we install is pinned there), or run `make lock` if you removed it on purpose."
    ]


def test_a_lock_line_without_a_hash_is_named():
    assert lock_problems("click==8.5.1\n", "click==8.5.1\n") == [
        f"requirements.lock:1: click==8.5.1 has no --hash=sha256. {FIX}"
    ]


def test_a_loose_pin_is_named():
    assert lock_problems("click>=8\n", "") == [
        "requirements.txt:1: 'click>=8' is not an exact pin. Fix: pin one version with '=='."
    ]
