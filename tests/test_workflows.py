"""The GitHub Actions workflows trust only this repository's main.

Publish deploys a commit only when Test passed on a push of it to this repository's
main: a pull request from a fork's branch named main, a failed run or a manual run
on another branch publishes nothing. Every checkout drops its token, every action
is pinned by commit and the CI container by digest.

The `if:` conditions are evaluated, not just searched for: a small evaluator below
reads GitHub's expression syntax (the operators these files use) and runs each
condition against the event a fork, a failed run or a manual run would send.
"""
import functools
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
REPO = "calmline/calmline"
SHA = "0123456789abcdef0123456789abcdef01234567"


@functools.cache
def load(name: str) -> dict:
    """The parsed workflow (shared between tests: read it, never change it)."""
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as the boolean True.
    return workflow.get("on", workflow.get(True)) or {}


def steps(workflow: dict):
    for job_name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_name, step


# --- A small evaluator for GitHub's expression syntax -------------------------

TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>\d+(?:\.\d+)?)|(?P<op>==|!=|&&|\|\||!|\(|\))"
                   r"|(?P<name>[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*))")


def tokens(text: str) -> list:
    text = text.strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]
    out, pos = [], 0
    while pos < len(text.rstrip()):
        m = TOKEN.match(text, pos)
        if not m:
            raise ValueError(f"cannot read the expression at {text[pos:pos + 30]!r}")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def evaluate(expression: str, context: dict):
    """Evaluate an `if:` expression. Strings compare case-insensitively, as on GitHub."""
    toks = tokens(expression)
    pos = 0

    def peek():
        return toks[pos] if pos < len(toks) else (None, None)

    def take():
        nonlocal pos
        pos += 1
        return toks[pos - 1]

    def value(v):
        return v.lower() if isinstance(v, str) else v

    def primary():
        kind, text = take()
        if (kind, text) == ("op", "("):
            v = either()
            if take() != ("op", ")"):
                raise ValueError("unbalanced parentheses")
            return v
        if kind == "str":
            return value(text[1:-1].replace("''", "'"))
        if kind == "num":
            return float(text)
        if kind == "name":
            if peek() == ("op", "("):
                raise ValueError(f"function {text}() is not supported by this evaluator; extend it")
            if text in ("true", "false", "null"):
                return {"true": True, "false": False, "null": None}[text]
            v = context
            for part in text.split("."):
                v = v.get(part) if isinstance(v, dict) else None
            return value(v)
        raise ValueError(f"unexpected {text!r}")

    def unary():
        if peek() == ("op", "!"):
            take()
            return not unary()
        return primary()

    def comparison():
        v = unary()
        while peek() in (("op", "=="), ("op", "!=")):
            op = take()[1]
            w = unary()
            v = (v == w) if op == "==" else (v != w)
        return v

    def both():
        v = comparison()
        while peek() == ("op", "&&"):
            take()
            w = comparison()
            v = v and w
        return v

    def either():
        v = both()
        while peek() == ("op", "||"):
            take()
            w = both()
            v = v or w
        return v

    result = either()
    if pos != len(toks):
        raise ValueError(f"unexpected {toks[pos][1]!r}")
    return result


def test_the_evaluator_reads_precedence_and_case_like_github():
    ctx = {"github": {"ref": "refs/heads/Main", "event": {}}}
    assert evaluate("github.ref == 'refs/heads/main'", ctx)
    assert evaluate("${{ !(github.ref == 'x') && (false || github.ref != 'y') }}", ctx)
    assert not evaluate("github.event.workflow_run.event == 'push'", ctx)
    assert evaluate("true || false && false", ctx)


# --- The events Publish can be started by --------------------------------------

def workflow_run(**changes) -> dict:
    """The github context when Test completes: by default a passing push to main here."""
    run = {
        "conclusion": "success",
        "event": "push",
        "head_branch": "main",
        "head_sha": SHA,
        "head_repository": {"full_name": REPO},
    }
    for key, val in changes.items():
        if key == "head_repository":
            run["head_repository"] = {"full_name": val}
        else:
            run[key] = val
    return {"github": {"event_name": "workflow_run", "repository": REPO, "ref": "refs/heads/main",
                       "sha": "f" * 40, "event": {"workflow_run": run}}}


def dispatch(ref: str) -> dict:
    return {"github": {"event_name": "workflow_dispatch", "repository": REPO, "ref": ref, "sha": SHA,
                       "event": {"inputs": {}}}}


PUBLISHES = {
    "a passing push to main in this repository": workflow_run(),
    "a manual run on main": dispatch("refs/heads/main"),
}
REFUSED = {
    # guard: workflow_run.event == 'push'
    "a fork's pull request from its branch named main": workflow_run(event="pull_request", head_repository="someone/calmline"),
    "a pull request from this repository's own main": workflow_run(event="pull_request"),
    "a pull_request_target run on main": workflow_run(event="pull_request_target"),
    # guard: head_repository.full_name == github.repository
    "a push run whose head is another repository": workflow_run(head_repository="someone/calmline"),
    # guard: conclusion == 'success'
    "a failed Test run": workflow_run(conclusion="failure"),
    "a cancelled Test run": workflow_run(conclusion="cancelled"),
    # guard: head_branch == 'main'
    "a push to another branch": workflow_run(head_branch="feature"),
    # guard: github.ref == 'refs/heads/main' for manual runs
    "a manual run on another branch": dispatch("refs/heads/feature"),
    "a manual run on a tag": dispatch("refs/tags/v1"),
}


def publish_gate():
    """The job every other Publish job depends on, and its `if:`."""
    jobs = load("publish.yml")["jobs"]
    first = [name for name, job in jobs.items() if not job.get("needs")]
    assert len(first) == 1, f"Publish should start with one gate job that the others need; it starts with {first}"
    return first[0], jobs[first[0]]


def test_publish_runs_only_after_test_or_by_hand():
    on = triggers(load("publish.yml"))
    assert set(on) == {"workflow_run", "workflow_dispatch"}
    assert on["workflow_run"]["workflows"] == ["Test"]
    assert on["workflow_run"]["types"] == ["completed"]
    assert on["workflow_run"]["branches"] == ["main"]


@pytest.mark.parametrize("event", sorted(PUBLISHES))
def test_publish_gate_lets_through(event):
    _, gate = publish_gate()
    assert evaluate(gate["if"], PUBLISHES[event]), f"Publish should run for {event}"


@pytest.mark.parametrize("event", sorted(REFUSED))
def test_publish_gate_refuses(event):
    _, gate = publish_gate()
    assert not evaluate(gate["if"], REFUSED[event]), (
        f"Publish would deploy {event}. Fix: keep every guard in the gate job's if: in "
        ".github/workflows/publish.yml (conclusion success, event push, head repository is this one, "
        "head branch main; ref main for manual runs)."
    )


@pytest.mark.parametrize("guard", [
    "github.event.workflow_run.conclusion == 'success'",
    "github.event.workflow_run.event == 'push'",
    "github.event.workflow_run.head_repository.full_name == github.repository",
    "github.event.workflow_run.head_branch == 'main'",
    "github.ref == 'refs/heads/main'",
])
def test_publish_gate_names_each_guard(guard):
    _, gate = publish_gate()
    assert guard in " ".join(gate["if"].split()), f"the gate job's if: in publish.yml has lost the guard {guard!r}"


def test_every_publish_job_waits_for_the_gate():
    name, _ = publish_gate()
    jobs = load("publish.yml")["jobs"]
    assert jobs["build"]["needs"] in (name, [name])
    assert jobs["deploy"]["needs"] in ("build", ["build"])
    for job_name, job in jobs.items():
        assert "always()" not in str(job.get("if", "")), f"{job_name} would run even when the gate is skipped"
    checkout = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["ref"] == f"${{{{ needs.{name}.outputs.sha }}}}", "build must check out the commit the gate checked"


def test_publish_gate_finds_a_passing_push_run_of_test_for_the_commit():
    _, gate = publish_gate()
    assert gate.get("permissions") == {"actions": "read"}, "the gate reads workflow runs and needs nothing else"
    api = [s for s in gate["steps"] if "gh api" in s.get("run", "")]
    assert len(api) == 1, "the gate job should have one step that asks the GitHub API for Test's runs"
    step = api[0]
    for ctx in (dispatch("refs/heads/main"), workflow_run()):
        assert "if" not in step or evaluate(step["if"], ctx), "the API check must run for manual runs too"
    assert step["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert "github.sha" in step["env"]["SHA"], "a manual run must check the commit it would publish (github.sha)"
    run = step["run"]
    for needed in ("actions/workflows/test.yml/runs", "head_sha", "event=push", "branch=main", ".conclusion == \\\"success\\\"",
                   ".event == \\\"push\\\"", ".head_repository.full_name", "exit 1", "::error::"):
        assert needed in run, f"the gate's API check has lost {needed!r}"
    assert step.get("id") and f"steps.{step['id']}.outputs.sha" in str(gate.get("outputs", {}))


def test_publish_permissions_stay_narrow():
    workflow = load("publish.yml")
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        writes = {k for k, v in (job.get("permissions") or {}).items() if v == "write"}
        assert name == "deploy" or not writes, f"{name} asks for write permissions {writes}"
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


ALL = ["test.yml", "publish.yml", "reviews.yml"]


def test_every_workflow_is_covered_here():
    assert sorted(p.name for p in WORKFLOWS.glob("*.yml")) == sorted(ALL), "add the new workflow to ALL and test it"


@pytest.mark.parametrize("name", ALL)
def test_every_checkout_drops_its_token(name):
    checkouts = [(job, s) for job, s in steps(load(name)) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts, f"{name} has no checkout step"
    for job, step in checkouts:
        assert (step.get("with") or {}).get("persist-credentials") is False, (
            f".github/workflows/{name}: the checkout in job {job!r} keeps the token in .git/config. "
            "Fix: add 'persist-credentials: false' under its 'with:'."
        )


@pytest.mark.parametrize("name", ALL)
def test_no_expression_is_pasted_into_a_shell_script(name):
    """`${{ ... }}` inside `run:` is pasted into the script before it runs (an injection); pass values by env."""
    for job, step in steps(load(name)):
        assert "${{" not in step.get("run", ""), (
            f".github/workflows/{name}: a run: step in job {job!r} contains ${{{{ }}}}. Fix: pass the value "
            "through the step's env: and use it as \"$NAME\".")


@pytest.mark.parametrize("name", ALL)
def test_every_action_is_pinned_by_commit(name):
    for job, step in steps(load(name)):
        uses = step.get("uses")
        if uses:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses), (
                f".github/workflows/{name}: job {job!r} uses {uses!r}. Fix: pin it by full commit SHA, "
                "with the version in a comment."
            )


def test_ci_container_is_pinned_by_digest():
    job = load("test.yml")["jobs"]["test"]
    container = job["container"]
    image = container["image"] if isinstance(container, dict) else container
    assert re.fullmatch(r"python:3\.11-bookworm@sha256:[0-9a-f]{64}", image), (
        f".github/workflows/test.yml: the CI container is {image!r}. Fix: pin it as "
        "python:3.11-bookworm@sha256:<digest> (docker buildx imagetools inspect python:3.11-bookworm)."
    )


# --- Reviews: the weekly overdue-pages issue ----------------------------------------

def test_reviews_runs_weekly_or_by_hand_never_for_a_pull_request():
    on = triggers(load("reviews.yml"))
    assert set(on) == {"schedule", "workflow_dispatch"}
    (cron,) = [entry["cron"] for entry in on["schedule"]]
    minute, hour, day, month, weekday = cron.split()
    assert (day, month) == ("*", "*") and weekday.isdigit(), f"once a week, on one weekday: {cron!r}"


def test_reviews_permissions_are_least_privilege():
    workflow = load("reviews.yml")
    assert workflow["permissions"] in ({}, {"contents": "read"}), "nothing at workflow level beyond reading the code"
    jobs = workflow["jobs"]
    assert len(jobs) == 1, "one job, so only it holds issues: write"
    (job,) = jobs.values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}


def test_reviews_never_fails_the_build():
    (job,) = load("reviews.yml")["jobs"].values()
    assert job.get("continue-on-error") is True, "a failed report must be a warning, not a red run"
    for step in job["steps"]:
        run = step.get("run", "")
        if "python scripts/reviews.py" in run or "gh " in run:
            assert step.get("continue-on-error") is True, f"step {step.get('name')!r} could fail the run"
        assert "exit 1" not in run
    warns = [s for s in job["steps"] if "::warning::" in s.get("run", "")]
    assert warns, "a failure should say why, as a warning"


def test_reviews_keeps_one_issue_up_to_date():
    (job,) = load("reviews.yml")["jobs"].values()
    runs = " ".join(s.get("run", "") for s in job["steps"])
    assert "scripts/reviews.py --json" in runs and "scripts/reviews.py --issue" in runs
    for needed in ("gh issue list --label review-due --state open", "gh issue edit", "gh issue create", "--label review-due", "gh issue close"):
        assert needed in runs, f"reviews.yml has lost {needed!r}"
    gh = next(s for s in job["steps"] if "gh issue" in s.get("run", ""))
    assert gh["env"]["GH_TOKEN"] == "${{ github.token }}"


# --- Test: a preview for every pull request -----------------------------------------

def test_pull_requests_get_the_site_and_zip_as_artifacts_and_a_summary():
    job = load("test.yml")["jobs"]["test"]
    uploads = [s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert sorted(s["with"]["path"] for s in uploads) == ["dist/calmline-offline.zip", "site"]
    for step in uploads:
        assert step["if"] == "github.event_name == 'pull_request'" and step["with"]["if-no-files-found"] == "error"
    summary = next(s for s in job["steps"] if "changed_pages.py" in s.get("run", ""))
    assert "GITHUB_STEP_SUMMARY" in summary["run"] and summary.get("continue-on-error") is True
    assert summary["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "the summary diffs against the base branch: it needs the history"
