"""The shipped DfE reference data, checked against the published files read without polars."""

import csv
import io
import statistics
from decimal import Decimal
from importlib import resources
from pathlib import Path

import polars as pl
import pytest

from csc_workforce.core.measures import la_interquartile_range
from csc_workforce.core.reference import (
    SUPPRESSION_SYMBOLS,
    Published,
    as_published,
    authority_names,
    csww_indicators,
    parse_published,
    statistical_neighbours,
)


def published_rows() -> list[dict[str, str]]:
    data = resources.files("csc_workforce").joinpath(
        "data", "dfe", "csww_indicators_2017_to_2025.csv"
    )
    return list(csv.DictReader(io.StringIO(data.read_text(encoding="utf-8"))))


def test_shipped_files_are_the_published_files() -> None:
    published = Path(__file__).parents[3] / "shared" / "reference" / "dfe"
    if not published.is_dir():
        pytest.skip("the shared reference folder is not on this machine")
    shipped = resources.files("csc_workforce").joinpath("data", "dfe")
    for name in (
        "csww_indicators_2017_to_2025.csv",
        "statistical_neighbours_2025.csv",
        "la_cla_swcount.csv",
    ):
        assert shipped.joinpath(name).read_bytes() == (published / name).read_bytes()


def test_suppression_symbols_are_read_as_null_never_zero() -> None:
    frame = csww_indicators()
    rows = published_rows()
    assert frame.height == len(rows) == 1463
    suppressed = [
        (index, column)
        for index, row in enumerate(rows)
        for column, value in row.items()
        if value in SUPPRESSION_SYMBOLS
    ]
    # Every symbol but ':', DfE's older "not available", which this release does not use.
    assert {rows[index][column] for index, column in suppressed} == set(SUPPRESSION_SYMBOLS) - {":"}
    for index, column in suppressed:
        assert frame.item(index, column) is None, (index, column)


def test_sunderland_2025_agency_fte_published_as_low_is_null() -> None:
    sunderland = csww_indicators().filter(
        pl.col("time_period") == 2025, pl.col("old_la_code") == "394"
    )
    assert sunderland.item(0, "agency_fte") is None
    assert sunderland.item(0, "inpost_fte") == 229.5


def test_figures_are_numbers() -> None:
    schema = csww_indicators().schema
    for column in ("inpost_fte", "turnover_rate_fte", "agency_rate_fte", "absence_rate_fte"):
        assert schema[column] == pl.Float64


@pytest.mark.parametrize(
    ("year", "measure"),
    [
        (2021, "turnover_rate_fte"),
        (2023, "agency_rate_fte"),
        (2024, "absence_rate_fte"),
        (2025, "starters_rate_fte"),
    ],
)
def test_interquartile_range_is_the_inclusive_quartiles_of_local_authorities(
    year: int, measure: str
) -> None:
    values = []
    for row in published_rows():
        if row["geographic_level"] != "Local authority" or row["time_period"] != str(year):
            continue
        if measure == "starters_rate_fte":
            starters, inpost = row["starters_fte"], row["inpost_fte"]
            if starters in SUPPRESSION_SYMBOLS or inpost in SUPPRESSION_SYMBOLS:
                continue
            if float(inpost) > 0:  # the Isles of Scilly have nobody in post
                values.append(float(starters) / float(inpost) * 100)
        elif row[measure] not in SUPPRESSION_SYMBOLS:
            values.append(float(row[measure]))
    # statistics' "inclusive" method is linear interpolation between the order statistics.
    lower, _, upper = statistics.quantiles(values, n=4, method="inclusive")
    assert la_interquartile_range(year=year, measure=measure) == pytest.approx((lower, upper))


def test_interquartile_range_of_a_small_example_by_hand() -> None:
    # Five values 1, 2, 3, 4, 10: the 25th percentile is at position 0.25 * 4 = 1 (value 2) and
    # the 75th at position 3 (value 4), so linear interpolation gives (2, 4).
    assert statistics.quantiles([1, 2, 3, 4, 10], n=4, method="inclusive") == [2, 3, 4]
    series = pl.Series([1.0, 2.0, 3.0, 4.0, 10.0])
    assert series.quantile(0.25, interpolation="linear") == 2
    assert series.quantile(0.75, interpolation="linear") == 4


def test_england_2025_turnover_lies_within_the_range_of_authorities() -> None:
    lower, upper = la_interquartile_range(year=2025, measure="turnover_rate_fte")
    assert lower < 11.8 < upper  # England's published 2025 turnover rate


def test_interquartile_range_refuses_unknown_measures_and_years() -> None:
    with pytest.raises(ValueError, match="unknown measure"):
        la_interquartile_range(year=2025, measure="inpost_fte")
    with pytest.raises(ValueError, match="no local authority values"):
        la_interquartile_range(year=2016, measure="turnover_rate_fte")


def test_statistical_neighbours_of_barking_and_dagenham() -> None:
    assert statistical_neighbours("301") == [
        "308", "821", "313", "333", "336", "307", "304", "312", "874", "203",
    ]  # fmt: skip


def test_statistical_neighbours_of_an_unknown_authority() -> None:
    with pytest.raises(KeyError):
        statistical_neighbours("999")


def test_authority_names() -> None:
    names = authority_names()
    assert names["301"] == "Barking and Dagenham"
    assert names["840"] == "County Durham"  # as CSWW publishes it; "Durham" among neighbours
    assert names["909"] == "Cumbria"  # abolished 2023, still in the CSWW history
    assert names["314"] == "Kingston upon Thames"  # CSWW publishes it with Richmond
    assert names["314 / 318"] == "Kingston upon Thames / Richmond upon Thames"


def test_dfe_older_not_available_sign_is_a_symbol() -> None:
    assert parse_published(":") == Published(symbol=":")
    assert Published(symbol=":").meaning == "not available"


@pytest.mark.parametrize(
    ("value", "measure", "published"),
    [
        (None, "turnover_rate_fte", Published(symbol="z")),  # a zero denominator
        (Decimal("120"), "agency_cover_rate_fte", Published(symbol="u")),  # cannot be over 100
        (Decimal("120"), "turnover_rate_fte", Published(value=Decimal("120.0"))),  # can be
        (Decimal("0.04"), "absence_rate_fte", Published(symbol="low")),  # not 0, rounds to 0
        (Decimal("0"), "absence_rate_fte", Published(value=Decimal("0.0"))),
        (Decimal("2.25"), "turnover_rate_fte", Published(value=Decimal("2.3"))),  # half up
    ],
)
def test_a_computed_figure_as_dfe_would_publish_it(
    value: Decimal | None, measure: str, published: Published
) -> None:
    assert as_published(value, measure=measure) == published
