"""The workforce dashboard's data, pure data in and out: DfE's figures for the authority or a
part of it computed from the register, beside DfE's published figures for England, the region
and the comparator authorities, with the trends, who is in post and the movers month by month,
small numbers suppressed (``core.suppression``). The web layer loads the register and the
release and renders what ``workforce_dashboard`` returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

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
from csc_workforce.core.development import ETHNIC_GROUPS, NOT_KNOWN, ethnic_group
from csc_workforce.core.measures import Measure
from csc_workforce.core.reference import SYMBOL_MEANINGS, Published, as_published
from csc_workforce.core.register import (
    ByRole,
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
from csc_workforce.core.suppression import SUPPRESSED, THRESHOLD, Sum, Unprotectable, suppress

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
class CrossRow:
    """A row of a two-way table as shown: its label, each column's count and the count as a
    percentage of the row's total (one place), and the row's total; 'c' where hidden."""

    label: str
    counts: list[str]
    percents: list[str]
    total: str


@dataclass(frozen=True)
class CrossTable:
    """People in post by role level (rows) and one characteristic (``columns``), with a last
    row of every role level together (``totals``)."""

    columns: list[str]
    rows: list[CrossRow]
    totals: CrossRow


@dataclass(frozen=True)
class ShownByRole:
    sex: CrossTable
    ethnicity: CrossTable


ALL_ROLES = "All role levels"


def _percent(part: int, whole: int) -> str:
    share = (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{share}%"


def shown_by_role(people: ByRole, *, roles: Mapping[int, str], shown: ShownProfile) -> ShownByRole:
    """Who is in post by role level and sex, and by role level and ethnic group (DfE's major
    groups, ``core.development.ethnic_group``), with counts and row percentages, suppressed as
    one table of sums (``core.suppression.suppress``): each role level's sex counts and its
    ethnic group counts sum to the role level's total, each column's counts to the column's
    total, and the role levels, the sexes and the ethnic groups each to the headcount in post.
    Counts of 1 to 4, and any that would give one away along rows or columns, are 'c', and so
    is each percentage of a hidden count or, but for a zero's, of a hidden row total (or the
    total would follow from the count and its share). The workforce dashboard's profile
    (``shown``) takes part: the totals it shows are shown, those it hides (a sex, the
    headcount) are hidden, and its ethnicities add up to the ethnic groups, so that nothing it
    hides follows from this table either. ``roles`` are the role
    levels' labels, in order."""
    sexes = dict(codes.SEX)
    by_sex: dict[tuple[int, str], int] = {}
    for (role, sex), n in people.sex.items():
        key = (role, sexes.get(sex, "Not recorded"))
        by_sex[key] = by_sex.get(key, 0) + n
    by_group: dict[tuple[int, str], int] = {}
    for (role, code), n in people.ethnicity.items():
        key = (role, ethnic_group("" if code == "Not recorded" else code))
        by_group[key] = by_group.get(key, 0) + n
    breakdowns = {
        "sex": (by_sex, [*sexes.values(), "Not recorded"]),
        "ethnicity": (by_group, [*ETHNIC_GROUPS.values(), NOT_KNOWN]),
    }
    present = {role for role, _ in people.sex}
    role_keys = [role for role in roles if role in present]
    role_totals = {role: sum(n for (r, _), n in by_sex.items() if r == role) for role in role_keys}
    headcount = sum(role_totals.values())
    counts: dict[Hashable, int] = {IN_POST: headcount}
    counts |= {("role", role): n for role, n in role_totals.items()}
    sums: list[Sum[Hashable]] = [Sum(IN_POST, tuple(("role", role) for role in role_keys))]
    columns: dict[str, list[str]] = {}
    for name, (cells, order) in breakdowns.items():
        seen = {column for _, column in cells}
        # The standard columns always; "Not recorded" or "Not known" only when anyone is.
        columns[name] = [c for c in order if c in seen or c not in ("Not recorded", NOT_KNOWN)]
        for role in role_keys:
            parts = tuple((name, role, column) for column in columns[name])
            counts |= {part: cells.get(part[1:], 0) for part in parts}
            sums.append(Sum(("role", role), parts))
        for column in columns[name]:
            counts[name, None, column] = sum(cells.get((role, column), 0) for role in role_keys)
            sums.append(Sum((name, None, column), tuple((name, r, column) for r in role_keys)))
        sums.append(Sum(IN_POST, tuple((name, None, column) for column in columns[name])))
    # The dashboard's profile, shown beside: its headcount and sexes are this table's totals;
    # its ethnicities add up to the ethnic groups. What it shows is known (``kept``: shown here
    # too, never hidden to protect a cell); what it hides stays hidden (``forced``).
    forced: set[Hashable] = set()
    kept: set[Hashable] = set()
    (forced if shown.headcount == SUPPRESSED else kept).add(IN_POST)
    for band in shown.sex:
        if ("sex", None, band.label) in counts:
            (forced if band.people == SUPPRESSED else kept).add(("sex", None, band.label))
    labels = {label: code for code, label in codes.ETHNICITY.items()}
    by_code: dict[str, int] = {}
    for (_, code), n in people.ethnicity.items():
        label = codes.ETHNICITY.get(code, "Not recorded")
        by_code[label] = by_code.get(label, 0) + n
    in_group: dict[str, list[Hashable]] = {}
    for band in shown.ethnicity:
        code_key: Hashable = ("code", band.label)
        counts[code_key] = by_code.get(band.label, 0)
        (forced if band.people == SUPPRESSED else kept).add(code_key)
        in_group.setdefault(ethnic_group(labels.get(band.label, "")), []).append(code_key)
    sums += [Sum(("ethnicity", None, group), tuple(keys)) for group, keys in in_group.items()]
    try:
        hidden = suppress(counts, sums, forced=forced, kept=kept)
    except Unprotectable:
        # No cell can be shown: every cell and role level's total hidden, and the totals
        # suppressed among themselves (the dashboard's figures and the ethnic groups).
        inner = {
            key
            for key in counts
            if isinstance(key, tuple) and (key[0] == "role" or (len(key) == 3 and key[1]))
        }
        margins = [s for s in sums if s.total not in inner]
        try:
            outer = suppress(
                {k: n for k, n in counts.items() if k not in inner},
                margins,
                forced=forced,
                kept=kept,
            )
        except Unprotectable:
            outer = frozenset(key for key in counts if key not in kept and key not in inner)
        hidden = frozenset(inner) | outer

    def row(label: str, keys: list[Hashable], total: Hashable) -> CrossRow:
        whole = counts[total]
        return CrossRow(
            label=label,
            counts=[SUPPRESSED if k in hidden else str(counts[k]) for k in keys],
            percents=[
                SUPPRESSED
                if k in hidden or (total in hidden and counts[k] > 0)
                else _percent(counts[k], whole)
                for k in keys
            ],
            total=SUPPRESSED if total in hidden else str(whole),
        )

    def table(name: str) -> CrossTable:
        return CrossTable(
            columns=columns[name],
            rows=[
                row(roles[r], [(name, r, c) for c in columns[name]], ("role", r)) for r in role_keys
            ],
            totals=row(ALL_ROLES, [(name, None, c) for c in columns[name]], IN_POST),
        )

    return ShownByRole(sex=table("sex"), ethnicity=table("ethnicity"))


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
