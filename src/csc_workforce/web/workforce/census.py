"""CSWW tasks run in the background for the census page (docs/csww.md): validate, summarise,
import and export, each showing its progress. The export and import themselves are
``csww_io``."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import cast

from django.contrib.auth.models import User

from csc_workforce.core import measures
from csc_workforce.core.csww import summary, validate_file
from csc_workforce.web.tasks.services import problems_kept, task_run, task_start, tasks_tidy

from .csww_io import csww_export, csww_import
from .models import CensusJob

SUMMARY_LABELS = {
    "year": "Reporting year",
    "valid": "Passes the schema and DfE's rules",
    "error_count": "Errors",
} | measures.labels(measures.CSWW)
"""Names for the figures of ``cscw csww summary``: its own, then the catalogue's."""


def summary_rows(summary: dict[str, object]) -> list[tuple[str, object]]:
    """The figures of a return's summary as its page shows them: each named, yes or no for a
    check, a measure rounded as the catalogue rounds it, DfE's symbols (z, u, x) as they are,
    and None left for the page to mark."""

    def shown(name: str, value: object) -> object:
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if name in measures.CATALOGUE and isinstance(value, int | float):
            return measures.CATALOGUE[name].shown(value)
        return value

    return [(SUMMARY_LABELS.get(name, name), shown(name, value)) for name, value in summary.items()]


Progress = Callable[[str], None]


def census_job_start(
    *, kind: str, by: User, upload: bytes | None = None, filename: str = "", year: int | None = None
) -> CensusJob:
    """Queue a CSWW task for the worker (``tasks.services``); its page shows the progress."""
    job = CensusJob.objects.create(
        kind=kind, created_by=by, upload=upload, filename=filename[:255], year=year
    )
    task_start(job)
    return job


def census_job_run(pk: int) -> None:
    """Run a queued task, recording each step; the uploaded file is deleted once it finishes."""
    task_run(CensusJob, pk, _run)


def _run(job: CensusJob, progress: Progress) -> dict[str, object]:
    if job.kind == CensusJob.Kind.EXPORT:
        exported = csww_export(year=job.year or 0, progress=progress)
        found = exported.report.as_dict() | {"missing": exported.missing}
        return {"result": _kept(found), "output": exported.xml.encode() if exported.valid else None}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "return.xml"
        path.write_bytes(bytes(job.upload or b""))
        if job.kind == CensusJob.Kind.IMPORT:
            imported = csww_import(path=path, by=job.created_by, year=job.year, progress=progress)
            counts = {"created": imported.created, "updated": imported.updated}
            return {"result": _kept(imported.report.as_dict() | counts)}
        progress("Checking the return against the schema and DfE's rules")
        report = validate_file(path, year=job.year)
        result = report.as_dict() | {"file": job.filename}
        if job.kind == CensusJob.Kind.SUMMARY and report.csww is not None:
            progress("Counting as DfE counts")
            result["summary"] = summary(report)
        return {"result": _kept(result)}


def _kept(result: dict[str, object]) -> dict[str, object]:
    """A report with its first problems (``errors``, queries included) and how many errors,
    queries and problems in all: a return with millions of problems would otherwise be stored
    whole."""
    problems = cast(list[dict[str, object]], result.get("errors", []))
    errors = sum(problem.get("severity") == "error" for problem in problems)
    kept = problems_kept(problems)
    return result | {
        "errors": kept["problems"],
        "problem_count": kept["problem_count"],
        "error_count": errors,
    }


def census_jobs_purge(*, now: dt.datetime) -> int:
    """Mark failed the tasks whose worker died, and delete the files and findings of those
    older than a week (they hold SWE numbers and other personal data); ``tasks_tidy``."""
    return tasks_tidy(CensusJob, now=now)
