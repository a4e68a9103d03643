"""A page's table or tables as a download: CSV (the first sheet) or an Excel workbook (every
sheet), their cells made formula-safe by ``core.exports``; or a CSV file already written by it
and kept (``csv_download``)."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpResponse

from csc_workforce.core.exports import Sheet, csv_text, xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheets_download(name: str, fmt: str, sheets: Sequence[Sheet]) -> HttpResponse:
    """``name``.csv holding the first of ``sheets`` when ``fmt`` is "csv", else ``name``.xlsx
    holding them all."""
    if fmt == "csv":
        first = sheets[0]
        response = HttpResponse(csv_text(first.header, first.rows), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def csv_download(name: str, text: str) -> HttpResponse:
    """``name``.csv holding ``text``, a CSV file written earlier by ``core.exports`` and kept as
    it was (a return as sent), served as ``sheets_download`` serves a CSV."""
    response = HttpResponse(text, content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
