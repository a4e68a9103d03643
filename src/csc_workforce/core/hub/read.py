"""One authority's return, read for the hub: validated with the CSWW core, cleaned or refused,
pseudonymised, and turned into the rows the pooled files hold.

``strict``: a return with any error is refused (its problems say why). ``clean``: every error
located in a worker's record or the LA-level block blanks the field concerned (the rest of the
record is kept) and is written to the authority's change log; an error in the header (which
decides the year) still refuses the return. A field blanked is read as not given, exactly as if
the authority had left it out; nothing is re-validated after cleaning.

Names never enter (a CSWW return holds none); the SWE number becomes ``worker_key``
(``keys.py``); the date of birth becomes an age band at 30 September of the year; the
qualifying institution and pay are not read into the hub.
"""

from __future__ import annotations

import dataclasses
import hashlib
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Literal

import polars as pl
from lxml import etree

from ..csww.parse import CswwReturn, LALevel, WorkerRecord
from ..csww.problems import Problem
from ..csww.schemas import AGENCY, EMPLOYEE
from ..csww.summary import Figures, figures
from ..csww.validate import validate_return
from ..indicators import reporting_year_bounds
from .keys import worker_key

Mode = Literal["strict", "clean"]
MODES: tuple[Mode, ...] = ("strict", "clean")

SHOWN = frozenset(
    {
        "AgencyWorker",
        "FTE",
        "FTE30",
        "QualLevel",
        "StepUpGrad",
        "OrgRole",
        "StartOrigin",
        "LeaverDestination",
        "ReasonLeave",
        "Cases30",
        "WorkingDaysLost",
        "ContractWeeks",
        "FrontlineGrad",
        "Absat30Sept",
        "ReasonAbsence",
        "CFKSSstatus",
        "NumberOfVacancies",
        "NoAgencyFTE",
        "NoAgencyHeadcount",
    }
)
"""Elements whose refused value the change log quotes: codes and numbers about a post. Every
other element's value (SWE number, date of birth, sex, ethnicity, dates of the role, the
qualifying institution, pay, free text) is personal data or could single a person out, and is
logged as ``withheld``: the authority finds it at the logged line of its own file."""

WITHHELD = "withheld"

AGE_BANDS = ((20, "under 20"), (30, "20-29"), (40, "30-39"), (50, "40-49"), (60, "50-59"))
"""Upper bound (exclusive) and name of each age band at 30 September; 60 and over is ``60+``."""
OLDEST_AGE_BAND = "60+"
SERVICE_BANDS = ((2, "under 2 years"), (5, "2-4 years"), (10, "5-9 years"), (20, "10-19 years"))
"""Whole years of service at 30 September (or at leaving), DfE's length-of-service bands."""
LONGEST_SERVICE_BAND = "20+ years"
NOT_KNOWN = "not known"

SEX = {"M": "M", "F": "F", "1": "M", "2": "F"}
"""``Sex`` (2024 on) as it is; ``GenderCurrent`` (to 2023) 1 male, 2 female; GenderCurrent 0
(not known) and 9 (not specified) are null."""

WORKER_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "la_code": pl.String,
    "year": pl.Int32,
    "worker_key": pl.String,
    "agency": pl.Boolean,
    "role": pl.String,
    "fte": pl.Float64,
    "start_date": pl.Date,
    "leave_date": pl.Date,
    "reason": pl.String,
    "age_band": pl.String,
    "sex": pl.String,
    "ethnicity": pl.String,
    "cases": pl.Int32,
    "absence_days": pl.Float64,
    "service_band": pl.String,
}
"""``workers.parquet`` (docs/hub.md). Added by the pipeline after reading: in_post, starter,
leaver (DfE's definitions, ``csww/definitions.py``)."""

LOG_HEADER = ("line", "element", "rule", "original", "new", "action")


@dataclass(frozen=True, slots=True)
class Change:
    """One error found and what cleaning did: ``blanked`` (a value was removed), ``missing``
    (the element was missing: nothing to remove; a required element missing from a worker is
    logged against ``CSWWWorker``) or ``ignored`` (an element the hub does not read)."""

    line: int | None
    element: str
    rule: str
    original: str
    new: str
    action: str

    def row(self) -> tuple[int | None, str, str, str, str, str]:
        return (self.line, self.element, self.rule, self.original, self.new, self.action)


@dataclass
class FileRead:
    """What reading one file gave: its problems (``refused`` when it cannot enter the hub),
    and otherwise its rows, figures and changes."""

    file: str
    sha256: str
    la_code: str
    year: int
    refused: bool = False
    problems: list[Problem] = field(default_factory=list)
    records: int = 0
    workers: pl.DataFrame | None = None
    figures: Figures | None = None
    changes: list[Change] = field(default_factory=list)


def file_sha256(path: Path) -> str:
    with path.open("rb") as data:
        return hashlib.file_digest(data, "sha256").hexdigest()


def read_for_hub(
    path: Path, *, la_code: str, year: int, year_argument: int | None, mode: Mode, secret: bytes
) -> FileRead:
    """Validate, clean (or refuse) and pseudonymise the return at ``path``, whose header the
    caller has read (``la_code``, ``year``)."""
    result = FileRead(file=path.name, sha256=file_sha256(path), la_code=la_code, year=year)
    report, tree = validate_return(path, year=year_argument)
    errors = [dataclasses.replace(problem, file=path.name) for problem in report.errors]
    csww = report.csww
    if csww is None or tree is None:
        result.refused, result.problems = True, errors
        return result
    if errors and mode == "strict":
        result.refused, result.problems = True, errors
        return result
    if errors:
        cleaned = _clean(csww, tree, errors)
        if cleaned is None:
            result.refused = True
            result.problems = [problem for problem in errors if not _cleanable(csww, problem)]
            return result
        csww, result.changes = cleaned
    result.records = len(csww.workers)
    result.figures = figures(csww)
    result.workers = workers_rows(csww, la_code=la_code, secret=secret)
    return result


def _first_worker_line(csww: CswwReturn) -> int:
    return csww.workers[0].line if csww.workers else 1 << 62


def _cleanable(csww: CswwReturn, problem: Problem) -> bool:
    """The problem is in a worker's record or in the LA-level block (not the header)."""
    if problem.row is None:
        return False
    if problem.row >= _first_worker_line(csww):
        return True
    la_level = csww.la_level
    elements = {spec.element for spec in csww.schema.la_level_fields}
    return la_level is not None and (
        problem.field in elements or problem.field == csww.schema.la_level_element
    )


def _clean(
    csww: CswwReturn, tree: etree._ElementTree, errors: Sequence[Problem]
) -> tuple[CswwReturn, list[Change]] | None:
    """``csww`` with the field of every error blanked, and the log; None when an error cannot
    be cleaned (it is in the header)."""
    if not all(_cleanable(csww, problem) for problem in errors):
        return None
    schema = csww.schema
    worker_fields = {spec.element: spec for spec in schema.worker_fields}
    la_fields = {spec.element: spec for spec in schema.la_level_fields}
    lines = [worker.line for worker in csww.workers]
    root = tree.getroot()
    elements = root.findall("CSWWWorker")
    blanked: dict[int, dict[str, object]] = {}
    la_blanked: dict[str, object] = {}
    changes: list[Change] = []
    for problem in errors:
        element = problem.field or ""
        row = problem.row or 0
        if row >= _first_worker_line(csww):
            index = bisect_right(lines, row) - 1
            node = elements[index]
            spec = worker_fields.get(element)
            if spec is None:  # a required element missing, or one the hub does not read
                action = "missing" if element == "CSWWWorker" else "ignored"
                changes.append(Change(row, element, problem.rule, "", "", action))
                continue
            text = _texts(node, element)
            if not text:
                changes.append(Change(row, element, problem.rule, "", "", "missing"))
                continue
            blanked.setdefault(index, {})[spec.field] = () if spec.repeats else None
            original = text if element in SHOWN else WITHHELD
            changes.append(Change(row, element, problem.rule, original, "", "blanked"))
        else:
            la_spec = la_fields.get(element)
            node = root.find(schema.la_level_element)
            text = _texts(node, element) if node is not None and la_spec is not None else ""
            if la_spec is None or not text:
                changes.append(Change(row, element, problem.rule, "", "", "missing"))
                continue
            la_blanked[la_spec.field] = None
            original = text if element in SHOWN else WITHHELD
            changes.append(Change(row, element, problem.rule, original, "", "blanked"))
    workers = list(csww.workers)
    for index, fields in blanked.items():
        workers[index] = dataclasses.replace(workers[index], **fields)  # type: ignore[arg-type]
    la_level: LALevel | None = csww.la_level
    if la_blanked and la_level is not None:
        la_level = dataclasses.replace(la_level, **la_blanked)  # type: ignore[arg-type]
    return dataclasses.replace(csww, workers=tuple(workers), la_level=la_level), changes


def _texts(node: etree._Element, element: str) -> str:
    """The text of ``element`` under ``node`` as written ("; " between repeats)."""
    return "; ".join((child.text or "").strip() for child in node.iterfind(element)).strip("; ")


def age_band(born: date | None, on: date) -> str | None:
    """The age band (``AGE_BANDS``) of someone born on ``born`` at ``on``; None if not known."""
    if born is None:
        return None
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return next((name for upper, name in AGE_BANDS if age < upper), OLDEST_AGE_BAND)


def service_band(start: date | None, until: date) -> str | None:
    """Whole years from ``start`` to ``until`` as a band (``SERVICE_BANDS``); None if the start
    is not known or after ``until``."""
    if start is None or start > until:
        return None
    years = until.year - start.year - ((until.month, until.day) < (start.month, start.day))
    return next((name for upper, name in SERVICE_BANDS if years < upper), LONGEST_SERVICE_BAND)


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def workers_rows(csww: CswwReturn, *, la_code: str, secret: bytes) -> pl.DataFrame:
    """One row per worker record of ``csww`` (``WORKER_SCHEMA``): no SWE number, no date of
    birth, no name."""
    census = reporting_year_bounds(csww.year)[1]
    keys: dict[str, str | None] = {}
    columns: dict[str, list[object]] = {name: [] for name in WORKER_SCHEMA}
    workers: Sequence[WorkerRecord] = csww.workers
    for worker in workers:
        swe = worker.swe_no or ""
        if swe not in keys:
            keys[swe] = worker_key(swe, secret)
        end = worker.role_end_date
        columns["worker_key"].append(keys[swe])
        columns["agency"].append(
            True
            if worker.agency_worker == AGENCY
            else False
            if worker.agency_worker == EMPLOYEE
            else None
        )
        columns["role"].append(worker.org_role)
        columns["fte"].append(_float(worker.fte))
        columns["start_date"].append(worker.role_start_date)
        columns["leave_date"].append(end)
        columns["reason"].append(worker.reason_leave)
        columns["age_band"].append(age_band(worker.person_birth_date, census))
        columns["sex"].append(SEX.get(worker.sex or ""))
        columns["ethnicity"].append(worker.ethnicity)
        columns["cases"].append(worker.cases30)
        columns["absence_days"].append(_float(worker.working_days_lost))
        until = end if end is not None and end < census else census
        columns["service_band"].append(service_band(worker.role_start_date, until))
    count = len(workers)
    columns["la_code"] = [la_code] * count
    columns["year"] = [csww.year] * count
    return pl.DataFrame(columns, schema=WORKER_SCHEMA)
