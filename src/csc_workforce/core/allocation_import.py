"""Caseload imports from the case management system: the allocations template, the Data to
Insight standard safeguarding dataset (SSD) extract, and the activity template; reading and
checking them (``docs/caseload-import.md``).

Each reader takes the file's bytes and returns a ``ReadFile``: every row as read, its typed
values when every cell could be read, and every problem found (``Problem``: the file, its
row, the column's letter and heading, the cell's text and the rule broken). The cell parsing and
the problems are those of the staff import (``core.staff_import``). What needs the register
(workers by Social Work England number, children by case management system ID, allocations
already held) is checked by the web service that writes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Generic, TypeVar

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from csc_workforce.core.caseloads import COMPLEXITY_BANDS, STATUSES, TRAVEL_BANDS
from csc_workforce.core.exports import Sheet, csv_text, save, workbook
from csc_workforce.core.problems import Problem
from csc_workforce.core.staff_import import (
    MAX_ROWS,
    CellError,
    Column,
    Kind,
    Rule,
    Unreadable,
    cell_text,
    guidance_sheet,
    import_problem,
    located,
    normalise_heading,
    parse_code,
    parse_date,
    parse_number,
    read_rows,
    row_beyond_limit,
)
from csc_workforce.core.swe import is_valid_swe_number, normalise_swe_number


class CaseloadRule(StrEnum):
    """What a caseload import can get wrong beyond the staff import's ``Rule``s."""

    WORKER_COLUMN = "worker_column"
    WORKER_REQUIRED = "worker_required"
    WORKER_BOTH = "worker_both"
    STAFF_ID = "staff_id"
    TOO_LONG = "too_long"
    FUTURE_DATE = "future_date"
    PAIRED = "paired"
    NEEDED_FOR_KIND = "needed_for_kind"
    NOT_FOR_KIND = "not_for_kind"
    CHILD_MISMATCH = "child_mismatch"
    OVERLAP = "overlap"
    UNKNOWN_PROFESSIONAL = "unknown_professional"
    NO_SWE_NUMBER = "no_swe_number"
    NO_ALLOCATIONS = "no_allocations"
    UNKNOWN_WORKER = "unknown_worker"
    UNKNOWN_CHILD = "unknown_child"
    OVERLAP_REGISTER = "overlap_register"
    DIFFERS_FROM_REGISTER = "differs_from_register"


_TEXT: dict[str, str] = {
    # The staff import's rules, worded for these files.
    Rule.NO_ROWS: "The file has no rows below the header row",
    Rule.TOO_MANY_ROWS: "the file has more than {detail} rows; split it into smaller ones",
    Rule.END_BEFORE_START: "'{value}' is before {detail}",
    Rule.CODE: "'{value}' is not one of the codes for {field}: {detail}",
    # Their own.
    CaseloadRule.WORKER_COLUMN: "the header has neither a worker_swe_number nor a "
    "worker_staff_id column: one of them is required",
    CaseloadRule.WORKER_REQUIRED: "fill in worker_swe_number or worker_staff_id",
    CaseloadRule.WORKER_BOTH: "'{value}' must be blank when worker_swe_number is filled in: "
    "give one or the other",
    CaseloadRule.STAFF_ID: "'{value}' is not a staff ID (a whole number, as in the register)",
    CaseloadRule.TOO_LONG: "'{value}' is longer than {detail} characters",
    CaseloadRule.FUTURE_DATE: "'{value}' is in the future (today is {detail})",
    CaseloadRule.PAIRED: "this column must not be blank when {detail} is filled in",
    CaseloadRule.NEEDED_FOR_KIND: "this column must not be blank for {detail}",
    CaseloadRule.NOT_FOR_KIND: "'{value}' must be blank for {detail}",
    CaseloadRule.CHILD_MISMATCH: "'{value}' differs from {detail} for the same child",
    CaseloadRule.OVERLAP: "this lead allocation overlaps the one on row {detail}: "
    "a child has one lead worker at a time",
    CaseloadRule.UNKNOWN_PROFESSIONAL: "'{value}' is not a prof_professional_id in "
    "ssd_professionals",
    CaseloadRule.NO_SWE_NUMBER: "professional '{value}' has no Social Work England number in "
    "ssd_professionals ({detail})",
    CaseloadRule.NO_ALLOCATIONS: "No involvement has a role taken as an allocated worker "
    "({detail})",
    CaseloadRule.UNKNOWN_WORKER: "no one in the register has {detail}",
    CaseloadRule.UNKNOWN_CHILD: "'{value}' is not the case management system ID of a child in "
    "the register",
    CaseloadRule.OVERLAP_REGISTER: "this lead allocation overlaps one in the register ({detail}): "
    "a child has one lead worker at a time",
    CaseloadRule.DIFFERS_FROM_REGISTER: "the register already has this {detail}",
}


def caseload_problem(
    row: int, column: str, field: str, value: str, rule: str, detail: str = "", *, file: str = ""
) -> Problem:
    """A ``Problem`` as ``import_problem`` makes, with ``rule`` a ``Rule`` or a ``CaseloadRule``,
    that also names its ``file`` (an SSD import reads two), like "ssd_involvements.csv: Row 4,
    column E (invo_involvement_start_date): '2026-01-05' is in the future (today is
    2025-09-30)"."""
    text = _TEXT.get(rule)
    if text is None:
        plain = import_problem(row, column, field, value, rule, detail)
    else:
        words = text.format(value=value, field=field, detail=detail)
        message = located(words, row=row, column=column, field=field)
        plain = Problem(row, field, str(rule), message, column=column, value=value)
    if not file:
        return plain
    return replace(plain, file=file, message=f"{file}: {plain.message}")


LEAD = "lead"
CO_WORKER = "co_worker"
ROLE = {LEAD: "Lead worker", CO_WORKER: "Co-worker"}
"""``Allocation.Role``."""

STATUS = dict(
    zip(
        STATUSES,
        (
            "Child in need",
            "Child protection plan",
            "Child looked after",
            "Care leaver",
            "Pre-proceedings",
            "Court proceedings",
        ),
        strict=True,
    )
)
"""``caseloads.models.Status``: the weighting model's ``STATUSES``."""

COMPLEXITY = {band: band.capitalize() for band in COMPLEXITY_BANDS}
TRAVEL_BAND = {band: band.capitalize() for band in TRAVEL_BANDS}

CHANGE_REASON = {
    "MANAGE": "Managing caseloads",
    "FCONTA": "First contact or re-referral",
    "LEFTRL": "Previous worker left the role",
    "ORGRST": "Organisational restructure",
    "TSPROC": "Transfer by standard process",
    "ABSENC": "Absence cover or return",
    "CHCHAN": "Child asked for a change",
    "PCCHAN": "Parent or carer asked for a change",
    "SWDIED": "Previous worker died",
    "OTHERS": "Other",
}
"""Data to Insight SSD reasons for a change of worker (``invo_worker_change_reason``)."""

ASSESSMENT = "assessment"
VISIT = "visit"
ACTIVITY_KIND = {ASSESSMENT: "Assessment", VISIT: "Visit"}

MAX_LENGTH = {"cms_id": 40, "sibling_group": 40, "invo_person_id": 40}
"""``Case``'s limits."""

_CODE = "A code, or its label"
_DATE = "A date: an Excel date, or text as YYYY-MM-DD or DD/MM/YYYY; not after today"
_CMS_ID = "The child's ID in the case management system, up to 40 characters"
_SWE = "The worker's Social Work England number, as in the register"

ALLOCATION_COLUMNS: tuple[Column, ...] = (
    Column("cms_id", "Child's case management system ID", Kind.TEXT, True, _CMS_ID, "CMS00123"),
    Column("child_date_of_birth", "Child's date of birth", Kind.DATE, False, _DATE, "2015-06-01"),
    Column("status", "Status", Kind.CODE, False, _CODE, "child_in_need", STATUS),
    Column(
        "status_start", "Status from", Kind.DATE, False, _DATE, "2025-01-06", when="With status"
    ),
    Column("complexity", "Complexity band", Kind.CODE, False, _CODE, "medium", COMPLEXITY),
    Column("travel_band", "Travel band", Kind.CODE, False, _CODE, "near", TRAVEL_BAND),
    Column("sibling_group", "Sibling group", Kind.TEXT, False, "Up to 40 characters", "Family 12"),
    Column(
        "worker_swe_number",
        "Worker's Social Work England number",
        Kind.SWE_NUMBER,
        False,
        _SWE,
        "SW123456",
        when="This or worker_staff_id",
    ),
    Column(
        "worker_staff_id",
        "Worker's staff ID in the register",
        Kind.NUMBER,
        False,
        "The register's ID for the worker",
        when="This or worker_swe_number",
    ),
    Column("role", "Role", Kind.CODE, True, _CODE, "lead", ROLE),
    Column("start", "Allocated from", Kind.DATE, True, _DATE, "2025-01-06"),
    Column("end", "Allocated to", Kind.DATE, False, _DATE + "; blank while allocated"),
    Column(
        "change_reason",
        "Reason for a change of worker",
        Kind.CODE,
        False,
        "Data to Insight SSD code",
        "TSPROC",
        CHANGE_REASON,
    ),
)

ACTIVITY_COLUMNS: tuple[Column, ...] = (
    Column("cms_id", "Child's case management system ID", Kind.TEXT, True, _CMS_ID, "CMS00123"),
    Column("kind", "Assessment or visit", Kind.CODE, True, _CODE, "visit", ACTIVITY_KIND),
    Column("started", "Assessment started", Kind.DATE, False, _DATE, when="Assessments"),
    Column("authorised", "Assessment authorised", Kind.DATE, False, _DATE, when="Assessments"),
    Column("visit_date", "Visit date", Kind.DATE, False, _DATE, "2025-09-12", when="Visits"),
    Column("worker_swe_number", "Visiting worker", Kind.SWE_NUMBER, False, _SWE, when="Visits"),
)

INVOLVEMENT_COLUMNS: tuple[Column, ...] = (
    Column("invo_involvements_id", "Involvement ID", Kind.TEXT, True, ""),
    Column("invo_professional_id", "Professional ID", Kind.TEXT, True, ""),
    Column("invo_professional_role_id", "Professional's role", Kind.TEXT, True, ""),
    Column("invo_professional_team", "Team", Kind.TEXT, False, ""),
    Column("invo_involvement_start_date", "Start", Kind.DATE, True, ""),
    Column("invo_involvement_end_date", "End", Kind.DATE, False, ""),
    Column("invo_worker_change_reason", "Change reason", Kind.CODE, False, "", codes=CHANGE_REASON),
    Column("invo_person_id", "Person ID", Kind.TEXT, True, ""),
    Column("invo_referral_id", "Referral ID", Kind.TEXT, False, ""),
)
PROFESSIONAL_COLUMNS: tuple[Column, ...] = (
    Column("prof_professional_id", "Professional ID", Kind.TEXT, True, ""),
    Column("prof_social_worker_registration_no", "SWE number", Kind.TEXT, True, ""),
)
SSD_FIELDS = {
    "cms_id": "invo_person_id",
    "worker_swe_number": "invo_professional_id",
    "role": "invo_professional_role_id",
    "start": "invo_involvement_start_date",
    "end": "invo_involvement_end_date",
    "change_reason": "invo_worker_change_reason",
}
"""The allocations template's columns and the SSD ``ssd_involvements`` columns that give them;
the worker is found by joining ``invo_professional_id`` to ``ssd_professionals``."""

LEAD_ROLES = frozenset({"ALLOCATED CASE WORKER", "AKA SOCIAL WORKER"})
"""``invo_professional_role_id`` values meaning the child's allocated (lead) worker. The SSD
leaves the values to each system; an authority whose extract uses others passes its own."""
CO_WORKER_ROLES: frozenset[str] = frozenset()
"""Values meaning a co-worker: none by default, so other involvements (IROs, managers,
practitioners of other services) are left out rather than counted as casework."""


@dataclass(frozen=True)
class AllocationRow:
    """A worker on a child's case, every value checked and typed. The child's facts (date of
    birth to sibling group) are blank where the file does not give them."""

    cms_id: str
    child_date_of_birth: dt.date | None
    status: str
    status_start: dt.date | None
    complexity: str
    travel_band: str
    sibling_group: str
    worker_swe_number: str
    worker_staff_id: int | None
    role: str
    start: dt.date
    end: dt.date | None
    change_reason: str


@dataclass(frozen=True)
class ActivityRow:
    """An assessment started ``on`` (and ``authorised``, once it is), or a visit made ``on``
    (by the worker, if given)."""

    cms_id: str
    kind: str
    on: dt.date
    authorised: dt.date | None
    worker_swe_number: str


T = TypeVar("T")


@dataclass(frozen=True)
class Line(Generic[T]):
    """A row as read: its row number, each known column's cell as text by heading ('' when blank
    or absent) and its typed values when every cell could be read."""

    number: int
    text: dict[str, str]
    value: T | None


@dataclass(frozen=True)
class ReadFile(Generic[T]):
    """A file read and checked: its name, the letter of each known heading in it, the heading
    that gives each template field (itself but for the SSD), its rows (blank ones left out),
    every problem found, and rows left out on purpose (SSD involvements of other roles)."""

    file: str
    columns: dict[str, str]
    headings: dict[str, str]
    rows: list[Line[T]]
    problems: list[Problem]
    skipped: int = 0

    def ordered(self, problems: Iterable[Problem]) -> list[Problem]:
        """``problems`` in order: this file's first, then by row and column."""
        return sorted(
            problems, key=lambda problem: (problem.file != self.file, *problem.sort_key())
        )

    def problem(self, line: Line[T], field: str, rule: str, detail: str = "") -> Problem:
        """A problem with ``line``'s cell giving the template ``field`` ('' for the row)."""
        heading = self.headings.get(field, field)
        return caseload_problem(
            row=line.number,
            column=self.columns.get(heading, ""),
            field=heading,
            value=line.text.get(heading, ""),
            rule=rule,
            detail=detail,
            file=self.file,
        )


def read_allocation_file(data: bytes, *, filename: str, today: dt.date) -> ReadFile[AllocationRow]:
    """Read and check a filled-in allocations template (.csv or .xlsx): every cell, the rules
    within a row (one worker column, status with its start, end not before start, no date after
    ``today``) and across rows (one lead worker at a time; one set of facts for each child)."""
    sheet = _sheet(data, filename, ALLOCATION_COLUMNS, others_allowed=False)
    if sheet.columns and not {"worker_swe_number", "worker_staff_id"} & set(sheet.columns):
        sheet.problems.append(_problem(filename, 1, "", "", CaseloadRule.WORKER_COLUMN))
    read = ReadFile[AllocationRow](filename, sheet.columns, {}, [], sheet.problems)
    for number, raw in sheet.body:
        text = {column.field: cell_text(raw.get(column.field)) for column in ALLOCATION_COLUMNS}
        line = Line[AllocationRow](number, text, None)
        values = _cells(read, line, raw, ALLOCATION_COLUMNS)
        read.problems.extend(_template_row_checks(read, line))
        read.problems.extend(_allocation_row_checks(read, line, values, today))
        if sheet.complete and _typed(ALLOCATION_COLUMNS, values):
            line = replace(line, value=AllocationRow(**values))
        read.rows.append(line)
    return _across_allocations(read)


def read_ssd_files(
    involvements: bytes,
    professionals: bytes,
    *,
    today: dt.date,
    lead_roles: Collection[str] = LEAD_ROLES,
    co_worker_roles: Collection[str] = CO_WORKER_ROLES,
    involvements_name: str = "ssd_involvements.csv",
    professionals_name: str = "ssd_professionals.csv",
) -> ReadFile[AllocationRow]:
    """Read an SSD ``ssd_involvements`` extract as allocations, each worker's Social Work
    England number found through ``ssd_professionals``. Roles are matched ignoring case,
    spacing, hyphens and underscores; involvements of roles in neither set are left out (counted
    in ``skipped``) unchecked. Other columns of either file are ignored."""
    swe_numbers, problems = _professionals(professionals, professionals_name)
    sheet = _sheet(involvements, involvements_name, INVOLVEMENT_COLUMNS, others_allowed=True)
    read = ReadFile[AllocationRow](
        involvements_name, sheet.columns, SSD_FIELDS, [], problems + sheet.problems
    )
    leads, co_workers = {_role_key(r) for r in lead_roles}, {_role_key(r) for r in co_worker_roles}
    skipped = 0
    first: dict[str, int] = {}
    for number, raw in sheet.body:
        text = {column.field: cell_text(raw.get(column.field)) for column in INVOLVEMENT_COLUMNS}
        line = Line[AllocationRow](number, text, None)
        role_key = _role_key(text["invo_professional_role_id"])
        if role_key not in leads | co_workers:
            skipped += 1
            continue
        values = _cells(read, line, raw, INVOLVEMENT_COLUMNS)
        involvement = text["invo_involvements_id"]
        if involvement and involvement in first:
            read.problems.append(
                read.problem(
                    line, "invo_involvements_id", Rule.DUPLICATE_IN_FILE, str(first[involvement])
                )
            )
        first.setdefault(involvement, number)
        professional = text["invo_professional_id"]
        swe_number = ""
        if professional and professional not in swe_numbers:
            read.problems.append(
                read.problem(line, "worker_swe_number", CaseloadRule.UNKNOWN_PROFESSIONAL)
            )
        elif professional:
            swe_number, row = swe_numbers[professional]
            if not is_valid_swe_number(swe_number):
                detail = f"{professionals_name} row {row}"
                read.problems.append(
                    read.problem(line, "worker_swe_number", CaseloadRule.NO_SWE_NUMBER, detail)
                )
        allocation = {
            "cms_id": values.get("invo_person_id"),
            "child_date_of_birth": None,
            "status": "",
            "status_start": None,
            "complexity": "",
            "travel_band": "",
            "sibling_group": "",
            "worker_swe_number": swe_number,
            "worker_staff_id": None,
            "role": LEAD if role_key in leads else CO_WORKER,
            "start": values.get("invo_involvement_start_date"),
            "end": values.get("invo_involvement_end_date"),
            "change_reason": values.get("invo_worker_change_reason", ""),
        }
        read.problems.extend(_allocation_row_checks(read, line, allocation, today))
        if (
            sheet.complete
            and _typed(INVOLVEMENT_COLUMNS, values)
            and is_valid_swe_number(swe_number)
        ):
            line = replace(line, value=AllocationRow(**allocation))
        read.rows.append(line)
    if sheet.body and not read.rows:
        roles = ", ".join(sorted({*lead_roles, *co_worker_roles}))
        read.problems.append(
            _problem(involvements_name, 0, "", "", CaseloadRule.NO_ALLOCATIONS, detail=roles)
        )
    return _across_allocations(replace(read, skipped=skipped))


def read_activity_file(data: bytes, *, filename: str, today: dt.date) -> ReadFile[ActivityRow]:
    """Read and check a filled-in activity template (.csv or .xlsx): each row an assessment
    (its start and, once authorised, authorisation date) or a visit (its date and, optionally,
    the visiting worker); no date after ``today``; nothing given twice."""
    sheet = _sheet(data, filename, ACTIVITY_COLUMNS, others_allowed=False)
    read = ReadFile[ActivityRow](filename, sheet.columns, {}, [], sheet.problems)
    first: dict[tuple[object, ...], int] = {}
    for number, raw in sheet.body:
        text = {column.field: cell_text(raw.get(column.field)) for column in ACTIVITY_COLUMNS}
        line = Line[ActivityRow](number, text, None)
        values = _cells(read, line, raw, ACTIVITY_COLUMNS)
        found = list(_activity_row_checks(read, line, values, today))
        read.problems.extend(found)
        if sheet.complete and not found and _typed(ACTIVITY_COLUMNS, values):
            on = values["started" if values["kind"] == ASSESSMENT else "visit_date"]
            activity = ActivityRow(
                values["cms_id"],
                values["kind"],
                on,
                values["authorised"],
                values["worker_swe_number"],
            )
            key = activity_key(activity)
            if key in first:
                field = "started" if activity.kind == ASSESSMENT else "visit_date"
                detail = str(first[key])
                read.problems.append(read.problem(line, field, Rule.DUPLICATE_IN_FILE, detail))
            first.setdefault(key, number)
            line = replace(line, value=activity)
        read.rows.append(line)
    return replace(read, problems=read.ordered(read.problems))


def activity_key(activity: ActivityRow) -> tuple[object, ...]:
    """What makes an activity the same one: an assessment's child and start; a visit's child,
    date and worker."""
    if activity.kind == ASSESSMENT:
        return (activity.cms_id, ASSESSMENT, activity.on)
    return (activity.cms_id, VISIT, activity.on, activity.worker_swe_number)


def census_dates_covered(start: dt.date, end: dt.date | None, *, today: dt.date) -> list[dt.date]:
    """The census dates (30 September) from ``start`` to ``end`` (inclusive; open while
    ``None``), up to ``today``."""
    last = min(end or today, today)
    return [
        day
        for year in range(start.year, last.year + 1)
        if start <= (day := dt.date(year, 9, 30)) <= last
    ]


def overlaps(first: tuple[dt.date, dt.date | None], second: tuple[dt.date, dt.date | None]) -> bool:
    """Whether two periods, each (start, end) inclusive and open while ``end`` is ``None``,
    share a day."""
    (start_a, end_a), (start_b, end_b) = first, second
    return (end_b is None or start_a <= end_b) and (end_a is None or start_b <= end_a)


def period_text(start: dt.date, end: dt.date | None) -> str:
    """Like "2025-01-06 to 2025-03-31", or "from 2025-01-06" while open."""
    return f"{start.isoformat()} to {end.isoformat()}" if end else f"from {start.isoformat()}"


@dataclass(frozen=True)
class _Sheet:
    """A file's known headings (by letter), its non-blank rows' cells by heading, whether every
    required column is present, and the problems with the file, its header and its row count."""

    columns: dict[str, str]
    body: list[tuple[int, dict[str, object]]]
    complete: bool
    problems: list[Problem]


def _problem(
    file: str, row: int, column: str, field: str, rule: str, value: str = "", detail: str = ""
) -> Problem:
    return caseload_problem(row, column, field, value, rule, detail, file=file)


def _sheet(
    data: bytes, filename: str, columns: Sequence[Column], *, others_allowed: bool
) -> _Sheet:
    """Read the header (columns by name, in any order) and the rows below it. Unless
    ``others_allowed``, a heading that is not a column, or a value under no heading, is a
    problem."""
    try:
        rows = read_rows(data, filename=filename, prefer="")
    except Unreadable as error:
        p = error.problem
        found = replace(p, file=filename, message=f"{filename}: {p.message}")
        return _Sheet({}, [], False, [found])
    if (beyond := row_beyond_limit(rows)) is not None:
        too_many = _problem(filename, beyond, "", "", Rule.TOO_MANY_ROWS, detail=f"{MAX_ROWS:,}")
        return _Sheet({}, [], False, [too_many])
    header = rows[0] if rows else []
    if not any(cell_text(cell) for cell in header):
        return _Sheet({}, [], False, [_problem(filename, 1, "", "", Rule.NO_HEADER)])
    problems: list[Problem] = []
    known = {column.field for column in columns}
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        heading, letter = cell_text(cell), get_column_letter(index + 1)
        name = normalise_heading(heading)
        if not heading or (name not in known and others_allowed):
            continue
        if name not in known:
            problems.append(_problem(filename, 1, letter, "", Rule.UNKNOWN_COLUMN, heading))
        elif name in positions:
            first = get_column_letter(positions[name] + 1)
            problems.append(
                _problem(filename, 1, letter, name, Rule.DUPLICATE_COLUMN, heading, first)
            )
        else:
            positions[name] = index
    missing = [
        column.field for column in columns if column.required and column.field not in positions
    ]
    problems += [_problem(filename, 1, "", field, Rule.MISSING_COLUMN) for field in missing]
    body: list[tuple[int, dict[str, object]]] = []
    for number, cells in enumerate(rows[1:], start=2):
        if all(cell_text(cell) == "" for cell in cells):
            continue
        if not others_allowed:
            problems += [
                _problem(
                    filename, number, get_column_letter(i + 1), "", Rule.NO_HEADING, cell_text(cell)
                )
                for i, cell in enumerate(cells)
                if cell_text(cell) and (i >= len(header) or not cell_text(header[i]))
            ]
        body.append(
            (number, {name: cells[i] if i < len(cells) else None for name, i in positions.items()})
        )
    if not body:
        problems.append(_problem(filename, 0, "", "", Rule.NO_ROWS))
    columns_found = {name: get_column_letter(i + 1) for name, i in positions.items()}
    return _Sheet(columns_found, body, not missing, problems)


def _cells(
    read: ReadFile[T], line: Line[T], raw: Mapping[str, object], columns: Sequence[Column]
) -> dict[str, Any]:
    """Each cell's typed value ('' or None when blank), its problems added to ``read``."""
    values: dict[str, Any] = {}
    for column in columns:
        text = line.text[column.field]
        if not text:
            values[column.field] = None if column.kind in (Kind.DATE, Kind.NUMBER) else ""
            if column.required and column.field in read.columns:
                read.problems.append(read.problem(line, column.field, Rule.REQUIRED))
            continue
        try:
            values[column.field] = _parse(column, raw.get(column.field), text)
        except CellError as error:
            read.problems.append(read.problem(line, column.field, error.rule, error.detail))
    return values


def _typed(columns: Sequence[Column], values: Mapping[str, Any]) -> bool:
    """Whether every cell was read: a value, or blank in a column that may be blank."""
    return all(column.field in values for column in columns) and all(
        values[column.field] not in (None, "") for column in columns if column.required
    )


_SQL_DATE_TIME = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?", re.ASCII)


def _parse(column: Column, cell: object, text: str) -> object:
    """A cell's typed value; ``text`` is the cell as text, not blank."""
    if column.codes is not None:
        try:
            return parse_code(text, column.codes)
        except CellError as error:
            raise CellError(Rule.CODE, ", ".join(column.codes)) from error
    if column.kind is Kind.SWE_NUMBER:
        swe_number = normalise_swe_number(text)
        if not is_valid_swe_number(swe_number):
            raise CellError(Rule.SWE_NUMBER)
        return swe_number
    if column.kind is Kind.DATE:
        match = _SQL_DATE_TIME.fullmatch(text) if isinstance(cell, str) else None
        return parse_date(match.group(1) if match else cell)
    if column.kind is Kind.NUMBER:
        number = parse_number(cell)
        if number != number.to_integral_value() or number < 1:
            raise CellError(CaseloadRule.STAFF_ID)
        return int(number)
    if len(text) > MAX_LENGTH.get(column.field, len(text)):
        raise CellError(CaseloadRule.TOO_LONG, str(MAX_LENGTH[column.field]))
    return text


def _allocation_row_checks(
    read: ReadFile[AllocationRow],
    line: Line[AllocationRow],
    values: Mapping[str, Any],
    today: dt.date,
) -> Iterator[Problem]:
    """The end not before the start; no date after ``today``."""
    start, end = values.get("start"), values.get("end")
    if start and end and end < start:
        yield read.problem(line, "end", Rule.END_BEFORE_START, f"the start ({start.isoformat()})")
    for field in ("child_date_of_birth", "status_start", "start", "end"):
        if (day := values.get(field)) and day > today:
            yield read.problem(line, field, CaseloadRule.FUTURE_DATE, today.isoformat())


def _template_row_checks(
    read: ReadFile[AllocationRow], line: Line[AllocationRow]
) -> Iterator[Problem]:
    """One of the worker columns filled in; a status given with its start, and a start with
    its status."""
    swe_number, staff_id = line.text["worker_swe_number"], line.text["worker_staff_id"]
    if swe_number and staff_id:
        yield read.problem(line, "worker_staff_id", CaseloadRule.WORKER_BOTH)
    elif (
        not swe_number
        and not staff_id
        and {"worker_swe_number", "worker_staff_id"} & set(read.columns)
    ):
        yield read.problem(line, "", CaseloadRule.WORKER_REQUIRED)
    for field, other in (("status", "status_start"), ("status_start", "status")):
        if line.text[other] and not line.text[field] and field in read.columns:
            yield read.problem(line, field, CaseloadRule.PAIRED, other)


_CHILD_FACTS = ("child_date_of_birth", "complexity", "travel_band", "sibling_group")


def _across_allocations(read: ReadFile[AllocationRow]) -> ReadFile[AllocationRow]:
    """The rules across rows: a child's facts the same wherever given; no two lead allocations
    of a child on the same day. Problems sorted by file, row and column."""
    by_child: dict[str, list[Line[AllocationRow]]] = {}
    for line in read.rows:
        if line.value is not None:
            by_child.setdefault(line.value.cms_id, []).append(line)
    for lines in by_child.values():
        first: dict[str, Line[AllocationRow]] = {}
        for line in lines:
            for field in _CHILD_FACTS:
                if not line.text.get(field):
                    continue
                earlier = first.setdefault(field, line)
                if getattr(earlier.value, field) != getattr(line.value, field):
                    detail = f"'{earlier.text[field]}' on row {earlier.number}"
                    read.problems.append(
                        read.problem(line, field, CaseloadRule.CHILD_MISMATCH, detail)
                    )
        read.problems.extend(_lead_overlaps(read, lines))
    return replace(read, problems=read.ordered(read.problems))


def _lead_overlaps(
    read: ReadFile[AllocationRow], lines: list[Line[AllocationRow]]
) -> Iterator[Problem]:
    """Each of a child's lead allocations that starts on or before the end of an earlier one,
    taken in order of start."""
    leads = sorted(
        ((line, line.value) for line in lines if line.value and line.value.role == LEAD),
        key=lambda pair: (pair[1].start, pair[0].number),
    )
    latest: tuple[Line[AllocationRow], AllocationRow] | None = None
    for line, row in leads:
        if latest is not None and overlaps((latest[1].start, latest[1].end), (row.start, row.end)):
            yield read.problem(line, "start", CaseloadRule.OVERLAP, str(latest[0].number))
        if latest is None or (
            latest[1].end is not None and (row.end is None or row.end > latest[1].end)
        ):
            latest = (line, row)


def _professionals(data: bytes, filename: str) -> tuple[dict[str, tuple[str, int]], list[Problem]]:
    """Each professional's Social Work England number (normalised, '' if none) and row, by
    ``prof_professional_id``; and the file's problems, a professional ID given twice among
    them."""
    sheet = _sheet(data, filename, PROFESSIONAL_COLUMNS, others_allowed=True)
    found: dict[str, tuple[str, int]] = {}
    problems = list(sheet.problems)
    for number, raw in sheet.body:
        professional = cell_text(raw.get("prof_professional_id"))
        swe_number = normalise_swe_number(cell_text(raw.get("prof_social_worker_registration_no")))
        if professional in found:
            problems.append(
                _problem(
                    filename,
                    number,
                    sheet.columns["prof_professional_id"],
                    "prof_professional_id",
                    Rule.DUPLICATE_IN_FILE,
                    professional,
                    str(found[professional][1]),
                )
            )
        elif professional:
            found[professional] = (swe_number, number)
    return found, problems


def _role_key(role: str) -> str:
    """'Allocated_Case-Worker ' and 'ALLOCATED CASE WORKER' are the same role."""
    return " ".join(re.sub(r"[_\-]", " ", role).split()).casefold()


def _activity_row_checks(
    read: ReadFile[ActivityRow], line: Line[ActivityRow], values: Mapping[str, Any], today: dt.date
) -> Iterator[Problem]:
    """An assessment has its start and no visit's columns; a visit its date and no
    assessment's; authorisation not before the start; no date after ``today``."""
    kind = values.get("kind")
    if kind:
        needed, unwanted = (
            (("started",), ("visit_date", "worker_swe_number"))
            if kind == ASSESSMENT
            else (("visit_date",), ("started", "authorised"))
        )
        detail = "an assessment" if kind == ASSESSMENT else "a visit"
        for field in needed:
            if not line.text[field]:
                yield read.problem(line, field, CaseloadRule.NEEDED_FOR_KIND, detail)
        for field in unwanted:
            if line.text[field]:
                yield read.problem(line, field, CaseloadRule.NOT_FOR_KIND, detail)
    started, authorised = values.get("started"), values.get("authorised")
    if started and authorised and authorised < started:
        detail = f"the assessment's start ({started.isoformat()})"
        yield read.problem(line, "authorised", Rule.END_BEFORE_START, detail)
    for field in ("started", "authorised", "visit_date"):
        if (day := values.get(field)) and day > today:
            yield read.problem(line, field, CaseloadRule.FUTURE_DATE, today.isoformat())


def template_csv(columns: Sequence[Column]) -> str:
    """A template as CSV: the header row."""
    return csv_text([column.field for column in columns], [])


def template_xlsx(columns: Sequence[Column], *, sheet_name: str) -> bytes:
    """A template as an Excel workbook: the header row on ``sheet_name``, and a "Guidance"
    sheet describing every column (its codes spelt out)."""
    header = [column.field for column in columns]
    book = workbook([Sheet(sheet_name, header, []), guidance_sheet(columns)])
    sheet, guidance = book.worksheets
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet[f"{letter}1"].font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(12, len(column.field) + 4)
    for cells in guidance.iter_rows():
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return save(book)
