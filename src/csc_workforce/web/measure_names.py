"""``measure_name``, a filter every template has (settings ``TEMPLATES`` builtins): a measure's
name from the catalogue (``core.measures``), so that a page names a figure as the catalogue
does: ``{{ "weighted_load"|measure_name }}``."""

from django import template

from csc_workforce.core.measures import CATALOGUE

register = template.Library()


@register.filter
def measure_name(key: str) -> str:
    """The name of the measure ``key``; KeyError for a key not in the catalogue."""
    return CATALOGUE[key].name
