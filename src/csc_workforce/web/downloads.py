"""A page's table or tables as a download: CSV (the first sheet) or an Excel workbook (every
sheet), their cells made formula-safe by ``core.exports``."""

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
