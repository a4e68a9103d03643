"""DfE published reference data shipped with the package (``csc_workforce/data/dfe``).

Source: DfE "Children's social work workforce" official statistics and DfE's children's services
statistical neighbours (May 2025). Contains public sector information licensed under the Open
Government Licence v3.0.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import polars as pl

SUPPRESSION_SYMBOLS = ("c", "u", "x", "z", "low")
"""DfE symbols published in place of a number: c confidential, u low reliability, x not
available, z not applicable, low rounds to zero. Read as null, never as 0."""

CODE_COLUMNS = ("country_code", "region_code", "old_la_code", "new_la_code")

MEASURES: dict[str, pl.Expr] = {
    "turnover_rate_fte": pl.col("turnover_rate_fte"),
    "agency_rate_fte": pl.col("agency_rate_fte"),
    "absence_rate_fte": pl.col("absence_rate_fte"),
    # Not published by DfE: starters FTE against the turnover rate's denominator, null (as the
    # turnover rate is 'z') where nobody is in post, as in the Isles of Scilly.
    "starters_rate_fte": pl.when(pl.col("inpost_fte") > 0).then(
        pl.col("starters_fte") / pl.col("inpost_fte") * 100
    ),
}


def _data(name: str) -> bytes:
    return resources.files("csc_workforce").joinpath("data", "dfe", name).read_bytes()


@cache
def csww_indicators() -> pl.DataFrame:
    """CSWW indicators 2017-2025 for England, regions and local authorities, one row per
    area and reporting year; suppressed figures are null."""
    return pl.read_csv(
        _data("csww_indicators_2017_to_2025.csv"),
        null_values=list(SUPPRESSION_SYMBOLS),
        infer_schema_length=None,
        schema_overrides=dict.fromkeys(CODE_COLUMNS, pl.String),
    )


@cache
def _neighbours() -> pl.DataFrame:
    return pl.read_csv(_data("statistical_neighbours_2025.csv"), infer_schema_length=0)


def la_interquartile_range(*, year: int, measure: str) -> tuple[float, float]:
    """The 25th and 75th percentiles (linear interpolation) of local authorities' values of
    ``measure`` in reporting ``year``, ignoring suppressed values.

    ``measure`` is one of ``MEASURES``: a published rate column, or ``starters_rate_fte``,
    each authority's starters FTE / FTE in post at 30 September x 100.
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; expected one of {sorted(MEASURES)}")
    values = (
        csww_indicators()
        .filter(pl.col("geographic_level") == "Local authority", pl.col("time_period") == year)
        .select(value=MEASURES[measure])
        .drop_nulls()
    )
    if values.height == 0:
        raise ValueError(f"no local authority values of {measure} in {year}")
    lower, upper = values.select(
        pl.col("value").quantile(0.25, interpolation="linear").alias("lower"),
        pl.col("value").quantile(0.75, interpolation="linear").alias("upper"),
    ).row(0)
    return lower, upper


def statistical_neighbours(old_la_code: str) -> list[str]:
    """DfE's ten statistical neighbours of an authority, closest first (old 3-digit codes)."""
    rows = _neighbours().filter(pl.col("old_la_code") == old_la_code)
    if rows.height == 0:
        raise KeyError(old_la_code)
    return [rows.item(0, f"sn{rank}_old_la_code") for rank in range(1, 11)]


def authority_names() -> dict[str, str]:
    """Local authority name by old 3-digit LA code: the latest name in the CSWW statistics, else
    the statistical neighbours file's (which lists separately the authorities CSWW publishes
    together, as "940 / 941" and "314 / 318")."""
    latest = (
        csww_indicators()
        .filter(pl.col("geographic_level") == "Local authority")
        .sort("time_period")
        .select("old_la_code", "la_name")
    )
    names = dict(_neighbours().select("old_la_code", "la_name").iter_rows())
    return names | dict(latest.iter_rows())
