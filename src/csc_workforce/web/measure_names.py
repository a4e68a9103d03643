"""Filters every template has (settings ``TEMPLATES`` builtins) so that a page names and rounds
a figure as the catalogue (``core.measures``) does: ``{{ "weighted_load"|measure_name }}``,
``{{ row.fte|measure_value:"inpost_fte" }}``; and ``as_recorded`` for one person's or post's own
FTE, shown as it was typed (0.8, 0.625), not rounded as a total is."""

from decimal import Decimal

from django import template

from csc_workforce.core.measures import CATALOGUE

register = template.Library()


@register.filter
def measure_name(key: str) -> str:
    """The name of the measure ``key``; KeyError for a key not in the catalogue."""
    return CATALOGUE[key].name


@register.filter
def measure_value(value: Decimal | float | int | None, key: str) -> str:
    """``value`` rounded to the places of the measure ``key`` (``Measure.shown``)."""
    return CATALOGUE[key].shown(value)


@register.filter
def as_recorded(value: Decimal | None) -> str:
    """A recorded number without trailing zeros: 0.800000 -> 0.8, 1.000000 -> 1."""
    if value is None:
        return ""
    return f"{Decimal(value).normalize():f}"
