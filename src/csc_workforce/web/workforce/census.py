"""CSWW tasks run in the background for the census page (docs/csww.md): validate, summarise,
import and export, each showing its progress. The export and import themselves are
``csww_io``."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection

from csc_workforce.core.csww import summary, validate_file
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.recorder import acting_as

from .csww_io import csww_export, csww_import
from .models import CensusJob

logger = logging.getLogger(__name__)
SUMMARY_LABELS = {
    "year": "Reporting year",
    "valid": "Valid",
    "error_count": "Errors",
    "inpost_headcount": "Social workers in post (headcount)",
    "inpost_fte": "Social workers in post (FTE)",
    "starters_headcount": "Starters (headcount)",
    "starters_fte": "Starters (FTE)",
    "leavers_headcount": "Leavers (headcount)",
    "leavers_fte": "Leavers (FTE)",
    "agency_headcount": "Agency workers (headcount)",
    "agency_fte": "Agency workers (FTE)",
    "agency_cover_fte": "Agency workers covering vacancies (FTE)",
    "vacancy_fte": "Vacancies (FTE)",
    "case_holders_fte": "Case holders (FTE)",
    "cases": "Cases held on 30 September",
    "caseload_fte": "Average caseload",
    "working_days_lost_fte": "Working days lost to sickness",
    "turnover_rate_fte": "Turnover rate (%)",
    "agency_rate_fte": "Agency worker rate (%)",
    "agency_cover_rate_fte": "Agency workers covering vacancies (%)",
    "vacancy_rate_fte": "Vacancy rate (%)",
    "vacancy_agency_cover_rate_fte": "Vacancies covered by agency workers (%)",
    "absence_rate_fte": "Sickness absence rate (%)",
}
"""Plain names for the figures of ``cscw csww summary``, in its order."""
Progress = Callable[[str], None]


def census_job_start(
    *, kind: str, by: User, upload: bytes | None = None, filename: str = "", year: int | None = None
) -> CensusJob:
    """Queue a CSWW task and start it in the background (inline when ``CSCW_RUN_JOBS_INLINE``,
    as in tests); its page shows the progress."""
    job = CensusJob.objects.create(
        kind=kind, created_by=by, upload=upload, filename=filename[:255], year=year
    )
    if settings.CSCW_RUN_JOBS_INLINE:
        census_job_run(job.pk)
    else:
        threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start()
    return job


def _run_in_thread(pk: int) -> None:
    try:
        census_job_run(pk)
    finally:
        connection.close()


def census_job_run(pk: int) -> None:
    """Run a queued task, recording each step; the uploaded file is deleted once read."""
    job = CensusJob.objects.get(pk=pk)
    CensusJob.objects.filter(pk=pk).update(status=CensusJob.Status.RUNNING, step="Starting")

    def progress(step: str) -> None:
        CensusJob.objects.filter(pk=pk).update(step=step[:200])

    try:
        with acting_as(job.created_by, AuditEvent.Source.WEB):
            result, output = _run(job, progress)
    except Exception:
        logger.exception("CSWW task %s failed", pk)  # the traceback names no person
        CensusJob.objects.filter(pk=pk).update(
            status=CensusJob.Status.FAILED, step="Something went wrong", upload=None
        )
        return
    CensusJob.objects.filter(pk=pk).update(
        status=CensusJob.Status.DONE, step="Finished", result=result, output=output, upload=None
    )


def _run(job: CensusJob, progress: Progress) -> tuple[dict[str, object], bytes | None]:
    if job.kind == CensusJob.Kind.EXPORT:
        exported = csww_export(year=job.year or 0, progress=progress)
        found = exported.report.as_dict() | {"missing": exported.missing}
        return found, exported.xml.encode() if exported.valid else None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "return.xml"
        path.write_bytes(bytes(job.upload or b""))
        if job.kind == CensusJob.Kind.IMPORT:
            imported = csww_import(path=path, by=job.created_by, year=job.year, progress=progress)
            counts = {"created": imported.created, "updated": imported.updated}
            return imported.report.as_dict() | counts, None
        progress("Checking the return against the schema and DfE's rules")
        report = validate_file(path, year=job.year)
        result = report.as_dict() | {"file": job.filename}
        if job.kind == CensusJob.Kind.SUMMARY and report.csww is not None:
            progress("Counting as DfE counts")
            result["summary"] = summary(report)
        return result, None


TASKS_KEPT_FOR = dt.timedelta(days=7)
"""How long a census task keeps its returned file and findings (they hold SWE numbers and
other personal data); the row itself stays as a record that the task ran."""


def census_jobs_purge(*, now: dt.datetime) -> int:
    """Delete the files and findings of census tasks older than ``TASKS_KEPT_FOR``, and stop
    tasks still waiting or running after a day (a restart ended them). Returns the tasks
    purged."""
    stale = CensusJob.objects.filter(
        status__in=[CensusJob.Status.QUEUED, CensusJob.Status.RUNNING],
        created_at__lt=now - dt.timedelta(days=1),
    ).update(status=CensusJob.Status.FAILED, step="Stopped: the service restarted", upload=None)
    old = CensusJob.objects.filter(created_at__lt=now - TASKS_KEPT_FOR).exclude(result={})
    purged = old.update(upload=None, output=None, result={})
    return stale + purged
