"""``{% hub_table table %}``: a hub ``Table`` as GOV.UK table markup, built in Python (a region's
pair-by-route table has about a thousand rows, which the template language renders slowly):
a caption, ``scope`` on every header, the leading ``labels`` cells of each row as row headers,
figures right-aligned, every cell escaped."""

from __future__ import annotations

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
    body = []
    for row in table.rows:
        cells = [
            f'<th scope="row" class="govuk-table__header">{escape(cell)}</th>'
            if i < table.labels
            else f'<td class="govuk-table__cell govuk-table__cell--numeric">{escape(cell)}</td>'
            for i, cell in enumerate(row)
        ]
        body.append(f'<tr class="govuk-table__row">{"".join(cells)}</tr>')
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
