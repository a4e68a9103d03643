"""Spreadsheets beyond what an import reads are refused with a clear message (how quickly:
benchmarks/uploads.py)."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from csc_workforce.core.allocation_import import read_allocation_file
from csc_workforce.core.staff_import import FIELDS, MAX_ROWS, read_staff_file
from csc_workforce.core.uploads import MAX_UNZIPPED_BYTES, TooBig, check_workbook
from tests.conftest import TODAY
from tests.core.test_staff_import import xlsx_file


def without_dimension(data: bytes, *, references: bool = True) -> bytes:
    """The workbook as a writer that records no size would write it; without ``references``,
    its rows and cells not numbered either (the format allows it)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                start = content.index(b"<dimension")
                content = content[:start] + content[content.index(b"/>", start) + 2 :]
                if not references:
                    content = re.sub(rb' r="[A-Z]*\d+"', b"", content)
            target.writestr(info, content)
    return out.getvalue()


def messages(data: bytes, filename: str = "staff.xlsx") -> list[str]:
    return [problem.message for problem in read_staff_file(data, filename=filename).problems]


def test_a_zip_bomb_is_refused_by_the_size_its_directory_records() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/worksheets/sheet1.xml", b"\0" * (MAX_UNZIPPED_BYTES + 1))
    found = messages(out.getvalue())
    assert found == [
        "'staff.xlsx' would take 25 MB once unzipped, more than the 25 MB a workbook can: save "
        "only the sheet to import in a new workbook, without pictures"
    ]


def test_a_sheet_whose_cells_go_past_the_last_column_is_refused_unopened() -> None:
    data = xlsx_file(list(FIELDS), *([None] * 16383 + ["x"] for _ in range(3)))
    found = messages(data)
    assert found == [
        "The sheet 'Staff' says its cells go as far as XFD4, more than an import reads "
        "(10,000 rows below the header, 100 columns): split the file, or delete the empty rows "
        "and columns after the last one filled in"
    ]


def test_a_sheet_that_records_no_size_is_measured_before_it_is_opened() -> None:
    data = without_dimension(xlsx_file(list(FIELDS), ["Sam", "Okafor", *[None] * 200, "x"]))
    assert messages(data) == [
        "The sheet 'Staff' says its cells go as far as GU2, more than an import reads "
        "(10,000 rows below the header, 100 columns): split the file, or delete the empty rows "
        "and columns after the last one filled in"
    ]


def test_a_cell_past_the_last_column_is_found_as_the_sheet_is_read() -> None:
    cells = ["Sam", "Okafor", *["y"] * 200, "x"]
    data = without_dimension(xlsx_file(list(FIELDS), cells), references=False)
    assert messages(data) == [
        "Row 2, column GU: this row has a value further right than an import reads (100 "
        "columns): delete the columns after the last heading"
    ]


def test_too_many_rows_is_the_only_problem_and_comes_before_any_cell_is_checked() -> None:
    body = "".join(f"Given{n},Family{n},not-a-number\n" for n in range(MAX_ROWS + 1))
    found = messages(("given_name,family_name,swe_number\n" + body).encode(), "staff.csv")
    assert found == [
        f"Row {MAX_ROWS + 2}: the file has more than 10,000 rows of staff; split it into "
        "smaller ones"
    ]


def test_a_sheet_recording_no_size_is_read_as_far_as_one_row_past_the_limit() -> None:
    rows = [[f"Given{n}", f"Family{n}"] for n in range(MAX_ROWS + 5)]
    data = without_dimension(xlsx_file(["given_name", "family_name"], *rows), references=False)
    assert messages(data) == [
        f"Row {MAX_ROWS + 2}: the file has more than 10,000 rows of staff; split it into "
        "smaller ones"
    ]


def test_a_csv_row_past_the_last_column_and_an_unreadable_csv() -> None:
    wide = "given_name\n" + "x," * 150 + "y\n"
    assert messages(wide.encode(), "staff.csv") == [
        "Row 2, column EU: this row has a value further right than an import reads (100 "
        "columns): delete the columns after the last heading"
    ]
    long_cell = "given_name\n" + "x" * 200_000 + "\n"
    assert messages(long_cell.encode(), "staff.csv") == [
        "Row 2: the file cannot be read as CSV from this row on (a cell is too long, or a quote "
        "is not closed)"
    ]


def test_caseload_imports_are_bounded_the_same_way() -> None:
    data = xlsx_file(["cms_id"], *([None] * 200 + ["x"] for _ in range(2)), title="Allocations")
    problems = read_allocation_file(data, filename="allocations.xlsx", today=TODAY).problems
    assert [p.message for p in problems] == [
        "allocations.xlsx: The sheet 'Allocations' says its cells go as far as GS3, more than an "
        "import reads (10,000 rows below the header, 100 columns): split the file, or delete the "
        "empty rows and columns after the last one filled in"
    ]


def test_the_sheet_judged_is_the_one_to_be_read() -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Notes"
    first["XFD1"] = "far away"
    book.create_sheet("Staff").append(["given_name"])
    out = io.BytesIO()
    book.save(out)
    check_workbook(out.getvalue(), filename="f.xlsx", prefer="Staff", max_rows=10)
    with pytest.raises(TooBig):
        check_workbook(out.getvalue(), filename="f.xlsx", prefer="Other", max_rows=10)
