"""Every internal link, image and #anchor in the built site resolves."""
from sitecheck import check_site


def test_internal_links_images_and_anchors_resolve(site):
    problems = check_site(site)
    assert not problems, f"{len(problems)} broken link(s) in the built site (page:line: problem):\n" + "\n".join(problems[:50])
