"""Feedback from agents: "Report a problem with this page" and the review-due marker.

Every content page ends, under its review footer, with one link that opens a
prefilled GitHub issue form (.github/ISSUE_TEMPLATE/page-problem.yml) in a new
tab: page title and address, the owning team's handle, labels. The agent picks
the reason in the form. A team whose agents have no GitHub accounts sets
``extra.feedback.email`` in mkdocs.yml once; the link is then a ``mailto:`` with
subject and body filled in. Built here, escaped and URL-encoded: no script, no
request until the agent clicks.

The same paragraph carries the next review date (``data-review-due``), which
docs/assets/feedback.js compares with the reader's clock to show a stale notice.
"""
import html
import re
from pathlib import Path
from urllib.parse import quote, urlencode

from . import frontmatter, yamlfile
from .errors import ContentError, raise_all

FORM = ".github/ISSUE_TEMPLATE/page-problem.yml"
TEMPLATE = "page-problem.yml"
# The reasons an agent picks from, in this order: the issue form's dropdown
# (id "reason") must list exactly these, and the e-mail body lists them too.
REASONS = ("Something is wrong", "It is out of date", "Something is missing", "It is hard to follow")
# Query parameters the link fills in: each must be a field id of the form.
FIELDS = ("page", "page_title", "owner")
LABEL = "page-problem"
EMAIL = re.compile(r"^[^@\s<>\"'?&]+@[^@\s<>\"'?&]+\.[^@\s<>\"'?&]+$")


def settings(extra, config_file: str = "mkdocs.yml") -> dict:
    """Read extra.report_issue_url and extra.feedback from mkdocs.yml; raise ContentError when wrong."""
    extra = extra or {}
    issues = extra.get("report_issue_url") or ""
    feedback = extra.get("feedback") or {}
    if not isinstance(feedback, dict):
        raise ContentError(config_file, "extra.feedback must be a mapping.", "write it as 'feedback:' with 'email: \"\"' under it.")
    email = (feedback.get("email") or "").strip()
    if email and not EMAIL.match(email):
        raise ContentError(config_file, f"extra.feedback.email {email!r} is not an e-mail address.",
                           "write one address, e.g. email: kb-feedback@example.com, or leave it empty to use GitHub issues.")
    if issues and not issues.startswith("https://"):
        raise ContentError(config_file, f"extra.report_issue_url {issues!r} is not an https address.",
                           "use your repository's https://github.com/<owner>/<repo>/issues/new.")
    return {"issues": issues, "email": email}


def public_address(site_url: str, src: str) -> str:
    """The page's published address (directory style, as the site is served), from its path under docs/."""
    path = src[:-3]
    if path == "index":
        path = ""
    elif path.endswith("/index"):
        path = path[:-len("index")]
    else:
        path += "/"
    return (site_url or "/").rstrip("/") + "/" + path


def issue_link(base: str, title: str, address: str, owner_id: str, handle: str) -> str:
    query = {
        "template": TEMPLATE,
        "title": f"Page problem: {title}",
        "labels": f"{LABEL},owner:{owner_id}",
        "page": address,
        "page_title": title,
        "owner": handle,
    }
    return base + "?" + urlencode(query, quote_via=quote)


def mail_link(email: str, title: str, address: str, owner_name: str, handle: str) -> str:
    body = "\n".join([
        f"Page: {title}",
        f"Address: {address}",
        f"Owner: {owner_name} ({handle})",
        "",
        "Reason (keep one): " + " / ".join(REASONS),
        "",
        "What is the problem? Quote the words if you can:",
        "",
    ])
    return f"mailto:{email}?" + urlencode({"subject": f"Page problem: {title}", "body": body}, quote_via=quote)


def footer(page: "frontmatter.PageMeta", owners: dict, site_url: str, config: dict) -> str:
    """The paragraph under the review footer: the report link, and the review-due date for feedback.js."""
    owner = owners[page.meta["owner"]]
    title = str(page.meta["title"])
    address = public_address(site_url, page.path)
    due = page.next_review
    attrs = (f'class="page-feedback" data-review-due="{due.isoformat()}" '
             f'data-review-due-text="{html.escape(frontmatter.nice_date(due))}" data-owner="{html.escape(owner["name"])}"')
    if config.get("email"):
        href = mail_link(config["email"], title, address, owner["name"], owner["github"])
        link = (f'<a class="page-feedback__report" href="{html.escape(href)}">Report a problem with this page'
                '<span class="page-feedback__where"> (opens your e-mail)</span></a>')
    elif config.get("issues"):
        href = issue_link(config["issues"], title, address, page.meta["owner"], owner["github"])
        link = (f'<a class="page-feedback__report" href="{html.escape(href)}" target="_blank" rel="noopener noreferrer">'
                'Report a problem with this page<span class="page-feedback__where"> (opens GitHub in a new tab)</span></a>')
    else:
        link = ""
    return f"\n\n<p {attrs}>{link}</p>\n"


def check_issue_form(root: Path) -> list:
    """The issue form behind the link: its reasons are the site's, and it has a field for each prefilled value."""
    path = root / FORM
    if not path.is_file():
        return [ContentError(FORM, "the issue form behind 'Report a problem with this page' is missing.",
                             f"restore it from git; it needs a dropdown 'reason' and inputs {', '.join(FIELDS)}.")]
    try:
        data = yamlfile.load(path, root)
    except ContentError as exc:
        return [exc]
    text = path.read_text(encoding="utf-8").splitlines()

    def line(needle):
        return next((n for n, t in enumerate(text, 1) if needle in t), None)

    body = data.get("body") if isinstance(data, dict) else None
    fields = {b.get("id"): b for b in body or [] if isinstance(b, dict)}
    errors = []
    for field in FIELDS:
        if field not in fields:
            errors.append(ContentError(FORM, f"the form has no field with id {field!r}; the page link fills it in.",
                                       f"add an input with 'id: {field}' under 'body:'.", line("body:")))
    reason = fields.get("reason")
    options = (((reason or {}).get("attributes") or {}).get("options")) or []
    if not reason or reason.get("type") != "dropdown":
        errors.append(ContentError(FORM, "the form has no dropdown with id 'reason'.",
                                   "add a dropdown 'reason' listing: " + "; ".join(REASONS) + ".", line("body:")))
    else:
        for option in options:
            if option not in REASONS:
                errors.append(ContentError(FORM, f"reason {option!r} is not one of the site's reasons.",
                                           "use exactly: " + "; ".join(REASONS) + " (REASONS in macros/feedback.py; change both together).",
                                           line(f"- {option}")))
        for missing in [r for r in REASONS if r not in options]:
            errors.append(ContentError(FORM, f"the reasons lack {missing!r}.", f"add '- {missing}' under the reason dropdown's options.", line("id: reason")))
    labels = (data or {}).get("labels") if isinstance(data, dict) else None
    if LABEL not in (labels or []):
        errors.append(ContentError(FORM, f"the form does not add the label {LABEL!r}.", f"write labels: [{LABEL}].", line("labels")))
    return errors


SEARCH_FORM = ".github/ISSUE_TEMPLATE/search-miss.yml"
SEARCH_FIELDS = ("query", "page")  # what docs/assets/search/ui.js fills in


def check_search_form(root: Path) -> list:
    """The form the search box's no-result link opens: the fields ui.js fills in, and the label."""
    path = root / SEARCH_FORM
    if not path.is_file():
        return [ContentError(SEARCH_FORM, "the issue form behind the search box's no-result link is missing.",
                             "restore it from git; it needs inputs 'query' and 'page' and labels: [search-miss].")]
    try:
        data = yamlfile.load(path, root)
    except ContentError as exc:
        return [exc]
    data = data if isinstance(data, dict) else {}
    ids = {b.get("id") for b in data.get("body") or [] if isinstance(b, dict)}
    errors = [ContentError(SEARCH_FORM, f"the form has no field with id {f!r}; the search box fills it in.",
                           f"add an input with 'id: {f}' under 'body:'.") for f in SEARCH_FIELDS if f not in ids]
    if "search-miss" not in (data.get("labels") or []):
        errors.append(ContentError(SEARCH_FORM, "the form does not add the label 'search-miss'.", "write labels: [search-miss]."))
    return errors


def check(root: Path) -> None:
    raise_all(check_issue_form(root) + check_search_form(root))
