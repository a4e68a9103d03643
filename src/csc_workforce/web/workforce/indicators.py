"""Reads for the workforce dashboard: what this app holds of the register, DfE's release to
compare with, and the dashboard itself (assembled in ``core.dashboard``)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import polars as pl

from csc_workforce.core.comparison import (
    ComparisonRow,
    comparison_table,
    published_release,
    read_release,
)
from csc_workforce.core.csww.parse import reporting_year_of
from csc_workforce.core.dashboard import Authority, Dashboard, own_figures, workforce_dashboard
from csc_workforce.core.indicators import last_census_year
from csc_workforce.core.reference import authority_names, statistical_neighbours
from csc_workforce.core.register import CASES_SCHEMA, SICKNESS_SCHEMA, figures, reporting_year
from csc_workforce.web.frames import read_frame
from csc_workforce.web.organisation import selectors as organisation
from csc_workforce.web.organisation.models import Assignment, LocalAuthority
from csc_workforce.web.organisation.selectors import Scope

from .models import CaseCount, CensusRecord, PublishedRelease, SicknessEpisode


def register_frames() -> dict[str, pl.DataFrame]:
    """What this app holds of the register (``organisation.selectors.load_register``): the
    sickness (``_sickness``) and the cases counted on census days."""
    return {
        "sickness": _sickness(),
        "cases": read_frame(CaseCount.objects.values_list("staff_id", "on", "cases"), CASES_SCHEMA),
    }


RETURNED_SCHEMA = {
    "staff_id": pl.Int64,
    "year": pl.Int64,
    "working_days_lost": pl.Float64,
    "start": pl.Date,
    "end": pl.Date,
}


def _sickness() -> pl.DataFrame:
    """Sickness episodes, and the days lost a loaded CSWW return gave for a year (a record's
    ``WorkingDaysLost``, with no dates: over its time in that year) for anyone with no episode
    recorded in that year."""
    episodes = read_frame(
        SicknessEpisode.objects.values_list(
            "staff_id", "start_date", "end_date", "working_days_lost"
        ),
        SICKNESS_SCHEMA,
    )
    returned = read_frame(
        CensusRecord.objects.filter(working_days_lost__gt=0).values_list(
            "staff_id", "year", "working_days_lost", "staff__start_date", "staff__end_date"
        ),
        RETURNED_SCHEMA,
    )
    if not returned.height:
        return episodes

    def year_of(day: str) -> pl.Expr:  # ``core.csww.parse.reporting_year_of`` of a column
        return pl.col(day).dt.year() + (pl.col(day).dt.month() >= 10).cast(pl.Int32)

    recorded = episodes.select(
        "staff_id", year=pl.int_ranges(year_of("start_date"), year_of("end_date") + 1)
    ).explode("year")
    first = pl.date(pl.col("year") - 1, 10, 1)
    census = pl.date(pl.col("year"), 9, 30)
    from_returns = returned.join(recorded, on=["staff_id", "year"], how="anti").select(
        "staff_id",
        start_date=pl.max_horizontal(first, pl.col("start")),
        end_date=pl.min_horizontal(census, pl.col("end").fill_null(census)),
        working_days_lost="working_days_lost",
    )
    return pl.concat([episodes, from_returns.cast(SICKNESS_SCHEMA)])  # type: ignore[arg-type]


def reporting_years(*, today: dt.date) -> list[int]:
    """Reporting years (to 30 September) from the first the register covers in full (the
    authority's ``history_from``, else the first in which anyone was in post) to the latest that
    has ended by ``today``; at most the last ten."""
    try:
        history_from = organisation.authority().history_from
    except organisation.NoAuthority:
        history_from = None
    first = history_from or (
        Assignment.objects.order_by("effective_from")
        .values_list("effective_from", flat=True)
        .first()
    )
    latest = last_census_year(today)
    if first is None:
        return []
    start = reporting_year_of(first)
    return list(range(max(start, latest - 9), latest + 1))


def current_release() -> tuple[pl.DataFrame, str]:
    """The DfE statistics to compare with: the latest file an analyst loaded, else the one
    shipped with the package; and a line saying which."""
    loaded = PublishedRelease.objects.only("pk", "filename", "years", "loaded_at").first()
    if loaded is None:
        return published_release(), "DfE Children's social work workforce, 2017 to 2025 (shipped)"
    return _loaded_release(
        loaded.pk
    ), f"{loaded.filename}, {loaded.years}, loaded {loaded.loaded_at:%-d %B %Y}"


@lru_cache(maxsize=2)
def _loaded_release(pk: int) -> pl.DataFrame:
    return read_release(bytes(PublishedRelease.objects.get(pk=pk).content))


def dashboard(
    *, scope: Scope, year: int, years: list[int], rolling_to: dt.date | None = None
) -> Dashboard:
    """The workforce dashboard (``core.dashboard.workforce_dashboard``) for ``scope``: the
    authority, the register and DfE's release loaded from the database."""
    authority = organisation.authority()
    comparators = list(authority.comparators.all())
    release, note = current_release()
    return workforce_dashboard(
        register=organisation.load_register(),
        release=release,
        release_note=note,
        authority=Authority(
            name=authority.name,
            old_la_code=authority.old_la_code,
            region_code=authority.region_code,
            comparators=tuple(c.old_la_code for c in comparators),
            comparator_names=tuple(c.name for c in comparators),
        ),
        teams=scope.teams,
        scope_name=authority.name if scope.teams is None else scope.label,
        year=year,
        years=years,
        rolling_to=rolling_to,
    )


def statistical_neighbours_named(old_la_code: str) -> list[tuple[str, str]]:
    """DfE's ten statistical neighbours of an authority, (code, name), or none if DfE lists
    none for it (as for a new or the demo's authority)."""
    names = authority_names()
    try:
        codes = statistical_neighbours(old_la_code)
    except KeyError:
        return []
    return [(code, names.get(code, code)) for code in codes]


def key_comparison(*, year: int) -> list[ComparisonRow]:
    """The whole authority's DfE figures for reporting ``year`` computed from the register,
    beside England, the region and the comparator authorities in that year
    (``core.comparison.comparison_table``; the year before as DfE published it): the workforce
    dashboard's table without its trends and breakdowns, for the home page."""
    authority = organisation.authority()
    first, last = reporting_year(year)
    release, _ = current_release()
    return comparison_table(
        release=release,
        old_la_code=authority.old_la_code,
        year=year,
        comparators=[c.old_la_code for c in authority.comparators.all()],
        own=own_figures(figures(organisation.load_register(), first=first, last=last)),
        region_code=authority.region_code,
    )


def comparator_choices(
    *, authority: LocalAuthority, neighbours: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The English authorities this one may compare itself with, (code, name): its statistical
    ``neighbours`` first, closest first, then every other authority in DfE's statistics by name
    (each once: the codes DfE publishes jointly, as "940 / 941", are listed apart)."""
    first = dict(neighbours)
    others = sorted(
        (
            (code, name)
            for code, name in authority_names().items()
            if code.isdigit() and code not in first and code != authority.old_la_code
        ),
        key=lambda pair: pair[1],
    )
    return [*neighbours, *others]
