"""Every page's title block is a short line of text: no markup from the page's body slips into
the browser's title (a block left open once swallowed a page's tables)."""

from __future__ import annotations

import re
from pathlib import Path

import csc_workforce.web

TEMPLATES = sorted(Path(csc_workforce.web.__file__).parent.glob("**/templates/**/*.html"))
TITLE = re.compile(r"\{% block page_title %\}(.*?)\{% endblock %\}", re.DOTALL)


def test_page_titles_are_a_line_of_text() -> None:
    found = {}
    for path in TEMPLATES:
        match = TITLE.search(path.read_text())
        if match and ("<" in match.group(1) or "\n" in match.group(1)):
            found[path.name] = match.group(1)[:80]
    assert TEMPLATES
    assert not found
