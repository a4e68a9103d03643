"""``cscw hub report``: the workbook a regional lead sends round, from a pooled output folder.

One sheet per measure (authorities by name as rows, years as columns, then the region and
England: England as DfE published it, in ``data/dfe``), then movement between authorities,
cool-off cases per pair of authorities and the profile of the workforce. Rates are shown as DfE
publishes them (one decimal place, halves up), headcounts whole. Counts of 1 to 4 people
(movement, cool-off, profile) are shown as ``c`` (``core.suppression``, secondarily too where a
region total would give one away), unless ``suppressed`` is False: the analyst's own copy, which
``cscw hub ingest`` writes as ``OUT/hub.xlsx`` beside the worker-level files, with a sheet listing
each cool-off case besides.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import polars as pl

from .. import indicators
from ..exports import Cell, Sheet, workbook
from ..reference import csww_indicators
from ..suppression import SUPPRESSED, THRESHOLD, Sum, suppress
from .pool import MEASURES, REGION

TITLES = {
    "turnover_rate": "Turnover rate (%)",
    "agency_rate": "Agency worker rate (%)",
    "vacancy_rate": "Vacancy rate (%)",
    "caseload": "Average caseload",
    "absence_rate": "Sickness absence rate (%)",
    "starters_rate": "Starters rate (%)",
    "inpost_fte": "FTE in post",
    "agency_fte": "Agency FTE",
    "leavers_fte": "Leavers FTE",
    "starters_fte": "Starters FTE",
    "vacancy_fte": "Vacancies FTE",
    "inpost_headcount": "Headcount in post",
}
"""Sheet titles (Excel allows 31 characters)."""

ENGLAND_COLUMNS = {
    "turnover_rate": "turnover_rate_fte",
    "agency_rate": "agency_rate_fte",
    "vacancy_rate": "vacancy_rate_fte",
    "caseload": "caseload_fte",
    "absence_rate": "absence_rate_fte",
    "inpost_fte": "inpost_fte",
    "agency_fte": "agency_fte",
    "leavers_fte": "leavers_fte",
    "starters_fte": "starters_fte",
    "vacancy_fte": "vacancy_fte",
    "inpost_headcount": "inpost_headcount",
}
"""DfE's column for each measure; the starters rate (not published) is computed from DfE's
starters FTE and FTE in post with the same function as the region's."""


def _shown(value: float | None, measure: str) -> Cell:
    if value is None:
        return None
    places = 0 if measure == "inpost_headcount" else 1
    return float(indicators.round_half_up(Decimal(str(value)), places))


def england(years: Sequence[int]) -> dict[tuple[str, int], float | None]:
    """England's published figure for each measure and year held (absent where DfE's file has
    no such year)."""
    national = csww_indicators().filter(
        (pl.col("geographic_level") == "National") & pl.col("time_period").is_in(list(years))
    )
    found: dict[tuple[str, int], float | None] = {}
    for row in national.iter_rows(named=True):
        year = int(row["time_period"])
        for measure, column in ENGLAND_COLUMNS.items():
            found[(measure, year)] = row[column]
        starters, inpost = row["starters_fte"], row["inpost_fte"]
        rate = (
            indicators.starters_rate(
                starters_fte=Decimal(str(starters)), inpost_fte=Decimal(str(inpost))
            )
            if starters is not None and inpost is not None
            else None
        )
        found[("starters_rate", year)] = float(rate) if rate is not None else None
    return found


def _count(value: int, hidden: bool) -> Cell:
    return SUPPRESSED if hidden else value


def report_sheets(folder: Path, *, suppressed: bool = True) -> list[Sheet]:
    """The report's sheets from the pooled output ``folder``."""
    found = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    names = {item["la_code"]: item["la_name"] for item in found["authorities"]}
    names[REGION] = "Region"
    years: list[int] = found["years"]
    values = {
        (row[0], row[1], row[2]): row[3]
        for row in pl.read_parquet(folder / "measures.parquet")
        .select("la_code", "year", "measure", "value")
        .iter_rows()
    }
    national = england(years)
    sheets = []
    for measure in MEASURES:
        rows: list[list[Cell]] = []
        for code in [*sorted(names, key=lambda c: (c == REGION, names[c])), "ENGLAND"]:
            label = "England" if code == "ENGLAND" else names[code]
            cells = [
                _shown(
                    national.get((measure, year))
                    if code == "ENGLAND"
                    else values.get((code, year, measure)),
                    measure,
                )
                for year in years
            ]
            rows.append([label, *cells])
        sheets.append(Sheet(TITLES[measure], ["Authority", *years], rows))
    sheets.append(_movement(folder, names, suppressed))
    sheets.append(_cooloff(folder, names, suppressed))
    if not suppressed:
        sheets.append(_cooloff_cases(folder, names))
    sheets.extend(_profile(folder, names, suppressed))
    return sheets


def _movement(folder: Path, names: dict[str, str], suppressed: bool) -> Sheet:
    flows = pl.read_parquet(folder / "flows.parquet")
    rows: list[list[Cell]] = [
        [
            names.get(row["from_la"], row["from_la"]),
            row["from_year"],
            row["from_basis"],
            names.get(row["to_la"], row["to_la"]),
            row["to_year"],
            row["to_basis"],
            _count(row["workers"], suppressed and 0 < row["workers"] < THRESHOLD),
        ]
        for row in flows.iter_rows(named=True)
    ]
    header = ["Left", "Year left", "Left as", "Appeared next in", "Year", "As", "Workers"]
    return Sheet("Movement", header, rows)


def _cooloff(folder: Path, names: dict[str, str], suppressed: bool) -> Sheet:
    cases = (
        pl.read_parquet(folder / "cooloff.parquet")
        .with_columns(pl.col("agency_start").dt.year().alias("calendar_year"))
        .group_by("agency_la", "left_la", "calendar_year")
        .agg(pl.len().alias("cases"), pl.col("days").min().alias("fewest_days"))
        .sort("calendar_year", "agency_la", "left_la")
    )
    rows: list[list[Cell]] = [
        [
            names.get(row["agency_la"], row["agency_la"]),
            names.get(row["left_la"], row["left_la"]),
            row["calendar_year"],
            _count(row["cases"], suppressed and row["cases"] < THRESHOLD),
        ]
        for row in cases.iter_rows(named=True)
    ]
    header = [
        "Agency engagement in",
        "Permanent post left in",
        "Engagement started in",
        "Cases (agency start within 3 months of leaving)",
    ]
    return Sheet("Cool-off", header, rows)


def _cooloff_cases(folder: Path, names: dict[str, str]) -> Sheet:
    """Each cool-off case, for the analyst to follow up with the key holder: the worker key's
    first 12 hexadecimal digits (enough to find the row in ``cooloff.parquet``)."""
    cases = pl.read_parquet(folder / "cooloff.parquet")
    rows: list[list[Cell]] = [
        [
            row["worker_key"][:12],
            names.get(row["left_la"], row["left_la"]),
            row["left_date"],
            names.get(row["agency_la"], row["agency_la"]),
            row["agency_start"],
            row["days"],
        ]
        for row in cases.iter_rows(named=True)
    ]
    header = [
        "Worker key (start)",
        "Permanent post left in",
        "Left on",
        "Agency engagement in",
        "Started on",
        "Days after leaving",
    ]
    return Sheet("Cool-off cases", header, rows)


def _profile(folder: Path, names: dict[str, str], suppressed: bool) -> list[Sheet]:
    profile = pl.read_parquet(folder / "profile.parquet")
    sheets = []
    for dimension, title in (("age_band", "Age"), ("length_of_service", "Length of service")):
        part = profile.filter(pl.col("dimension") == dimension)
        bands = sorted(set(part.get_column("band").to_list()), key=_band_order)
        counts = {
            (r[0], r[1], r[2]): r[3]
            for r in part.select("la_code", "year", "band", "workers").iter_rows()
        }
        hidden: frozenset[tuple[str, int, str]] = frozenset()
        if suppressed:
            cells = {
                (la, year, band): counts.get((la, year, band), 0)
                for la in names
                for year in {k[1] for k in counts}
                for band in bands
            }
            sums = [
                Sum((REGION, year, band), tuple((la, year, band) for la in names if la != REGION))
                for year in {k[1] for k in counts}
                for band in bands
            ]
            hidden = suppress(cells, sums)
        rows: list[list[Cell]] = []
        for la in sorted(names, key=lambda c: (c == REGION, names[c])):
            for year in sorted({k[1] for k in counts}):
                rows.append(
                    [
                        names[la],
                        year,
                        *(
                            _count(counts.get((la, year, band), 0), (la, year, band) in hidden)
                            for band in bands
                        ),
                    ]
                )
        sheets.append(Sheet(f"{title} profile", ["Authority", "Year", *bands], rows))
    return sheets


def _band_order(band: str) -> tuple[int, str]:
    digits = "".join(char if char.isdigit() else " " for char in band).split()
    if band == "not known":
        return (1000, band)
    if band.startswith("under"):
        return (-1, band)
    return (int(digits[0]) if digits else 999, band)


def write_report(folder: Path, to: Path, *, suppressed: bool = True) -> None:
    """The report of the pooled output ``folder`` written to ``to`` (.xlsx)."""
    book = workbook(report_sheets(folder, suppressed=suppressed))
    for sheet in book.worksheets:
        sheet.freeze_panes = "B2"
        sheet.column_dimensions["A"].width = 28
    book.save(to)
