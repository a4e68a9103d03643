"""Bulk import of staff into the register: the template, and reading and checking a filled-in
CSV or Excel file (``docs/register-import.md``).

One row per person, below a single header row of column names (``COLUMNS``). Columns are found
by name, in any order; optional columns may be left out. Every cell is checked and every problem
kept (``Problem``: the spreadsheet's own row number, the column's letter, the cell's text
and the rule broken), so one report lists all that needs fixing. What needs the register (team
names, Social Work England numbers already held) is checked by the web service that writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from csc_workforce.core import codes
from csc_workforce.core.clock import SystemClock
from csc_workforce.core.exports import Sheet, csv_text, save, workbook
from csc_workforce.core.problems import Problem
from csc_workforce.core.record_rules import FTE_PLACES, Record, record_problems
from csc_workforce.core.swe import is_valid_swe_number, normalise_swe_number
from csc_workforce.core.uploads import MAX_COLUMNS, MAX_UNZIPPED_BYTES, TooBig, check_workbook

MAX_ROWS = 10_000
"""Rows of staff one file may hold; split a larger register into several files."""

STAFF_SHEET = "Staff"
GUIDANCE_SHEET = "Guidance"


class Rule(StrEnum):
    """What a file, header or cell can get wrong; ``Problem.message`` says it in words."""

    FILE_TYPE = "file_type"
    NOT_XLSX = "not_xlsx"
    NOT_UTF8 = "not_utf8"
    NO_HEADER = "no_header"
    NO_ROWS = "no_rows"
    TOO_MANY_ROWS = "too_many_rows"
    MISSING_COLUMN = "missing_column"
    UNKNOWN_COLUMN = "unknown_column"
    DUPLICATE_COLUMN = "duplicate_column"
    NO_HEADING = "no_heading"
    REQUIRED = "required"
    CODE = "code"
    SWE_NUMBER = "swe_number"
    DATE = "date"
    REAL_DATE = "real_date"
    NUMBER = "number"
    DECIMAL_PLACES = "decimal_places"
    FTE_RANGE = "fte_range"
    END_BEFORE_START = "end_before_start"
    AGENCY_BLANK = "agency_blank"
    AGENCY_ONLY = "agency_only"
    LEAVER_REQUIRED = "leaver_required"
    LEAVER_ONLY = "leaver_only"
    DUPLICATE_IN_FILE = "duplicate_in_file"
    UNKNOWN_TEAM = "unknown_team"
    AMBIGUOUS_TEAM = "ambiguous_team"
    IN_REGISTER = "in_register"
    REGISTER = "register"
    NOT_CSV = "not_csv"
    TOO_MANY_COLUMNS = "too_many_columns"
    UNZIPPED_SIZE = "unzipped_size"
    SHEET_SIZE = "sheet_size"
    RECORD = "record"


_TEXT: dict[Rule, str] = {
    # Row 0, the file as a whole: sentences of their own.
    Rule.FILE_TYPE: "'{value}' is not a .csv or .xlsx file",
    Rule.NOT_XLSX: "'{value}' cannot be opened as an Excel workbook (.xlsx)",
    Rule.NO_ROWS: "The file has no rows of staff below the header row",
    Rule.UNZIPPED_SIZE: "'{value}' would take {detail} MB once unzipped, more than the "
    f"{MAX_UNZIPPED_BYTES // 1024 // 1024} MB a workbook can: save only the sheet to import in "
    "a new workbook, without pictures",
    Rule.SHEET_SIZE: "The sheet '{value}' says its cells go as far as {detail}: split the "
    "file, or delete the empty rows and columns after the last one filled in",
    # Row 1, the header.
    Rule.NO_HEADER: "the header row is blank; it must name the columns, as the template's does",
    Rule.MISSING_COLUMN: "the header has no {field} column, which is required",
    Rule.UNKNOWN_COLUMN: "'{value}' is not a column of the template",
    Rule.DUPLICATE_COLUMN: "'{value}' is also the heading of column {detail}",
    # Rows of staff, and their cells.
    Rule.NOT_UTF8: "the file is not UTF-8 text from this row on; save it as 'CSV UTF-8'",
    Rule.NOT_CSV: "the file cannot be read as CSV from this row on (a cell is too long, or a "
    "quote is not closed)",
    Rule.TOO_MANY_COLUMNS: f"this row has a value further right than an import reads "
    f"({MAX_COLUMNS} columns): delete the columns after the last heading",
    Rule.TOO_MANY_ROWS: "the file has more than {detail} rows of staff; split it into smaller ones",
    Rule.NO_HEADING: "'{value}' is in a column with no heading",
    Rule.REQUIRED: "this column must not be blank",
    Rule.CODE: "'{value}' is not one of the codes for {field}{detail}",
    Rule.SWE_NUMBER: "'{value}' is not a Social Work England number "
    "(2 letters then up to 10 digits, like SW123456)",
    Rule.DATE: "'{value}' is not a date: use an Excel date, or write YYYY-MM-DD or DD/MM/YYYY",
    Rule.REAL_DATE: "'{value}' is not a real date",
    Rule.NUMBER: "'{value}' is not a number",
    Rule.DECIMAL_PLACES: "'{value}' has more than {detail} decimal places",
    Rule.FTE_RANGE: "'{value}' must be more than 0 and no more than 1",
    Rule.END_BEFORE_START: "'{value}' is before the start_date ({detail})",
    Rule.AGENCY_BLANK: "'{value}' must be blank for an agency worker",
    Rule.AGENCY_ONLY: "'{value}' must be blank unless employment_type is agency",
    Rule.LEAVER_REQUIRED: "this column must not be blank when an employee has an end_date",
    Rule.LEAVER_ONLY: "'{value}' is only for someone who has left: fill in end_date too",
    Rule.DUPLICATE_IN_FILE: "'{value}' is also on row {detail}",
    Rule.UNKNOWN_TEAM: "'{value}' is not the name of a team in the register",
    Rule.AMBIGUOUS_TEAM: "'{value}' is the name of more than one team in the register",
    Rule.IN_REGISTER: "'{value}' is already someone's number in the register",
    Rule.REGISTER: "{detail}",
    Rule.RECORD: "{detail}",
}


def import_problem(
    row: int, column: str, field: str, value: str, rule: Rule | str, detail: str = ""
) -> Problem:
    """A ``Problem`` with a spreadsheet: ``row`` is the spreadsheet's own row number (the header
    is row 1; 0 for the file as a whole), ``column`` the Excel column letter ('' for a whole row
    or the file), ``field`` the template column's name ('' for a column that is not one),
    ``value`` the cell's text as read, ``rule`` a ``Rule``, and ``detail`` what the message needs
    besides (the other row, the codes allowed). The message reads like "Row 7, column D
    (date_of_birth): '31/02/1990' is not a real date"."""
    text = _TEXT[Rule(rule)].format(value=value, field=field, detail=detail)
    return Problem(
        row=row,
        field=field,
        rule=str(rule),
        message=located(text, row=row, column=column, field=field),
        column=column,
        value=value,
    )


def located(text: str, *, row: int, column: str, field: str) -> str:
    """``text`` after the row, column and field it concerns ("Row 7, column D (date_of_birth):
    …"); ``text`` alone for the file as a whole (row 0)."""
    if row == 0:
        return text
    where = f"Row {row}"
    if column:
        where += f", column {column}" + (f" ({field})" if field else "")
    return f"{where}: {text}"


class Kind(StrEnum):
    TEXT = "text"
    CODE = "code"
    SWE_NUMBER = "swe_number"
    DATE = "date"
    NUMBER = "number"


@dataclass(frozen=True)
class Column:
    """A column of the template: its name (the heading), what it holds, and how it is checked.

    ``codes`` (code -> label) for a code column; ``places``, the decimal places a number may
    have; ``when``, for an optional column that applies only sometimes, when it does.
    """

    field: str
    label: str
    kind: Kind
    required: bool
    guidance: str
    example: str = ""
    codes: Mapping[str, str] | None = None
    places: int = 0
    when: str = ""


EMPLOYMENT_TYPE = {"permanent": "Permanent", "fixed_term": "Fixed term", "agency": "Agency"}
"""``StaffMember.Employment``; an agency worker is not an employee."""

LOCAL_ROLE = {
    "social_worker": "Social worker",
    "asye": "Newly qualified social worker (ASYE)",
    "senior_practitioner": "Senior practitioner",
    "advanced_practitioner": "Advanced practitioner",
    "consultant_practitioner": "Consultant social worker",
    "practice_educator": "Practice educator",
    "team_manager": "Team manager",
    "service_manager": "Service manager",
    "head_of_service": "Head of service",
    "psw": "Principal social worker",
    "other": "Other",
}
"""``LocalRole``: local titles, beside the six CSWW organisational roles."""

ROLE_LEVEL = {str(level): label for level, label in codes.ORG_ROLE.items()}

AGENCY = "agency"
_CODE = "A code, or its label"
_DATE = "A date: an Excel date, or text as YYYY-MM-DD or DD/MM/YYYY"
_MONEY = "Pounds a year, like 38500 or £38,500.00"
_LEFT = "If an employee has left"

COLUMNS: tuple[Column, ...] = (
    Column("given_name", "Given name", Kind.TEXT, True, "Up to 100 characters", "Sam"),
    Column("family_name", "Family name", Kind.TEXT, True, "Up to 100 characters", "Okafor"),
    Column(
        "swe_number",
        "Social Work England number",
        Kind.SWE_NUMBER,
        True,
        "2 letters then up to 10 digits; no two people share one",
        "SW123456",
    ),
    Column("date_of_birth", "Date of birth", Kind.DATE, False, _DATE, "1990-02-28"),
    Column("sex", "Sex", Kind.CODE, False, _CODE, "F", codes.SEX),
    Column("ethnicity", "Ethnicity", Kind.CODE, False, _CODE, "WBRI", codes.ETHNICITY),
    Column(
        "qualification_level",
        "Level of social work qualification",
        Kind.CODE,
        False,
        _CODE,
        "1",
        codes.QUALIFICATION_LEVEL,
    ),
    Column(
        "qualifying_institution",
        "Qualifying institution",
        Kind.TEXT,
        False,
        "Up to 150 characters",
        "University of Leeds",
        when="For anyone in post from October 2020 to September 2024 (the census asked for it)",
    ),
    Column(
        "qualification_route",
        "Route into social work",
        Kind.CODE,
        False,
        _CODE,
        "frontline",
        codes.QUALIFICATION_ROUTE,
    ),
    Column("team", "Team", Kind.TEXT, True, "The team's name as in the register", "Team A"),
    Column(
        "role_level", "Role (CSWW organisational role)", Kind.CODE, True, _CODE, "5", ROLE_LEVEL
    ),
    Column("local_role", "Local role", Kind.CODE, True, _CODE, "social_worker", LOCAL_ROLE),
    Column("job_title", "Job title", Kind.TEXT, True, "Up to 100 characters", "Social worker"),
    Column("employment_type", "Employment", Kind.CODE, True, _CODE, "permanent", EMPLOYMENT_TYPE),
    Column(
        "fte",
        "FTE (full-time equivalent)",
        Kind.NUMBER,
        True,
        "More than 0 and no more than 1, up to 6 decimal places (0.8 for 4 days a week)",
        "0.8",
        places=FTE_PLACES,
    ),
    Column(
        "contract_weeks",
        "Contract weeks",
        Kind.NUMBER,
        False,
        "Length of the agency contract in weeks, up to 1 decimal place",
        places=1,
        when="Agency workers only",
    ),
    Column("base_salary", "Base salary (£ a year)", Kind.NUMBER, False, _MONEY, "38500", places=2),
    Column(
        "rr_payments",
        "Recruitment and retention payments (£ a year)",
        Kind.NUMBER,
        False,
        _MONEY,
        "2000",
        places=2,
    ),
    Column("start_date", "Start date", Kind.DATE, True, _DATE, "2021-09-01"),
    Column(
        "start_origin",
        "Where they came from (CSWW origin)",
        Kind.CODE,
        False,
        _CODE,
        "1",
        codes.START_ORIGIN,
        when="Employees who started on or after 1 October 2020",
    ),
    Column(
        "end_date",
        "Last day",
        Kind.DATE,
        False,
        _DATE + "; blank while still in post; not before start_date",
    ),
    Column(
        "reason_leave",
        "Reason for leaving",
        Kind.CODE,
        False,
        _CODE,
        codes=codes.REASON_LEAVE,
        when=_LEFT,
    ),
    Column(
        "leaver_destination",
        "Where they went",
        Kind.CODE,
        False,
        _CODE,
        codes=codes.LEAVER_DESTINATION,
        when=_LEFT,
    ),
    Column(
        "work_email",
        "Work email",
        Kind.TEXT,
        False,
        "An email address; survey and exit questionnaire links go to it",
        "sam.okafor@council.example",
    ),
)
FIELDS = tuple(column.field for column in COLUMNS)
_LEAVING_FIELDS = ("reason_leave", "leaver_destination")
_CODES_IN_MESSAGE = 6
"""Code lists up to this long are spelt out in a problem's message; longer ones point to the
Guidance sheet."""


@dataclass(frozen=True)
class StaffRow:
    """One person's row, every value checked and typed, named as the register's fields
    (``team`` is the team's name as written: the web service matches it to the register)."""

    given_name: str
    family_name: str
    swe_number: str
    date_of_birth: dt.date | None
    sex: str
    ethnicity: str
    qualification_level: str
    qualifying_institution: str
    qualification_route: str
    team: str
    role_level: int
    local_role: str
    job_title: str
    employment_type: str
    fte: Decimal
    contract_weeks: Decimal | None
    base_salary: Decimal | None
    rr_payments: Decimal | None
    start_date: dt.date
    start_origin: str
    end_date: dt.date | None
    reason_leave: str
    leaver_destination: str
    work_email: str = ""


@dataclass(frozen=True)
class SheetRow:
    """A row of staff as read: its row number, each template column's cell as text ('' when
    blank or the column is absent) and, when nothing in the row has a problem, its values."""

    number: int
    text: dict[str, str]
    staff: StaffRow | None


@dataclass(frozen=True)
class StaffFile:
    """A file read and checked: the letter of each template column in it, its rows of staff
    (blank rows left out) and every problem found, in order of row and column."""

    columns: dict[str, str]
    rows: list[SheetRow]
    problems: list[Problem]

    def problem(self, row: SheetRow, field: str, rule: str, detail: str = "") -> Problem:
        """A problem with ``row``'s cell in the column ``field`` ('' for the row as a whole)."""
        return import_problem(
            row=row.number,
            column=self.columns.get(field, ""),
            field=field,
            value=row.text.get(field, ""),
            rule=rule,
            detail=detail,
        )


class CellError(ValueError):
    """A cell that breaks ``rule`` (a ``Rule``, or an importer's own rule such as a
    ``CaseloadRule``); ``detail`` as for ``import_problem``."""

    def __init__(self, rule: str, detail: str = "") -> None:
        super().__init__(rule)
        self.rule = rule
        self.detail = detail


def cell_text(cell: object) -> str:
    """A cell's value as the text a person sees: numbers to 15 significant digits (as Excel shows
    them, so =0.1*3 is 0.3), an Excel date at midnight as YYYY-MM-DD, text without surrounding
    space; '' for an empty cell."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return format(cell, ".15g")
    if isinstance(cell, dt.datetime) and cell.time() == dt.time():
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)


def parse_date(cell: object) -> dt.date:
    """An Excel date (its time of day ignored), or text as YYYY-MM-DD or DD/MM/YYYY (day first,
    as in the UK). ``CellError`` DATE for anything else, REAL_DATE for a day that does not exist,
    like 31/02/1990."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = cell_text(cell)
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := _UK_DATE.fullmatch(text):
        day, month, year = match.groups()
    else:
        raise CellError(Rule.DATE)
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError as error:
        raise CellError(Rule.REAL_DATE) from error


_PLAIN_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)", re.ASCII)
_POUNDS = re.compile(r"£?\d{1,3}(,\d{3})+(\.\d+)?|£(\d+(\.\d*)?|\.\d+)", re.ASCII)


def parse_number(cell: object) -> Decimal:
    """An Excel number (to 15 significant digits, as Excel shows it), or text as a decimal
    number, like 0.8 or -2, or an amount of money with a £ sign or thousands commas, like
    £38,500.00. ``CellError`` NUMBER for anything else."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        number = Decimal(cell_text(cell))
    elif isinstance(cell, str) and _PLAIN_NUMBER.fullmatch(cell.strip()):
        number = Decimal(cell.strip())
    elif isinstance(cell, str) and _POUNDS.fullmatch(cell.strip()):
        number = Decimal(cell.strip().replace("£", "").replace(",", ""))
    else:
        raise CellError(Rule.NUMBER)
    if not number.is_finite():  # an Excel cell never holds one, but a float can
        raise CellError(Rule.NUMBER)
    return number


def parse_code(text: str, code_list: Mapping[str, str]) -> str:
    """The code for ``text``: a code or its label, in any case. ``CellError`` CODE otherwise."""
    wanted = text.casefold()
    for code, label in code_list.items():
        if wanted in (code.casefold(), label.casefold()):
            return code
    if len(code_list) <= _CODES_IN_MESSAGE:
        allowed = ", ".join(f"{code} ({label})" for code, label in code_list.items())
        raise CellError(Rule.CODE, f": {allowed}")
    raise CellError(Rule.CODE, " (see the Guidance sheet of the template)")


def read_staff_file(data: bytes, *, filename: str, today: dt.date | None = None) -> StaffFile:
    """Read and check a filled-in template: a .csv file (UTF-8, with or without a byte-order
    mark) or an .xlsx workbook (its "Staff" sheet, else its first). Nothing is raised for bad
    input: every problem is in ``StaffFile.problems``. A file with more than ``MAX_ROWS`` rows
    of staff gets that one problem, before any cell is checked. ``today`` (the system clock's
    day unless given) bounds the dates, as the register's rules do."""
    try:
        rows = read_rows(data, filename=filename, prefer=STAFF_SHEET)
    except Unreadable as error:
        return StaffFile({}, [], [error.problem])
    if (beyond := row_beyond_limit(rows)) is not None:
        return StaffFile({}, [], [import_problem(beyond, "", "", "", Rule.TOO_MANY_ROWS, LIMIT)])
    return _check(rows[0] if rows else [], rows[1:], today or SystemClock().today())


LIMIT = f"{MAX_ROWS:,}"


class Unreadable(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def read_rows(data: bytes, *, filename: str, prefer: str) -> list[Sequence[object]]:
    """The cells of a .csv file, or of an .xlsx workbook's sheet ``prefer`` (else its first),
    by row, as far as one filled row past ``MAX_ROWS`` below the header. ``Unreadable`` for a
    file of another type, one that cannot be read, or one beyond the bounds of
    ``core.uploads``."""
    suffix = filename.lower().rpartition(".")[2]
    if suffix == "csv":
        return csv_rows(data)
    if suffix == "xlsx":
        return xlsx_rows(data, filename, prefer=prefer)
    raise Unreadable(import_problem(0, "", "", filename, Rule.FILE_TYPE))


def row_beyond_limit(rows: Sequence[Sequence[object]]) -> int | None:
    """The number of the first row past ``MAX_ROWS`` filled rows below the header, if any."""
    filled = 0
    for number, cells in enumerate(rows[1:], start=2):
        filled += any(cell_text(cell) for cell in cells)
        if filled > MAX_ROWS:
            return number
    return None


_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


def csv_rows(data: bytes) -> list[Sequence[object]]:
    """A CSV file's cells by row, as far as one filled row past ``MAX_ROWS`` below the header;
    ``Unreadable`` for a file that is not UTF-8 or not CSV, or a row of more than
    ``MAX_COLUMNS`` cells."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        value = repr(data[error.start : error.end])[2:-1]
        raise Unreadable(import_problem(row, "", "", value, Rule.NOT_UTF8)) from error
    # Line by line from the text itself: a StringIO would hold it again, four bytes a character.
    reader = csv.reader(match.group(0) for match in _LINE.finditer(text))
    rows: list[Sequence[object]] = []
    try:
        return _bounded(enumerate(reader, start=1), rows)
    except csv.Error as error:
        raise Unreadable(import_problem(len(rows) + 1, "", "", "", Rule.NOT_CSV)) from error


def _bounded(
    numbered: Iterable[tuple[int, Sequence[object]]], rows: list[Sequence[object]]
) -> list[Sequence[object]]:
    """``rows`` with the rows read added, as far as one filled row past ``MAX_ROWS`` below the
    header; ``Unreadable`` for a row with a cell past ``MAX_COLUMNS``."""
    filled = 0
    for number, cells in numbered:
        if len(cells) > MAX_COLUMNS and any(cell_text(cell) for cell in cells[MAX_COLUMNS:]):
            last = max(i for i, cell in enumerate(cells) if cell_text(cell))
            letter = get_column_letter(last + 1)
            raise Unreadable(import_problem(number, letter, "", "", Rule.TOO_MANY_COLUMNS))
        rows.append(tuple(cells[:MAX_COLUMNS]))
        filled += any(cell_text(cell) for cell in rows[-1])
        if filled > MAX_ROWS + 1:  # the header, a full file, and one row more
            break
    return rows


def workbook_refusal(data: bytes, *, filename: str, prefer: str) -> Problem | None:
    """Why an .xlsx workbook is refused before it is opened, if it is: it would unzip to too
    much, or its sheet ``prefer`` (else the first) says it goes past the bounds
    (``core.uploads``). Milliseconds, whatever the file."""
    try:
        check_workbook(data, filename=filename, prefer=prefer, max_rows=MAX_ROWS + 1)
    except TooBig as error:
        detail = error.detail
        if error.rule == Rule.SHEET_SIZE:
            detail += f", more than an import reads ({MAX_ROWS:,} rows below the header, "
            detail += f"{MAX_COLUMNS} columns)"
        return import_problem(0, "", "", error.value, error.rule, detail)
    return None


def xlsx_rows(data: bytes, filename: str, *, prefer: str = STAFF_SHEET) -> list[Sequence[object]]:
    """The cells of the sheet ``prefer`` (else the first) by row, as ``csv_rows``; also
    ``Unreadable`` for a workbook that would unzip to too much or whose sheet says it goes past
    the bounds (``core.uploads``), before it is opened."""
    if (refused := workbook_refusal(data, filename=filename, prefer=prefer)) is not None:
        raise Unreadable(refused)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # whatever stops an uploaded workbook being read is its fault
        raise Unreadable(import_problem(0, "", "", filename, Rule.NOT_XLSX)) from error
    try:
        names = workbook.sheetnames
        sheet = workbook[prefer if prefer in names else names[0]]
        sheet.reset_dimensions()  # some writers record a wrong size: read what is there
        return _bounded(enumerate(sheet.iter_rows(values_only=True), start=1), [])
    except Unreadable:
        raise
    except Exception as error:
        raise Unreadable(import_problem(0, "", "", filename, Rule.NOT_XLSX)) from error
    finally:
        workbook.close()


def normalise_heading(text: str) -> str:
    """'Date of birth' and ' date_of_birth ' both name ``date_of_birth``."""
    return re.sub(r"[\s\-]+", "_", text.strip().casefold())


def _check(header: Sequence[object], body: Sequence[Sequence[object]], today: dt.date) -> StaffFile:
    """Check the header, then each row not wholly blank, then the rows against each other."""
    if not any(cell_text(cell) for cell in header):
        return StaffFile({}, [], [import_problem(1, "", "", "", Rule.NO_HEADER)])
    problems: list[Problem] = []
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        heading, letter = cell_text(cell), get_column_letter(index + 1)
        name = normalise_heading(heading)
        if not heading:
            continue
        if name not in FIELDS:
            problems.append(import_problem(1, letter, "", heading, Rule.UNKNOWN_COLUMN))
        elif name in positions:
            first = get_column_letter(positions[name] + 1)
            problems.append(import_problem(1, letter, name, heading, Rule.DUPLICATE_COLUMN, first))
        else:
            positions[name] = index
    missing = [c.field for c in COLUMNS if c.required and c.field not in positions]
    problems += [import_problem(1, "", field, "", Rule.MISSING_COLUMN) for field in missing]
    read = StaffFile({field: get_column_letter(i + 1) for field, i in positions.items()}, [], [])
    typed: dict[int, StaffRow] = {}
    for number, cells in enumerate(body, start=2):
        if all(cell_text(cell) == "" for cell in cells):
            continue
        problems += [
            import_problem(number, get_column_letter(i + 1), "", cell_text(cell), Rule.NO_HEADING)
            for i, cell in enumerate(cells)
            if cell_text(cell) and (i >= len(header) or not cell_text(header[i]))
        ]
        raw = {field: cells[i] if i < len(cells) else None for field, i in positions.items()}
        row = SheetRow(number, {field: cell_text(raw.get(field)) for field in FIELDS}, None)
        read.rows.append(row)
        values, row_problems = _check_row(read, row, raw, today)
        problems += row_problems
        if not row_problems and not missing:
            typed[number] = StaffRow(**values)
    if not read.rows:
        problems.append(import_problem(0, "", "", "", Rule.NO_ROWS))
    problems += _duplicate_swe_numbers(read)
    flagged = {problem.row for problem in problems}
    rows = [
        SheetRow(row.number, row.text, typed.get(row.number) if row.number not in flagged else None)
        for row in read.rows
    ]
    return StaffFile(read.columns, rows, sorted(problems, key=Problem.sort_key))


def _check_row(
    read: StaffFile, row: SheetRow, raw: dict[str, object], today: dt.date
) -> tuple[dict[str, Any], list[Problem]]:
    """The row's typed values and its problems: each cell, then the rules across cells."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for column in COLUMNS:
        text = row.text[column.field]
        if not text:
            values[column.field] = None if column.kind in (Kind.DATE, Kind.NUMBER) else ""
            if column.required and column.field in read.columns:
                problems.append(read.problem(row, column.field, Rule.REQUIRED))
            continue
        try:
            values[column.field] = _parse(column, raw.get(column.field), text)
        except CellError as error:
            problems.append(read.problem(row, column.field, error.rule, error.detail))
    broken = {problem.field or "" for problem in problems}
    problems += [
        read.problem(row, field, rule, detail)
        for field, rule, detail in _cross_checks(values, broken, today)
    ]
    return values, problems


def _parse(column: Column, cell: object, text: str) -> object:
    """A cell's typed value; ``text`` is the cell as text, not blank."""
    if column.codes is not None:
        code = parse_code(text, column.codes)
        return int(code) if column.field == "role_level" else code
    if column.kind is Kind.SWE_NUMBER:
        swe_number = normalise_swe_number(text)
        if not is_valid_swe_number(swe_number):
            raise CellError(Rule.SWE_NUMBER)
        return swe_number
    if column.kind is Kind.DATE:
        return parse_date(cell)
    if column.kind is Kind.NUMBER:
        number = parse_number(cell)
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > column.places:
            raise CellError(Rule.DECIMAL_PLACES, str(column.places))
        if column.field == "fte" and not 0 < number <= 1:
            raise CellError(Rule.FTE_RANGE)
        return number
    return text


_DATE_RULES = frozenset({"end_before_start", "born_in_future", "under_age", "too_far_ahead"})


def _cross_checks(
    values: dict[str, Any], broken: set[str], today: dt.date
) -> Iterator[tuple[str, Rule, str]]:
    """The rules between a row's cells, as (column, rule, detail), among cells themselves fine:
    the register's own (``core.record_rules``, as the services apply them), so that nothing
    imported makes a census return fail. Without a readable employment type, only the rules
    of dates are checked."""
    employment = values.get("employment_type")
    record = Record(
        employee=employment != AGENCY,
        start_date=values.get("start_date"),
        end_date=values.get("end_date"),
        date_of_birth=values.get("date_of_birth"),
        start_origin=values.get("start_origin") or "",
        reason_leave=values.get("reason_leave") or "",
        leaver_destination=values.get("leaver_destination") or "",
        fte=values.get("fte"),
        base_salary=values.get("base_salary"),
        rr_payments=values.get("rr_payments"),
        contract_weeks=values.get("contract_weeks"),
        swe_number=values.get("swe_number") or "",
        qualifying_institution=values.get("qualifying_institution") or "",
    )
    for problem in record_problems(record, today=today):
        if problem.field in broken or (not employment and problem.rule not in _DATE_RULES):
            continue
        if problem.rule == Rule.END_BEFORE_START:
            yield problem.field, Rule.END_BEFORE_START, values["start_date"].isoformat()
        elif problem.rule in Rule.__members__.values():
            yield problem.field, Rule(problem.rule), ""
        else:
            yield problem.field, Rule.RECORD, problem.message


def _duplicate_swe_numbers(read: StaffFile) -> list[Problem]:
    """Each row after the first that gives the same Social Work England number."""
    first: dict[str, int] = {}
    problems = []
    for row in read.rows:
        number = normalise_swe_number(row.text["swe_number"])
        if not is_valid_swe_number(number):
            continue
        if number in first:
            detail = str(first[number])
            problems.append(read.problem(row, "swe_number", Rule.DUPLICATE_IN_FILE, detail))
        else:
            first[number] = row.number
    return problems


def template_csv() -> str:
    """The template as CSV: the header row."""
    return csv_text(FIELDS, [])


GUIDANCE_HEADER = ("Column", "Heading", "What it is", "Required", "What to enter", "Example")


def guidance_sheet(columns: Sequence[Column]) -> Sheet:
    """A template's Guidance sheet: for each column its letter, heading, what it is, whether it
    is required, what to enter (codes spelt out) and an example."""
    rows = []
    for index, column in enumerate(columns, start=1):
        enter = column.guidance
        if column.codes is not None:
            enter += ":\n" + "\n".join(f"{code} = {label}" for code, label in column.codes.items())
        required = "Yes" if column.required else column.when or "No"
        rows.append(
            [get_column_letter(index), column.field, column.label, required, enter, column.example]
        )
    return Sheet(GUIDANCE_SHEET, GUIDANCE_HEADER, rows)


def template_xlsx() -> bytes:
    """The template as an Excel workbook: a "Staff" sheet with the header row, each code column
    offering its codes in a drop-down list, and a "Guidance" sheet describing every column."""
    book = workbook([Sheet(STAFF_SHEET, FIELDS, []), guidance_sheet(COLUMNS)])
    staff, guidance = book.worksheets
    staff.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        staff[f"{letter}1"].font = Font(bold=True)
        staff.column_dimensions[letter].width = max(12, len(column.field) + 4)
        if column.codes is not None:
            choices = DataValidation(
                type="list",
                formula1='"' + ",".join(column.codes) + '"',
                allow_blank=True,
                errorStyle="warning",
                errorTitle=column.field,
                error=f"Choose one of the codes for {column.field}: see the Guidance sheet",
            )
            choices.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            staff.add_data_validation(choices)
    for cell in guidance[1]:
        cell.font = Font(bold=True)
    for cells in guidance.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEF", (8, 24, 36, 22, 70, 18), strict=True):
        guidance.column_dimensions[letter].width = width
    return save(book)
