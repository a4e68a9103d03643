"""The regional hub's pages (/hub/, /hub/movement/) read from a synthetic pooled folder the size
of a region of 33 authorities (the largest region of England, London) over 5 census years: the
median of 20 warm requests, as the region's hub shows them (every authority) and as one
authority's installation does (its own beside the region's, suppressed), against under 300 ms at
1x and under 1 s at 10x. Scale N gives each of the 33 authorities N times the workers (1,500 a
return at 1x, about 250,000 worker records; N times the moves and cool-off cases): a region
cannot grow in authorities beyond 33, its authorities can grow. At 10x, one figure more: all
England (153 authorities, the most any hub can hold) pooled as one region at 1x's workers, the
region's pages against 1 s (ADR 0024).

The folder is written with polars directly in the contract's format (docs/hub-web.md), with
random figures (numpy, seed 21), under var/benchmarks/hub_s<N>/ (all England:
var/benchmarks/hub_england/); the database holds one analyst and the authority of the first
pooled code, nothing else.

Run: .venv/bin/python benchmarks/hub_page.py [--scale 1] [--reuse] (benchmarks/_harness.py);
``--reuse`` reads the folders an earlier run wrote (the same figures: the seed is fixed) instead
of writing them again (about a minute at scale 10)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl
from _harness import VAR, Figure, main, page_figures

AUTHORITIES = 33
"""The authorities of the largest region of England (London)."""
ENGLAND = 153
"""The authorities of England with children's social care: the most a hub can pool."""
YEARS = [2021, 2022, 2023, 2024, 2025]
WORKERS_PER_RETURN = 1_500
MEASURES = ["turnover_rate", "agency_rate", "vacancy_rate", "caseload", "absence_rate",
            "starters_rate", "inpost_fte", "agency_fte", "leavers_fte", "starters_fte",
            "vacancy_fte", "inpost_headcount"]  # fmt: skip
AGES = ["20-29", "30-39", "40-49", "50-59", "60+"]
SERVICE = ["Under 2 years", "2 to 5 years", "5 to 10 years", "10 years or more"]


def pooled_folder(folder: Path, *, authorities: int, size: int = 1) -> tuple[int, float]:
    """Write a synthetic pooled folder, ``size`` times the workers, moves and cool-off cases of
    1x in each authority; the worker records written and the seconds taken."""
    started = time.perf_counter()
    rng = np.random.default_rng(21)
    folder.mkdir(parents=True, exist_ok=True)
    codes = [str(800 + i) for i in range(authorities)]
    per_return = WORKERS_PER_RETURN * size
    n = authorities * len(YEARS) * per_return
    la = np.repeat(codes, len(YEARS) * per_return)
    year = np.tile(np.repeat(YEARS, per_return), authorities)
    keys = rng.integers(0, 2**62, n)
    pl.DataFrame(
        {
            "la_code": la,
            "year": year.astype(np.int32),
            "worker_key": [f"{k:064x}" for k in keys],
            "agency": rng.random(n) < 0.15,
            "role": rng.choice(["1", "2", "3", "4", "5", "6"], n),
            "fte": rng.choice([1.0, 0.8, 0.6, 0.5], n),
            "start_date": pl.Series(rng.integers(0, 9000, n)).cast(pl.Date),
            "leave_date": pl.Series(
                np.where(rng.random(n) < 0.15, rng.integers(18000, 20000, n), -1)
            )
            .cast(pl.Date)
            .replace(dt.date(1969, 12, 31), None),
            "reason": rng.choice(["RET", "OTH", "CAR"], n),
            "age_band": rng.choice(AGES, n),
            "sex": rng.choice(["F", "M"], n),
            "ethnicity": rng.choice(["WBRI", "ABAN", "BAFR", "MWBC"], n),
            "cases": rng.integers(0, 30, n).astype(np.int32),
            "absence_days": rng.random(n) * 20,
        }
    ).write_parquet(folder / "workers.parquet")

    rows = []
    for code in [*codes, "REGION"]:
        region = authorities if code == "REGION" else 1
        for y in YEARS:
            for measure in MEASURES:
                denominator = float(rng.integers(200, 1500) * region * size)
                numerator = float(rng.integers(0, 200) * region * size)
                rows.append((code, y, measure, 100 * numerator / denominator, numerator,
                             denominator))  # fmt: skip
    pl.DataFrame(
        rows,
        schema={"la_code": pl.String, "year": pl.Int32, "measure": pl.String,
                "value": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64},
        orient="row",
    ).write_parquet(folder / "measures.parquet")  # fmt: skip

    routes = [("permanent", "permanent"), ("permanent", "agency"), ("agency", "permanent"),
              ("agency", "agency")]  # fmt: skip
    flows = [
        (a, b, y - 1, y, f, t, int(count))
        for a in codes
        for b in codes
        for y in YEARS[1:]
        for f, t in routes
        if (count := rng.poisson((1.2 if a != b else 0.3) * size))
    ]
    pl.DataFrame(
        flows,
        schema={"from_la": pl.String, "to_la": pl.String, "from_year": pl.Int32,
                "to_year": pl.Int32, "from_basis": pl.String, "to_basis": pl.String,
                "workers": pl.Int32},
        orient="row",
    ).write_parquet(folder / "flows.parquet")  # fmt: skip

    m = 40 * authorities * size
    left = pl.Series(rng.integers(18500, 20300, m)).cast(pl.Date)
    gap = rng.integers(1, 92, m)
    pairs = rng.choice(len(codes), (m, 2))
    pl.DataFrame(
        {
            "worker_key": [f"{k:064x}" for k in rng.integers(0, 2**62, m)],
            "left_la": [codes[i] for i in pairs[:, 0]],
            "left_date": left,
            "agency_la": [codes[(i + 1 + j) % len(codes)] for i, j in pairs],
            "agency_start": left + pl.Series(gap).cast(pl.Duration("ms")) * 86_400_000,
            "days": gap.astype(np.int32),
        }
    ).with_columns(pl.col("agency_start").cast(pl.Date)).write_parquet(folder / "cooloff.parquet")

    profile = []
    for dimension, bands in (("age_band", AGES), ("length_of_service", SERVICE)):
        for y in YEARS:
            totals = dict.fromkeys(bands, 0)
            for code in codes:
                for band in bands:
                    count = int(rng.integers(0, 600)) * size
                    totals[band] += count
                    profile.append((code, y, dimension, band, count))
            profile += [("REGION", y, dimension, band, c) for band, c in totals.items()]
    pl.DataFrame(
        profile,
        schema={"la_code": pl.String, "year": pl.Int32, "dimension": pl.String,
                "band": pl.String, "workers": pl.Int32},
        orient="row",
    ).write_parquet(folder / "profile.parquet")  # fmt: skip

    manifest = {
        "format": 1,
        "mode": "clean",
        "created": "2025-11-01T09:00:00+00:00",
        "years": YEARS,
        "authorities": [
            {"la_code": code, "la_name": f"Authority {code}", "years": YEARS} for code in codes
        ],
        "files": [
            {"file": f"{code}_{y}.xml", "sha256": "0" * 64, "la_code": code, "year": y,
             "records": per_return, "changes": int(rng.integers(0, 50))}
            for code in codes
            for y in YEARS
        ],
    }  # fmt: skip
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return n, time.perf_counter() - started


def _written(folder: Path, *, authorities: int, size: int) -> bool:
    """The folder holds every file this script writes, for ``authorities`` authorities of
    ``size`` times 1x's workers."""
    manifest = folder / "manifest.json"
    names = ["workers", "measures", "flows", "cooloff", "profile"]
    if not manifest.is_file() or not all((folder / f"{n}.parquet").is_file() for n in names):
        return False
    held = json.loads(manifest.read_text())
    return (
        len(held["authorities"]) == authorities
        and held["files"][0]["records"] == WORKERS_PER_RETURN * size
    )


def _folder(folder: Path, *, authorities: int, size: int, reuse: bool) -> None:
    if reuse and _written(folder, authorities=authorities, size=size):
        print(f"read the pooled folder {folder} as written before (--reuse)")
    else:
        records, took = pooled_folder(folder, authorities=authorities, size=size)
        print(f"wrote a pooled folder of {records:,} worker records in {took:.1f} s")


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="read the pooled folder written by an earlier run (same seed) instead of again",
    )


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    from django.conf import settings

    from csc_workforce.web.accounts.roles import Role, role_group
    from csc_workforce.web.organisation.models import LocalAuthority

    folder = VAR / f"hub_s{scale}"
    _folder(folder, authorities=AUTHORITIES, size=scale, reuse=options.reuse)
    LocalAuthority.objects.get_or_create(
        old_la_code="800",
        defaults={"name": "Authority 800", "new_la_code": "E06000800", "region_code": "E12000001",
                  "region_name": "North East"},
    )  # fmt: skip
    from django.contrib.auth.models import User

    analyst, _ = User.objects.get_or_create(username="hubanalyst")
    analyst.groups.add(role_group(Role.ANALYST))
    settings.CSCW_HUB_DIR = str(folder)
    figures = []
    for mode in ("region", "authority"):
        settings.CSCW_HUB_MODE = mode
        figures += page_figures(
            [
                (f"hub overview, {mode} installation", "hubanalyst", "/hub/"),
                (f"hub movement, {mode} installation", "hubanalyst", "/hub/movement/"),
            ],
            scale,
        )
    if scale >= 10:  # all England as one region, at 1x's workers
        england = VAR / "hub_england"
        _folder(england, authorities=ENGLAND, size=1, reuse=options.reuse)
        settings.CSCW_HUB_DIR = str(england)
        settings.CSCW_HUB_MODE = "region"
        figures += page_figures(
            [
                (f"hub overview, all England ({ENGLAND} authorities)", "hubanalyst", "/hub/"),
                (f"hub movement, all England ({ENGLAND} authorities)", "hubanalyst",
                 "/hub/movement/"),
            ],
            scale,
            target=lambda _: 1000.0,
        )  # fmt: skip
    return figures


if __name__ == "__main__":
    sys.exit(
        main(
            __doc__ or "",
            measure,
            scales="1",
            seed=False,
            extra=_options,
            name="{prefix}_hub_s{scale}",
        )
    )
