"""Children's experience of worker changes: how many different lead workers each child has had.

Allocations are ``caseloads.ALLOCATION_SCHEMA`` frames (``lead`` false for co-workers, who are
not counted); a lead worker counts in a period when one of their lead allocations overlaps it.
Status periods are ``timescales.STATUS_SCHEMA`` frames.

DfE's national measure of social worker stability (``la_cla_swcount.csv``, from the children
looked after collection's social worker episodes) is: of children looked after at 31 March, the
share who had 3 or more social workers during the year. Its ``time_period`` 2024 is the year
1 April 2023 to 31 March 2024, children looked after at 31 March 2024, so ``year`` here is the
calendar year of that 31 March and matches ``time_period``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import NamedTuple

import polars as pl

from csc_workforce.core.caseloads import CHILD_LOOKED_AFTER
from csc_workforce.core.reference import Published, parse_published, read_csv_table

HUNDRED = Decimal(100)
THREE_OR_MORE = "3 or more social workers during the year"
TOTAL = "Total children"
ENGLAND = "E92000001"


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """The year DfE's stability measure covers: 1 April of ``year`` - 1 to 31 March of ``year``."""
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


def latest_year(today: dt.date) -> int:
    """The latest year of the stability measure to show on ``today``: this calendar year's
    from April, last year's before."""
    return today.year if today.month >= 4 else today.year - 1


def _lead_overlapping(first: dt.date | pl.Expr, last: dt.date | pl.Expr) -> pl.Expr:
    """Lead allocations (``lead`` null read as lead) overlapping ``first`` to ``last``."""
    return (
        pl.col("lead").fill_null(True)
        & (pl.col("start_date") <= last)
        & (pl.col("end_date").is_null() | (pl.col("end_date") >= first))
    )


def lead_workers_per_child(
    *, allocations: pl.DataFrame, first: dt.date, last: dt.date
) -> pl.DataFrame:
    """The number of different lead workers each child had from ``first`` to ``last``
    (inclusive): columns child_id, lead_workers; children with no lead allocation in the period
    are not listed."""
    return (
        allocations.filter(_lead_overlapping(first, last))
        .group_by("child_id")
        .agg(lead_workers=pl.col("worker_id").n_unique().cast(pl.Int64))
        .sort("child_id")
    )


class Stability(NamedTuple):
    """Children with 3 or more lead workers, all the children counted, and the first as a
    percentage of the second (None when there are none)."""

    three_or_more: int
    total: int
    share: Decimal | None


def three_or_more_share(*, three_or_more: int, children: int) -> Decimal | None:
    """DfE's social worker stability share: children looked after at 31 March who had 3 or more
    social workers during the year / children looked after at 31 March, x100 (DfE publishes it
    as a whole percentage). None when there are no children."""
    return None if children == 0 else Decimal(three_or_more) / Decimal(children) * HUNDRED


def cla_three_or_more(*, allocations: pl.DataFrame, statuses: pl.DataFrame, year: int) -> Stability:
    """DfE's social worker stability measure for the authority: of children looked after at
    31 March ``year``, those with 3 or more different lead workers from 1 April ``year`` - 1 to
    31 March ``year``, whatever their status when each worker held their case."""
    first, last = year_bounds(year)
    looked_after = (
        statuses.filter(
            (pl.col("status") == CHILD_LOOKED_AFTER)
            & (pl.col("start_date") <= last)
            & (pl.col("end_date").is_null() | (pl.col("end_date") >= last))
        )
        .select("child_id")
        .unique()
    )
    workers = lead_workers_per_child(allocations=allocations, first=first, last=last)
    counted = looked_after.join(workers, on="child_id", how="left")
    count = counted.filter(pl.col("lead_workers") >= 3).height
    share = three_or_more_share(three_or_more=count, children=counted.height)
    return Stability(count, counted.height, share)


def cla_three_or_more_by_team(
    *, allocations: pl.DataFrame, statuses: pl.DataFrame, jobs: pl.DataFrame, years: list[int]
) -> pl.DataFrame:
    """DfE's social worker stability measure (``cla_three_or_more``) for each of ``years`` and
    each team in one grouped pass: of children looked after at 31 March of the year, those with
    3 or more different lead workers from 1 April before, by the team of their lead worker on
    31 March (the lead allocation of the year that started last, the worker's job on 31 March;
    null for a child with no lead worker in the year or a worker with no job that day).

    ``jobs`` has worker_id, team_id, start_date and end_date (inclusive, null while open).
    Columns: year, team_id, children, three_or_more; summed over the teams of a year (with the
    null team) they are ``cla_three_or_more`` of the year.
    """
    bounds = pl.DataFrame(
        [(y, *year_bounds(y)) for y in years],
        schema={"year": pl.Int64, "first": pl.Date, "last": pl.Date},
        orient="row",
    )
    covers_last = (pl.col("start_date") <= pl.col("last")) & (
        pl.col("end_date").is_null() | (pl.col("end_date") >= pl.col("last"))
    )
    looked_after = (
        statuses.filter(pl.col("status") == CHILD_LOOKED_AFTER)
        .join(bounds, how="cross")
        .filter(covers_last)
        .select("year", "child_id")
        .unique()
    )
    leads = (
        allocations.join(bounds, how="cross")
        .filter(_lead_overlapping(pl.col("first"), pl.col("last")))
        .group_by("year", "child_id")
        .agg(
            lead_workers=pl.col("worker_id").n_unique().cast(pl.Int64),
            worker_id=pl.col("worker_id").sort_by("start_date", "worker_id").last(),
        )
    )
    team_on_31_march = (
        jobs.join(bounds, how="cross")
        .filter(covers_last)
        .group_by("year", "worker_id")
        .agg(pl.col("team_id").sort_by("start_date").last())
    )
    return (
        looked_after.join(leads, on=["year", "child_id"], how="left")
        .join(team_on_31_march, on=["year", "worker_id"], how="left")
        .group_by("year", "team_id")
        .agg(
            children=pl.len().cast(pl.Int64),
            three_or_more=(pl.col("lead_workers") >= 3).fill_null(False).sum().cast(pl.Int64),
        )
        .sort("year", "team_id", nulls_last=True)
    )


def at_most_three_share(
    *, allocations: pl.DataFrame, since: pl.DataFrame, workers: pl.DataFrame, on: dt.date
) -> pl.DataFrame:
    """For every child with a lead worker on ``on``, whether they have had at most 3 different
    lead workers over their whole time with children's social care, by the team they are in now
    (their current lead worker's).

    ``since`` has child_id and since (Date): when that time began, the start of their
    assessment; a child not listed is counted over all their allocations up to ``on``.
    ``workers`` has worker_id and team_id. Columns: team_id, children, at_most_three, share
    (at_most_three as a percentage of children).
    """
    by_worker = at_most_three_by_worker(allocations=allocations, since=since, on=on)
    return at_most_three_by_team(by_worker=by_worker, workers=workers)


def at_most_three_by_worker(
    *, allocations: pl.DataFrame, since: pl.DataFrame, on: dt.date
) -> pl.DataFrame:
    """The children with a lead worker on ``on`` by that worker (the latest to begin): how many
    (children), and how many have had at most 3 different lead workers over their whole time
    with children's social care (at_most_three), ``since`` as for ``at_most_three_share``.
    Columns: worker_id, children, at_most_three; what ``at_most_three_by_team`` adds up."""
    current = (
        allocations.filter(_lead_overlapping(on, on))
        .sort("start_date", "worker_id")
        .group_by("child_id")
        .agg(pl.col("worker_id").last())
    )
    history = (
        allocations.join(current.select("child_id"), on="child_id")
        .join(since.select("child_id", "since"), on="child_id", how="left")
        .filter(_lead_overlapping(pl.col("since").fill_null(dt.date.min), on))
        .group_by("child_id")
        .agg(lead_workers=pl.col("worker_id").n_unique())
    )
    return (
        current.join(history, on="child_id")
        .group_by("worker_id")
        .agg(
            children=pl.len().cast(pl.Int64),
            at_most_three=(pl.col("lead_workers") <= 3).sum().cast(pl.Int64),
        )
        .sort("worker_id", nulls_last=True)
    )


def at_most_three_by_team(*, by_worker: pl.DataFrame, workers: pl.DataFrame) -> pl.DataFrame:
    """``at_most_three_by_worker``'s figures added up by the team each worker is in
    (``workers``: worker_id, team_id). Columns: team_id, children, at_most_three, share
    (at_most_three as a percentage of children)."""
    return (
        by_worker.join(workers.select("worker_id", "team_id"), on="worker_id", how="left")
        .group_by("team_id")
        .agg(
            children=pl.col("children").sum().cast(pl.Int64),
            at_most_three=pl.col("at_most_three").sum().cast(pl.Int64),
        )
        .with_columns(share=pl.col("at_most_three") / pl.col("children") * 100)
        .sort("team_id", nulls_last=True)
    )


def three_or_more_by_worker(
    *, allocations: pl.DataFrame, first: dt.date, last: dt.date
) -> pl.DataFrame:
    """The children whose lead allocation is open on ``last`` (begun by then, with no end), by
    that lead worker (the latest to begin, ties in the allocations' order): how many (children),
    and how many had 3 or more different lead workers from ``first`` to ``last`` (three_or_more).
    Columns: worker_id, children, three_or_more."""
    counts = lead_workers_per_child(allocations=allocations, first=first, last=last)
    current = (
        allocations.filter(
            pl.col("lead") & (pl.col("start_date") <= last) & pl.col("end_date").is_null()
        )
        .sort("start_date", maintain_order=True)
        .group_by("child_id")
        .agg(pl.col("worker_id").last())
    )
    return (
        counts.join(current, on="child_id")
        .group_by("worker_id")
        .agg(
            children=pl.len().cast(pl.Int64),
            three_or_more=(pl.col("lead_workers") >= 3).sum().cast(pl.Int64),
        )
        .sort("worker_id")
    )


@dataclass(frozen=True)
class PublishedStability:
    """DfE's figures for one area: children looked after at 31 March (``total``), those with 3
    or more social workers in the year (``number``) and their percentage, as published (a
    suppression symbol is kept as the symbol, never read as 0)."""

    area: str
    total: Published
    number: Published
    percentage: Published


@dataclass(frozen=True)
class ClaComparison:
    """The published figures to set the authority's own beside: England, a region and the
    authority (None when the file has no row for it)."""

    year: int
    england: PublishedStability
    region: PublishedStability | None
    authority: PublishedStability | None


@cache
def _swcount() -> tuple[dict[str, str], ...]:
    data = resources.files("csc_workforce").joinpath("data", "dfe", "la_cla_swcount.csv")
    table = read_csv_table(
        data.read_bytes(),
        required=("time_period", "geographic_level", "sw_stability", "number", "percentage"),
    )
    return tuple(record for _, record in table.records)


def _area(rows: list[dict[str, str]], name: str) -> PublishedStability | None:
    figures = {row["sw_stability"]: row for row in rows}
    if TOTAL not in figures or THREE_OR_MORE not in figures:
        return None
    return PublishedStability(
        area=name,
        total=parse_published(figures[TOTAL]["number"]),
        number=parse_published(figures[THREE_OR_MORE]["number"]),
        percentage=parse_published(figures[THREE_OR_MORE]["percentage"]),
    )


def cla_comparison(*, year: int, old_la_code: str, region: str | None = None) -> ClaComparison:
    """DfE's published share of children looked after at 31 March ``year`` with 3 or more social
    workers in the year, for England, the region and the authority (``la_cla_swcount.csv``).

    ``region`` is a region code; by default the authority's own (for a London borough, Inner or
    Outer London; E12000007 is all London). ValueError for a year the file does not have.
    """
    rows = [row for row in _swcount() if row["time_period"] == str(year)]
    if not rows:
        years = sorted({row["time_period"] for row in _swcount()})
        raise ValueError(f"no published figures for {year}; the file has {', '.join(years)}")
    authority = [row for row in rows if row["old_la_code"] == old_la_code]
    region_code = region or (authority[0]["region_code"] if authority else "")
    regional = [
        row
        for row in rows
        if row["geographic_level"] == "Regional" and row["region_code"] == region_code
    ]
    england = _area([row for row in rows if row["geographic_level"] == "National"], "England")
    if england is None:
        raise ValueError(f"no figures for England in {year}")
    return ClaComparison(
        year=year,
        england=england,
        region=_area(regional, regional[0]["region_name"]) if regional else None,
        authority=_area(authority, authority[0]["la_name"]) if authority else None,
    )
