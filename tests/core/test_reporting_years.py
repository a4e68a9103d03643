"""The year of the latest census (30 September) on or before a day, and the latest year of the
children's stability measure (to 31 March) to show."""

import datetime as dt

import pytest

from csc_workforce.core.experience import latest_year
from csc_workforce.core.indicators import last_census_year


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (dt.date(2025, 9, 29), 2024),  # the 2025 census is tomorrow
        (dt.date(2025, 9, 30), 2025),  # census day
        (dt.date(2025, 12, 31), 2025),
        (dt.date(2026, 1, 1), 2025),
    ],
)
def test_last_census_year(day: dt.date, year: int) -> None:
    assert last_census_year(day) == year


@pytest.mark.parametrize(
    ("day", "year"),
    [(dt.date(2025, 3, 31), 2024), (dt.date(2025, 4, 1), 2025), (dt.date(2025, 12, 31), 2025)],
)
def test_latest_stability_year_turns_in_april(day: dt.date, year: int) -> None:
    assert latest_year(day) == year
