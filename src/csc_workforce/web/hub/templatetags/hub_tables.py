"""``{% hub_table table %}``: a hub ``Table`` as GOV.UK table markup, built in Python (a region's
pair-by-route table has about a thousand rows, which the template language renders slowly):
a caption, ``scope`` on every header, the leading ``labels`` cells of each row as row headers,
figures right-aligned, every cell escaped."""

from __future__ import annotations

import html

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..selectors import Table

register = template.Library()


@register.simple_tag
def hub_table(table: Table) -> SafeString:
    numeric = " govuk-table__header--numeric"
    head = "".join(
        f'<th scope="col" class="govuk-table__header{numeric if i >= table.labels else ""}">'
        f"{escape(cell)}</th>"
        for i, cell in enumerate(table.header)
    )
    body = _rows_fast(table) if table.labels else None
    if body is None:
        body = [_row(row, table.labels) for row in table.rows]
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


# Control characters that mark a row's parts in the text escaped at once, then become markup.
_ROW, _LABEL, _FIGURES, _FIGURE, _END = "\x01", "\x02", "\x03", "\x04", "\x05"
_MARKUP = (
    (_ROW, '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'),
    (_LABEL, '</th><th scope="row" class="govuk-table__header">'),
    (_FIGURES, '</th><td class="govuk-table__cell govuk-table__cell--numeric">'),
    (_FIGURE, '</td><td class="govuk-table__cell govuk-table__cell--numeric">'),
    (_END, "</td></tr>"),
)


def _rows_fast(table: Table) -> list[str] | None:
    """The body rows as ``_row`` writes them, escaped in one call rather than cell by cell (a
    region of 330 authorities has 110,000 pairs); None when a row is not of labels then at
    least one figure, or a cell is not text or holds a marking character (``_row`` then)."""
    labels = table.labels
    rows = table.rows
    if not rows or any(len(row) <= labels for row in rows):
        return None
    try:
        text = "".join(
            _ROW + _LABEL.join(row[:labels]) + _FIGURES + _FIGURE.join(row[labels:]) + _END
            for row in rows
        )
    except TypeError:  # a cell that is not text (escape writes it as str() does)
        return None
    expected = {
        _ROW: len(rows),
        _LABEL: len(rows) * (labels - 1),
        _FIGURES: len(rows),
        _FIGURE: sum(len(row) for row in rows) - len(rows) * (labels + 1),
        _END: len(rows),
    }
    if any(text.count(mark) != count for mark, count in expected.items()):
        return None
    text = html.escape(text)
    for mark, markup in _MARKUP:
        text = text.replace(mark, markup)
    return [text]
