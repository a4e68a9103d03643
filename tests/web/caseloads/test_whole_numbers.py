"""Whole numbers on the caseload pages are formatted once in Python, as the template filter
``floatformat:0`` that formatted them in every cell did."""

from decimal import Decimal

from django.template.defaultfilters import floatformat
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.web.caseloads.view_models import whole


@given(st.decimals(min_value=-(10**7), max_value=10**7, places=4, allow_nan=False))
def test_whole_numbers_read_as_the_template_filter_wrote_them(value: Decimal) -> None:
    assert whole(value) == floatformat(value, 0)


def test_halves_round_away_from_zero_and_nothing_has_no_sign() -> None:
    assert [whole(Decimal(v)) for v in ("2040.0", "1958.4", "0.5", "-0.5", "-0.4", "-136.6")] == [
        "2040",
        "1958",
        "1",
        "-1",
        "0",
        "-137",
    ]
