import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_workforce.core.retention import is_past_retention, retention_ends


def test_six_years_after_leaving() -> None:
    # Left 31 March 2019: kept through 31 March 2025, past retention from 1 April 2025.
    assert retention_ends(left_on=dt.date(2019, 3, 31), years=6) == dt.date(2025, 4, 1)
    assert not is_past_retention(left_on=dt.date(2019, 3, 31), years=6, today=dt.date(2025, 3, 31))
    assert is_past_retention(left_on=dt.date(2019, 3, 31), years=6, today=dt.date(2025, 4, 1))


def test_leaving_on_29_february_counts_from_28_february() -> None:
    assert retention_ends(left_on=dt.date(2020, 2, 29), years=1) == dt.date(2021, 3, 1)
    assert retention_ends(left_on=dt.date(2020, 2, 29), years=4) == dt.date(2024, 3, 1)


def test_people_in_post_are_never_past_retention() -> None:
    assert not is_past_retention(left_on=None, years=0, today=dt.date(2100, 1, 1))


def test_negative_years_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        retention_ends(left_on=dt.date(2020, 1, 1), years=-1)


@settings(deadline=None)
@given(
    left=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31)),
    years=st.integers(min_value=0, max_value=30),
)
def test_retention_ends_between_365_and_367_days_a_year_later(left: dt.date, years: int) -> None:
    ends = retention_ends(left_on=left, years=years)
    assert years * 365 < (ends - left).days <= years * 366 + 1
    assert not is_past_retention(left_on=left, years=years, today=ends - dt.timedelta(days=1))
    assert is_past_retention(left_on=left, years=years, today=ends)


def test_dates_kept_to_the_month_or_the_year() -> None:
    import datetime as dt

    from csc_workforce.core.retention import birth_year, month_end, month_start

    assert month_start(dt.date(2019, 9, 29)) == dt.date(2019, 9, 1)
    assert month_end(dt.date(2019, 9, 29)) == dt.date(2019, 9, 30)
    assert month_end(dt.date(2024, 2, 3)) == dt.date(2024, 2, 29)  # a leap year
    assert month_end(dt.date(2023, 2, 28)) == dt.date(2023, 2, 28)
    assert month_end(dt.date(2019, 12, 1)) == dt.date(2019, 12, 31)
    assert birth_year(dt.date(1984, 3, 17)) == dt.date(1984, 7, 1)


def test_pay_kept_to_its_band() -> None:
    from decimal import Decimal

    from csc_workforce.core.retention import pay_band

    five = Decimal(5000)
    assert pay_band(Decimal("38612.50"), width=five) == Decimal(37500)  # £35,000 to £39,999.99
    assert pay_band(Decimal(40000), width=five) == Decimal(42500)
    assert pay_band(Decimal(0), width=Decimal(1000)) == 0
    assert pay_band(Decimal("1234"), width=Decimal(1000)) == Decimal(1500)
