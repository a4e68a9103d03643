"""The demo's history length (``generate(years=...)``, ``cscw demo seed --years``)."""

import datetime as dt

from csc_workforce.core import demo


def test_history_years_end_in_2025() -> None:
    assert demo.history_years() == (2021, 2022, 2023, 2024, 2025)
    assert demo.history_years(10) == tuple(range(2016, 2026))
    assert demo.history_start() == demo.HISTORY_START == dt.date(2020, 10, 1)
    assert demo.history_start(10) == dt.date(2015, 10, 1)


def test_ten_years_of_history_have_starters_and_leavers_every_year() -> None:
    authority = demo.generate(seed=1, years=10)
    assert authority.history_start == dt.date(2015, 10, 1)
    assert min(post.funded_from for post in authority.posts) == dt.date(2015, 10, 1)
    for year in authority.history_years:
        figures = demo.summarise(authority, year=year)
        assert figures.starters_fte > 0
        assert figures.leavers_fte > 0
    # about 180 FTE in post at the reference date, as with five years
    assert 160 <= demo.summarise(authority, year=2025).inpost_fte <= 200
