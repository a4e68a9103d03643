"""The DfE CSWW figures of one return, computed with polars from the parsed records.

Counting rules (DfE's, as in ``docs/csww.md``, which also names the elements behind each figure):

- In post, starters and leavers are employees (AgencyWorker 0); ``definitions.py`` says who is
  in post at 30 September, a starter or a leaver (someone who starts and leaves in the year is
  both; a leaver with ReasonLeave 7 is a leaver).
- Headcounts count people: records are de-duplicated on SWE number, date of birth, sex and
  ethnicity (starters also on the start date, leavers on the leaving date, as DfE's method
  says), keeping the more senior post of someone with two. FTE figures are not de-duplicated,
  and leave out records with no FTE.
- Agency FTE and headcount come from the agency worker records (AgencyWorker 1), never
  de-duplicated; agency cover FTE is the LA-level NoAgencyFTE; vacancies NumberOfVacancies.
- Cases and case-holder FTE come from every record holding at least one case (Cases30) with FTE
  above 0, whatever the role, agency included.
- Rates use ``core.indicators`` and are rounded as DfE publishes (one decimal place, half up);
  a rate whose denominator is 0 is None (DfE's ``z`` in ``summary``'s JSON).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

import polars as pl

from .. import indicators, measures
from ..reference import as_published
from ..swe import normalise_swe_number
from .definitions import agency_expr, employee_expr, in_post_expr, leaver_expr, starter_expr
from .parse import CswwReturn, WorkerRecord
from .schemas import ORG_ROLE_SENIORITY
from .validate import Report

PERSON = ("swe_no", "person_birth_date", "sex", "ethnicity")
"""DfE de-duplicates headcounts on these: SWE number, date of birth, sex and ethnicity; starters
also on their start date, leavers on their leaving date (the local authority is the return's)."""
STARTER = (*PERSON, "role_start_date")
LEAVER = (*PERSON, "role_end_date")

FTE = pl.Decimal(38, 6)
"""FTE has at most 6 decimal places (the schemas' ``ftedecimal``); sums stay exact."""
DAYS = pl.Decimal(38, 2)
"""WorkingDaysLost has 2 decimal places (``twodecimalplaces``)."""


@dataclass(frozen=True, slots=True)
class Figures:
    """The published CSWW measures for one return. FTEs and days are exact sums; rates (and
    the caseload) are rounded to one decimal place, None where the denominator is 0 or, for the
    vacancy and agency cover figures, where the LA-level block is missing."""

    year: int
    inpost_headcount: int
    inpost_fte: Decimal
    starters_headcount: int
    starters_fte: Decimal
    leavers_headcount: int
    leavers_fte: Decimal
    agency_headcount: int
    agency_fte: Decimal
    agency_cover_fte: Decimal | None
    vacancy_fte: Decimal | None
    case_holders_fte: Decimal
    cases: int
    caseload_fte: Decimal | None
    working_days_lost_fte: Decimal
    turnover_rate_fte: Decimal | None
    agency_rate_fte: Decimal | None
    agency_cover_rate_fte: Decimal | None
    vacancy_rate_fte: Decimal | None
    vacancy_agency_cover_rate_fte: Decimal | None
    absence_rate_fte: Decimal | None


def workers_frame(workers: Iterable[WorkerRecord]) -> pl.DataFrame:
    """One row per record with the columns the figures need. ``swe_no`` is normalised (trimmed,
    upper case) so that ab123 and AB123 are one person; ``seniority`` is 0 for OrgRole 1 (Senior
    Manager) up to 5 for OrgRole 6, and 6 when the role is missing or unknown."""
    rows = list(workers)
    rank = {code: index for index, code in enumerate(ORG_ROLE_SENIORITY)}
    return pl.DataFrame(
        {
            "line": [w.line for w in rows],
            "agency_worker": [w.agency_worker for w in rows],
            "swe_no": [normalise_swe_number(w.swe_no) if w.swe_no else None for w in rows],
            "person_birth_date": [w.person_birth_date for w in rows],
            "sex": [w.sex for w in rows],
            "ethnicity": [w.ethnicity for w in rows],
            "seniority": [rank.get(w.org_role or "", len(rank)) for w in rows],
            "role_start_date": [w.role_start_date for w in rows],
            "role_end_date": [w.role_end_date for w in rows],
            "reason_leave": [w.reason_leave for w in rows],
            "fte": pl.Series([w.fte for w in rows], dtype=FTE),
            "cases30": [w.cases30 for w in rows],
            "working_days_lost": pl.Series([w.working_days_lost for w in rows], dtype=DAYS),
        },
        schema_overrides={
            "person_birth_date": pl.Date,
            "role_start_date": pl.Date,
            "role_end_date": pl.Date,
            "agency_worker": pl.String,
            "swe_no": pl.String,
            "sex": pl.String,
            "ethnicity": pl.String,
            "reason_leave": pl.String,
            "cases30": pl.Int64,
        },
    )


def people(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per person (SWE number, date of birth, sex, ethnicity): the most senior post of
    someone with more than one, the first in the file among equals."""
    return frame.sort("seniority", "line").unique(subset=PERSON, keep="first", maintain_order=True)


def _counts(frame: pl.DataFrame, key: tuple[str, ...] = PERSON) -> tuple[int, Decimal]:
    """Headcount (records distinct on ``key``) and FTE (every record with an FTE) of
    ``frame``."""
    return frame.unique(subset=list(key)).height, _sum(frame, "fte")


def _sum(frame: pl.DataFrame, column: str) -> Decimal:
    total = frame.get_column(column).sum()
    return Decimal(total) if total is not None else Decimal(0)


def _rounded(value: Decimal | None) -> Decimal | None:
    return indicators.round_half_up(value) if value is not None else None


def figures(csww: CswwReturn) -> Figures:
    """DfE's CSWW figures for ``csww`` (see the module docstring for the counting rules)."""
    year = csww.year
    frame = workers_frame(csww.workers)
    employees = frame.filter(employee_expr())
    in_post = employees.filter(in_post_expr(year))
    inpost_headcount, inpost_fte = _counts(in_post)
    starters_headcount, starters_fte = _counts(employees.filter(starter_expr(year)), STARTER)
    leavers_headcount, leavers_fte = _counts(employees.filter(leaver_expr(year)), LEAVER)
    agency = frame.filter(agency_expr())
    agency_fte = _sum(agency, "fte")
    case_holders = frame.filter((pl.col("cases30") >= 1) & (pl.col("fte") > 0))
    cases = int(case_holders.get_column("cases30").sum())
    case_holders_fte = _sum(case_holders, "fte")
    working_days_lost = _sum(in_post.filter(pl.col("fte").is_not_null()), "working_days_lost")
    la_level = csww.la_level
    counts: dict[str, Any] = {
        "inpost_headcount": inpost_headcount,
        "inpost_fte": inpost_fte,
        "starters_headcount": starters_headcount,
        "starters_fte": starters_fte,
        "leavers_headcount": leavers_headcount,
        "leavers_fte": leavers_fte,
        "agency_headcount": agency.height,
        "agency_fte": agency_fte,
        "agency_cover_fte": la_level.no_agency_fte if la_level else None,
        "vacancy_fte": la_level.number_of_vacancies if la_level else None,
        "case_holders_fte": case_holders_fte,
        "cases": cases,
        "working_days_lost_fte": working_days_lost,
    }
    given = counts | {"working_days": indicators.working_days_in_reporting_year(year)}
    rates: dict[str, Any] = {  # None where the LA-level block, and so a count, is missing
        rate.key: None
        if any(given[count] is None for count in rate.inputs.values())
        else _rounded(rate.value(given))
        for rate in measures.RATES
    }
    return Figures(year=year, **counts, **rates)


RATES = frozenset(rate.key for rate in measures.RATES)
LA_LEVEL_COUNTS = frozenset({"agency_cover_fte", "vacancy_fte"})
"""The counts the LA-level block gives (NoAgencyFTE, NumberOfVacancies)."""
FROM_LA_LEVEL = LA_LEVEL_COUNTS | {
    rate.key for rate in measures.RATES if LA_LEVEL_COUNTS & set(rate.inputs.values())
}
"""Those counts and the rates computed from them: ``x`` without the block."""


def summary(report: Report) -> dict[str, object]:
    """The ``cscw csww summary`` JSON object: year, valid, error_count, then every figure. Counts
    and FTEs are JSON numbers; rates (and the caseload) are numbers or DfE's symbol in their
    place, as DfE would publish them (``reference.as_published``): ``z`` where the denominator
    is 0, ``u`` for a cover rate over 100%, ``low`` for one that rounds to 0.0 but is not 0, and
    ``x`` (not available) for the figures of a missing LA-level block. ``report`` is of a
    readable return."""
    if report.csww is None:
        raise ValueError("no figures for a file that could not be read as a return")
    numbers: dict[str, object] = {}
    for name, value in asdict(figures(report.csww)).items():
        if report.csww.la_level is None and name in FROM_LA_LEVEL:
            numbers[name] = "x"
        elif name in RATES:
            published = as_published(value, measure=name)
            numbers[name] = published.symbol or float(published.value or 0)
        else:
            numbers[name] = float(value) if isinstance(value, Decimal) else value
    year = numbers.pop("year")
    return {"year": year, "valid": report.valid, "error_count": len(report.errors), **numbers}
