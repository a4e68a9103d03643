"""``cscw csww validate`` and ``cscw csww summary``: reading a return needs no database, so
``cli.main`` runs these two here, without starting Django (its apps, system checks and what they
import), and the ``csww`` management command uses the same arguments and output.

``validate --summary`` validates once and prints DfE's figures after the verdict, so a file is
read once for both.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csc_workforce.core.csww import Report, validate_file
from csc_workforce.core.csww import summary as summary_of
from csc_workforce.core.problems import write_problems
from csc_workforce.web.env import MAX_UPLOAD_MB, env_int, too_large

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
    checked by the caller."""
    report = validate_file(file, year=year)
    if action == "validate":
        return validated(report, format, with_summary=with_summary)
    return summarised(report, format)


def validated(report: Report, format: str, *, with_summary: bool = False) -> Output:
    """``validate``'s output for ``report``: the problems and the count (text) or the verdict
    (JSON), then with ``with_summary`` the figures (as lines, or the JSON's ``summary``)."""
    output = Output()
    figures = summary_of(report) if with_summary and report.csww is not None else None
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


def summarised(report: Report, format: str) -> Output:
    """``summary``'s output for ``report``: DfE's figures, or why there are none."""
    output = Output()
    if report.csww is None:
        if format == "json":
            output.out.append(json.dumps(report.as_dict(), indent=2))
        else:
            write_problems(output.err.append, report.problems)
        output.failure = f"{report.file} cannot be read as a CSWW return"
        return output
    figures = summary_of(report)
    if format == "json":
        output.out.append(json.dumps(figures, indent=2))
    else:
        output.out.extend(_figure_lines(figures))
    return output


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
