"""``{% scroll_region %}``, a tag every template has (settings ``TEMPLATES`` builtins): a wide
table inside a container that scrolls sideways on its own, so that at 320 CSS pixels the page
reflows and only the table scrolls (WCAG 2.2, 1.4.10 Reflow).

The container is a region named by the table's caption (``aria-labelledby`` the caption's id,
given one if it has none) or by the label given, and takes the
keyboard's focus so that someone without a mouse can scroll it with the arrow keys::

    {% scroll_region %}<table …><caption …>Teams</caption>…</table>{% endscroll_region %}
    {% scroll_region "Loads by week" %}<table …>…</table>{% endscroll_region %}
"""

from __future__ import annotations

import re

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

CAPTION = re.compile(r"<caption\b([^>]*)>", re.DOTALL)
CAPTION_ID = re.compile(r"""\bid=["']([^"']+)["']""")


def _labelled(table: str, number: int) -> tuple[str, str] | None:
    """The table with an id on its caption (its own, or ``table-caption-<number>``), and that
    id; None when the table has no caption."""
    found = CAPTION.search(table)
    if found is None:
        return None
    own = CAPTION_ID.search(found.group(1))
    if own is not None:
        return table, own.group(1)
    caption_id = f"table-caption-{number}"
    opening = f'<caption id="{caption_id}"{found.group(1)}>'
    return table[: found.start()] + opening + table[found.end() :], caption_id


class ScrollRegionNode(template.Node):
    def __init__(self, nodelist: NodeList, label: FilterExpression | None) -> None:
        self.nodelist = nodelist
        self.label = label

    def render(self, context: template.Context) -> SafeString:
        table = self.nodelist.render(context)
        if self.label is not None:
            return format_html(
                '<div class="app-scroll-region" role="region" aria-label="{}" tabindex="0">{}'
                "</div>",
                str(self.label.resolve(context)),
                table,
            )
        # The regions of a page are numbered so that the captions' ids differ: the count is kept
        # in the context's first layer, which the page's includes share.
        page = context.dicts[0]
        number = int(page.get("scroll_regions", 0)) + 1
        page["scroll_regions"] = number
        labelled = _labelled(table, number)
        if labelled is None:
            raise template.TemplateSyntaxError(
                "scroll_region needs a table with a caption, or a label: {% scroll_region "
                '"Loads by week" %}'
            )
        return format_html(
            '<div class="app-scroll-region" role="region" aria-labelledby="{}" tabindex="0">{}'
            "</div>",
            labelled[1],
            mark_safe(labelled[0]),  # noqa: S308 - the table as rendered, with an id added
        )


@register.tag
def scroll_region(parser: Parser, token: Token) -> ScrollRegionNode:
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("scroll_region takes at most one label")
    nodelist = parser.parse(("endscroll_region",))
    parser.delete_first_token()
    return ScrollRegionNode(nodelist, parser.compile_filter(bits[1]) if len(bits) == 2 else None)
