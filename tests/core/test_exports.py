"""Exports: no cell of a CSV or Excel file the service writes can be a formula."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from csc_workforce.core.exports import Sheet, csv_text, neutralise, xlsx_bytes

SRC = Path(__file__).resolve().parents[2] / "src" / "csc_workforce"


def test_text_starting_with_a_formula_character_gets_a_quote_in_front() -> None:
    # OWASP, CSV injection: =, +, -, @, tab and carriage return.
    for text in ("=1+1", "+44 20", "-drift", "@SUM(A1)", "\t=cmd", "\r=cmd"):
        assert neutralise(text) == "'" + text
    assert neutralise("drift, neglect") == "drift, neglect"
    assert neutralise("") == ""
    assert neutralise(-5) == -5
    assert neutralise(Decimal("-0.5")) == Decimal("-0.5")
    assert neutralise(None) is None


def test_text_that_is_a_plain_number_is_kept() -> None:
    # A signed number read back from a file as text is no formula; a sum is.
    for text in ("-1.5", "+3", "-0"):
        assert neutralise(text) == text
    for text in ("-1+1", "+3,0", "-1.5e3", "-", "+"):
        assert neutralise(text) == "'" + text


def test_a_csv_holds_the_neutralised_text() -> None:
    text = csv_text(["theme", "count"], [['=HYPERLINK("http://x.invalid")', 3], ["neglect", -1]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["theme", "count"],
        ['\'=HYPERLINK("http://x.invalid")', "3"],
        ["neglect", "-1"],
    ]


def test_an_excel_sheet_stores_text_as_text_and_numbers_as_numbers() -> None:
    data = xlsx_bytes(
        [Sheet("Audits", ["theme", "count", "on"], [["=1+1", 3, dt.date(2025, 9, 30)]])]
    )
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    theme, count, on = sheet[2]
    assert (theme.value, theme.data_type) == ("'=1+1", "s")
    assert (count.value, count.data_type) == (3, "n")
    assert on.value == dt.datetime(2025, 9, 30)
    assert sheet.title == "Audits"


def test_control_characters_a_workbook_cannot_hold_are_left_out() -> None:
    data = xlsx_bytes([Sheet("Notes", ["note"], [["a\x00b\x07c"]])])
    assert load_workbook(io.BytesIO(data)).worksheets[0]["A2"].value == "abc"


@given(st.lists(st.text(max_size=20), min_size=1, max_size=5))
def test_no_cell_read_back_from_a_csv_starts_a_formula(cells: list[str]) -> None:
    """A cell may start with a sign only when it is a plain signed number, which no
    spreadsheet runs as a formula ("-0", "+3.5")."""
    for row in csv.reader(io.StringIO(csv_text(["a"] * len(cells), [cells]), newline="")):
        for cell in row:
            if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
                assert re.fullmatch(r"[+-][0-9]+(\.[0-9]+)?", cell)


@given(st.text(max_size=30))
def test_no_excel_text_cell_is_a_formula(text: str) -> None:
    sheet = load_workbook(io.BytesIO(xlsx_bytes([Sheet("S", ["a"], [[text]])]))).worksheets[0]
    cell = sheet["A2"]
    assert cell.data_type != "f"
    assert not str(cell.value or "").startswith(("=", "+", "-", "@"))


def test_every_csv_and_excel_file_is_written_here() -> None:
    """Nothing else makes a csv writer or a workbook (the readers only read)."""
    writers = re.compile(r"csv\.(writer|DictWriter)\(|Workbook\(\)")
    found = {
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if writers.search(path.read_text()) and path.name != "exports.py"
    }
    assert not found
