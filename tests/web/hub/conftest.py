"""A small pooled folder written as ``cscw hub ingest`` writes one (the hub's contract,
docs/hub-web.md): four authorities, two census years, figures chosen by hand so that the tests
can state what each page shows and withholds.

Testshire (998) is the authority of the ``people`` fixture (``tests/factories.py``), so an
authority installation's own authority here; Amberton, Brookvale and Calderford are the rest
of the region. Their figures have odd decimals (77.7, 61.3, 43.6) so that a test can look for
them in a page's bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

OWN = "998"
NAMES = {"998": "Testshire", "901": "Amberton", "902": "Brookvale", "903": "Calderford"}
OTHERS = ("Amberton", "Brookvale", "Calderford")
YEARS = (2023, 2024)

# Per authority and year: FTE in post, leavers, starters, agency, vacancies; headcount; cases;
# absence days.
FIELDS = ("inpost", "leavers", "starters", "agency", "vacancy", "headcount", "cases", "absence")
COUNTS: dict[tuple[str, int], dict[str, float]] = {
    key: dict(zip(FIELDS, values, strict=True))
    for key, values in {
        ("998", 2023): (110.0, 12.0, 14.0, 11.0, 9.0, 115, 1650, 2200.0),
        ("998", 2024): (120.0, 3.0, 13.0, 12.0, 8.0, 125, 1800, 2400.0),
        ("901", 2023): (77.7, 9.1, 8.8, 6.6, 5.5, 81, 1111, 1333.0),
        ("901", 2024): (78.3, 1.0, 7.7, 6.9, 5.1, 82, 1122, 1344.0),
        ("902", 2023): (61.3, 7.3, 6.3, 5.3, 6.1, 64, 977, 1011.0),
        ("902", 2024): (59.9, 0.5, 6.9, 5.9, 6.3, 63, 966, 1022.0),
        ("903", 2023): (43.6, 6.4, 5.6, 7.4, 8.6, 46, 701, 733.0),
        ("903", 2024): (44.4, 0.5, 5.4, 7.6, 8.4, 47, 702, 744.0),
    }.items()
}

# Age bands of the workers in post, per authority, 2024 (2023: each band plus 1).
AGES_2024 = {
    "998": {"20-29": 3, "30-39": 40, "40-49": 38, "50-59": 37, "60+": 7},
    "901": {"20-29": 20, "30-39": 22, "40-49": 18, "50-59": 12, "60+": 10},
    "902": {"20-29": 15, "30-39": 16, "40-49": 14, "50-59": 10, "60+": 8},
    "903": {"20-29": 9, "30-39": 12, "40-49": 11, "50-59": 13, "60+": 2},
}
SERVICE_2024 = {
    "998": {"Under 2 years": 30, "2 to 5 years": 45, "5 years or more": 50},
    "901": {"Under 2 years": 20, "2 to 5 years": 30, "5 years or more": 32},
    "902": {"Under 2 years": 13, "2 to 5 years": 25, "5 years or more": 25},
    "903": {"Under 2 years": 10, "2 to 5 years": 17, "5 years or more": 20},
}

FLOWS = [
    # from, to, from_year, to_year, from_basis, to_basis, workers
    ("998", "901", 2023, 2023, "permanent", "permanent", 6),
    ("998", "901", 2023, 2024, "permanent", "agency", 2),
    ("998", "902", 2024, 2024, "permanent", "permanent", 7),
    ("998", "903", 2024, 2024, "permanent", "permanent", 5),
    ("901", "998", 2023, 2024, "agency", "permanent", 3),
    ("902", "998", 2024, 2024, "permanent", "permanent", 8),
    ("998", "998", 2024, 2024, "permanent", "agency", 1),
    ("901", "902", 2023, 2024, "permanent", "permanent", 11),
    ("902", "903", 2024, 2024, "permanent", "agency", 4),
]

KEY = "5f" * 32
"""A worker key (an HMAC's hex digest) that no page may show."""

COOLOFF = [
    # left_la, left_date, agency_la, agency_start
    ("998", dt.date(2024, 1, 31), "901", dt.date(2024, 3, 4)),
    ("998", dt.date(2024, 2, 29), "901", dt.date(2024, 4, 15)),
    ("902", dt.date(2023, 11, 30), "998", dt.date(2024, 1, 8)),
    *[("901", dt.date(2022, 12, 31), "902", dt.date(2023, 2, 1)) for _ in range(6)],
]


def _rate(numerator: float, denominator: float) -> float | None:
    return None if not denominator else 100 * numerator / denominator


def _measure_rows(code: str, year: int, c: dict[str, float]) -> list[dict[str, object]]:
    parts = {
        "turnover_rate": (c["leavers"], c["inpost"]),
        "agency_rate": (c["agency"], c["agency"] + c["inpost"]),
        "vacancy_rate": (c["vacancy"], c["vacancy"] + c["inpost"]),
        "starters_rate": (c["starters"], c["inpost"]),
        "absence_rate": (c["absence"], c["inpost"] * 220),
    }
    rows: list[dict[str, object]] = [
        {"la_code": code, "year": year, "measure": key, "value": _rate(n, d),
         "numerator": n, "denominator": d}
        for key, (n, d) in parts.items()
    ]  # fmt: skip
    rows.append({"la_code": code, "year": year, "measure": "caseload",
                 "value": c["cases"] / c["inpost"], "numerator": c["cases"],
                 "denominator": c["inpost"]})  # fmt: skip
    for key, name in (("inpost_fte", "inpost"), ("agency_fte", "agency"),
                      ("leavers_fte", "leavers"), ("starters_fte", "starters"),
                      ("vacancy_fte", "vacancy"), ("inpost_headcount", "headcount")):  # fmt: skip
        rows.append({"la_code": code, "year": year, "measure": key, "value": float(c[name]),
                     "numerator": None, "denominator": None})  # fmt: skip
    return rows


def write_pooled(
    folder: Path, *, names: dict[str, str] = NAMES, years: tuple[int, ...] = YEARS
) -> Path:
    """Write the pooled folder of this module's figures (only ``names``' authorities) into
    ``folder``; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    codes = list(names)
    counts = {key: value for key, value in COUNTS.items() if key[0] in codes and key[1] in years}
    measures = []
    for (code, year), c in counts.items():
        measures += _measure_rows(code, year, c)
    for year in years:
        region = {
            name: sum(c[name] for (code, y), c in counts.items() if y == year)
            for name in next(iter(counts.values()))
        }
        measures += _measure_rows("REGION", year, region)
    pl.DataFrame(
        measures,
        schema={"la_code": pl.String, "year": pl.Int32, "measure": pl.String,
                "value": pl.Float64, "numerator": pl.Float64, "denominator": pl.Float64},
    ).write_parquet(folder / "measures.parquet")  # fmt: skip

    profile = []
    for dimension, bands in (("age_band", AGES_2024), ("length_of_service", SERVICE_2024)):
        for year in years:
            extra = 0 if year == 2024 else 1
            region: dict[str, int] = {}
            for code in codes:
                for band, n in bands[code].items():
                    profile.append(
                        {"la_code": code, "year": year, "dimension": dimension, "band": band,
                         "workers": n + extra}
                    )  # fmt: skip
                    region[band] = region.get(band, 0) + n + extra
            profile += [
                {"la_code": "REGION", "year": year, "dimension": dimension, "band": band,
                 "workers": n}
                for band, n in region.items()
            ]  # fmt: skip
    pl.DataFrame(
        profile,
        schema={"la_code": pl.String, "year": pl.Int32, "dimension": pl.String,
                "band": pl.String, "workers": pl.Int32},
    ).write_parquet(folder / "profile.parquet")  # fmt: skip

    flows = [f for f in FLOWS if f[0] in codes and f[1] in codes]
    pl.DataFrame(
        flows,
        schema={"from_la": pl.String, "to_la": pl.String, "from_year": pl.Int32,
                "to_year": pl.Int32, "from_basis": pl.String, "to_basis": pl.String,
                "workers": pl.Int32},
        orient="row",
    ).write_parquet(folder / "flows.parquet")  # fmt: skip

    cooloff = [
        (KEY, left, left_date, agency, start, (start - left_date).days)
        for left, left_date, agency, start in COOLOFF
        if left in codes and agency in codes
    ]
    pl.DataFrame(
        cooloff,
        schema={"worker_key": pl.String, "left_la": pl.String, "left_date": pl.Date,
                "agency_la": pl.String, "agency_start": pl.Date, "days": pl.Int32},
        orient="row",
    ).write_parquet(folder / "cooloff.parquet")  # fmt: skip

    workers = pl.DataFrame(
        {"la_code": [codes[0]], "year": [years[-1]], "worker_key": [KEY], "agency": [False],
         "role": ["1"], "fte": [1.0], "start_date": [dt.date(2020, 1, 6)], "leave_date": [None],
         "reason": [None], "age_band": ["30-39"], "sex": ["F"], "ethnicity": ["WBRI"],
         "cases": [14], "absence_days": [2.0]},
        schema={"la_code": pl.String, "year": pl.Int32, "worker_key": pl.String,
                "agency": pl.Boolean, "role": pl.String, "fte": pl.Float64,
                "start_date": pl.Date, "leave_date": pl.Date, "reason": pl.String,
                "age_band": pl.String, "sex": pl.String, "ethnicity": pl.String,
                "cases": pl.Int32, "absence_days": pl.Float64},
    )  # fmt: skip
    workers.write_parquet(folder / "workers.parquet")

    manifest = {
        "format": 1,
        "mode": "clean",
        "created": "2025-09-15T10:30:00+00:00",
        "years": list(years),
        "authorities": [
            {"la_code": code, "la_name": name, "years": list(years)}
            for code, name in names.items()
        ],
        "files": [
            {"file": f"{code}_{year}.xml", "sha256": "0" * 64, "la_code": code, "year": year,
             "records": int(counts[(code, year)]["headcount"]) + 10 + int(code) % 7,
             "changes": int(code) % 5 + year % 10}
            for code in codes
            for year in years
        ],
    }  # fmt: skip
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


@pytest.fixture
def hub_dir(tmp_path: Path) -> Path:
    return write_pooled(tmp_path / "pooled")


@pytest.fixture
def region_hub(hub_dir: Path, settings: object) -> Path:
    settings.CSCW_HUB_DIR = str(hub_dir)  # type: ignore[attr-defined]
    settings.CSCW_HUB_MODE = "region"  # type: ignore[attr-defined]
    return hub_dir


@pytest.fixture
def authority_hub(hub_dir: Path, settings: object) -> Path:
    settings.CSCW_HUB_DIR = str(hub_dir)  # type: ignore[attr-defined]
    settings.CSCW_HUB_MODE = "authority"  # type: ignore[attr-defined]
    return hub_dir
