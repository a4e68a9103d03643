"""The region's pooled tables, computed with polars from every authority's rows: DfE's measures
per authority and year and the region's totals, movement between authorities, cool-off cases
and the workforce profile. ``docs/hub.md`` defines each.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from decimal import Decimal

import polars as pl

from .. import indicators
from ..csww.summary import Figures

REGION = "REGION"
"""``la_code`` of the region's totals in ``measures`` and ``profile``."""

MEASURES = (
    "turnover_rate",
    "agency_rate",
    "vacancy_rate",
    "caseload",
    "absence_rate",
    "starters_rate",
    "inpost_fte",
    "agency_fte",
    "leavers_fte",
    "starters_fte",
    "vacancy_fte",
    "inpost_headcount",
)
"""The keys of ``measures.parquet``, in the order the report shows them."""

COUNTS = (
    "inpost_fte",
    "inpost_headcount",
    "starters_fte",
    "leavers_fte",
    "agency_fte",
    "vacancy_fte",
    "case_holders_fte",
    "cases",
    "working_days_lost_fte",
)

MEASURES_SCHEMA = {
    "la_code": pl.String,
    "year": pl.Int32,
    "measure": pl.String,
    "value": pl.Float64,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
}
FLOWS_SCHEMA = {
    "from_la": pl.String,
    "to_la": pl.String,
    "from_year": pl.Int32,
    "to_year": pl.Int32,
    "from_basis": pl.String,
    "to_basis": pl.String,
    "workers": pl.Int32,
}
COOLOFF_SCHEMA = {
    "worker_key": pl.String,
    "left_la": pl.String,
    "left_date": pl.Date,
    "agency_la": pl.String,
    "agency_start": pl.Date,
    "days": pl.Int32,
}
PROFILE_SCHEMA = {
    "la_code": pl.String,
    "year": pl.Int32,
    "dimension": pl.String,
    "band": pl.String,
    "workers": pl.Int32,
}
COOL_OFF = "3mo"
"""The statutory cool-off: an agency engagement starting within three calendar months of
leaving a permanent post (polars' month offset: 31 January + 3 months is 30 April)."""


def _counts(found: Figures) -> dict[str, Decimal | None]:
    return {
        name: (None if (value := getattr(found, name)) is None else Decimal(value))
        for name in COUNTS
    }


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def measure_rows(
    la_code: str, year: int, counts: Mapping[str, Decimal | None]
) -> list[tuple[str, int, str, float | None, float | None, float | None]]:
    """The rows of ``measures.parquet`` for one authority (or the region) and year, each rate
    computed by its function in ``core.indicators`` (unrounded), with its numerator and
    denominator."""
    inpost = counts["inpost_fte"]
    assert inpost is not None
    rows: list[tuple[str, int, str, float | None, float | None, float | None]] = []

    def add(
        measure: str, value: Decimal | None, top: Decimal | None, bottom: Decimal | None
    ) -> None:
        rows.append((la_code, year, measure, _float(value), _float(top), _float(bottom)))

    leavers, starters, agency = counts["leavers_fte"], counts["starters_fte"], counts["agency_fte"]
    vacancies = counts["vacancy_fte"]
    assert leavers is not None
    assert starters is not None
    assert agency is not None
    add(
        "turnover_rate",
        indicators.turnover_rate(leavers_fte=leavers, inpost_fte=inpost),
        leavers,
        inpost,
    )
    add(
        "agency_rate",
        indicators.agency_rate(agency_fte=agency, inpost_fte=inpost),
        agency,
        agency + inpost,
    )
    if vacancies is None:
        add("vacancy_rate", None, None, None)
    else:
        add(
            "vacancy_rate",
            indicators.vacancy_rate(vacancy_fte=vacancies, inpost_fte=inpost),
            vacancies,
            vacancies + inpost,
        )
    cases, holders = counts["cases"], counts["case_holders_fte"]
    assert cases is not None
    assert holders is not None
    add("caseload", indicators.caseload(cases=cases, case_holders_fte=holders), cases, holders)
    days = indicators.working_days_in_reporting_year(year)
    lost = counts["working_days_lost_fte"]
    assert lost is not None
    add(
        "absence_rate",
        indicators.absence_rate(working_days_lost_fte=lost, inpost_fte=inpost, working_days=days),
        lost,
        inpost * days,
    )
    add(
        "starters_rate",
        indicators.starters_rate(starters_fte=starters, inpost_fte=inpost),
        starters,
        inpost,
    )
    for name in (
        "inpost_fte",
        "agency_fte",
        "leavers_fte",
        "starters_fte",
        "vacancy_fte",
        "inpost_headcount",
    ):
        add(name, counts[name], None, None)
    return rows


def measures(found: Iterable[tuple[str, int, Figures]]) -> pl.DataFrame:
    """DfE's measures for each authority and year, then the region's: each count summed over
    the authorities of the year (the vacancies only when every authority gave them), the rates
    computed from the sums."""
    rows = []
    totals: dict[int, dict[str, Decimal | None]] = {}
    for la_code, year, figures in found:
        counts = _counts(figures)
        rows.extend(measure_rows(la_code, year, counts))
        total = totals.setdefault(year, dict.fromkeys(COUNTS, Decimal(0)))
        for name, value in counts.items():
            current = total[name]
            total[name] = None if current is None or value is None else current + value
    for year, total in sorted(totals.items()):
        rows.extend(measure_rows(REGION, year, total))
    return pl.DataFrame(rows, schema=MEASURES_SCHEMA, orient="row")


def _census(year: pl.Expr) -> pl.Expr:
    """30 September of reporting year ``year``."""
    return pl.date(year, 9, 30)


def leaving_events(workers: pl.LazyFrame, held: pl.LazyFrame) -> pl.LazyFrame:
    """Each time a worker left an authority: a record with a leaving date (left on it), or an
    agency record with none whose worker has no record in the same authority's next return
    (left some time after that 30 September: ``left_date`` is the day after it). Only when
    that next return is held can the hub tell. Columns: worker_key, from_la, from_year,
    from_basis, left_date, dated."""
    keyed = workers.filter(pl.col("worker_key").is_not_null())
    dated = keyed.filter(pl.col("leave_date").is_not_null()).select(
        "worker_key",
        pl.col("la_code").alias("from_la"),
        pl.col("year").alias("from_year"),
        pl.col("agency").alias("from_agency"),
        pl.col("leave_date").alias("left_date"),
        pl.lit(True).alias("dated"),
    )
    present = keyed.select("worker_key", "la_code", "year").unique()
    agency = keyed.filter(pl.col("agency") & pl.col("leave_date").is_null())
    gone = (
        agency.select("worker_key", "la_code", "year")
        .unique()
        .join(
            held, left_on=["la_code", pl.col("year") + 1], right_on=["la_code", "year"], how="semi"
        )
        .join(
            present,
            left_on=["worker_key", "la_code", pl.col("year") + 1],
            right_on=["worker_key", "la_code", "year"],
            how="anti",
        )
        .select(
            "worker_key",
            pl.col("la_code").alias("from_la"),
            pl.col("year").alias("from_year"),
            pl.lit(True).alias("from_agency"),
            (_census(pl.col("year")) + timedelta(days=1)).alias("left_date"),
            pl.lit(False).alias("dated"),
        )
    )
    return pl.concat([dated, gone]).unique()


def _basis(agency: pl.Expr) -> pl.Expr:
    return pl.when(agency).then(pl.lit("agency")).otherwise(pl.lit("permanent"))


def flows(workers: pl.LazyFrame, held: pl.LazyFrame) -> pl.LazyFrame:
    """Movement between authorities: for each time a worker left authority A (``leaving_events``),
    the worker's next record anywhere in the region (the earliest start on or after the leaving,
    in a return of the same or the next year); when it is in another authority B, one worker
    moved A -> B. Counted per pair, years and basis (permanent or agency) at each end."""
    events = leaving_events(workers, held)
    records = workers.filter(
        pl.col("worker_key").is_not_null() & pl.col("start_date").is_not_null()
    ).select(
        "worker_key",
        pl.col("la_code").alias("to_la"),
        pl.col("year").alias("to_year"),
        pl.col("agency").alias("to_agency"),
        "start_date",
    )
    following = (
        events.join(records, on="worker_key")
        .filter(
            (pl.col("start_date") >= pl.col("left_date"))
            & pl.col("to_year").is_between(pl.col("from_year"), pl.col("from_year") + 1)
        )
        .sort("start_date", "to_year", "to_la")
        .group_by("worker_key", "from_la", "from_year", "left_date", maintain_order=True)
        .first()
        .filter(pl.col("to_la") != pl.col("from_la"))
    )
    return (
        following.group_by(
            "from_la",
            "to_la",
            "from_year",
            "to_year",
            _basis(pl.col("from_agency")).alias("from_basis"),
            _basis(pl.col("to_agency").fill_null(False)).alias("to_basis"),
        )
        .agg(pl.col("worker_key").n_unique().cast(pl.Int32).alias("workers"))
        .select(list(FLOWS_SCHEMA))
        .cast(FLOWS_SCHEMA)  # type: ignore[arg-type]
        .sort("from_year", "from_la", "to_la", "to_year", "from_basis", "to_basis")
    )


def cooloff(workers: pl.LazyFrame) -> pl.LazyFrame:
    """Agency engagements that start within three months (``COOL_OFF``) of the same worker
    leaving a permanent post in another authority of the region: on or after the leaving day,
    and no later than three calendar months after it."""
    keyed = workers.filter(pl.col("worker_key").is_not_null())
    left = keyed.filter(~pl.col("agency").fill_null(True) & pl.col("leave_date").is_not_null())
    engaged = keyed.filter(pl.col("agency").fill_null(False) & pl.col("start_date").is_not_null())
    return (
        left.select(
            "worker_key",
            pl.col("la_code").alias("left_la"),
            pl.col("leave_date").alias("left_date"),
        )
        .join(
            engaged.select(
                "worker_key",
                pl.col("la_code").alias("agency_la"),
                pl.col("start_date").alias("agency_start"),
            ),
            on="worker_key",
        )
        .filter(
            (pl.col("agency_la") != pl.col("left_la"))
            & (pl.col("agency_start") >= pl.col("left_date"))
            & (pl.col("agency_start") <= pl.col("left_date").dt.offset_by(COOL_OFF))
        )
        .unique()
        .with_columns((pl.col("agency_start") - pl.col("left_date")).dt.total_days().alias("days"))
        .select(list(COOLOFF_SCHEMA))
        .cast(COOLOFF_SCHEMA)  # type: ignore[arg-type]
        .sort("left_date", "worker_key", "agency_start", "agency_la")
    )


def profile(workers: pl.LazyFrame) -> pl.LazyFrame:
    """Social workers in post at 30 September (employees, DfE's definition) by age band and by
    length of service, per authority and year, and for the region (the authorities' counts
    added up). A person is counted once in an authority's year (two posts are one person);
    records with no worker key count one each. A missing band is ``not known``."""
    in_post = workers.filter(pl.col("in_post") & ~pl.col("agency").fill_null(True))
    person = pl.coalesce(
        pl.col("worker_key"), pl.format("row-{}", pl.int_range(pl.len()).cast(pl.String))
    )
    parts = []
    for dimension, column in (("age_band", "age_band"), ("length_of_service", "service_band")):
        parts.append(
            in_post.with_columns(person.alias("person"))
            .group_by("la_code", "year", pl.col(column).fill_null("not known").alias("band"))
            .agg(pl.col("person").n_unique().cast(pl.Int32).alias("workers"))
            .with_columns(pl.lit(dimension).alias("dimension"))
        )
    by_la = pl.concat(parts).select(list(PROFILE_SCHEMA))
    region = (
        by_la.group_by("year", "dimension", "band")
        .agg(pl.col("workers").sum().cast(pl.Int32))
        .with_columns(pl.lit(REGION).alias("la_code"))
        .select(list(PROFILE_SCHEMA))
    )
    return (
        pl.concat([by_la, region])
        .cast(PROFILE_SCHEMA)  # type: ignore[arg-type]
        .sort("la_code", "year", "dimension", "band")
    )


def with_definitions(workers: pl.DataFrame) -> pl.DataFrame:
    """``workers`` with in_post, starter and leaver (DfE's definitions, per the row's year:
    ``csww/definitions.py``; starters and leavers are employees)."""
    first = pl.date(pl.col("year") - 1, 10, 1)
    census = _census(pl.col("year"))
    start, end = pl.col("start_date"), pl.col("leave_date")
    employee = (~pl.col("agency")).fill_null(False)
    return workers.with_columns(
        ((start.is_null() | (start <= census)) & (end.is_null() | (end > census))).alias("in_post"),
        (employee & start.is_between(first, census).fill_null(False)).alias("starter"),
        (employee & end.is_between(first, census).fill_null(False)).alias("leaver"),
    )


__all__ = [
    "MEASURES",
    "REGION",
    "cooloff",
    "flows",
    "measures",
    "profile",
    "with_definitions",
]
