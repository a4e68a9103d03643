"""Reading a hub page's tables back from its HTML, as a reader sees them."""

from __future__ import annotations

import html
import re

from csc_workforce.core.suppression import SUPPRESSED

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


def recoverable(table: list[list[str]]) -> list[str]:
    """What a reader could work out from a table of own and region columns by year, with an
    "All workers" row: a c alone in its column (the column's total less the rest), and for
    the rest of the region (the region less one's own, band by band and in total) a count of 1
    to 4, or a band's that follows from the others and reveals a c beside it."""
    header, *body = table
    found = []
    for column in range(1, len(header)):
        values = [row[column] for row in body]
        if values.count(SUPPRESSED) == 1:
            found.append(f"{header[column]}: the one c from the total")
    for own_col in range(1, len(header), 2):
        own, region = own_col, own_col + 1
        rest: dict[str, int | None] = {}
        for row in body:
            if SUPPRESSED in (row[own], row[region]):
                rest[row[0]] = None
            else:
                rest[row[0]] = int(row[region].replace(",", "")) - int(row[own].replace(",", ""))
        small = [band for band, n in rest.items() if n is not None and 0 < n < 5]
        found += [f"{header[region]} {band}: rest of region {rest[band]}" for band in small]
        unknown = [band for band, n in rest.items() if n is None and band != "All workers"]
        if len(unknown) == 1 and rest["All workers"] is not None:
            band = unknown[0]
            row = next(r for r in body if r[0] == band)
            if (row[own] == SUPPRESSED) != (row[region] == SUPPRESSED):
                found.append(f"{header[own]} {band}: from the rest of the region")
    return found
