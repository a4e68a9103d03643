"""Seeding the demo authority (``cscw demo seed``): into an empty database, and over a demo
already there (``--force`` with another seed: clearing it first), at each scale, against under
15 s at 1x and under 60 s at 6x (10x: under 100 s, the same rate).

Run: .venv/bin/python benchmarks/seed.py [--scale 1,6,10] (benchmarks/_harness.py). Each scale
uses a database of its own, emptied first (cscw_bench_seed_s<N>), so the databases the other
benchmarks keep are left alone."""

import argparse
import sys
import time

from _harness import Figure, main

TARGETS = {1: 15.0, 6: 60.0, 10: 100.0}


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    from csc_workforce.web.demo import demo_seed

    figures = []
    for seed, what in ((1, "into an empty database"), (2, "over the demo already there")):
        started = time.perf_counter()
        demo_seed(seed=seed, scale=scale, force=True, progress=lambda line: None)
        took = time.perf_counter() - started
        target = TARGETS.get(scale, 10.0 * scale)
        figures.append(Figure(f"demo seed, {what}", scale, took, "s", target))
    return figures


if __name__ == "__main__":
    sys.argv.append("--fresh")
    sys.exit(
        main(__doc__ or "", measure, scales="1,6,10", seed=False, name="{prefix}_seed_s{scale}")
    )
