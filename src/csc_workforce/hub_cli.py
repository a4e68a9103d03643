"""``cscw hub ingest|report|synthetic``: the regional workforce data hub (``docs/hub.md``). It
reads files and writes files, and needs no database, so ``cli.main`` runs it here without
starting Django (as ``csww_cli`` does for ``cscw csww validate``): the core's polars pipeline,
nothing else.

Exit codes: 0 done; 1 bad input (every problem printed, each naming its file; nothing written);
2 wrong arguments.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

PROBLEMS_SHOWN = 20
"""Problems printed per file (the rest counted)."""


def parser() -> argparse.ArgumentParser:
    hub = argparse.ArgumentParser(
        prog="cscw hub",
        description="The regional workforce data hub: many authorities' CSWW returns pooled, "
        "pseudonymised and benchmarked (docs/hub.md).",
    )
    actions = hub.add_subparsers(dest="action", required=True)
    ingest = actions.add_parser(
        "ingest",
        help="validate every return in DIR and write the pooled output folder OUT",
        description="Reads every file in DIR (one CSWW return an authority and year; the "
        "authority from the header's LA code), validates each, pseudonymises the SWE numbers "
        "with CSCW_HUB_SECRET and writes OUT (Parquet, CSV, Excel, change logs). Nothing is "
        "written when anything is wrong.",
    )
    ingest.add_argument("dir", type=Path, help="the folder of returns")
    ingest.add_argument("--out", type=Path, required=True, help="the output folder (replaced)")
    ingest.add_argument(
        "--year",
        type=int,
        help="only the returns of this reporting year (and the year of a return whose header "
        "names none)",
    )
    ingest.add_argument(
        "--mode",
        choices=["strict", "clean"],
        default="strict",
        help="strict: refuse a return with errors; clean: blank the fields in error and log "
        "each change (default strict)",
    )
    ingest.add_argument(
        "--jobs", type=int, help="processes reading returns at once (default: one a core)"
    )
    ingest.add_argument("--quiet", action="store_true", help="no progress lines")
    report = actions.add_parser(
        "report",
        help="the regional workbook (one sheet a measure) from a pooled output folder",
    )
    report.add_argument("--from", dest="source", type=Path, required=True, help="the OUT folder")
    report.add_argument("-o", "--output", type=Path, required=True, help="the .xlsx to write")
    report.add_argument(
        "--unsuppressed",
        action="store_true",
        help="show counts of 1 to 4 people (for the analyst's own use, not to send round)",
    )
    synthetic = actions.add_parser(
        "synthetic",
        help="write a made-up region's returns to try the hub on (planted movements, cool-off "
        "cases and errors)",
    )
    synthetic.add_argument("--out", type=Path, required=True, help="the folder to write into")
    synthetic.add_argument("--authorities", type=int, default=10, help="1 to 33 (default 10)")
    synthetic.add_argument("--years", type=int, default=5, help="1 to 5, to 2025 (default 5)")
    synthetic.add_argument(
        "--workers", type=int, default=300, help="records a return (default 300)"
    )
    synthetic.add_argument("--seed", type=int, default=0)
    synthetic.add_argument("--no-errors", action="store_true", help="plant no errors")
    return hub


def run(argv: list[str]) -> int:
    """Run ``cscw hub …`` (``argv`` after ``hub``) and return its exit code."""
    try:
        options = parser().parse_args(argv)
    except SystemExit as exit:
        return int(exit.code or 0)
    if options.action == "ingest":
        return _ingest(options)
    if options.action == "report":
        return _report(options)
    return _synthetic(options)


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _ingest(options: argparse.Namespace) -> int:
    from csc_workforce.core.hub import HubInputError, MissingSecret, ingest

    try:
        done = ingest(
            options.dir,
            options.out,
            year=options.year,
            mode=options.mode,
            jobs=options.jobs,
            progress=(lambda line: None) if options.quiet else _say,
        )
    except MissingSecret as error:
        _say(f"cscw hub: {error}")
        _say("Nothing written.")
        return 1
    except HubInputError as error:
        shown: dict[str, int] = {}
        for problem in error.problems:
            count = shown[problem.file] = shown.get(problem.file, 0) + 1
            if count <= PROBLEMS_SHOWN:
                where = f"line {problem.row}, " if problem.row else ""
                element = f"{problem.field}: " if problem.field else ""
                _say(f"{problem.file}: {where}{element}{problem.message} [{problem.rule}]")
        for file, count in shown.items():
            if count > PROBLEMS_SHOWN:
                _say(f"{file}: {count - PROBLEMS_SHOWN} more problem(s) not shown")
        _say(f"cscw hub: {error}. Nothing written to {options.out}.")
        return 1
    files = done.manifest["files"]
    assert isinstance(files, list)
    changes = sum(item["changes"] for item in files)
    records = sum(item["records"] for item in files)
    print(
        f"{done.out}: {len(files)} return(s), {records:,} worker records, {changes} change(s) "
        f"logged, in {done.seconds:.1f} s"
    )
    if done.skipped:
        print(f"{len(done.skipped)} file(s) of other years left out: {', '.join(done.skipped)}")
    return 0


def _report(options: argparse.Namespace) -> int:
    from csc_workforce.core.hub import write_report

    if not (options.source / "manifest.json").is_file():
        _say(f"cscw hub: {options.source} is not a hub output folder (no manifest.json).")
        return 1
    write_report(options.source, options.output, suppressed=not options.unsuppressed)
    print(f"wrote {options.output}")
    return 0


def _synthetic(options: argparse.Namespace) -> int:
    from csc_workforce.core.csww.synthetic import synthetic_region

    options.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        region = synthetic_region(
            options.out,
            authorities=options.authorities,
            years=options.years,
            workers=options.workers,
            seed=options.seed,
            errors=not options.no_errors,
        )
    except ValueError as error:
        _say(f"cscw hub synthetic: {error}")
        return 1
    print(
        f"wrote {len(region.files)} returns to {options.out} in "
        f"{time.perf_counter() - started:.1f} s: {len(region.authorities)} authorities x "
        f"{len(region.years)} years, {len(region.moves)} planted movements, "
        f"{len(region.cooloffs)} cool-off cases, {len(region.errors)} planted errors"
    )
    if "CSCW_HUB_SECRET" not in os.environ:
        print(
            "Next: export CSCW_HUB_SECRET=$(python -c 'import secrets; "
            "print(secrets.token_hex(32))')"
        )
    print(f"then: cscw hub ingest {options.out} --out hub-out --mode clean")
    return 0
