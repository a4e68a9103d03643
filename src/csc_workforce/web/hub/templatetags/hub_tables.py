"""``{% hub_table table %}``: a hub ``Table`` as GOV.UK table markup, built in Python (a region's
pair-by-route table has about a thousand rows, which the template language renders slowly):
a caption, ``scope`` on every header, the leading ``labels`` cells of each row as row headers,
figures right-aligned, every cell escaped."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import replace

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..selectors import Table

register = template.Library()


@register.simple_tag
def hub_table(table: Table, rows: Sequence[tuple[str, ...]] | None = None) -> SafeString:
    """``table``, or its header and caption over ``rows`` alone (a page of them)."""
    if rows is not None:
        table = replace(table, rows=tuple(rows))
    numeric = " govuk-table__header--numeric"
    head = "".join(
        f'<th scope="col" class="govuk-table__header{numeric if i >= table.labels else ""}">'
        f"{escape(cell)}</th>"
        for i, cell in enumerate(table.header)
    )
    body = _rows_fast(table)
    if not body:
        body.append(
            f'<tr class="govuk-table__row"><td class="govuk-table__cell" '
            f'colspan="{len(table.header)}">None.</td></tr>'
        )
    return mark_safe(  # noqa: S308 (every cell escaped above)
        '<table class="govuk-table">'
        f'<caption class="govuk-table__caption govuk-table__caption--s">{escape(table.caption)}'
        f'</caption><thead class="govuk-table__head"><tr class="govuk-table__row">{head}</tr>'
        f'</thead><tbody class="govuk-table__body">{"".join(body)}</tbody></table>'
    )


def _row(row: tuple[str, ...], labels: int) -> str:
    cells = [
        f'<th scope="row" class="govuk-table__header">{escape(cell)}</th>'
        if i < labels
        else f'<td class="govuk-table__cell govuk-table__cell--numeric">{escape(cell)}</td>'
        for i, cell in enumerate(row)
    ]
    return f'<tr class="govuk-table__row">{"".join(cells)}</tr>'


_LABEL = '<th scope="row" class="govuk-table__header">'
_FIGURE = '<td class="govuk-table__cell govuk-table__cell--numeric">'
_STARTS = '<tr class="govuk-table__row">' + _LABEL
_LABELS = "</th>" + _LABEL
_FIGURES = "</th>" + _FIGURE
_BETWEEN = "</td>" + _FIGURE


class _Escaped(dict[object, str]):
    """Each cell escaped once however often it recurs (a region's pair tables hold 900,000
    cells of a few hundred names and figures), as ``escape`` writes it."""

    def __missing__(self, cell: object) -> str:
        found = self[cell] = html.escape(str(cell))
        return found


def _rows_fast(table: Table) -> list[str]:
    """The body rows as ``_row`` writes them, each distinct cell escaped once; a row without
    a label or without a figure is written by ``_row``."""
    labels = table.labels
    escaped = _Escaped().__getitem__
    return [
        f"{_STARTS}{_LABELS.join(map(escaped, row[:labels]))}"
        f"{_FIGURES}{_BETWEEN.join(map(escaped, row[labels:]))}</td></tr>"
        if len(row) > labels > 0
        else _row(row, labels)
        for row in table.rows
    ]
