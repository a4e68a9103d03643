"""Reading and checking a filled-in staff template; expected rows, columns and messages are
written out by hand from the template's column order (A given_name … W leaver_destination)."""

import csv
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core import staff_import
from csc_workforce.core.problems import Problem
from csc_workforce.core.staff_import import (
    COLUMNS,
    FIELDS,
    CellError,
    Rule,
    StaffFile,
    StaffRow,
    cell_text,
    import_problem,
    parse_date,
    parse_number,
    read_staff_file,
    template_csv,
    template_xlsx,
)

GOOD = {
    "given_name": "Sam",
    "family_name": "Okafor",
    "swe_number": "SW123456",
    "date_of_birth": "1990-02-28",
    "sex": "F",
    "ethnicity": "WBRI",
    "qualification_level": "1",
    "qualifying_institution": "University of Leeds",
    "qualification_route": "frontline",
    "team": "Team A",
    "role_level": "5",
    "local_role": "social_worker",
    "job_title": "Social worker",
    "employment_type": "permanent",
    "fte": "0.8",
    "contract_weeks": "",
    "base_salary": "38500",
    "rr_payments": "2000",
    "start_date": "2021-09-01",
    "start_origin": "1",
    "end_date": "",
    "reason_leave": "",
    "leaver_destination": "",
    "work_email": "sam.okafor@council.example",
}
LETTER = dict(zip(FIELDS, "ABCDEFGHIJKLMNOPQRSTUVWX", strict=True))

SAM = StaffRow(
    given_name="Sam",
    family_name="Okafor",
    swe_number="SW123456",
    date_of_birth=dt.date(1990, 2, 28),
    sex="F",
    ethnicity="WBRI",
    qualification_level="1",
    qualifying_institution="University of Leeds",
    qualification_route="frontline",
    team="Team A",
    role_level=5,
    local_role="social_worker",
    job_title="Social worker",
    employment_type="permanent",
    fte=Decimal("0.8"),
    contract_weeks=None,
    base_salary=Decimal(38500),
    rr_payments=Decimal(2000),
    start_date=dt.date(2021, 9, 1),
    start_origin="1",
    end_date=None,
    reason_leave="",
    leaver_destination="",
    work_email="sam.okafor@council.example",
)


def person(**changes: str) -> dict[str, str]:
    """A row with no problems (``GOOD``), changed; each person gets their own SWE number."""
    return {**GOOD, **changes}


def csv_file(*rows: dict[str, str], header: list[str] | None = None, bom: bool = False) -> bytes:
    out = io.StringIO()
    names = header or list(FIELDS)
    writer = csv.writer(out)
    writer.writerow(names)
    for row in rows:
        writer.writerow([row.get(name, "") for name in names])
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def xlsx_file(*rows: list[object], title: str = "Staff") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def read(*rows: dict[str, str]) -> StaffFile:
    return read_staff_file(csv_file(*rows), filename="staff.csv")


def found(staff_file: StaffFile) -> list[tuple[int, str, str, str, str]]:
    return [(p.row, p.column, p.field, p.value, p.rule) for p in staff_file.problems]


def test_a_good_row_is_read_into_typed_values() -> None:
    result = read(GOOD)
    assert result.problems == []
    assert [(row.number, row.staff) for row in result.rows] == [(2, SAM)]
    assert result.rows[0].text == GOOD
    assert result.columns == LETTER


def test_a_byte_order_mark_is_not_part_of_the_first_heading() -> None:
    result = read_staff_file(csv_file(GOOD, bom=True), filename="staff.csv")
    assert result.problems == []
    assert result.rows[0].staff == SAM


def test_excel_dates_and_numbers_are_read_as_excel_holds_them() -> None:
    row: list[object] = [GOOD[name] for name in FIELDS]
    row[FIELDS.index("date_of_birth")] = dt.datetime(1990, 2, 28)
    row[FIELDS.index("start_date")] = dt.datetime(2021, 9, 1, 9, 30)  # time of day ignored
    row[FIELDS.index("role_level")] = 5
    row[FIELDS.index("fte")] = 0.1 * 8  # 0.8000000000000002, shown by Excel as 0.8
    row[FIELDS.index("base_salary")] = 38500.0
    row[FIELDS.index("rr_payments")] = 2000
    row[FIELDS.index("start_origin")] = 1
    result = read_staff_file(xlsx_file(list(FIELDS), row), filename="staff.xlsx")
    assert result.problems == []
    assert result.rows[0].staff == SAM


def test_dates_may_be_text_in_either_format_in_excel_too() -> None:
    row: list[object] = [GOOD[name] for name in FIELDS]
    row[FIELDS.index("date_of_birth")] = "28/02/1990"
    row[FIELDS.index("start_date")] = "2021-09-01"
    result = read_staff_file(xlsx_file(list(FIELDS), row), filename="STAFF.XLSX")
    assert result.rows[0].staff == SAM


def test_the_staff_sheet_is_read_wherever_it_is_else_the_first_sheet() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["not the register"])
    sheet = workbook.create_sheet("Staff")
    sheet.append(list(FIELDS))
    sheet.append([GOOD[name] for name in FIELDS])
    out = io.BytesIO()
    workbook.save(out)
    assert read_staff_file(out.getvalue(), filename="s.xlsx").rows[0].staff == SAM
    other = xlsx_file(list(FIELDS), [GOOD[name] for name in FIELDS], title="Sheet1")
    assert read_staff_file(other, filename="s.xlsx").rows[0].staff == SAM


def test_headings_are_found_by_name_in_any_order_and_case() -> None:
    header = ["Family name", "GIVEN_NAME", *[name for name in FIELDS if "_name" not in name]]
    data = {**GOOD, "Family name": "Okafor", "GIVEN_NAME": "Sam"}
    result = read_staff_file(csv_file(data, header=header), filename="staff.csv")
    assert result.problems == []
    assert result.rows[0].staff == SAM
    assert (result.columns["family_name"], result.columns["given_name"]) == ("A", "B")


def test_optional_columns_may_be_left_out() -> None:
    """The required columns, and those the census needs for this person: the qualifying
    institution (in post in 2021 to 2024) and the origin (an employee who started since October
    2020)."""
    required = [column.field for column in COLUMNS if column.required]
    needed = [*required, "qualifying_institution", "start_origin"]
    result = read_staff_file(csv_file(GOOD, header=needed), filename="staff.csv")
    assert result.problems == []
    assert result.rows[0].staff is not None
    assert result.rows[0].staff.swe_number == "SW123456"
    assert result.rows[0].staff.date_of_birth is None


def test_a_missing_required_column_is_a_problem_of_the_header() -> None:
    header = [name for name in FIELDS if name != "team"]
    result = read_staff_file(csv_file(GOOD, header=header), filename="staff.csv")
    assert found(result) == [(1, "", "team", "", "missing_column")]
    assert result.problems[0].message == ("Row 1: the header has no team column, which is required")
    assert result.rows[0].staff is None


def test_unknown_and_repeated_headings_are_problems() -> None:
    header = [*FIELDS, "date_of_brith", "sex"]
    result = read_staff_file(csv_file(GOOD, header=header), filename="staff.csv")
    assert found(result) == [
        (1, "Y", "", "date_of_brith", "unknown_column"),
        (1, "Z", "sex", "sex", "duplicate_column"),
    ]
    assert [p.message for p in result.problems] == [
        "Row 1, column Y: 'date_of_brith' is not a column of the template",
        "Row 1, column Z (sex): 'sex' is also the heading of column E",
    ]


def test_a_value_in_a_column_with_no_heading_is_a_problem() -> None:
    header = ",".join([*FIELDS, ""])
    row = ",".join([*(GOOD[name] for name in FIELDS), "extra"])
    result = read_staff_file(f"{header}\r\n{row}\r\n".encode(), filename="staff.csv")
    assert found(result) == [(2, "Y", "", "extra", "no_heading")]
    assert result.problems[0].message == "Row 2, column Y: 'extra' is in a column with no heading"
    assert result.rows[0].staff is None


def test_a_blank_header_row() -> None:
    result = read_staff_file(b"\r\n" + csv_file(GOOD), filename="staff.csv")
    assert found(result) == [(1, "", "", "", "no_header")]
    assert read_staff_file(b"", filename="staff.csv").problems[0].rule == Rule.NO_HEADER


def test_a_template_with_nobody_in_it() -> None:
    result = read_staff_file(template_xlsx(), filename="staff_template.xlsx")
    assert [p.message for p in result.problems] == [
        "The file has no rows of staff below the header row"
    ]


def test_blank_rows_are_skipped_and_rows_keep_the_spreadsheets_numbers() -> None:
    data = csv_file(GOOD, {}, person(swe_number="SW2", sex="X"))
    result = read_staff_file(data, filename="staff.csv")
    assert [row.number for row in result.rows] == [2, 4]
    assert found(result) == [(4, "E", "sex", "X", "code")]
    gap = xlsx_file(list(FIELDS), [GOOD[n] for n in FIELDS], [], [None, "Okafor"])
    assert found(read_staff_file(gap, filename="staff.xlsx"))[0][:3] == (4, "A", "given_name")


@pytest.mark.parametrize("field", [column.field for column in COLUMNS if column.required])
def test_required_cells(field: str) -> None:
    result = read(person(**{field: "  "}))
    assert found(result) == [(2, LETTER[field], field, "", "required")]
    assert result.problems[0].message == (
        f"Row 2, column {LETTER[field]} ({field}): this column must not be blank"
    )
    assert result.rows[0].staff is None


@pytest.mark.parametrize("field", [column.field for column in COLUMNS if column.codes is not None])
def test_codes(field: str) -> None:
    result = read(person(**{field: "99"}))
    assert (2, LETTER[field], field, "99", "code") in found(result)


def test_a_code_message_lists_short_lists_and_points_to_the_guidance_for_long_ones() -> None:
    result = read(person(sex="X", ethnicity="ZZZZ"))
    assert [p.message for p in result.problems] == [
        "Row 2, column E (sex): 'X' is not one of the codes for sex: M (Male), F (Female)",
        "Row 2, column F (ethnicity): 'ZZZZ' is not one of the codes for ethnicity "
        "(see the Guidance sheet of the template)",
    ]


def test_a_code_may_be_given_by_its_label_in_any_case() -> None:
    result = read(person(sex="female", role_level="Case holder", employment_type="PERMANENT"))
    assert result.rows[0].staff == SAM


def test_no_code_or_label_stands_for_two_codes() -> None:
    for column in COLUMNS:
        meanings: dict[str, set[str]] = {}
        for code, label in (column.codes or {}).items():
            for name in (code, label):
                meanings.setdefault(name.casefold(), set()).add(code)
        assert all(len(codes) == 1 for codes in meanings.values()), column.field


def test_swe_numbers() -> None:
    result = read(person(swe_number="S123"), person(swe_number=" sw777 "))
    assert found(result) == [(2, "C", "swe_number", "S123", "swe_number")]
    assert result.problems[0].message == (
        "Row 2, column C (swe_number): 'S123' is not a Social Work England number "
        "(2 letters then up to 10 digits, like SW123456)"
    )
    assert result.rows[1].staff is not None
    assert result.rows[1].staff.swe_number == "SW777"


def test_a_swe_number_given_twice_is_a_problem_on_the_later_rows() -> None:
    result = read(GOOD, person(swe_number="sw2"), person(swe_number="sw123456"), GOOD)
    assert found(result) == [
        (4, "C", "swe_number", "sw123456", "duplicate_in_file"),
        (5, "C", "swe_number", "SW123456", "duplicate_in_file"),
    ]
    assert result.problems[0].message == "Row 4, column C (swe_number): 'sw123456' is also on row 2"
    assert [row.staff is not None for row in result.rows] == [True, True, False, False]


@pytest.mark.parametrize(
    ("fte", "rule"),
    [
        ("1", ""),
        ("0.001", ""),
        (".5", ""),
        ("0", "fte_range"),
        ("1.001", "fte_range"),
        ("-0.5", "fte_range"),
        ("0.8333", ""),
        ("0.8333333", "decimal_places"),
        ("four days", "number"),
        ("80%", "number"),
    ],
)
def test_fte(fte: str, rule: str) -> None:
    result = read(person(fte=fte))
    assert found(result) == ([(2, "O", "fte", fte, rule)] if rule else [])


def test_number_messages() -> None:
    result = read(person(fte="1.5", base_salary="£38,500.50", rr_payments="2000.005"))
    assert [p.message for p in result.problems] == [
        "Row 2, column O (fte): '1.5' must be more than 0 and no more than 1",
        "Row 2, column R (rr_payments): '2000.005' has more than 2 decimal places",
    ]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("28/02/1990", ""),
        ("1990-2-28", ""),
        ("31/02/1990", "real_date"),
        ("1990-13-01", "real_date"),
        ("1990.02.28", "date"),
        ("28/02/90", "date"),
        ("28 February 1990", "date"),
    ],
)
def test_dates(text: str, rule: str) -> None:
    result = read(person(date_of_birth=text))
    assert found(result) == ([(2, "D", "date_of_birth", text, rule)] if rule else [])


def test_the_date_messages() -> None:
    result = read(person(date_of_birth="31/02/1990", start_date="1 Sept 2021"))
    assert [p.message for p in result.problems] == [
        "Row 2, column D (date_of_birth): '31/02/1990' is not a real date",
        "Row 2, column S (start_date): '1 Sept 2021' is not a date: use an Excel date, "
        "or write YYYY-MM-DD or DD/MM/YYYY",
    ]


def test_the_end_is_not_before_the_start() -> None:
    leaver = {"reason_leave": "1", "leaver_destination": "1"}
    assert read(person(end_date="2021-09-01", **leaver)).problems == []
    result = read(person(end_date="31/08/2021", **leaver))
    assert [p.message for p in result.problems] == [
        "Row 2, column U (end_date): '31/08/2021' is before the start_date (2021-09-01)"
    ]


def test_an_employee_who_has_left_has_a_reason_and_a_destination() -> None:
    result = read(person(end_date="2024-03-31"))
    assert found(result) == [
        (2, "V", "reason_leave", "", "leaver_required"),
        (2, "W", "leaver_destination", "", "leaver_required"),
    ]
    assert result.problems[0].message == (
        "Row 2, column V (reason_leave): this column must not be blank when an employee has "
        "an end_date"
    )
    left = read(person(end_date="2024-03-31", reason_leave="1", leaver_destination="8"))
    assert left.rows[0].staff is not None
    assert left.rows[0].staff.end_date == dt.date(2024, 3, 31)


def test_a_reason_or_destination_needs_an_end_date() -> None:
    result = read(person(reason_leave="1", leaver_destination="8"))
    assert found(result) == [
        (2, "V", "reason_leave", "1", "leaver_only"),
        (2, "W", "leaver_destination", "8", "leaver_only"),
    ]


def test_agency_workers_have_no_origin_reason_or_destination() -> None:
    agency = person(employment_type="agency", contract_weeks="26", start_origin="")
    assert read(agency).problems == []
    assert read({**agency, "end_date": "2022-03-01"}).problems == []
    result = read({**agency, "start_origin": "4", "reason_leave": "1", "leaver_destination": "3"})
    assert found(result) == [
        (2, "T", "start_origin", "4", "agency_blank"),
        (2, "V", "reason_leave", "1", "agency_blank"),
        (2, "W", "leaver_destination", "3", "agency_blank"),
    ]
    assert result.problems[0].message == (
        "Row 2, column T (start_origin): '4' must be blank for an agency worker"
    )


def test_only_agency_workers_have_contract_weeks() -> None:
    result = read(person(contract_weeks="26"))
    assert [p.message for p in result.problems] == [
        "Row 2, column P (contract_weeks): '26' must be blank unless employment_type is agency"
    ]


def test_every_problem_in_the_file_is_reported_in_row_then_column_order() -> None:
    result = read(
        person(fte="2", given_name=""),
        GOOD,
        person(swe_number="SW9", sex="Q", start_date="2021-02-30"),
    )
    assert [(p.row, p.column) for p in result.problems] == [
        (2, "A"),
        (2, "O"),
        (3, "C"),
        (4, "E"),
        (4, "S"),
    ]
    assert [row.staff is not None for row in result.rows] == [False, False, False]


def test_column_letters_go_on_past_z() -> None:
    header = ["", "", "", "", "", *FIELDS]  # five unnamed, empty columns first
    data = person(reason_leave="1", leaver_destination="8")
    result = read_staff_file(csv_file(data, header=header), filename="staff.csv")
    assert result.columns["end_date"] == "Z"
    assert found(result) == [
        (2, "AA", "reason_leave", "1", "leaver_only"),
        (2, "AB", "leaver_destination", "8", "leaver_only"),
    ]
    assert result.problems[1].message.startswith("Row 2, column AB (leaver_destination): ")
    late = import_problem(2, "AA", "", "", Rule.REQUIRED)
    early = import_problem(2, "Z", "", "", Rule.REQUIRED)
    assert sorted([late, early], key=Problem.sort_key) == [early, late]


def test_files_that_cannot_be_read() -> None:
    assert [p.message for p in read_staff_file(b"x", filename="staff.pdf").problems] == [
        "'staff.pdf' is not a .csv or .xlsx file"
    ]
    assert [p.message for p in read_staff_file(b"x", filename="staff.xlsx").problems] == [
        "'staff.xlsx' cannot be opened as an Excel workbook (.xlsx)"
    ]
    latin1 = csv_file(GOOD, person(given_name="Zoë", swe_number="")).decode().encode("latin-1")
    result = read_staff_file(latin1, filename="staff.csv")
    assert found(result) == [(3, "", "", "\\xeb", "not_utf8")]
    assert result.problems[0].message == (
        "Row 3: the file is not UTF-8 text from this row on; save it as 'CSV UTF-8'"
    )


def test_a_file_too_long_is_a_problem_after_its_last_allowed_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(staff_import, "MAX_ROWS", 2)
    rows = [person(swe_number=f"SW{n}") for n in range(4)]
    assert found(read(*rows)) == [(4, "", "", "", "too_many_rows")]
    sheet = xlsx_file(list(FIELDS), *[[row[name] for name in FIELDS] for row in rows])
    result = read_staff_file(sheet, filename="staff.xlsx")
    # The workbook says how far its cells go, so it is refused before it is opened.
    assert [p.message for p in result.problems] == [
        "The sheet 'Staff' says its cells go as far as X5, more than an import reads (2 rows "
        "below the header, 100 columns): split the file, or delete the empty rows and columns "
        "after the last one filled in"
    ]


def test_as_dict_is_what_the_json_report_shows() -> None:
    problem = read(person(date_of_birth="31/02/1990")).problems[0]
    assert problem.as_dict() == {
        "row": 2,
        "column": "D",
        "field": "date_of_birth",
        "value": "31/02/1990",
        "rule": "real_date",
        "message": "Row 2, column D (date_of_birth): '31/02/1990' is not a real date",
        "file": "",
        "record": None,
        "severity": "error",
        "where": "row",
    }


def test_the_csv_template_is_the_header_row() -> None:
    assert template_csv() == ",".join(FIELDS) + "\r\n"
    assert read_staff_file(template_csv().encode(), filename="t.csv").problems[0].rule == (
        Rule.NO_ROWS
    )


def test_the_excel_template_has_the_header_guidance_and_code_lists() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    assert workbook.sheetnames == ["Staff", "Guidance"]
    staff = workbook["Staff"]
    assert [cell.value for cell in staff[1]] == list(FIELDS)
    assert staff.max_row == 1
    lists = {str(dv.sqref): dv.formula1 for dv in staff.data_validations.dataValidation}
    assert lists["E2:E10001"] == '"M,F"'
    assert lists["K2:K10001"] == '"1,2,3,4,5,6"'
    assert lists["N2:N10001"] == '"permanent,fixed_term,agency"'
    assert len(lists) == sum(column.codes is not None for column in COLUMNS)
    guidance = list(workbook["Guidance"].iter_rows(values_only=True))
    assert guidance[0] == (
        "Column",
        "Heading",
        "What it is",
        "Required",
        "What to enter",
        "Example",
    )
    assert [(row[1], row[0]) for row in guidance[1:]] == list(LETTER.items())
    by_field = {row[1]: row for row in guidance[1:]}
    assert by_field["sex"][3:] == ("No", "A code, or its label:\nM = Male\nF = Female", "F")
    assert by_field["team"][3] == "Yes"
    assert by_field["reason_leave"][3] == "If an employee has left"
    assert by_field["contract_weeks"][3] == "Agency workers only"
    assert "10 = Not yet collected" in by_field["start_origin"][4]


def test_the_guidance_examples_fill_in_a_good_row() -> None:
    example = {column.field: column.example for column in COLUMNS}
    assert read(example).problems == []


# The cell parser, for any value.


@given(st.dates())
def test_any_date_is_read_back_in_both_formats_and_as_an_excel_date(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d/%m/") + f"{day.year:04d}") == day
    assert parse_date(dt.datetime.combine(day, dt.time(13, 5))) == day
    assert parse_date(f"  {day.isoformat()} ") == day


def outcome(parse: Callable[[object], object], cell: object) -> object:
    """What ``parse`` makes of ``cell``: its value, or the rule it says the cell breaks."""
    try:
        return parse(cell)
    except CellError as error:
        return error.rule


@given(st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none()))
def test_a_cell_is_a_date_or_a_named_problem(cell: object) -> None:
    result = outcome(parse_date, cell)
    assert isinstance(result, dt.date) or result in (Rule.DATE, Rule.REAL_DATE)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4))
def test_any_decimal_written_as_text_is_read_back(number: Decimal) -> None:
    assert parse_number(str(number)) == number
    assert parse_number(f"{number:f}") == number


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_an_excel_number_is_read_as_excel_shows_it(number: float) -> None:
    assert parse_number(number) == Decimal(format(number, ".15g"))
    assert cell_text(number) == format(number, ".15g")


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_pounds_with_commas_are_read(pounds: int, pence: int) -> None:
    expected = Decimal(f"{pounds}.{pence:02d}")
    assert parse_number(f"£{pounds:,}.{pence:02d}") == expected
    assert parse_number(f"{pounds:,}.{pence:02d}") == expected


@given(st.one_of(st.text(), st.floats(), st.booleans(), st.none(), st.dates()))
def test_a_cell_is_a_finite_number_or_a_named_problem(cell: object) -> None:
    result = outcome(parse_number, cell)
    if isinstance(result, Decimal):
        assert result.is_finite()
        assert isinstance(cell, str | float)
    else:
        assert result is Rule.NUMBER
