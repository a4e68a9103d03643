"""Validating and summarising a 40,000-worker CSWW return: measured figures against targets.

Run: .venv/bin/python benchmarks/csww.py [--year 2025] [--workers 40000]. Writes a synthetic,
schema-valid return (core/csww/synthetic.py, fictional ZZ SWE numbers) to a temporary directory,
then runs `cscw csww validate` and `cscw csww summary` (the management command, so Django start-up
is included) each in its own subprocess, timing it and reading that subprocess's peak memory
from resource.getrusage(RUSAGE_CHILDREN) in a wrapper process of its own, so the two figures do
not mix. Prints one line per figure with its target.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SECONDS_TARGET = 20.0
MEMORY_TARGET_MB = 1024.0
CSCW = Path(sys.executable).with_name("cscw")


def measure(command: list[str]) -> dict[str, float]:
    """Run ``command``, returning its wall time, peak memory and exit code (in this process,
    which is itself a fresh subprocess, so RUSAGE_CHILDREN is that one command's)."""
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, check=False)  # noqa: S603
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    return {"seconds": seconds, "peak_mb": peak_kb / 1024, "returncode": completed.returncode}


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
    for action, extra in (("validate", ["--format", "json"]), ("summary", ["--format", "json"])):
        figures = in_fresh_process([str(CSCW), "csww", action, str(path), *extra])
        ok_time = figures["seconds"] < SECONDS_TARGET
        ok_memory = figures["peak_mb"] < MEMORY_TARGET_MB
        ok_exit = figures["returncode"] == 0
        failed |= not (ok_time and ok_memory and ok_exit)
        print(
            f"csww {action}: {figures['seconds']:.1f} s (target < {SECONDS_TARGET:.0f} s) "
            f"{'ok' if ok_time else 'MISSED'}; peak memory {figures['peak_mb']:.0f} MB "
            f"(target < {MEMORY_TARGET_MB:.0f} MB) {'ok' if ok_memory else 'MISSED'}; "
            f"exit {figures['returncode']:.0f}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
