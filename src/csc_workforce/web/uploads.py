"""The largest file the service reads (``CSCW_MAX_UPLOAD_MB``), in the browser and on the command
line alike.

A request larger than the limit is refused before it is read (``UploadLimitMiddleware``); a
form's file field refuses a file over it with a GOV.UK message; a command refuses a file over it
before opening it. What a spreadsheet may hold once opened (rows, columns, its size unzipped) is
``core.uploads``'.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.management.base import CommandError

from csc_workforce.core.staff_import import workbook_refusal
from csc_workforce.web.env import too_large

MB = 1024 * 1024
FORM_ALLOWANCE = MB
"""Room in a request for a form's other fields besides its file."""


def upload_limit_mb() -> int:
    """The largest upload allowed, in MB."""
    return int(settings.CSCW_MAX_UPLOAD_MB)


def upload_limit() -> int:
    """The largest upload allowed, in bytes."""
    return upload_limit_mb() * MB


def within_upload_limit(file: UploadedFile) -> None:
    """A file field's validator: the file is no larger than the limit."""
    if (file.size or 0) > upload_limit():
        raise ValidationError(
            f"The selected file must be smaller than {settings.CSCW_MAX_UPLOAD_MB} MB",
            code="too_large",
        )


def within_spreadsheet_bounds(file: UploadedFile, *, prefer: str = "") -> None:
    """An .xlsx file within what an import reads (``core.uploads``), judged before it is opened,
    so that a workbook beyond the bounds is refused on the form at once."""
    if not (file.name or "").lower().endswith(".xlsx"):
        return
    refused = workbook_refusal(file.read(), filename=file.name or "", prefer=prefer)
    file.seek(0)
    if refused is not None:
        raise ValidationError(refused.message, code="too_large")


def check_upload(path: Path) -> None:
    """A file named on the command line is no larger than the limit (CommandError if it is)."""
    refusal = too_large(path, limit_mb=upload_limit_mb())
    if refusal is not None:
        raise CommandError(refusal)


def read_upload(path: Path) -> bytes:
    """A file named on the command line, refused unread if it is missing or too large."""
    if not path.is_file():
        raise CommandError(f"No such file: {path}")
    check_upload(path)
    return path.read_bytes()
