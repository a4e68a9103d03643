"""Reading a hub page's tables back from its HTML, as a reader sees them."""

from __future__ import annotations

import html
import re

TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)
CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL)
ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.DOTALL)
CELL = re.compile(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def tables(page: str) -> dict[str, list[list[str]]]:
    """Each table of ``page`` by its caption: its rows (the header row first) of cell texts."""
    found = {}
    for table in TABLE.findall(page):
        caption = CAPTION.search(table)
        assert caption is not None, "every table has a caption"
        rows = [
            [html.unescape(TAG.sub("", cell)).strip() for cell in CELL.findall(row)]
            for row in ROW.findall(table)
        ]
        found[html.unescape(TAG.sub("", caption.group(1))).strip()] = rows
    return found


def by_row(table: list[list[str]]) -> dict[str, dict[str, str]]:
    """A table as {row header: {column header: cell}}."""
    header = table[0]
    return {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in table[1:]}
