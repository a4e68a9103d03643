"""What an uploaded spreadsheet may hold, judged before it is read.

An .xlsx file is a zip of XML parts. A small file can unzip to gigabytes (a "zip bomb"), and a
sheet with one cell in its last column makes every row 16,384 cells wide when read, so a
1.4 MB workbook could take a web worker past 2 GB. Before a workbook is opened, the sizes its zip
directory records are added up, and the sheet to be read is asked how far its cells go (its
``<dimension>``, the first thing in the sheet's XML); both are compared with the bounds here, in
milliseconds. Reading then streams row by row and still stops at the bounds, as a writer may
record no dimension or a wrong one.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from posixpath import join, normpath

from defusedxml.ElementTree import fromstring, iterparse
from openpyxl.utils import column_index_from_string

MAX_COLUMNS = 100
"""Columns an import reads: the widest template has 23, and a file may carry others."""
MAX_UNZIPPED_BYTES = 25 * 1024 * 1024
"""The most a workbook may unzip to: a full 10,000-row template is about 10 MB. Reading one
keeps its text in memory, so this bounds a web worker's memory (benchmarks/uploads.py)."""

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CELL = re.compile(r"([A-Z]{1,3})(\d+)")


class TooBig(ValueError):
    """A workbook beyond the bounds: ``rule`` says which, ``value`` and ``detail`` for the
    message (the file or sheet, and the size or the last cell)."""

    def __init__(self, rule: str, value: str, detail: str) -> None:
        super().__init__(f"{rule}: {value} ({detail})")
        self.rule, self.value, self.detail = rule, value, detail


@dataclass(frozen=True)
class Extent:
    """How far a sheet says its cells go: its last cell, like ``W10001``."""

    sheet: str
    last_cell: str
    rows: int
    columns: int


def check_workbook(data: bytes, *, filename: str, prefer: str, max_rows: int) -> None:
    """Raise ``TooBig`` if the workbook ``data`` would unzip to more than
    ``MAX_UNZIPPED_BYTES`` ("unzipped_size"), or the sheet to be read (``prefer`` if there is one
    of that name, else the first) says it has more than ``max_rows`` rows or ``MAX_COLUMNS``
    columns ("sheet_size"). A file that is not a zip, or a workbook without the parts looked
    at, passes: opening it will say what is wrong."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return
    with archive:
        unzipped = sum(info.file_size for info in archive.infolist())
        if unzipped > MAX_UNZIPPED_BYTES:
            raise TooBig("unzipped_size", filename, f"{unzipped / 1024 / 1024:,.0f}")
        extent = sheet_extent(archive, prefer=prefer)
    if extent is not None and (extent.rows > max_rows or extent.columns > MAX_COLUMNS):
        raise TooBig("sheet_size", extent.sheet, extent.last_cell)


def sheet_extent(archive: zipfile.ZipFile, *, prefer: str) -> Extent | None:
    """The extent the sheet to be read declares; None when it declares none."""
    try:
        workbook = fromstring(archive.read("xl/workbook.xml"))
        relations = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, SyntaxError):
        return None
    targets = {rel.get("Id"): rel.get("Target", "") for rel in relations}
    sheets = [
        (sheet.get("name", ""), targets.get(sheet.get(_RELATIONSHIP), ""))
        for sheet in workbook.iter(f"{_MAIN}sheet")
    ]
    if not sheets:
        return None
    name, target = next((s for s in sheets if s[0] == prefer), sheets[0])
    part = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
    try:
        ref = _dimension(archive, part) or _scanned(archive, part)
    except (KeyError, SyntaxError):
        return None
    last = _CELL.fullmatch(ref.split(":")[-1].replace("$", "")) if ref else None
    if last is None:
        return None
    column, row = last.groups()
    return Extent(name, last.group(0), int(row), column_index_from_string(column))


_ROW_OR_CELL = re.compile(rb'<(?:\w+:)?(row|c)\b[^>]*?\br="([A-Z]*)(\d+)"')


def _scanned(archive: zipfile.ZipFile, part: str) -> str:
    """For a sheet that records no dimension (some writers leave it out): its last cell, found
    by scanning the XML for rows' and cells' references without parsing it, a megabyte at a
    time (a tenth of a second for the largest allowed)."""
    last_row, last_column = 0, b""
    tail = b""
    with archive.open(part) as source:
        while chunk := source.read(1024 * 1024):
            text = tail + chunk
            for kind, column, row in _ROW_OR_CELL.findall(text):
                last_row = max(last_row, int(row))
                if kind == b"c" and (len(column), column) > (len(last_column), last_column):
                    last_column = column
            tail = text[-200:]
    return f"{last_column.decode() or 'A'}{last_row}" if last_row else ""


def _dimension(archive: zipfile.ZipFile, part: str) -> str:
    """The sheet's ``<dimension ref>``, read from the start of its XML, or ''."""
    with archive.open(part) as source:
        for _, element in iterparse(source, events=("start",)):
            if element.tag == f"{_MAIN}dimension":
                return str(element.get("ref", ""))
            if element.tag == f"{_MAIN}sheetData":
                return ""
    return ""
