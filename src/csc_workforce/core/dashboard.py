"""The workforce dashboard's data, pure data in and out: DfE's figures for the authority or a
part of it computed from the register, beside DfE's published figures for England, the region
and the comparator authorities, with the trends, who is in post and the movers month by month,
small numbers suppressed (``core.suppression``). The web layer loads the register and the
release and renders what ``workforce_dashboard`` returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from csc_workforce.core import codes, measures
from csc_workforce.core.charts import LinePlot, Series, line_plot
from csc_workforce.core.comparison import (
    HEADLINE_MEASURES,
    TrendPoint,
    comparison_table,
    format_published,
    trend,
)
from csc_workforce.core.measures import Measure
from csc_workforce.core.reference import SYMBOL_MEANINGS, Published, as_published
from csc_workforce.core.register import (
    Figures,
    Month,
    Profile,
    Register,
    figures,
    months,
    profile,
    reporting_year,
    rolling_year,
)
from csc_workforce.core.suppression import SUPPRESSED, THRESHOLD, Sum, suppress

COUNTS = frozenset(m.key for m in measures.HEADLINE if m.unit in {"FTE", "people"})
"""The headline measures that count people (FTE), not rates: compared with other authorities'
only for the whole authority."""

CHARTED = (measures.TURNOVER, measures.AGENCY, measures.VACANCY, measures.CASELOAD,
           measures.ABSENCE)  # fmt: skip
"""The measures of the dashboard's trend charts."""


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
                fte=SUPPRESSED
                if (name, band.label) in hidden
                else measures.IN_POST.shown(band.fte),
            )
            for band in bands
        ]

    return ShownProfile(
        headcount=SUPPRESSED if IN_POST in hidden else str(headcount),
        fte=SUPPRESSED if IN_POST in hidden else measures.IN_POST.shown(fte),
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
            inpost_fte=SUPPRESSED
            if 0 < m.inpost_headcount < THRESHOLD
            else measures.IN_POST.shown(m.inpost_fte),
            starters=cell("starters", m, str(m.starters_headcount)),
            starters_fte=cell("starters", m, measures.STARTERS.shown(m.starters_fte)),
            leavers=cell("leavers", m, str(m.leavers_headcount)),
            leavers_fte=cell("leavers", m, measures.LEAVERS.shown(m.leavers_fte)),
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
    authority: Cell | None = None
    """For a part of the authority, the whole authority's own figure."""
    compared: bool = True
    """False for a count shown for a part of the authority: England's, the region's and other
    authorities' counts are of whole authorities, and are not set beside a team's."""


@dataclass(frozen=True)
class Trend:
    measure: str
    label: str
    plot: LinePlot
    years: list[int]
    rows: list[tuple[str, list[str]]]

    @property
    def svg(self) -> str:
        """The chart as SVG, drawn when a page shows it (``core.charts`` keeps it)."""
        return self.plot.svg()


@dataclass(frozen=True)
class Authority:
    """The authority as the dashboard compares it: its name and DfE codes, and its comparator
    authorities (old LA codes, and their names to show)."""

    name: str
    old_la_code: str
    region_code: str | None
    comparators: tuple[str, ...]
    comparator_names: tuple[str, ...]


@dataclass(frozen=True)
class Dashboard:
    """Everything the workforce dashboard shows, as text and numbers ready to show."""

    authority: str
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
    return {measure.key: _own(figures, measure.key) for measure in measures.HEADLINE}


def _own(figures: Figures, measure: str) -> Decimal | Published | None:
    return (
        figures.published(measure) if measure in figures.suppressed else getattr(figures, measure)
    )


def _shown(value: Decimal | Published | None, measure: str) -> Published:
    """An own figure as DfE would publish it (rounded; a symbol stays a symbol)."""
    if isinstance(value, Published):
        return value
    return Published() if value is None else as_published(value, measure=measure)


def no_figures(teams: frozenset[int] | None) -> dict[str, Decimal | Published | None] | None:
    """For a part of the authority (``teams``), a year the register does not cover has no
    figures (DfE's published ones are the whole authority's); for the whole authority, DfE's
    stand."""
    return None if teams is None else dict.fromkeys(HEADLINE_MEASURES)


def own_history(
    history: dict[int, Figures], measure: str, teams: frozenset[int] | None, years: list[int]
) -> dict[int, Decimal | Published | None]:
    """A measure's own figure by year ('c' where built from fewer than 5 people); for a part of
    the authority (``teams``), none before the register."""
    covered = sorted(set(history) | (set(years) if teams is not None else set()))
    return {y: _own(history[y], measure) if y in history else None for y in covered}


def release_years(release: pl.DataFrame) -> list[int]:
    return sorted(set(release["time_period"]))


def workforce_dashboard(
    *,
    register: Register,
    release: pl.DataFrame,
    release_note: str,
    authority: Authority,
    teams: frozenset[int] | None,
    scope_name: str,
    year: int,
    years: list[int],
    rolling_to: dt.date | None = None,
) -> Dashboard:
    """The workforce dashboard of the authority, or of the part of it made of ``teams`` (named
    ``scope_name``): its DfE figures computed from ``register`` for reporting ``year`` and the
    ``years`` of its history up to it, beside England, its region and its comparator
    authorities in DfE's ``release`` (``release_note`` says which).

    With ``rolling_to``, "this year" is instead the twelve months to that day and "last year"
    the twelve months before; the comparisons stay DfE's for reporting ``year``."""
    comparators = list(authority.comparators)
    history = {
        y: figures(register, first=first, last=last, teams=teams)
        for y in years
        if y <= year
        for first, last in [reporting_year(y)]
    }
    this, last = history[year], history.get(year - 1)
    if rolling_to is not None:
        first, end = rolling_year(rolling_to)
        this = figures(register, first=first, last=end, teams=teams)
        before, end_before = rolling_year(first - dt.timedelta(days=1))
        last = figures(register, first=before, last=end_before, teams=teams)
    table = comparison_table(
        release=release,
        old_la_code=authority.old_la_code,
        year=year,
        comparators=comparators,
        own=own_figures(this),
        own_last_year=own_figures(last) if last else no_figures(teams),
        region_code=authority.region_code,
    )
    people = profile(register, on=this.last, teams=teams)
    used: set[str] = set()
    # A part of the authority is shown beside the whole authority's own figures.
    whole = (
        None
        if teams is None
        else own_figures(figures(register, first=this.first, last=this.last, teams=None))
    )

    def cell(figure: Published) -> Cell:
        if figure.symbol:
            used.add(figure.symbol)
        return Cell(format_published(figure), figure.symbol or "")

    rows = [
        Row(
            measure=row.measure,
            label=measures.CATALOGUE[row.measure].name,
            this_year=cell(row.this_year),
            last_year=cell(row.last_year),
            change="" if row.change is None else f"{row.change:+}",
            england=cell(row.england),
            regions=[(region.name, cell(region.value)) for region in row.regions],
            neighbours=Cell(format_published(Published(row.neighbours.value))),
            neighbours_count=f"{row.neighbours.with_value} of {row.neighbours.of}",
            authority=None if whole is None else cell(_shown(whole[row.measure], row.measure)),
            compared=teams is None or row.measure not in COUNTS,
        )
        for row in table
    ]
    trends = [
        _trend(
            measure,
            trend(
                release=release,
                old_la_code=authority.old_la_code,
                comparators=comparators,
                measure=measure.key,
                own=own_history(history, measure.key, teams, release_years(release)),
                region_code=authority.region_code,
            ),
            scope_name=scope_name,
        )
        for measure in CHARTED
    ]
    return Dashboard(
        authority=authority.name,
        year=year,
        figures=this,
        last_figures=last,
        rows=rows,
        trends=trends,
        symbols=[(symbol, SYMBOL_MEANINGS[symbol]) for symbol in sorted(used)],
        release_note=release_note,
        comparators=list(authority.comparator_names),
        profile=shown_profile(people, headcount=this.inpost_headcount, fte=this.inpost_fte),
        months=shown_months(months(register, first=this.first, last=this.last, teams=teams), this),
    )


def _trend(measure: Measure, points: list[TrendPoint], *, scope_name: str) -> Trend:
    label, unit = measure.name, measure.suffix
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
    plot = line_plot(title=label, description=description, series=series, unit=unit)
    return Trend(measure=measure.key, label=label, plot=plot, years=years, rows=rows)
