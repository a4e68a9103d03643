"""Reads for the workforce dashboard: the register as frames, the scopes a person may choose,
and the authority's own DfE figures for a period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import polars as pl

from csc_workforce.core import codes
from csc_workforce.core.charts import Series, line_chart
from csc_workforce.core.comparison import (
    TrendPoint,
    comparison_table,
    format_published,
    published_release,
    read_release,
    trend,
)
from csc_workforce.core.reference import (
    SYMBOL_MEANINGS,
    Published,
    authority_names,
    statistical_neighbours,
)
from csc_workforce.core.register import (
    CASES_SCHEMA,
    SICKNESS_SCHEMA,
    Figures,
    Month,
    Profile,
    figures,
    months,
    profile,
    reporting_year,
    rolling_year,
)
from csc_workforce.core.suppression import SUPPRESSED, THRESHOLD, Sum, suppress
from csc_workforce.web.frames import read_frame
from csc_workforce.web.organisation import selectors as organisation
from csc_workforce.web.organisation.models import (
    Assignment,
    LocalAuthority,
)
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
    latest = today.year if today >= dt.date(today.year, 9, 30) else today.year - 1
    if first is None:
        return []
    start = first.year + (1 if first > dt.date(first.year, 9, 30) else 0)
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


# (measure, label, unit): the dashboard's rows, in DfE's order.
MEASURES = (
    ("inpost_fte", "Social workers in post (FTE)", ""),
    ("starters_fte", "Starters in the year (FTE)", ""),
    ("leavers_fte", "Leavers in the year (FTE)", ""),
    ("turnover_rate_fte", "Turnover rate", "%"),
    ("agency_rate_fte", "Agency worker rate", "%"),
    ("agency_cover_rate_fte", "Agency workers covering vacancies", "%"),
    ("vacancy_rate_fte", "Vacancy rate", "%"),
    ("vacancy_agency_cover_rate_fte", "Vacancies covered by agency workers", "%"),
    ("caseload_fte", "Average caseload (cases per case-holding FTE)", ""),
    ("absence_rate_fte", "Sickness absence rate", "%"),
)
CHARTED = ("turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte", "caseload_fte",
           "absence_rate_fte")  # fmt: skip


@dataclass(frozen=True)
class BandRow:
    label: str
    people: str
    fte: str


@dataclass(frozen=True)
class ShownProfile:
    """Who is in post on a day, as shown: every count from 1 to 4 people, and any count that
    would give one away, as 'c' (``core.suppression``), the same in each breakdown."""

    headcount: str
    fte: str
    tenure: list[BandRow]
    age: list[BandRow]
    sex: list[BandRow]
    ethnicity: list[BandRow]
    aged_55_or_over: list[tuple[str, str]]


IN_POST = "in post"
OLDER = "aged 55 or over"
OLDEST_BANDS = ("55 to 59", "60 and over")


def shown_profile(people: Profile, *, headcount: int, fte: Decimal) -> ShownProfile:
    """The profile of ``people`` with small numbers suppressed as one table: each breakdown
    (length of service, age, sex, ethnicity) sums to the headcount in post shown above them, and
    those aged 55 or over by role to the two oldest age bands."""
    breakdowns = {
        "tenure": (people.tenure, {}),
        "age": (people.age, {}),
        "sex": (people.sex, codes.SEX),
        "ethnicity": (people.ethnicity, codes.ETHNICITY),
    }
    counts: dict[Hashable, int] = {IN_POST: headcount}
    sums: list[Sum[Hashable]] = []
    for name, (bands, _) in breakdowns.items():
        counts |= {(name, band.label): band.headcount for band in bands}
        sums.append(Sum(IN_POST, tuple((name, band.label) for band in bands)))
    older = {("role", role): count for role, count in people.aged_55_or_over_by_role.items()}
    counts |= older | {OLDER: sum(older.values())}
    sums += [
        Sum(OLDER, tuple(older)),
        Sum(OLDER, tuple(key for key in (("age", b) for b in OLDEST_BANDS) if key in counts)),
    ]
    hidden = suppress(counts, sums, hidden=[OLDER])

    def rows(name: str) -> list[BandRow]:
        bands, labels = breakdowns[name]
        return [
            BandRow(
                label=labels.get(band.label, band.label),
                people=SUPPRESSED if (name, band.label) in hidden else str(band.headcount),
                fte=SUPPRESSED if (name, band.label) in hidden else f"{band.fte:.1f}",
            )
            for band in bands
        ]

    return ShownProfile(
        headcount=SUPPRESSED if IN_POST in hidden else str(headcount),
        fte=SUPPRESSED if IN_POST in hidden else f"{fte:.1f}",
        tenure=rows("tenure"),
        age=rows("age"),
        sex=rows("sex"),
        ethnicity=rows("ethnicity"),
        aged_55_or_over=[
            (codes.ORG_ROLE[role], SUPPRESSED if ("role", role) in hidden else str(count))
            for role, count in sorted(people.aged_55_or_over_by_role.items())
        ],
    )


@dataclass(frozen=True)
class MonthRow:
    month_end: dt.date
    inpost_fte: str
    starters: str
    starters_fte: str
    leavers: str
    leavers_fte: str


def shown_months(months_: list[Month], figures: Figures) -> list[MonthRow]:
    """Month by month, small numbers suppressed: the FTE in post at a month end from 1 to 4
    people; each month's starters and leavers as a table whose total is the period's (shown in
    the comparison above, and suppressed there too when it is small)."""
    hidden: dict[str, frozenset[Hashable]] = {}
    for movers, total in (
        ("starters", figures.starters_headcount),
        ("leavers", figures.leavers_headcount),
    ):
        counts: dict[Hashable, int] = {movers: total}
        counts |= {(movers, m.month_end): getattr(m, f"{movers}_headcount") for m in months_}
        parts = tuple((movers, m.month_end) for m in months_)
        forced = [movers] if f"{movers}_fte" in figures.suppressed else []
        hidden[movers] = suppress(counts, [Sum(movers, parts)], forced=forced)

    def cell(movers: str, month: Month, value: str) -> str:
        return SUPPRESSED if (movers, month.month_end) in hidden[movers] else value

    return [
        MonthRow(
            month_end=m.month_end,
            inpost_fte=SUPPRESSED if 0 < m.inpost_headcount < THRESHOLD else f"{m.inpost_fte:.1f}",
            starters=cell("starters", m, str(m.starters_headcount)),
            starters_fte=cell("starters", m, f"{m.starters_fte:.1f}"),
            leavers=cell("leavers", m, str(m.leavers_headcount)),
            leavers_fte=cell("leavers", m, f"{m.leavers_fte:.1f}"),
        )
        for m in months_
    ]


@dataclass(frozen=True)
class Cell:
    text: str
    symbol: str = ""


@dataclass(frozen=True)
class Row:
    measure: str
    label: str
    this_year: Cell
    last_year: Cell
    change: str
    england: Cell
    regions: list[tuple[str, Cell]]
    neighbours: Cell
    neighbours_count: str


@dataclass(frozen=True)
class Trend:
    measure: str
    label: str
    svg: str
    years: list[int]
    rows: list[tuple[str, list[str]]]


@dataclass(frozen=True)
class Dashboard:
    authority: LocalAuthority
    scope: Scope
    year: int
    figures: Figures
    last_figures: Figures | None
    rows: list[Row]
    trends: list[Trend]
    symbols: list[tuple[str, str]]
    release_note: str
    comparators: list[str]
    profile: ShownProfile
    months: list[MonthRow]


def own_figures(figures: Figures) -> dict[str, Decimal | Published | None]:
    """The authority's (or part's) own figures, those built from fewer than 5 people as 'c'."""
    return {measure: _own(figures, measure) for measure, _, _ in MEASURES}


def _own(figures: Figures, measure: str) -> Decimal | Published | None:
    return (
        figures.published(measure) if measure in figures.suppressed else getattr(figures, measure)
    )


def no_figures(scope: Scope) -> dict[str, Decimal | Published | None] | None:
    """For a part of the authority, a year the register does not cover has no figures (DfE's
    published ones are the whole authority's); for the whole authority, DfE's stand."""
    return None if scope.teams is None else {measure: None for measure, _, _ in MEASURES}


def own_history(
    history: dict[int, Figures], measure: str, scope: Scope, years: list[int]
) -> dict[int, Decimal | Published | None]:
    """A measure's own figure by year ('c' where built from fewer than 5 people); for a part of
    the authority, none before the register."""
    covered = sorted(set(history) | (set(years) if scope.teams is not None else set()))
    return {y: _own(history[y], measure) if y in history else None for y in covered}


def release_years(release: pl.DataFrame) -> list[int]:
    return sorted(set(release["time_period"]))


def dashboard(
    *, scope: Scope, year: int, years: list[int], rolling_to: dt.date | None = None
) -> Dashboard:
    """The authority's (or part's) DfE figures for reporting ``year`` and the ``years`` of its
    history up to it, beside England, its region and its comparator authorities.

    With ``rolling_to``, "this year" is instead the twelve months to that day and "last year"
    the twelve months before; the comparisons stay DfE's for reporting ``year``."""
    authority = organisation.authority()
    chosen = list(authority.comparators.all())
    comparators = [c.old_la_code for c in chosen]
    register = organisation.load_register()
    release, note = current_release()
    history = {
        y: figures(register, first=first, last=last, teams=scope.teams)
        for y in years
        if y <= year
        for first, last in [reporting_year(y)]
    }
    this, last = history[year], history.get(year - 1)
    if rolling_to is not None:
        first, end = rolling_year(rolling_to)
        this = figures(register, first=first, last=end, teams=scope.teams)
        before, end_before = rolling_year(first - dt.timedelta(days=1))
        last = figures(register, first=before, last=end_before, teams=scope.teams)
    table = comparison_table(
        release=release,
        old_la_code=authority.old_la_code,
        year=year,
        comparators=comparators,
        own=own_figures(this),
        own_last_year=own_figures(last) if last else no_figures(scope),
        region_code=authority.region_code,
    )
    labels = {measure: (label, unit) for measure, label, unit in MEASURES}
    people = profile(register, on=this.last, teams=scope.teams)
    used: set[str] = set()

    def cell(figure: Published) -> Cell:
        if figure.symbol:
            used.add(figure.symbol)
        return Cell(format_published(figure), figure.symbol or "")

    rows = [
        Row(
            measure=row.measure,
            label=labels[row.measure][0],
            this_year=cell(row.this_year),
            last_year=cell(row.last_year),
            change="" if row.change is None else f"{row.change:+}",
            england=cell(row.england),
            regions=[(region.name, cell(region.value)) for region in row.regions],
            neighbours=Cell(format_published(Published(row.neighbours.value))),
            neighbours_count=f"{row.neighbours.with_value} of {row.neighbours.of}",
        )
        for row in table
    ]
    trends = [
        _trend(
            measure,
            labels[measure],
            trend(
                release=release,
                old_la_code=authority.old_la_code,
                comparators=comparators,
                measure=measure,
                own=own_history(history, measure, scope, release_years(release)),
                region_code=authority.region_code,
            ),
            scope_name=authority.name if scope.teams is None else scope.label,
        )
        for measure in CHARTED
    ]
    return Dashboard(
        authority=authority,
        scope=scope,
        year=year,
        figures=this,
        last_figures=last,
        rows=rows,
        trends=trends,
        symbols=[(symbol, SYMBOL_MEANINGS[symbol]) for symbol in sorted(used)],
        release_note=note,
        comparators=[c.name for c in chosen],
        profile=shown_profile(people, headcount=this.inpost_headcount, fte=this.inpost_fte),
        months=shown_months(
            months(register, first=this.first, last=this.last, teams=scope.teams), this
        ),
    )


def _trend(
    measure: str, label_unit: tuple[str, str], points: list[TrendPoint], *, scope_name: str
) -> Trend:
    label, unit = label_unit
    region_name = points[-1].regions[0].name if points and points[-1].regions else "Region"

    def number(figure: Published) -> float | None:
        return None if figure.value is None else float(figure.value)

    series = [
        Series(scope_name, {p.year: number(p.authority) for p in points}),
        Series("England", {p.year: number(p.england) for p in points}),
        Series(
            region_name, {p.year: number(p.regions[0].value) if p.regions else None for p in points}
        ),
        Series(
            "Comparator average", {p.year: number(Published(p.neighbours.value)) for p in points}
        ),
    ]
    years = [p.year for p in points]
    known = [(p.year, p.authority) for p in points if p.authority.value is not None]
    description = (
        f"{label} by reporting year. {scope_name}: "
        + ", ".join(f"{y} {format_published(v)}{unit}" for y, v in known)
        + "."
    )
    rows = [
        (
            s.name,
            [("\N{EN DASH}" if s.points.get(y) is None else f"{s.points[y]:.1f}") for y in years],
        )
        for s in series
    ]
    svg = line_chart(title=label, description=description, series=series, unit=unit)
    return Trend(measure=measure, label=label, svg=svg, years=years, rows=rows)


def statistical_neighbours_named(old_la_code: str) -> list[tuple[str, str]]:
    """DfE's ten statistical neighbours of an authority, (code, name), or none if DfE lists
    none for it (as for a new or the demo's authority)."""
    names = authority_names()
    try:
        codes = statistical_neighbours(old_la_code)
    except KeyError:
        return []
    return [(code, names.get(code, code)) for code in codes]
