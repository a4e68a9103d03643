"""Every CSV and Excel file the service writes goes through here, so that none can carry a
spreadsheet formula.

A spreadsheet takes a cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return before one) as a formula, which can run commands or send data away when the file
is opened (OWASP, "CSV injection"). Text that starts with any of them is written with a single
quote in front, as OWASP advises, and Excel cells holding text are stored as text, never as a
formula. Numbers, dates and true/false stay what they are, and so does text that is a plain
number ("-1.5" in a file read back as text): only other text can be a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

Cell = str | int | float | Decimal | dt.date | bool | None
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def neutralise(value: Cell) -> Cell:
    """``value`` safe to put in a spreadsheet cell: text starting with a formula character gets
    a single quote in front, unless it is a plain number; anything else is unchanged."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def csv_text(
    header: Sequence[Cell], rows: Iterable[Sequence[Cell]], *, ending: str = "\r\n"
) -> str:
    """A header and rows as CSV text, every cell neutralised ('' for None), each row followed
    by ``ending``.

    Rows are written with CRLF, which has the csv module quote every cell holding a CR or an LF,
    and that CRLF is then replaced: written with LF alone, a cell holding a lone CR is not quoted.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    lines = []
    for row in (header, *rows):
        writer.writerow("" if cell is None else neutralise(cell) for cell in row)
        lines.append(buffer.getvalue().removesuffix("\r\n") + ending)
        buffer.seek(0)
        buffer.truncate()
    return "".join(lines)


def _append_row(sheet: Worksheet, row: Sequence[Cell]) -> None:
    """Add ``row`` below the last row of ``sheet``: text neutralised and stored as text (less the
    control characters a workbook cannot hold), other values as they are."""
    sheet.append([_xlsx_value(cell) for cell in row])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _xlsx_value(cell: Cell) -> Cell:
    if isinstance(cell, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", cell))
    if isinstance(cell, Decimal):
        return float(cell)
    return cell


@dataclass(frozen=True)
class Sheet:
    title: str
    header: Sequence[Cell]
    rows: Iterable[Sequence[Cell]]


def workbook(sheets: Sequence[Sheet]) -> Workbook:
    """An Excel workbook of ``sheets``, each its header row then its rows, every cell written
    safely; to style before ``save``."""
    book = Workbook()
    book.remove(book.worksheets[0])
    for sheet in sheets:
        written = book.create_sheet(sheet.title)
        _append_row(written, sheet.header)
        for row in sheet.rows:
            _append_row(written, row)
    return book


def save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An Excel file of ``sheets`` (``workbook``)."""
    return save(workbook(sheets))
