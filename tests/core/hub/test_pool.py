"""The pooling rules on small frames written by hand: the three-month cool-off's edges, who
counts as having left, and the age and service bands."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.hub import pool
from csc_workforce.core.hub.read import WORKER_SCHEMA, age_band, service_band


def frame(*rows: dict[str, object]) -> pl.LazyFrame:
    full = [dict.fromkeys(WORKER_SCHEMA) | row for row in rows]
    return pool.with_definitions(pl.DataFrame(full, schema=WORKER_SCHEMA)).lazy()


def left(la: str, day: date, key: str = "k1") -> dict[str, object]:
    return {
        "la_code": la,
        "year": 2025,
        "worker_key": key,
        "agency": False,
        "start_date": date(2015, 1, 5),
        "leave_date": day,
    }


def agency(la: str, start: date, key: str = "k1", year: int = 2025) -> dict[str, object]:
    return {"la_code": la, "year": year, "worker_key": key, "agency": True, "start_date": start}


def test_cool_off_runs_three_calendar_months_from_the_day_of_leaving() -> None:
    # Left 31 January 2025: three months later is 30 April (April has 30 days).
    workers = frame(
        left("201", date(2025, 1, 31), "in"),
        agency("202", date(2025, 4, 30), "in"),
        left("201", date(2025, 1, 31), "out"),
        agency("202", date(2025, 5, 1), "out"),
        left("201", date(2025, 3, 10), "same-day"),
        agency("203", date(2025, 3, 10), "same-day"),
        left("201", date(2025, 3, 10), "before"),
        agency("203", date(2025, 3, 9), "before"),
        left("201", date(2025, 2, 1), "same-la"),
        agency("201", date(2025, 2, 20), "same-la"),
    )
    found = pool.cooloff(workers).collect()
    assert found.select("worker_key", "days").sort("worker_key").rows() == [
        ("in", 89),
        ("same-day", 0),
    ]


def test_an_agency_engagement_in_two_returns_is_one_cool_off_case() -> None:
    workers = frame(
        left("201", date(2025, 8, 1)),
        agency("202", date(2025, 9, 1), year=2025),
        agency("202", date(2025, 9, 1), year=2026),
    )
    assert pool.cooloff(workers).collect().height == 1


def held(*pairs: tuple[str, int]) -> pl.LazyFrame:
    return pl.LazyFrame(
        {"la_code": [p[0] for p in pairs], "year": [p[1] for p in pairs]},
        schema={"la_code": pl.String, "year": pl.Int32},
    )


def test_agency_worker_leaves_only_when_the_next_return_is_held_without_them() -> None:
    workers = frame(
        agency("201", date(2024, 11, 1), year=2025),
        agency("202", date(2025, 12, 1), year=2026),
    )
    # 201's 2026 return not held: nobody can say the worker left 201.
    assert pool.flows(workers, held(("201", 2025), ("202", 2026))).collect().height == 0
    moved = pool.flows(workers, held(("201", 2025), ("201", 2026), ("202", 2026))).collect()
    assert moved.rows() == [("201", "202", 2025, 2026, "agency", "agency", 1)]


def test_next_record_back_in_the_same_authority_is_not_a_flow() -> None:
    workers = frame(
        left("201", date(2025, 3, 1)),
        {
            "la_code": "201",
            "year": 2025,
            "worker_key": "k1",
            "agency": True,
            "start_date": date(2025, 3, 2),
        },
        agency("202", date(2025, 6, 1)),
    )
    assert pool.flows(workers, held(("201", 2025), ("202", 2025))).collect().height == 0


@given(
    st.dates(date(1940, 1, 1), date(2007, 12, 31)), st.dates(date(2020, 1, 1), date(2030, 12, 31))
)
def test_age_band_holds_the_age_in_whole_years(born: date, on: date) -> None:
    age = 0
    while _birthday(born, age + 1) <= on:
        age += 1
    band = age_band(born, on)
    if band == "60+":
        assert age >= 60
    elif band == "under 20":
        assert age < 20
    else:
        low, high = (int(part) for part in str(band).split("-"))
        assert low <= age <= high


def _birthday(born: date, age: int) -> date:
    """The day someone born on ``born`` turns ``age`` (1 March for 29 February in other years)."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return date(born.year + age, 3, 1)


def test_service_bands_at_their_edges() -> None:
    census = date(2025, 9, 30)
    assert service_band(date(2023, 10, 1), census) == "under 2 years"
    assert service_band(date(2023, 9, 30), census) == "2-4 years"
    assert service_band(date(2020, 10, 1), census) == "2-4 years"
    assert service_band(date(2020, 9, 30), census) == "5-9 years"
    assert service_band(date(2005, 9, 30), census) == "20+ years"
    assert service_band(census + timedelta(days=1), census) is None
    assert service_band(None, census) is None
