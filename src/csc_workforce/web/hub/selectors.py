"""The regional hub's pooled figures, read with polars from the folder ``cscw hub ingest`` writes
(its files and columns are fixed by the hub's contract; docs/hub-web.md): no database, no ORM.

Two kinds of installation read it (``CSCW_HUB_MODE``). The region's hub shows its analysts every
authority's figures by name. One authority's own installation shows its own figures beside the
region's and never another authority's: the rest of the region appears only as the region's
totals or as "the rest of the region" taken together, only when it holds at least
``MIN_OTHER_AUTHORITIES`` other authorities, and every count of fewer than 5 workers, or any
figure from which one could be worked out by subtraction, is shown as c
(``core.suppression``).

Every page and its downloads are built from the same ``Table`` objects, so a download can never
show what the page withholds.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np
import polars as pl

from csc_workforce.core.exports import Sheet
from csc_workforce.core.indicators import round_half_up
from csc_workforce.core.suppression import SUPPRESSED, THRESHOLD, Sum, suppress

FORMAT = 1
"""The version of the pooled folder this page reads (``manifest.json``'s ``format``)."""

REGION = "REGION"
"""``la_code`` of the region's totals in ``measures.parquet`` and ``profile.parquet``."""

MIN_OTHER_AUTHORITIES = 2
"""An authority's own installation sees the region's figures only when the region holds at
least this many other authorities: with one other, the region less one's own would be that
authority's figures."""

NO_FIGURE = "\N{EN DASH}"

MATRIX_MOST = 40
"""The most authorities whose moves matrix the region's movement page shows (a region of
England has at most 33); beyond it (all England's 153 as one hub) the matrix, one column per
authority, is in the downloads only (ADR 0024)."""

# Column kinds the contract fixes: String, integers, floats, dates, booleans. A column of nulls
# only may have been written as polars' Null type.
_KINDS = {
    "str": lambda t: t == pl.String,
    "int": lambda t: t.is_integer(),
    "float": lambda t: t.is_float() or t.is_integer(),
    "date": lambda t: t == pl.Date,
    "bool": lambda t: t == pl.Boolean,
}

COLUMNS: dict[str, dict[str, str]] = {
    "workers": {
        "la_code": "str", "year": "int", "worker_key": "str", "agency": "bool", "role": "str",
        "fte": "float", "start_date": "date", "leave_date": "date", "reason": "str",
        "age_band": "str", "sex": "str", "ethnicity": "str", "cases": "int",
        "absence_days": "float",
    },
    "measures": {
        "la_code": "str", "year": "int", "measure": "str", "value": "float",
        "numerator": "float", "denominator": "float",
    },
    "flows": {
        "from_la": "str", "to_la": "str", "from_year": "int", "to_year": "int",
        "from_basis": "str", "to_basis": "str", "workers": "int",
    },
    "cooloff": {
        "worker_key": "str", "left_la": "str", "left_date": "date", "agency_la": "str",
        "agency_start": "date", "days": "int",
    },
    "profile": {
        "la_code": "str", "year": "int", "dimension": "str", "band": "str", "workers": "int",
    },
}  # fmt: skip
"""Each Parquet file of the pooled folder and the columns this page relies on (the contract's;
the writer may add others)."""


@dataclass(frozen=True)
class Measure:
    key: str
    name: str
    unit: str
    people: tuple[str, ...]
    """Which of value, numerator and denominator count workers (for suppression)."""

    def shown(self, value: float | None) -> str:
        if value is None:
            return NO_FIGURE
        places = 0 if self.unit == "people" else 1
        return f"{round_half_up(Decimal(str(value)), places):,f}"

    @property
    def label(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit in {"%", "FTE"} else self.name


_RATE = ("numerator", "denominator")
MEASURES = {
    m.key: m
    for m in (
        Measure("turnover_rate", "Turnover rate", "%", _RATE),
        Measure("agency_rate", "Agency worker rate", "%", _RATE),
        Measure("vacancy_rate", "Vacancy rate", "%", _RATE),
        Measure("caseload", "Average caseload", "cases per FTE", _RATE),
        Measure("absence_rate", "Absence rate", "%", ("numerator",)),
        Measure("starters_rate", "Starters rate", "%", _RATE),
        Measure("inpost_fte", "Social workers in post", "FTE", ("value",)),
        Measure("agency_fte", "Agency workers", "FTE", ("value",)),
        Measure("leavers_fte", "Leavers", "FTE", ("value",)),
        Measure("starters_fte", "Starters", "FTE", ("value",)),
        Measure("vacancy_fte", "Vacancies", "FTE", ("value",)),
        Measure("inpost_headcount", "Social workers in post, headcount", "people", ("value",)),
    )
}
"""The measures of ``measures.parquet`` in the order shown, named as DfE names them."""

ROUTES = (
    ("permanent", "permanent", "Permanent to permanent"),
    ("permanent", "agency", "Permanent to agency"),
    ("agency", "permanent", "Agency to permanent"),
    ("agency", "agency", "Agency to agency"),
)
"""A move's route: the basis of the post left and of the next one."""

DIMENSIONS = {"age_band": "Age", "length_of_service": "Length of service"}

MODES = {
    "strict": "Strict: a return with any error was refused whole",
    "clean": "Clean: invalid fields were blanked and every change logged",
}


class HubUnavailable(Exception):
    """The pooled folder cannot be read: the message says why and what to do."""


@dataclass(frozen=True)
class Authority:
    code: str
    name: str
    years: tuple[int, ...]


@dataclass(frozen=True)
class PooledFile:
    code: str
    year: int
    records: int
    changes: int


@dataclass(frozen=True)
class Manifest:
    created: dt.datetime
    mode: str
    years: tuple[int, ...]
    authorities: tuple[Authority, ...]
    files: tuple[PooledFile, ...]

    @property
    def names(self) -> dict[str, str]:
        return {a.code: a.name for a in self.authorities}


@dataclass(frozen=True)
class Pooled:
    manifest: Manifest
    measures: pl.DataFrame
    flows: pl.DataFrame
    cooloff: pl.DataFrame
    profile: pl.DataFrame


@dataclass(frozen=True)
class Table:
    """A table as the page shows it and the downloads write it: ``labels`` leading cells of
    each row are its headers (names), the rest figures already formatted (or c)."""

    title: str
    """The sheet's name in the Excel download (at most 31 characters)."""
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    labels: int = 1
    shown: bool = True
    """False: in the downloads only, not on the page (a matrix too wide to read)."""
    paged: bool = False
    """True: shown a page of rows at a time, in order (the downloads hold every row)."""

    def sheet(self) -> Sheet:
        return Sheet(self.title, self.header, self.rows)


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    text: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True)
class Page:
    """One hub page: its sections, the choices it offers and the figures behind them."""

    mode: str
    manifest: Manifest
    own: Authority | None
    sections: tuple[Section, ...]
    choices: Mapping[str, Sequence[tuple[str, str]]] = field(default_factory=dict)
    chosen: Mapping[str, str] = field(default_factory=dict)
    suppressed: bool = False

    @property
    def tables(self) -> list[Table]:
        """The page's tables in download order: its figures first (the CSV download is the
        first), what the hub holds last."""
        ordered = sorted(self.sections, key=lambda section: section.key == "pooled")
        return [table for section in ordered for table in section.tables]

    @property
    def main(self) -> Table | None:
        return next(iter(self.tables), None)

    def sheets(self) -> list[Sheet]:
        return [table.sheet() for table in self.tables]


# --- Reading the folder --------------------------------------------------------------------

_cache: dict[str, tuple[tuple[object, ...], Pooled]] = {}
_lock = threading.Lock()


def pooled(folder: Path) -> Pooled:
    """The pooled folder's manifest and tables, kept in memory until one of its files changes
    (``cscw hub ingest`` replaces the folder whole). HubUnavailable when it is missing,
    incomplete, of another format or unreadable."""
    stamp = _stamp(folder)
    with _lock:
        found = _cache.get(str(folder))
        if found is not None and found[0] == stamp:
            return found[1]
    read = _read(folder)
    with _lock:
        _cache[str(folder)] = (stamp, read)
    return read


def _stamp(folder: Path) -> tuple[object, ...]:
    if not folder.is_dir():
        raise HubUnavailable(
            f"The pooled folder {folder} (CSCW_HUB_DIR) does not exist or is not a folder. "
            "Run cscw hub ingest with --out naming it, or correct CSCW_HUB_DIR."
        )
    names = ["manifest.json", *(f"{name}.parquet" for name in COLUMNS)]
    missing = [name for name in names if not (folder / name).is_file()]
    if missing:
        raise HubUnavailable(
            f"The pooled folder {folder} is incomplete: it has no {', '.join(missing)}. "
            "It may not have been written by cscw hub ingest, or by an older version: run "
            "cscw hub ingest again."
        )
    return tuple(
        (name, (stat := (folder / name).stat()).st_mtime_ns, stat.st_size) for name in names
    )


def _read(folder: Path) -> Pooled:
    manifest = _manifest(folder / "manifest.json")
    frames = {}
    for name, columns in COLUMNS.items():
        path = folder / f"{name}.parquet"
        try:
            schema = pl.read_parquet_schema(path)
        except Exception as error:
            raise HubUnavailable(
                f"{path.name} in the pooled folder cannot be read as Parquet "
                f"({type(error).__name__}): run cscw hub ingest again."
            ) from error
        wrong = [
            f"{column} ({schema.get(column, 'missing')})"
            for column, kind in columns.items()
            if column not in schema
            or not (schema[column] == pl.Null or _KINDS[kind](schema[column]))
        ]
        if wrong:
            raise HubUnavailable(
                f"{path.name} in the pooled folder is not of the format this service reads: "
                f"{', '.join(wrong)}. It may have been written by another version of "
                "cscw hub ingest: run it again with this version."
            )
        if name != "workers":  # the page needs only the pooled tables, never worker rows
            frames[name] = pl.read_parquet(path, columns=list(columns))
    return Pooled(manifest=manifest, **frames)


def _manifest(path: Path) -> Manifest:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise HubUnavailable(
            f"manifest.json in the pooled folder cannot be read ({type(error).__name__}): "
            "the folder may be damaged; run cscw hub ingest again."
        ) from error
    version = data.get("format") if isinstance(data, dict) else None
    if version != FORMAT:
        raise HubUnavailable(
            f"The pooled folder is of format {version!r}; this service reads format {FORMAT}. "
            "Run cscw hub ingest again with this version of the service."
        )
    try:
        authorities = tuple(
            Authority(str(a["la_code"]), str(a["la_name"]), tuple(int(y) for y in a["years"]))
            for a in data["authorities"]
        )
        files = tuple(
            PooledFile(str(f["la_code"]), int(f["year"]), int(f["records"]), int(f["changes"]))
            for f in data["files"]
        )
        return Manifest(
            created=dt.datetime.fromisoformat(str(data["created"])),
            mode=str(data["mode"]),
            years=tuple(sorted(int(y) for y in data["years"])),
            authorities=tuple(sorted(authorities, key=lambda a: a.name)),
            files=tuple(sorted(files, key=lambda f: (f.code, f.year))),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise HubUnavailable(
            f"manifest.json in the pooled folder lacks or misstates {error}: the folder may be "
            "damaged or of another version; run cscw hub ingest again."
        ) from error


# --- Shared parts --------------------------------------------------------------------------


def _number(n: int) -> str:
    return f"{n:,}"


def _summary(manifest: Manifest, *, own: Authority | None) -> Section:
    """When and how the folder was pooled, what it holds; the files: every authority's for the
    region's hub, one's own only for an authority (others' sizes are their figures)."""
    names = manifest.names
    years = ", ".join(str(y) for y in manifest.years) or "none"
    text = [
        f"Pooled on {manifest.created:%-d %B %Y at %H:%M}. "
        f"{MODES.get(manifest.mode, manifest.mode)}.",
        f"Census years held: {years}.",
    ]
    if own is None:
        text.append(
            f"{len(manifest.authorities)} authorities: "
            f"{', '.join(a.name for a in manifest.authorities)}."
        )
        files = manifest.files
        caption = "Returns pooled, by authority and year"
    else:
        text.append(f"Returns of {len(manifest.authorities)} authorities of the region.")
        files = tuple(f for f in manifest.files if f.code == own.code)
        caption = f"Returns of {own.name} pooled, by year"
    rows = tuple(
        (names.get(f.code, "Unknown authority"), str(f.year), _number(f.records),
         _number(f.changes))
        for f in files
    )  # fmt: skip
    table = Table(
        "Returns",
        caption,
        ("Authority", "Census year", "Worker records", "Changes made in cleaning"),
        rows,
        labels=2,
    )
    return Section("pooled", "What the hub holds", tuple(text), (table,) if rows else ())


def _census_year(day: dt.date) -> int:
    """The census year a day falls in: the year to 30 September."""
    return day.year + 1 if (day.month, day.day) > (9, 30) else day.year


def _choice(value: str | None, options: Iterable[str], default: str) -> str:
    return value if value in set(options) else default


# --- The region's hub ----------------------------------------------------------------------


def region_overview(data: Pooled, *, measure: str | None) -> Page:
    """Every authority's figures of one measure by year with the region's, and the region's
    age and length-of-service profile."""
    manifest = data.manifest
    chosen = MEASURES[_choice(measure, MEASURES, "turnover_rate")]
    frame = data.measures.filter(pl.col("measure") == chosen.key)
    values = {(r["la_code"], r["year"]): r["value"] for r in frame.iter_rows(named=True)}
    years = manifest.years
    rows = [
        (a.name, *(chosen.shown(values.get((a.code, y))) for y in years))
        for a in manifest.authorities
    ]
    rows.append(("Region", *(chosen.shown(values.get((REGION, y))) for y in years)))
    measures = Table(
        "Measure by authority",
        f"{chosen.label} by authority and census year",
        ("Authority", *(str(y) for y in years)),
        tuple(rows),
    )
    profile = []
    for dimension, name in DIMENSIONS.items():
        counts = _profile_counts(data.profile, code=REGION, dimension=dimension)
        bands = sorted({band for band, _ in counts}, key=band_order)
        profile.append(
            Table(
                f"{name} profile",
                f"The region's social workers by {name.lower()} and census year",
                (name, *(str(y) for y in years)),
                tuple(
                    (band, *(_number(counts.get((band, y), 0)) for y in years)) for band in bands
                ),
            )
        )
    return Page(
        mode="region",
        manifest=manifest,
        own=None,
        sections=(
            _summary(manifest, own=None),
            Section(
                "measures",
                "Measures by authority",
                (
                    f"{chosen.name}, as DfE defines it, computed from each authority's returns; "
                    "the region's figure from the pooled returns.",
                ),
                (measures,),
            ),
            Section("profile", "Age and length of service", (), tuple(profile)),
        ),
        choices={"measure": [(m.key, m.label) for m in MEASURES.values()]},
        chosen={"measure": chosen.key},
    )


def band_order(band: str) -> tuple[float, str]:
    """Bands in the order of their first number ("Under 2 years" before "2 to 5 years", "60+"
    last); bands without one after, by name."""
    found = re.search(r"\d+", band)
    if found is None:
        return (float("inf"), band)
    below = band.lower().startswith(("under", "less", "fewer", "below"))
    return (int(found.group()) - (0.5 if below else 0), band)


def _profile_counts(profile: pl.DataFrame, *, code: str, dimension: str) -> dict[tuple, int]:
    rows = profile.filter((pl.col("la_code") == code) & (pl.col("dimension") == dimension))
    found: dict[tuple, int] = {}
    for band, year, workers in rows.select("band", "year", "workers").iter_rows():
        found[(band, year)] = found.get((band, year), 0) + (workers or 0)
    return found


def _year_choices(manifest: Manifest) -> list[tuple[str, str]]:
    return [("", "All years"), *((str(y), str(y)) for y in manifest.years)]


def region_movement(data: Pooled, *, year: str | None) -> Page:
    """Moves between the region's authorities: a matrix of every pair, each pair by route, and
    the agency engagements that began within three months of leaving a permanent post
    elsewhere in the region, counted per pair (never the workers).

    Every pair's figures are summed by polars in one pass over the flows. The pairs by route
    are paged (``Table.paged``) and the matrix is shown only up to ``MATRIX_MOST`` authorities,
    so that the page stays a readable size when all England is one hub; the downloads hold
    every pair (ADR 0024)."""
    manifest = data.manifest
    names = manifest.names
    chosen = _choice(year, (str(y) for y in manifest.years), "")
    flows = data.flows
    if chosen:
        flows = flows.filter(pl.col("to_year") == int(chosen))
    when = f"into census year {chosen}" if chosen else "in all years held"
    pairs = pair_routes(flows, routes=[(f, t) for f, t, _ in ROUTES])
    codes = [a.code for a in manifest.authorities]
    moves = _pair_matrix(pairs, codes=codes)
    matrix_rows = [
        (names[a], *map(_number, row), _number(sum(row)))
        for a, row in zip(codes, moves, strict=True)
    ]
    column_totals = [sum(column) for column in zip(*moves, strict=True)] or [0] * len(codes)
    matrix_rows.append(
        ("All authorities", *(_number(n) for n in column_totals), _number(sum(column_totals)))
    )
    matrix = Table(
        "Moves matrix",
        f"Workers who left one authority (rows) and next appeared in another (columns), {when}",
        ("Left", *(names[b] for b in codes), "All authorities"),
        tuple(matrix_rows),
        shown=len(codes) <= MATRIX_MOST,
    )
    order = {code: i for i, code in enumerate(codes)}
    routes = [f"route_{i}" for i in range(len(ROUTES))]
    shown = (
        pairs.filter(pl.col("total") != 0)
        .sort(
            pl.col("from_la").replace_strict(order, default=0, return_dtype=pl.Int64),
            pl.col("to_la").replace_strict(order, default=0, return_dtype=pl.Int64),
            "from_la",
            "to_la",
        )
        .select(
            pl.col("from_la").replace(names),
            pl.col("to_la").replace(names),
            *(thousands(c) for c in [*routes, "total"]),
        )
    )
    by_route = Table(
        "Moves by route",
        f"Moves between authorities by route, {when}",
        ("Left", "Next in", *(label for _, _, label in ROUTES), "All routes"),
        tuple(shown.iter_rows()),
        labels=2,
        paged=True,
    )
    text = [
        "A move: a worker who left one authority and next appeared in another, or in the same "
        "one on another basis, in the same or the next census year, matched by the keyed hash "
        "of their Social Work England number."
    ]
    if not matrix.shown:
        text.append(
            f"The matrix of moves between every pair of the {len(codes)} authorities is not "
            f"shown here: with more than {MATRIX_MOST} authorities it is too wide to read. It is "
            "the CSV download and the first sheet of the Excel download."
        )
    cooloff = _cooloff_pairs(data.cooloff, manifest=manifest)
    return Page(
        mode="region",
        manifest=manifest,
        own=None,
        sections=(
            Section(
                "moves",
                "Movement between authorities",
                tuple(text),
                (matrix, by_route),
            ),
            Section(
                "cooloff",
                "Agency work within three months of leaving",
                (
                    "Agency engagements that began within three months of the same worker leaving "
                    "a permanent post elsewhere in the region (DfE's statutory guidance on agency "
                    "social workers), counted by the two authorities and the census year the "
                    "engagement began. The workers are not listed here.",
                ),
                (cooloff,),
            ),
        ),
        choices={"year": _year_choices(manifest)},
        chosen={"year": chosen},
    )


def pair_routes(flows: pl.DataFrame, *, routes: Sequence[tuple[str, str]]) -> pl.DataFrame:
    """The workers of ``flows`` summed by pair (``from_la``, ``to_la``): ``route_<i>`` those of
    the i-th (from_basis, to_basis) of ``routes``, ``total`` those of every basis (a basis not
    in ``routes`` counts in the total only); one row per pair found, in no order."""
    return flows.group_by("from_la", "to_la").agg(
        *(
            pl.col("workers")
            .filter((pl.col("from_basis") == f) & (pl.col("to_basis") == t))
            .sum()
            .alias(f"route_{i}")
            for i, (f, t) in enumerate(routes)
        ),
        pl.col("workers").sum().alias("total"),
    )


def _pair_matrix(pairs: pl.DataFrame, *, codes: Sequence[str]) -> list[list[int]]:
    """The ``total`` of each pair of ``codes`` (rows left, columns next in), 0 where none."""
    index = {code: i for i, code in enumerate(dict.fromkeys(codes))}
    known = pairs.filter(pl.col("from_la").is_in(list(index)) & pl.col("to_la").is_in(list(index)))
    grid = np.zeros((len(index), len(index)), dtype=np.int64)
    rows = known["from_la"].replace_strict(index, return_dtype=pl.Int64).to_numpy()
    columns = known["to_la"].replace_strict(index, return_dtype=pl.Int64).to_numpy()
    grid[rows, columns] = known["total"].to_numpy()
    pick = [index[code] for code in codes]
    found: list[list[int]] = grid[np.ix_(pick, pick)].tolist()
    return found


def thousands(column: str) -> pl.Expr:
    """The whole numbers of ``column`` as ``f"{n:,}"`` writes them, commas between thousands
    ("-1,234,567")."""
    whole = pl.col(column).cast(pl.Int64)
    grouped = (
        whole.abs()
        .cast(pl.String)
        .str.reverse()
        .str.replace_all(r"(\d{3})", "$1,")
        .str.strip_chars_end(",")
        .str.reverse()
    )
    return pl.when(whole < 0).then(pl.lit("-") + grouped).otherwise(grouped).alias(column)


def _cooloff_pairs(cooloff: pl.DataFrame, *, manifest: Manifest) -> Table:
    names = manifest.names
    years = manifest.years
    start = pl.col("agency_start")
    year = start.dt.year().cast(pl.Int64) + (start.dt.month() >= 10).cast(pl.Int64)  # to 30 Sep
    counted = (
        cooloff.select("left_la", "agency_la", "agency_start")
        .with_row_index("seen")
        .group_by("left_la", "agency_la")
        .agg(
            pl.col("seen").min(),
            *((year == y).sum().alias(f"year_{y}") for y in years),
            pl.len().alias("all"),
        )
        .sort(
            pl.col("left_la").replace_strict(names, default="").fill_null(""),
            pl.col("agency_la").replace_strict(names, default="").fill_null(""),
            "seen",  # pairs of the same names in the order first met
        )
        .select(
            pl.col("left_la").replace(names),
            pl.col("agency_la").replace(names),
            *(thousands(c) for c in [*(f"year_{y}" for y in years), "all"]),
        )
    )
    return Table(
        "Cool-off cases",
        "Agency engagements within three months of leaving a permanent post elsewhere in the "
        "region, by authority left, authority engaging and census year the engagement began",
        ("Left a permanent post in", "Agency in", *(str(y) for y in years), "All years"),
        tuple(counted.iter_rows()),
        labels=2,
    )


# --- One authority's installation ----------------------------------------------------------


def _others(manifest: Manifest, own: Authority, year: int | None = None) -> int:
    return sum(
        1 for a in manifest.authorities if a.code != own.code and (year is None or year in a.years)
    )


def _withheld_text(manifest: Manifest, own: Authority) -> str:
    return (
        f"The region's figures are withheld: the pooled folder holds fewer than "
        f"{MIN_OTHER_AUTHORITIES} authorities besides {own.name}, so the region's figures less "
        f"{own.name}'s would be another authority's."
    )


def authority_overview(data: Pooled, *, own: Authority) -> Page:
    """Each measure of one's own authority by year beside the region's; one's own profile
    beside the region's. A figure from fewer than 5 workers, one's own or the rest of the
    region's, is shown as c; so is the region's figure when it would give away the rest of
    the region's."""
    manifest = data.manifest
    years = manifest.years
    held = own.code in manifest.names
    values: dict[tuple[str, str, int], tuple[float | None, float | None, float | None]] = {}
    wanted = data.measures.filter(pl.col("la_code").is_in([own.code, REGION]))
    for code, year, key, value, num, den in wanted.select(
        "la_code", "year", "measure", "value", "numerator", "denominator"
    ).iter_rows():
        values[(code, key, year)] = (value, num, den)
    header: list[str] = ["Measure"]
    for y in years:
        header += [f"{own.name} {y}", f"Region {y}"]
    rows = []
    hidden_any = False
    for measure in MEASURES.values():
        row = [measure.label]
        for y in years:
            mine = values.get((own.code, measure.key, y))
            region = values.get((REGION, measure.key, y))
            own_hidden = _few(measure, mine) or _few_headcount(values, own.code, y)
            rest = _less(region, mine)
            region_hidden = _few(measure, rest) or _few_headcount_rest(values, own.code, y)
            alone = _others(manifest, own, y) < MIN_OTHER_AUTHORITIES
            row.append(SUPPRESSED if own_hidden else measure.shown(mine[0] if mine else None))
            row.append(
                NO_FIGURE
                if alone
                else SUPPRESSED
                if region_hidden
                else measure.shown(region[0] if region else None)
            )
            hidden_any |= own_hidden or (region_hidden and not alone)
        rows.append(tuple(row))
    measures = Table(
        "Measures",
        f"Measures of {own.name} and of the region by census year",
        tuple(header),
        tuple(rows),
    )
    text = [
        f"{own.name}'s measures, as DfE defines them, computed from its returns; the region's "
        "from the pooled returns of every authority in the region. Other authorities' figures "
        "are not shown."
    ]
    if not held:
        text.append(f"The pooled folder holds no return of {own.name}.")
    if _others(manifest, own) < MIN_OTHER_AUTHORITIES:
        text.append(_withheld_text(manifest, own))
    profile, hidden_profile = _authority_profile(data, own=own, years=years)
    return Page(
        mode="authority",
        manifest=manifest,
        own=own,
        sections=(
            _summary(manifest, own=own),
            Section("measures", "Measures beside the region's", tuple(text), (measures,)),
            Section("profile", "Age and length of service", (), tuple(profile)),
        ),
        suppressed=hidden_any or hidden_profile,
    )


Parts = tuple[float | None, float | None, float | None]


def _less(region: Parts | None, mine: Parts | None) -> Parts | None:
    """The rest of the region's value, numerator and denominator: the region's less one's own."""
    if region is None:
        return None
    if mine is None:
        return region
    return tuple(  # type: ignore[return-value]
        None if r is None else r - (m or 0) for r, m in zip(region, mine, strict=True)
    )


def _few(measure: Measure, parts: Parts | None) -> bool:
    """A figure built from fewer than 5 workers: any of the measure's parts that count workers
    is above 0 and below 5."""
    if parts is None:
        return False
    index = {"value": 0, "numerator": 1, "denominator": 2}
    return any(
        (p := parts[index[name]]) is not None and 0 < round(p, 6) < THRESHOLD
        for name in measure.people
    )


def _headcount(values: Mapping[tuple[str, str, int], Parts], code: str, year: int) -> float:
    found = values.get((code, "inpost_headcount", year))
    return (found[0] or 0) if found else 0


def _few_headcount(values: Mapping[tuple[str, str, int], Parts], code: str, year: int) -> bool:
    return 0 < _headcount(values, code, year) < THRESHOLD


def _few_headcount_rest(values: Mapping[tuple[str, str, int], Parts], own: str, year: int) -> bool:
    return 0 < _headcount(values, REGION, year) - _headcount(values, own, year) < THRESHOLD


def _authority_profile(
    data: Pooled, *, own: Authority, years: Sequence[int]
) -> tuple[list[Table], bool]:
    """One's own workers by band beside the region's, each year: the rest of the region (the
    region less one's own, never shown) takes part in the suppression as if it were shown, so
    neither one's own hidden counts nor the rest of the region's small ones follow from the
    region's by subtraction."""
    tables = []
    hidden_any = False
    for dimension, name in DIMENSIONS.items():
        mine = _profile_counts(data.profile, code=own.code, dimension=dimension)
        region = _profile_counts(data.profile, code=REGION, dimension=dimension)
        bands = sorted({band for band, _ in (*mine, *region)}, key=band_order)
        shown: dict[tuple[str, int], tuple[str, str]] = {}
        for y in years:
            alone = _others(data.manifest, own, y) < MIN_OTHER_AUTHORITIES
            counts: dict[tuple[str, str], int] = {}
            for band in [*bands, "All"]:
                m = mine.get((band, y), 0) if band != "All" else sum(
                    mine.get((b, y), 0) for b in bands
                )  # fmt: skip
                r = region.get((band, y), 0) if band != "All" else sum(
                    region.get((b, y), 0) for b in bands
                )  # fmt: skip
                counts |= {("own", band): m, ("region", band): r, ("rest", band): max(r - m, 0)}
            sums = [Sum(("region", b), (("own", b), ("rest", b))) for b in [*bands, "All"]]
            sums += [Sum((who, "All"), tuple((who, b) for b in bands)) for who in
                     ("own", "region", "rest")]  # fmt: skip
            # The rest of the region is never shown: unknown, except that its counts of 1 to 4
            # must not follow from what is shown (they are chosen, so kept free, by primary
            # suppression).
            large = [k for k, n in counts.items() if k[0] == "rest" and not 0 < n < THRESHOLD]
            hidden = suppress(counts, sums, hidden=large)
            hidden_any |= any(key[0] != "rest" for key in hidden) and not alone
            for band in [*bands, "All"]:
                shown[(band, y)] = (
                    SUPPRESSED if ("own", band) in hidden else _number(counts[("own", band)]),
                    NO_FIGURE
                    if alone
                    else SUPPRESSED
                    if ("region", band) in hidden
                    else _number(counts[("region", band)]),
                )
        header: list[str] = [name]
        for y in years:
            header += [f"{own.name} {y}", f"Region {y}"]
        tables.append(
            Table(
                f"{name} profile",
                f"Social workers of {own.name} and of the region by {name.lower()} and census year",
                tuple(header),
                tuple(
                    (
                        band if band != "All" else "All workers",
                        *(cell for y in years for cell in shown[(band, y)]),
                    )
                    for band in [*bands, "All"]
                ),
            )
        )
    return tables, hidden_any


def authority_movement(data: Pooled, *, own: Authority) -> Page:
    """Moves out of and into one's own authority, the other authorities taken together as
    "the rest of the region", by route and census year; and the agency engagements within
    three months of leaving a permanent post, counted, never listed; every count of fewer than
    5, and any that would give one away, shown as c."""
    manifest = data.manifest
    years = manifest.years
    if _others(manifest, own) < MIN_OTHER_AUTHORITIES:
        return Page(
            mode="authority",
            manifest=manifest,
            own=own,
            sections=(Section("moves", "Movement", (_withheld_text(manifest, own),)),),
        )
    flows = data.flows
    out = flows.filter((pl.col("from_la") == own.code) & (pl.col("to_la") != own.code))
    into = flows.filter((pl.col("to_la") == own.code) & (pl.col("from_la") != own.code))
    within = flows.filter((pl.col("to_la") == own.code) & (pl.col("from_la") == own.code))
    tables = []
    hidden_any = False
    for title, caption, frame in (
        ("Moves out", f"Workers who left {own.name} and next appeared elsewhere in the region, "
         "by route and census year", out),
        ("Moves in", f"Workers who came to {own.name} from elsewhere in the region, by route "
         "and census year", into),
        ("Moves within", f"Workers who left {own.name} and came back on another basis, by route "
         "and census year", within),
    ):  # fmt: skip
        counts = {(label, y): 0 for _, _, label in (*ROUTES, ("", "", "All routes")) for y in years}
        for f, t, y, n in frame.select("from_basis", "to_basis", "to_year", "workers").iter_rows():
            label = next((lbl for a, b, lbl in ROUTES if (a, b) == (f, t)), None)
            if label is not None and (label, y) in counts:
                counts[(label, y)] += n or 0
                counts[("All routes", y)] += n or 0
        table, hidden = _suppressed_grid(
            counts, rows=[label for _, _, label in ROUTES], years=years, total_row="All routes"
        )
        hidden_any |= hidden
        tables.append(Table(title, caption, ("Route", *table[0]), table[1]))
    left = data.cooloff.filter((pl.col("left_la") == own.code) & (pl.col("agency_la") != own.code))
    engaged = data.cooloff.filter(
        (pl.col("agency_la") == own.code) & (pl.col("left_la") != own.code)
    )
    rows = (
        "Left a permanent post here; agency work elsewhere in the region",
        "Agency work here; left a permanent post elsewhere in the region",
    )
    counts = {(label, y): 0 for label in rows for y in years}
    for label, frame in zip(rows, (left, engaged), strict=True):
        for start in frame["agency_start"]:
            key = (label, _census_year(start))
            if key in counts:
                counts[key] += 1
    grid, hidden = _suppressed_grid(counts, rows=list(rows), years=years, total_row=None)
    hidden_any |= hidden
    cooloff = Table(
        "Cool-off cases",
        f"Agency engagements within three months of leaving a permanent post, {own.name} and "
        "the rest of the region, by census year the engagement began",
        ("Engagement", *grid[0]),
        grid[1],
    )
    return Page(
        mode="authority",
        manifest=manifest,
        own=own,
        sections=(
            Section(
                "moves",
                "Movement to and from the rest of the region",
                (
                    "A move: a worker who left one authority and next appeared in another, or in "
                    "the same one on another basis, in the same or the next census year. The "
                    "region's other authorities are taken together: which of them a worker went "
                    "to or came from is not shown here.",
                ),
                tuple(tables),
            ),
            Section(
                "cooloff",
                "Agency work within three months of leaving",
                (
                    "Agency engagements that began within three months of the same worker leaving "
                    "a permanent post in another authority of the region (DfE's statutory guidance "
                    "on agency social workers). The workers are not listed here; the region's hub "
                    "can follow them up.",
                ),
                (cooloff,),
            ),
        ),
        suppressed=hidden_any,
    )


def _suppressed_grid(
    counts: dict[tuple[str, int], int],
    *,
    rows: Sequence[str],
    years: Sequence[int],
    total_row: str | None,
) -> tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], bool]:
    """``counts`` (row, year) with each row's total over the years (and the rows' total per
    year when ``total_row`` is given), suppressed together: the header after the row label and
    the rows as shown; whether anything was hidden."""
    keyed: dict[tuple[str, object], int] = {}
    for key, n in counts.items():
        keyed[key] = n
    labels = [*rows, *([total_row] if total_row else [])]
    for label in labels:
        keyed[(label, "all")] = sum(counts[(label, y)] for y in years)
    sums = [Sum((label, "all"), tuple((label, y) for y in years)) for label in labels]
    if total_row:
        sums += [Sum((total_row, y), tuple((r, y) for r in rows)) for y in [*years, "all"]]
    hidden = suppress(keyed, sums)
    body = tuple(
        (label, *(SUPPRESSED if (label, y) in hidden else _number(keyed[(label, y)])
                  for y in [*years, "all"]))
        for label in labels
    )  # fmt: skip
    return ((*(str(y) for y in years), "All years"), body), bool(hidden)
