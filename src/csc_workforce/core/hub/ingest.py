"""``cscw hub ingest``: a folder of CSWW returns (one a file, one file an authority and year)
into the pooled output folder (``HUB-CONTRACT``, ``docs/hub.md``).

Order: the secret, then every file's header (its authority and year: not a return, no LA code,
an authority DfE does not list, a year with no schema, two files for one authority and year),
then every file read in full (in parallel, one process a core), then the pooled tables, written
to a temporary folder beside OUT and renamed into place only when everything succeeded. Any
problem stops the run before anything is written, naming the file.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path

import polars as pl

from ..csww.parse import read_header, return_year
from ..csww.problems import CswwFileError, Problem
from ..exports import FORMULA_STARTS, PLAIN_NUMBER, csv_text
from ..reference import authority_names
from . import pool
from .keys import hub_secret
from .read import LOG_HEADER, FileRead, Mode, read_for_hub

FORMAT = 1
TABLES = ("workers", "measures", "flows", "cooloff", "profile")
MANIFEST = "manifest.json"

Progress = Callable[[str], object]


class HubInputError(Exception):
    """Nothing was written: ``problems`` says what is wrong, each naming its file."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        files = sorted({problem.file for problem in self.problems if problem.file})
        super().__init__(
            f"Nothing written: {len(self.problems)} problem(s) in {len(files)} file(s)"
            if files
            else "; ".join(problem.message for problem in self.problems)
        )


def _problem(file: str, rule: str, message: str, row: int | None = None) -> Problem:
    return Problem(row=row, field=None, rule=rule, message=message, file=file, where="line")


@dataclass(frozen=True)
class Planned:
    """A file to read: its authority and year from its header."""

    path: Path
    la_code: str
    year: int


@dataclass
class Ingested:
    """What a run wrote: the output folder, the manifest and how long it took."""

    out: Path
    manifest: dict[str, object]
    seconds: float
    skipped: list[str] = field(default_factory=list)


def plan(
    folder: Path, *, year: int | None = None, names: dict[str, str] | None = None
) -> tuple[list[Planned], list[str]]:
    """Every file of ``folder`` (not hidden; not in sub-folders) with its authority and year,
    and the names of those skipped as of another year than ``year``; raises ``HubInputError``
    naming every file that cannot enter the hub by its header."""
    if not folder.is_dir():
        raise HubInputError([_problem(str(folder), "NO_FOLDER", f"No such folder: {folder}")])
    names = authority_names() if names is None else names
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise HubInputError(
            [_problem(str(folder), "NO_FILES", f"{folder} has no files: put the returns in it.")]
        )
    problems: list[Problem] = []
    planned: list[Planned] = []
    skipped: list[str] = []
    for path in files:
        try:
            header = read_header(path)
            found, _ = return_year(header, year)
        except CswwFileError as error:
            problems.append(replace(error.problem, file=path.name, where="line"))
            continue
        if year is not None and found != year:
            skipped.append(path.name)
            continue
        lea = next(
            (source.lea for source in (header.sources if header else ()) if source.lea), None
        )
        if lea is None:
            problems.append(
                _problem(
                    path.name,
                    "NO_LA_CODE",
                    "The header has no Source/LEA: the hub takes the authority from its LA code.",
                    header.line if header else None,
                )
            )
            continue
        if lea not in names:
            problems.append(
                _problem(
                    path.name,
                    "UNKNOWN_LA",
                    f"LA code {lea!r} (Header/Source/LEA) is not a "
                    "local authority in DfE's list: use the authority's 3-digit LA number, "
                    "such as 201.",
                    header.line if header else None,
                )
            )
            continue
        planned.append(Planned(path=path, la_code=lea, year=found))
    seen: dict[tuple[str, int], Planned] = {}
    for item in planned:
        first = seen.setdefault((item.la_code, item.year), item)
        if first is not item:
            problems.append(
                _problem(
                    item.path.name,
                    "DUPLICATE_RETURN",
                    f"{first.path.name} is also the "
                    f"{item.year} return of {names[item.la_code]} ({item.la_code}): give "
                    "one file an authority and year.",
                )
            )
    if problems:
        raise HubInputError(problems)
    return planned, skipped


def _read_one(item: Planned, year: int | None, mode: Mode, secret: bytes) -> FileRead:
    return read_for_hub(
        item.path,
        la_code=item.la_code,
        year=item.year,
        year_argument=year,
        mode=mode,
        secret=secret,
    )


def read_all(
    planned: Sequence[Planned],
    *,
    year: int | None,
    mode: Mode,
    secret: bytes,
    jobs: int,
    progress: Progress,
) -> list[FileRead]:
    """Every planned file read (``read.read_for_hub``), in ``jobs`` processes (spawned, so that
    no thread of polars is forked) when there is more than one, in file order."""
    results: list[FileRead] = []

    def report(done: FileRead) -> None:
        results.append(done)
        verdict = (
            f"refused: {len(done.problems)} error(s)"
            if done.refused
            else f"{done.records:,} records, {len(done.changes)} change(s)"
        )
        progress(
            f"[{len(results)}/{len(planned)}] {done.file} ({done.la_code}, {done.year}): {verdict}"
        )

    if jobs <= 1 or len(planned) <= 1:
        for item in planned:
            report(_read_one(item, year, mode, secret))
        return results
    context = get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as executor:
        futures = [executor.submit(_read_one, item, year, mode, secret) for item in planned]
        for future in futures:
            report(future.result())
    return results


def _neutralised(frame: pl.DataFrame) -> pl.DataFrame:
    """Text columns with a spreadsheet formula's first character quoted (``core.exports``)."""
    starts = "^[" + "".join("\\" + char if char in "-+" else char for char in FORMULA_STARTS) + "]"
    texts = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(
            pl.col(name).str.contains(starts)
            & ~pl.col(name).str.contains("^" + PLAIN_NUMBER.pattern + "$")
        )
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in texts
    )


def pooled_tables(reads: Sequence[FileRead]) -> dict[str, pl.DataFrame]:
    """The five pooled tables from the files read."""
    frames = [read.workers for read in reads if read.workers is not None]
    workers = pool.with_definitions(pl.concat(frames).sort("la_code", "year", maintain_order=True))
    held = pl.LazyFrame(
        {"la_code": [read.la_code for read in reads], "year": [read.year for read in reads]},
        schema={"la_code": pl.String, "year": pl.Int32},
    )
    lazy = workers.lazy()
    flows, cooloff, profile = pl.collect_all(
        [pool.flows(lazy, held), pool.cooloff(lazy), pool.profile(lazy)]
    )
    found = sorted((r.la_code, r.year, r.figures) for r in reads if r.figures is not None)
    return {
        "workers": workers,
        "measures": pool.measures(found).sort("la_code", "year", maintain_order=True),
        "flows": flows,
        "cooloff": cooloff,
        "profile": profile,
    }


def manifest(reads: Sequence[FileRead], *, mode: Mode, names: dict[str, str]) -> dict[str, object]:
    years: dict[str, set[int]] = {}
    for read in reads:
        years.setdefault(read.la_code, set()).add(read.year)
    return {
        "format": FORMAT,
        "mode": mode,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "years": sorted({read.year for read in reads}),
        "authorities": [
            {"la_code": code, "la_name": names[code], "years": sorted(held)}
            for code, held in sorted(years.items())
        ],
        "files": [
            {
                "file": read.file,
                "sha256": read.sha256,
                "la_code": read.la_code,
                "year": read.year,
                "records": read.records,
                "changes": len(read.changes),
            }
            for read in sorted(reads, key=lambda read: (read.la_code, read.year))
        ],
    }


def write_folder(
    folder: Path,
    tables: dict[str, pl.DataFrame],
    reads: Iterable[FileRead],
    found: dict[str, object],
    *,
    workbook: Callable[[Path], object] | None = None,
) -> None:
    """Every output file into ``folder`` (new and empty)."""
    (folder / "csv").mkdir()
    (folder / "logs").mkdir()
    for name in TABLES:
        tables[name].write_parquet(folder / f"{name}.parquet")
        _neutralised(tables[name]).write_csv(folder / "csv" / f"{name}.csv")
    for read in reads:
        rows = (change.row() for change in read.changes)
        (folder / "logs" / f"{read.la_code}_{read.year}.csv").write_text(
            csv_text(LOG_HEADER, rows, ending="\n"), encoding="utf-8"
        )
    (folder / MANIFEST).write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    if workbook is not None:
        workbook(folder)


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise HubInputError(
            [
                _problem(
                    str(out),
                    "OUT_NOT_FOLDER",
                    f"{out} is a file: give --out a folder the hub may replace.",
                )
            ]
        )
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise HubInputError(
            [
                _problem(
                    str(out),
                    "OUT_NOT_HUB",
                    f"{out} is a folder the hub did "
                    "not write (it has no manifest.json): the hub replaces "
                    "its output folder whole, so give a new or empty one.",
                )
            ]
        )


def replace_folder(written: Path, out: Path) -> None:
    """Put ``written`` in place of ``out``: renames in the same parent folder, the old output
    (if any) removed only after the new one is in place."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.rename(out, old)
    try:
        os.rename(written, out)
    except OSError:
        if old is not None:
            os.rename(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def ingest(
    folder: Path,
    out: Path,
    *,
    year: int | None = None,
    mode: Mode = "strict",
    jobs: int | None = None,
    progress: Progress = lambda line: None,
    environ: dict[str, str] | None = None,
    workbook: bool = True,
) -> Ingested:
    """Read every return of ``folder`` into the pooled output folder ``out``; raises
    ``HubInputError`` (``MissingSecret`` for the secret) and writes nothing when anything is
    wrong."""
    started = time.perf_counter()
    secret = hub_secret(environ)
    out = out.resolve()
    _check_out(out)
    names = authority_names()
    planned, skipped = plan(folder, year=year, names=names)
    if not planned:
        raise HubInputError(
            [_problem(str(folder), "NO_RETURNS", f"No return in {folder} is for {year}.")]
        )
    progress(
        f"{len(planned)} return(s) from {len({p.la_code for p in planned})} authorities; "
        f"reading in {mode} mode"
    )
    jobs = jobs if jobs is not None else max(1, min(os.cpu_count() or 1, len(planned)))
    reads = read_all(planned, year=year, mode=mode, secret=secret, jobs=jobs, progress=progress)
    refused = [problem for read in reads if read.refused for problem in read.problems]
    if refused:
        raise HubInputError(refused)
    progress("pooling: measures, movement, cool-off, profile")
    tables = pooled_tables(reads)
    found = manifest(reads, mode=mode, names=names)
    out.parent.mkdir(parents=True, exist_ok=True)
    written = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        from .report import write_report

        write_folder(
            written,
            tables,
            reads,
            found,
            workbook=(lambda into: write_report(into, into / "hub.xlsx", suppressed=False))
            if workbook
            else None,
        )
        replace_folder(written, out)
    except BaseException:
        shutil.rmtree(written, ignore_errors=True)
        raise
    seconds = time.perf_counter() - started
    progress(f"wrote {out} in {seconds:.1f} s")
    return Ingested(out=out, manifest=found, seconds=seconds, skipped=skipped)
