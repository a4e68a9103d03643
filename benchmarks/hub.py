"""The regional hub: `cscw hub ingest --mode clean` of a synthetic region, measured against its
targets (issue 21).

Run: .venv/bin/python benchmarks/hub.py [--scale 1] [--authorities 33] [--years 5]
     [--workers 250000] [--single 40000] [--jobs N]

1. A region of 33 authorities x 5 years holding about 250,000 worker records (``--workers`` in
   all, times ``--scale``), written by ``core/csww/synthetic.synthetic_region`` with its planted
   movements, cool-off cases and errors: ingested, cleaned and pooled in < 60 s and < 2 GB.
2. One authority's single year of 40,000 workers (``--single``): < 10 s.

Each ingest runs as ``cscw hub`` in a process of its own (start-up included). Memory is the
peak of the whole process tree (the command and the processes reading returns in parallel),
sampled from /proc every 50 ms; processor time is user + system of the tree. The machine is
usually shared, so the processor time is the steadier figure. No liia-tools side by side: see
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REGION_SECONDS, REGION_MB = 60.0, 2048.0
SINGLE_SECONDS = 10.0
CSCW = Path(sys.executable).with_name("cscw")
SECRET = "benchmark-secret-not-a-real-one-0123456789"  # noqa: S105 -- made up for the run


def _tree(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                queue.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def _rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def measure(command: list[str]) -> dict[str, float]:
    """Wall seconds, processor seconds and peak memory (MB, the whole tree) of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = os.environ | {"CSCW_HUB_SECRET": SECRET}
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, _rss_mb(_tree(process.pid)))
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    out, err = process.communicate()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode != 0:
        sys.stderr.write(err.decode()[-3000:])
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode})")
    print("   ", out.decode().strip().splitlines()[-1])
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak}


def verdict(value: float, target: float) -> str:
    return "ok" if value < target else "OVER TARGET"


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--scale", type=float, default=1.0, help="times the worker records")
    arguments.add_argument("--authorities", type=int, default=33)
    arguments.add_argument("--years", type=int, default=5)
    arguments.add_argument("--workers", type=int, default=250_000, help="records in the region")
    arguments.add_argument("--single", type=int, default=40_000, help="workers in one return")
    arguments.add_argument("--jobs", type=int, help="processes reading returns (default: cores)")
    options = arguments.parse_args()
    from csc_workforce.core.csww.synthetic import synthetic_region

    jobs = ["--jobs", str(options.jobs)] if options.jobs else []
    over = 0
    with tempfile.TemporaryDirectory(prefix="cscw-hub-bench-") as work:
        folder = Path(work)
        returns = options.authorities * options.years
        each = round(options.workers * options.scale / returns)
        started = time.perf_counter()
        region = synthetic_region(
            folder / "region",
            authorities=options.authorities,
            years=options.years,
            workers=each,
            seed=21,
        )
        records = sum(1 for path in region.files for line in path.open() if "<CSWWWorker>" in line)
        print(
            f"region: {options.authorities} authorities x {options.years} years, "
            f"{records:,} worker records ({sum(p.stat().st_size for p in region.files) / 2**20:.0f}"
            f" MB) written in {time.perf_counter() - started:.1f} s"
        )
        figures = measure(
            [
                str(CSCW),
                "hub",
                "ingest",
                str(folder / "region"),
                "--out",
                str(folder / "out"),
                "--mode",
                "clean",
                "--quiet",
                *jobs,
            ]
        )
        print(
            f"region ingest+clean+pool: {figures['seconds']:.1f} s wall "
            f"(target < {REGION_SECONDS:.0f} s: {verdict(figures['seconds'], REGION_SECONDS)}), "
            f"{figures['cpu']:.1f} s processor, peak {figures['peak_mb']:.0f} MB "
            f"(target < {REGION_MB:.0f} MB: {verdict(figures['peak_mb'], REGION_MB)})"
        )
        over += figures["seconds"] >= REGION_SECONDS or figures["peak_mb"] >= REGION_MB

        single = synthetic_region(
            folder / "single",
            authorities=1,
            years=1,
            workers=round(options.single * options.scale),
            seed=22,
        )
        print(
            f"single: one return of {options.single * options.scale:,.0f} workers "
            f"({single.files[0].stat().st_size / 2**20:.0f} MB)"
        )
        figures = measure(
            [
                str(CSCW),
                "hub",
                "ingest",
                str(folder / "single"),
                "--out",
                str(folder / "out-single"),
                "--mode",
                "clean",
                "--quiet",
                *jobs,
            ]
        )
        print(
            f"single year ingest+clean+pool: {figures['seconds']:.1f} s wall "
            f"(target < {SINGLE_SECONDS:.0f} s: {verdict(figures['seconds'], SINGLE_SECONDS)}), "
            f"{figures['cpu']:.1f} s processor, peak {figures['peak_mb']:.0f} MB"
        )
        over += figures["seconds"] >= SINGLE_SECONDS
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
