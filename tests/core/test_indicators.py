"""DfE CSWW indicators: each expected value is a rate DfE published, recomputed from the counts
published on the same row of csww_indicators_2017_to_2025.csv."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csc_workforce.core.indicators import (
    absence_rate,
    agency_cover_rate,
    agency_rate,
    caseload,
    reporting_year_bounds,
    round_half_up,
    starters_rate,
    turnover_rate,
    vacancy_agency_cover_rate,
    vacancy_rate,
    working_days_in_reporting_year,
)

fte = st.decimals(min_value=0, max_value=100_000, places=1)


@pytest.mark.parametrize(
    ("leavers_fte", "inpost_fte", "published"),
    [
        ("4276.3", "36186.3", "11.8"),  # England 2025
        ("25.5", "165.5", "15.4"),  # Gateshead 2024
        ("57.8", "640.6", "9.0"),  # Leeds 2024
        ("34.4", "240.7", "14.3"),  # Cornwall 2024
    ],
)
def test_turnover_rate_matches_published(leavers_fte: str, inpost_fte: str, published: str) -> None:
    rate = turnover_rate(leavers_fte=Decimal(leavers_fte), inpost_fte=Decimal(inpost_fte))
    assert rate is not None
    assert round_half_up(rate) == Decimal(published)


@pytest.mark.parametrize(
    ("agency_fte", "inpost_fte", "published"),
    [
        ("5415.9", "36186.3", "13.0"),  # England 2025
        ("18", "165.5", "9.8"),  # Gateshead 2024
        ("75", "180.2", "29.4"),  # Barnet 2024
        ("25.5", "240.7", "9.6"),  # Cornwall 2024
    ],
)
def test_agency_rate_matches_published(agency_fte: str, inpost_fte: str, published: str) -> None:
    rate = agency_rate(agency_fte=Decimal(agency_fte), inpost_fte=Decimal(inpost_fte))
    assert rate is not None
    assert round_half_up(rate) == Decimal(published)


@pytest.mark.parametrize(
    ("vacancy_fte", "inpost_fte", "published"),
    [
        ("5965.4", "36186.3", "14.2"),  # England 2025
        ("15", "165.5", "8.3"),  # Gateshead 2024
        ("41.5", "180.2", "18.7"),  # Barnet 2024
        ("58.3", "240.7", "19.5"),  # Cornwall 2024
    ],
)
def test_vacancy_rate_matches_published(vacancy_fte: str, inpost_fte: str, published: str) -> None:
    rate = vacancy_rate(vacancy_fte=Decimal(vacancy_fte), inpost_fte=Decimal(inpost_fte))
    assert rate is not None
    assert round_half_up(rate) == Decimal(published)


@pytest.mark.parametrize(
    ("year", "working_days_lost_fte", "inpost_fte", "published"),
    [
        (2025, "322786.3", "36186.3", "3.5"),  # England 2025
        (2024, "4391.3", "449.6", "3.8"),  # Manchester 2024: 253 days would give 3.9
        (2020, "4980.7", "644.3", "3.0"),  # Leeds 2020: 253 days would give 3.1
        (2024, "2299.9", "165.5", "5.5"),  # Gateshead 2024
    ],
)
def test_absence_rate_matches_published(
    year: int, working_days_lost_fte: str, inpost_fte: str, published: str
) -> None:
    rate = absence_rate(
        working_days_lost_fte=Decimal(working_days_lost_fte),
        inpost_fte=Decimal(inpost_fte),
        working_days=working_days_in_reporting_year(year),
    )
    assert rate is not None
    assert round_half_up(rate) == Decimal(published)


def test_starters_rate_sets_starters_against_fte_in_post() -> None:
    # England 2025: 5837.8 starters FTE, 36186.3 FTE in post; 5837.8 / 36186.3 = 0.16132...
    rate = starters_rate(starters_fte=Decimal("5837.8"), inpost_fte=Decimal("36186.3"))
    assert rate is not None
    assert round_half_up(rate) == Decimal("16.1")


def test_rates_are_returned_unrounded() -> None:
    assert turnover_rate(leavers_fte=Decimal(1), inpost_fte=Decimal(3)) == Decimal(100) / 3


@pytest.mark.parametrize(
    ("value", "places", "rounded"),
    [
        ("2.25", 1, "2.3"),
        ("2.35", 1, "2.4"),
        ("2.24", 1, "2.2"),
        ("-2.25", 1, "-2.3"),
        ("11.8171", 2, "11.82"),
        ("0.5", 0, "1"),
    ],
)
def test_round_half_up(value: str, places: int, rounded: str) -> None:
    assert round_half_up(Decimal(value), places) == Decimal(rounded)


@settings(deadline=None)
@given(st.decimals(min_value=-(10**6), max_value=10**6, places=4))
def test_round_half_up_moves_at_most_half_a_unit(value: Decimal) -> None:
    rounded = round_half_up(value)
    assert abs(rounded - value) <= Decimal("0.05")
    assert rounded.as_tuple().exponent == -1


@settings(deadline=None)
@given(part=fte, inpost=fte)
def test_agency_and_vacancy_rates_are_percentages(part: Decimal, inpost: Decimal) -> None:
    for rate in (
        agency_rate(agency_fte=part, inpost_fte=inpost),
        vacancy_rate(vacancy_fte=part, inpost_fte=inpost),
    ):
        if part + inpost == 0:
            assert rate is None
        else:
            assert rate is not None
            assert 0 <= rate <= 100


@settings(deadline=None)
@given(count=fte, days=st.sampled_from([253, 254]))
def test_rates_are_none_when_nobody_is_in_post(count: Decimal, days: int) -> None:
    zero = Decimal(0)
    assert turnover_rate(leavers_fte=count, inpost_fte=zero) is None
    assert starters_rate(starters_fte=count, inpost_fte=zero) is None
    assert absence_rate(working_days_lost_fte=count, inpost_fte=zero, working_days=days) is None
    assert agency_rate(agency_fte=zero, inpost_fte=zero) is None
    assert vacancy_rate(vacancy_fte=zero, inpost_fte=zero) is None


@pytest.mark.parametrize(
    ("year", "days"), [(2019, 253), (2020, 254), (2021, 253), (2023, 253), (2024, 254), (2025, 253)]
)
def test_working_days_published_by_dfe(year: int, days: int) -> None:
    assert working_days_in_reporting_year(year) == days


@settings(deadline=None)
@given(st.integers(min_value=1901, max_value=2199))
def test_254_working_days_exactly_when_the_year_contains_29_february(year: int) -> None:
    first, last = reporting_year_bounds(year)
    contains_29_february = any(
        first <= date(calendar_year, 2, 29) <= last
        for calendar_year in (year - 1, year)
        if calendar_year % 4 == 0 and (calendar_year % 100 != 0 or calendar_year % 400 == 0)
    )
    assert working_days_in_reporting_year(year) == (254 if contains_29_february else 253)


def test_reporting_year_runs_from_1_october_to_30_september() -> None:
    assert reporting_year_bounds(2025) == (date(2024, 10, 1), date(2025, 9, 30))


def test_cover_rates_and_caseload_reproduce_england_2025() -> None:
    # England 2025 as published: agency FTE 5,415.9 of which 4,390.8 cover vacancies;
    # vacancies 5,965.4 FTE; 321,661 cases held by 21,105.4 case-holding FTE.
    # Published: agency cover rate 81.1, vacancy agency cover rate 73.6, caseload 15.2.
    cover = agency_cover_rate(agency_cover_fte=Decimal("4390.8"), agency_fte=Decimal("5415.9"))
    vacancy_cover = vacancy_agency_cover_rate(
        agency_cover_fte=Decimal("4390.8"), vacancy_fte=Decimal("5965.4")
    )
    load = caseload(cases=Decimal(321661), case_holders_fte=Decimal("21105.4"))
    assert cover is not None
    assert round_half_up(cover) == Decimal("81.1")
    assert vacancy_cover is not None
    assert round_half_up(vacancy_cover) == Decimal("73.6")
    assert load is not None
    assert round_half_up(load) == Decimal("15.2")


def test_cover_rates_and_caseload_are_none_without_a_denominator() -> None:
    assert agency_cover_rate(agency_cover_fte=Decimal(0), agency_fte=Decimal(0)) is None
    assert vacancy_agency_cover_rate(agency_cover_fte=Decimal(1), vacancy_fte=Decimal(0)) is None
    assert caseload(cases=Decimal(10), case_holders_fte=Decimal(0)) is None
