"""Seeding the demo authority (``cscw demo seed``): into an empty database, and over a demo
already there (``--force`` with another seed: clearing it first), at each scale, against under
15 s at 1x and under 60 s at 6x (10x: under 100 s, the same rate); and the quality assurance part
alone (a year of audits, a practice week and action plans, over the demo), under 5 s at 1x.

Run: .venv/bin/python benchmarks/seed.py [--scale 1,6,10] (benchmarks/_harness.py). Each scale
uses a database of its own, emptied first (cscw_bench_seed_s<N>), so the databases the other
benchmarks keep are left alone."""

import argparse
import sys
import time

from _harness import Figure, main

TARGETS = {1: 15.0, 6: 60.0, 10: 100.0}
QUALITY_TARGET_S = 5.0  # at 1x; the audits grow with the teams, so 5 s a scale


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    from csc_workforce.web.demo import demo_seed

    figures = []
    for seed, what in ((1, "into an empty database"), (2, "over the demo already there")):
        started = time.perf_counter()
        demo_seed(seed=seed, scale=scale, force=True, progress=lambda line: None)
        took = time.perf_counter() - started
        target = TARGETS.get(scale, 10.0 * scale)
        figures.append(Figure(f"demo seed, {what}", scale, took, "s", target))
    from csc_workforce.core.demo import REFERENCE_DATE
    from csc_workforce.web.quality.demo import seed_quality

    started = time.perf_counter()
    seed_quality(seed=1, today=REFERENCE_DATE, progress=lambda line: None)
    took = time.perf_counter() - started
    figures.append(Figure("quality assurance seed, over the demo", scale, took, "s",
                          QUALITY_TARGET_S * scale))  # fmt: skip
    return figures


if __name__ == "__main__":
    sys.argv.append("--fresh")
    sys.exit(
        main(__doc__ or "", measure, scales="1,6,10", seed=False, name="{prefix}_seed_s{scale}")
    )
