"""Validating, summarising, importing and exporting a 40,000-worker CSWW return: measured
figures against targets.

Run: .venv/bin/python benchmarks/csww.py [--year 2025] [--workers 40000] [--database-url URL].
Writes a synthetic, schema-valid return (core/csww/synthetic.py, fictional ZZ SWE numbers) to a
temporary directory, then runs `cscw csww validate`, `cscw csww summary` and `cscw csww validate
--summary` (which reads the file once for both), then, on a database
just migrated (a new SQLite file unless --database-url names an empty one), `cscw csww import`
of the return and `cscw csww export` of its year. Each runs in its own subprocess (the management
command, so Django start-up is included), timed, its peak memory read from
resource.getrusage(RUSAGE_CHILDREN) in a wrapper process of its own, so the figures do not mix.
Prints one line per figure with its target.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SECONDS_TARGET = 20.0
READ_SECONDS_TARGET = 2.0
"""validate then summary, processor seconds together (the libxml2 floor, xmllint --schema, is
about 0.5 s); processor time, as the machine is often shared."""
MEMORY_TARGET_MB = 1024.0
IMPORT_SECONDS_TARGET, IMPORT_SECONDS_STRETCH = 60.0, 10.0
EXPORT_SECONDS_TARGET, EXPORT_MEMORY_TARGET_MB = 5.0, 500.0
CSCW = Path(sys.executable).with_name("cscw")


def measure(command: list[str]) -> dict[str, float]:
    """Run ``command``, returning its wall time, processor time (user and system), peak memory
    and exit code (in this process, which is itself a fresh subprocess, so RUSAGE_CHILDREN is
    that one command's)."""
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, check=False)  # noqa: S603
    seconds = time.perf_counter() - started
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": seconds,
        "cpu": used.ru_utime + used.ru_stime,
        "peak_mb": used.ru_maxrss / 1024,  # KiB on Linux
        "returncode": completed.returncode,
    }


def in_fresh_process(command: list[str]) -> dict[str, float]:
    """``measure(command)`` in a new interpreter, so each command's peak is its own."""
    code = f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
    code += f"from csww import measure; print(json.dumps(measure({command!r})))"
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output)


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--year", type=int, default=2025)
    arguments.add_argument("--workers", type=int, default=40_000)
    arguments.add_argument(
        "--database-url", help="an empty database to import into (default: a new SQLite file)"
    )
    options = arguments.parse_args()
    with tempfile.TemporaryDirectory(prefix="cscw-csww-bench-") as workdir:
        return run(Path(workdir) / f"csww_{options.year}_{options.workers}.xml", options)


def run(path: Path, options: argparse.Namespace) -> int:
    from csc_workforce.core.csww.synthetic import synthetic_return

    started = time.perf_counter()
    with path.open("w", encoding="utf-8") as file:
        file.writelines(synthetic_return(year=options.year, workers=options.workers, seed=2025))
    print(
        f"generated {options.workers:,} workers ({path.stat().st_size / 2**20:.1f} MB) "
        f"in {time.perf_counter() - started:.1f} s: {path}"
    )
    failed = False
    read_seconds: dict[str, float] = {}
    read_cpu: dict[str, float] = {}
    # summary after validate, as a person runs them: it prints the figures validate kept (in a
    # folder of this run's own, so that no earlier reading is used).
    os.environ["CSCW_VAR_DIR"] = str(path.parent / "var")
    for action, extra in (
        ("validate", ["--format", "json"]),
        ("summary", ["--format", "json"]),
        ("validate", ["--summary", "--format", "json"]),
    ):
        figures = in_fresh_process([str(CSCW), "csww", action, str(path), *extra])
        action = " ".join([action, *extra[:-2]])
        read_seconds[action] = figures["seconds"]
        read_cpu[action] = figures["cpu"]
        ok_time = figures["seconds"] < SECONDS_TARGET
        ok_memory = figures["peak_mb"] < MEMORY_TARGET_MB
        ok_exit = figures["returncode"] == 0
        failed |= not (ok_time and ok_memory and ok_exit)
        print(
            f"csww {action}: {figures['seconds']:.1f} s, {figures['cpu']:.2f} s of processor "
            f"(target < {SECONDS_TARGET:.0f} s) "
            f"{'ok' if ok_time else 'MISSED'}; peak memory {figures['peak_mb']:.0f} MB "
            f"(target < {MEMORY_TARGET_MB:.0f} MB) {'ok' if ok_memory else 'MISSED'}; "
            f"exit {figures['returncode']:.0f}"
        )
    both = read_seconds["validate"] + read_seconds["summary"]
    once = read_seconds["validate --summary"]
    both_cpu = read_cpu["validate"] + read_cpu["summary"]
    ok_read = both_cpu < READ_SECONDS_TARGET
    failed |= not ok_read
    print(
        f"csww validate + summary: {both_cpu:.2f} s of processor (target < "
        f"{READ_SECONDS_TARGET:.0f} s) {'ok' if ok_read else 'MISSED'}; wall {both:.2f} s; "
        f"validate --summary: {read_cpu['validate --summary']:.2f} s of processor, wall "
        f"{once:.2f} s"
    )
    failed |= import_and_export(path, options)
    return 1 if failed else 0


def import_and_export(path: Path, options: argparse.Namespace) -> bool:
    """Import the return into a database just migrated, then export its year; True if a
    target was missed."""
    os.environ["DATABASE_URL"] = options.database_url or f"sqlite:///{path.with_suffix('.db')}"
    subprocess.run([str(CSCW), "migrate", "--no-input"], capture_output=True, check=True)  # noqa: S603
    loaded = in_fresh_process([str(CSCW), "csww", "import", str(path)])
    ok_import = loaded["seconds"] < IMPORT_SECONDS_TARGET and loaded["returncode"] == 0
    stretch = "met" if loaded["seconds"] < IMPORT_SECONDS_STRETCH else "not met"
    print(
        f"csww import: {loaded['seconds']:.1f} s (target < {IMPORT_SECONDS_TARGET:.0f} s) "
        f"{'ok' if ok_import else 'MISSED'}, stretch < {IMPORT_SECONDS_STRETCH:.0f} s {stretch}; "
        f"peak memory {loaded['peak_mb']:.0f} MB; exit {loaded['returncode']:.0f}"
    )
    output = path.with_name("exported.xml")
    written = in_fresh_process(
        [str(CSCW), "csww", "export", "--year", str(options.year), "-o", str(output)]
    )
    ok_time = written["seconds"] < EXPORT_SECONDS_TARGET
    ok_memory = written["peak_mb"] < EXPORT_MEMORY_TARGET_MB
    ok_exit = written["returncode"] == 0 and output.exists()
    print(
        f"csww export: {written['seconds']:.1f} s (target < {EXPORT_SECONDS_TARGET:.0f} s) "
        f"{'ok' if ok_time else 'MISSED'}; peak memory {written['peak_mb']:.0f} MB "
        f"(target < {EXPORT_MEMORY_TARGET_MB:.0f} MB) {'ok' if ok_memory else 'MISSED'}; "
        f"exit {written['returncode']:.0f}"
    )
    return not (ok_import and ok_time and ok_memory and ok_exit)


if __name__ == "__main__":
    sys.exit(main())
