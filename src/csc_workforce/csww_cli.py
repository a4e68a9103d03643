"""``cscw csww validate`` and ``cscw csww summary``: reading a return needs no database, so
``cli.main`` runs these two here, without starting Django (its apps, system checks and what they
import), and the ``csww`` management command uses the same arguments and output.

``validate --summary`` validates once and prints DfE's figures after the verdict, so a file is
read once for both. Reading a return keeps its figures (the summary: the verdict's counts and
DfE's measures, no record of a person) under ``var/csww/``, named by the SHA-256 of the file,
the ``--year`` given and the code that read it; ``summary`` of a file read before prints them
without reading it again, so ``validate`` then ``summary`` costs one reading. The
``CACHE_KEPT`` most recent are kept.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csc_workforce.core.problems import write_problems
from csc_workforce.web.env import MAX_UPLOAD_MB, env_int, too_large, var_dir

if TYPE_CHECKING:
    from csc_workforce.core.csww import Report

READING = ("validate", "summary")
"""The actions that only read a file."""


@dataclass
class Output:
    """What a reading action prints: lines for standard output and for standard error, and,
    when it fails, the message it exits 1 with."""

    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)
    failure: str | None = None


def add_reading_arguments(actions: Any) -> None:
    """The ``validate`` and ``summary`` sub-commands on ``actions`` (argparse sub-parsers)."""
    validate = actions.add_parser(
        "validate",
        help="check a return; exit 0 when it has no errors (queries alone are fine), else 1",
    )
    validate.add_argument(
        "--summary",
        action="store_true",
        help="also print DfE's figures for the return (as 'summary' does), reading it once",
    )
    summarise = actions.add_parser(
        "summary", help="DfE's figures for a well-formed return, valid or not"
    )
    for sub, default in ((validate, "text"), (summarise, "json")):
        sub.add_argument("file", help="the CSWW XML return")
        sub.add_argument(
            "--year",
            type=int,
            help="the reporting year, used only if the header has no Year or ReferenceDate",
        )
        sub.add_argument("--format", choices=["text", "json"], default=default)


def read(action: str, file: str, *, year: int | None, format: str, with_summary: bool) -> Output:
    """Validate (and summarise) ``file`` as ``cscw csww ACTION`` does. The file's size is
    checked by the caller. ``summary`` of a file whose figures are kept prints them unread
    (polars and the schemas are not even imported)."""
    key = cache_key(file, year=year)
    if action == "summary" and (kept := kept_figures(key)) is not None:
        return figures_output(kept, format)
    from csc_workforce.core.csww import summary, validate_file

    report = validate_file(file, year=year)
    figures = summary(report) if report.csww is not None else None
    if figures is not None:
        keep_figures(key, figures)
    if action == "validate":
        return validated(report, format, figures=figures if with_summary else None)
    return summarised(report, format, figures)


def validated(report: Report, format: str, *, figures: dict[str, object] | None = None) -> Output:
    """``validate``'s output for ``report``: the problems and the count (text) or the verdict
    (JSON), then the ``figures`` if given (as lines, or the JSON's ``summary``)."""
    output = Output()
    if format == "json":
        verdict = report.as_dict()
        if figures is not None:
            verdict["summary"] = figures
        output.out.append(json.dumps(verdict, indent=2))
    else:
        write_problems(output.out.append, report.problems)
        queries = len(report.problems) - len(report.errors)
        output.out.append(
            f"{report.file}: {len(report.errors)} error(s), {queries} query(ies)"
            + (f" in the {report.year} return" if report.year else "")
        )
        if figures is not None:
            output.out.extend(_figure_lines(figures))
    if not report.valid:
        output.failure = f"{report.file} is not a valid CSWW return"
    return output


def summarised(report: Report, format: str, figures: dict[str, object] | None) -> Output:
    """``summary``'s output for ``report``: DfE's ``figures``, or (None for a file that cannot
    be read as a return) why there are none."""
    if figures is not None:
        return figures_output(figures, format)
    output = Output()
    if format == "json":
        output.out.append(json.dumps(report.as_dict(), indent=2))
    else:
        write_problems(output.err.append, report.problems)
    output.failure = f"{report.file} cannot be read as a CSWW return"
    return output


def figures_output(figures: dict[str, object], format: str) -> Output:
    """``summary``'s output for a readable return's figures."""
    output = Output()
    if format == "json":
        output.out.append(json.dumps(figures, indent=2))
    else:
        output.out.extend(_figure_lines(figures))
    return output


CACHE_KEPT = 20
"""How many returns' figures are kept (the most recently read)."""


def cache_dir() -> Path:
    return var_dir() / "csww"


def cache_key(file: str, *, year: int | None) -> str:
    """The SHA-256 of the file's bytes, the ``--year`` given and the code that reads a return
    (so that a changed rule or figure is never answered from before the change)."""
    digest = hashlib.sha256(f"{_code_digest()}:{year}:".encode())
    with open(file, "rb") as data:
        digest.update(hashlib.file_digest(data, "sha256").digest())
    return digest.hexdigest()


@cache
def _code_digest() -> str:
    """The SHA-256 of the core's source and the census data (schemas, code lists), which
    decide the verdict and the figures."""
    package = Path(__file__).resolve().parent
    files = sorted([*(package / "core").rglob("*.py"), *(package / "data" / "csww").rglob("*")])
    digest = hashlib.sha256()
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def kept_figures(key: str) -> dict[str, object] | None:
    """The figures kept for ``key``, if any (an unreadable entry counts as none)."""
    try:
        kept = json.loads((cache_dir() / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return kept if isinstance(kept, dict) else None


def keep_figures(key: str, figures: dict[str, object]) -> None:
    """Keep ``figures`` for ``key`` (written whole, then renamed into place, so that a reader
    never sees part of it), and drop all but the ``CACHE_KEPT`` newest. A directory that cannot
    be written to keeps nothing."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, part = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as written:
                json.dump(figures, written)
            os.replace(part, folder / f"{key}.json")
        finally:
            Path(part).unlink(missing_ok=True)
        kept = sorted(folder.glob("*.json"), key=lambda path: path.stat().st_mtime, reverse=True)
        for old in kept[CACHE_KEPT:]:
            old.unlink(missing_ok=True)
    except OSError:
        return


def _figure_lines(figures: dict[str, object]) -> list[str]:
    return [f"{name}: {'-' if value is None else value}" for name, value in figures.items()]


def run(argv: list[str]) -> int | None:
    """Run ``cscw csww validate|summary …`` (``argv`` after ``csww``) without Django and return
    its exit code, or None when the arguments are for the management command (another action,
    Django's own options, settings of the deployment's own)."""
    settings = os.environ.get("DJANGO_SETTINGS_MODULE", "csc_workforce.web.settings.base")
    if argv[:1] != ["validate"] and argv[:1] != ["summary"]:
        return None
    if not settings.startswith("csc_workforce.web.settings."):
        return None  # its CSCW_MAX_UPLOAD_MB may be its own
    parser = argparse.ArgumentParser(prog="cscw csww", add_help=False)
    add_reading_arguments(parser.add_subparsers(dest="action", required=True))
    options, unknown = parser.parse_known_args(argv)
    if unknown:
        return None
    path = Path(options.file)
    refusal = (
        f"No such file: {options.file}"
        if not path.is_file()
        else too_large(path, limit_mb=env_int("CSCW_MAX_UPLOAD_MB", MAX_UPLOAD_MB))
    )
    if refusal is not None:
        print(f"CommandError: {refusal}", file=sys.stderr)
        return 1
    output = read(
        options.action,
        options.file,
        year=options.year,
        format=options.format,
        with_summary=getattr(options, "summary", False),
    )
    for line in output.out:
        print(line)
    for line in output.err:
        print(line, file=sys.stderr)
    if output.failure is not None:
        print(f"CommandError: {output.failure}", file=sys.stderr)
        return 1
    return 0
