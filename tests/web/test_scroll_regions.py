"""``{% scroll_region %}``: a wide table in a focusable region named by its caption."""

import pytest
from django.template import Context, Template, TemplateSyntaxError, engines


def test_a_table_scrolls_in_a_region_named_by_its_caption() -> None:
    rendered = Template(
        '{% scroll_region %}<table><caption class="c">Loads</caption></table>{% endscroll_region %}'
        "{% scroll_region %}<table><caption id='mine'>Teams</caption></table>{% endscroll_region %}"
    ).render(Context())
    assert rendered == (
        '<div class="app-scroll-region" role="region" aria-labelledby="table-caption-1" '
        'tabindex="0"><table><caption id="table-caption-1" class="c">Loads</caption></table></div>'
        '<div class="app-scroll-region" role="region" aria-labelledby="mine" tabindex="0">'
        "<table><caption id='mine'>Teams</caption></table></div>"
    )


def test_a_label_given_names_the_region() -> None:
    rendered = Template("{% scroll_region name %}<table></table>{% endscroll_region %}").render(
        Context({"name": "Weeks <b>"})
    )
    assert 'aria-label="Weeks &lt;b&gt;"' in rendered


def test_a_table_with_neither_caption_nor_label_is_refused() -> None:
    with pytest.raises(TemplateSyntaxError, match="caption, or a label"):
        Template("{% scroll_region %}<table></table>{% endscroll_region %}").render(Context())


def test_tables_of_included_templates_get_ids_of_their_own() -> None:
    engine = engines["django"].engine  # type: ignore[attr-defined]
    part = engine.from_string(
        "{% scroll_region %}<table><caption>{{ n }}</caption></table>{% endscroll_region %}"
    )
    page = engine.from_string("{% for n in numbers %}{% include part %}{% endfor %}")
    rendered = page.render(Context({"numbers": [1, 2, 3], "part": part}))
    assert [f'id="table-caption-{n}"' in rendered for n in (1, 2, 3)] == [True] * 3
