"""Links between pages, written as MkDocs reads them: relative paths to source files."""
import posixpath


def rel_link(from_page: str, target: str) -> str:
    """Relative Markdown link from one docs/ source file to another."""
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")
