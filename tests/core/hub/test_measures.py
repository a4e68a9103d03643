"""DfE's measures, movement, cool-off and profile of the tiny hand-made region (conftest.py),
every expected figure worked out by hand from the records there."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from csc_workforce.core.hub import ingest

from .conftest import SECRET


def key(swe: str) -> str:
    return hmac.new(SECRET.encode(), swe.encode(), hashlib.sha256).hexdigest()


@pytest.fixture
def out(tiny_region: Path, tmp_path: Path, environ: dict[str, str]) -> Path:
    ingest(tiny_region, tmp_path / "out", environ=environ, jobs=1)
    return tmp_path / "out"


def measure(out: Path, la: str, name: str) -> tuple[float | None, float | None, float | None]:
    rows = pl.read_parquet(out / "measures.parquet").filter(
        (pl.col("la_code") == la) & (pl.col("year") == 2025) & (pl.col("measure") == name)
    )
    assert rows.height == 1
    return rows.row(0)[3:]


@pytest.mark.parametrize(
    ("la", "name", "value", "numerator", "denominator"),
    [
        # City of London: in post W1 1.0 + W2 0.5 = 1.5 FTE; leaver W3 1.0; starter W2 0.5;
        # agency W4 1.0; vacancies 0.5; cases 10 + 6 + 4 = 20 held by 2.5 FTE; 5 days lost.
        ("201", "turnover_rate", 100 * 1.0 / 1.5, 1.0, 1.5),
        ("201", "agency_rate", 100 * 1.0 / 2.5, 1.0, 2.5),
        ("201", "vacancy_rate", 25.0, 0.5, 2.0),
        ("201", "caseload", 8.0, 20.0, 2.5),
        ("201", "absence_rate", 100 * 5 / (1.5 * 253), 5.0, 1.5 * 253),
        ("201", "starters_rate", 100 * 0.5 / 1.5, 0.5, 1.5),
        ("201", "inpost_headcount", 2.0, None, None),
        # Camden: in post W5 1.0; agency 0.8 with 8 cases; vacancies 1.0; 10 days lost.
        ("202", "turnover_rate", 0.0, 0.0, 1.0),
        ("202", "agency_rate", 100 * 0.8 / 1.8, 0.8, 1.8),
        ("202", "vacancy_rate", 50.0, 1.0, 2.0),
        ("202", "caseload", 10.0, 8.0, 0.8),
        ("202", "absence_rate", 100 * 10 / 253, 10.0, 253.0),
        # The region: the two added up, the rates from the sums.
        ("REGION", "turnover_rate", 40.0, 1.0, 2.5),
        ("REGION", "agency_rate", 100 * 1.8 / 4.3, 1.8, 4.3),
        ("REGION", "vacancy_rate", 37.5, 1.5, 4.0),
        ("REGION", "caseload", 28 / 3.3, 28.0, 3.3),
        ("REGION", "absence_rate", 100 * 15 / (2.5 * 253), 15.0, 2.5 * 253),
        ("REGION", "starters_rate", 20.0, 0.5, 2.5),
        ("REGION", "inpost_fte", 2.5, None, None),
        ("REGION", "inpost_headcount", 3.0, None, None),
    ],
)
def test_measures_are_the_hand_computed_figures(
    out: Path,
    la: str,
    name: str,
    value: float,
    numerator: float | None,
    denominator: float | None,
) -> None:
    found = measure(out, la, name)
    assert found == (
        pytest.approx(value),
        None if numerator is None else pytest.approx(numerator),
        None if denominator is None else pytest.approx(denominator),
    )


def test_every_measure_of_the_contract_for_each_authority_and_the_region(out: Path) -> None:
    measures = pl.read_parquet(out / "measures.parquet")
    assert measures.group_by("la_code").len().sort("la_code").rows() == [
        ("201", 12),
        ("202", 12),
        ("REGION", 12),
    ]


def test_the_worker_who_left_the_city_for_agency_work_in_camden_is_one_flow(out: Path) -> None:
    flows = pl.read_parquet(out / "flows.parquet")
    assert flows.rows() == [("201", "202", 2025, 2025, "permanent", "agency", 1)]


def test_the_agency_start_76_days_after_leaving_is_a_cool_off_case(out: Path) -> None:
    cooloff = pl.read_parquet(out / "cooloff.parquet")
    # The SWE number is written "qx100003" in Camden's return: upper-cased, the
    # same worker.
    assert cooloff.rows() == [
        (key("QX100003"), "201", date(2025, 3, 31), "202", date(2025, 6, 15), 76)
    ]


def test_profile_counts_social_workers_in_post_by_age_and_service(out: Path) -> None:
    profile = pl.read_parquet(out / "profile.parquet").filter(pl.col("dimension") == "age_band")
    # Ages at 30 September 2025: W1 35, W2 55 (City); W5 65 (Camden). Leavers and agency
    # workers are not in post.
    assert sorted(profile.select("la_code", "band", "workers").rows()) == [
        ("201", "30-39", 1),
        ("201", "50-59", 1),
        ("202", "60+", 1),
        ("REGION", "30-39", 1),
        ("REGION", "50-59", 1),
        ("REGION", "60+", 1),
    ]
    service = pl.read_parquet(out / "profile.parquet").filter(
        (pl.col("dimension") == "length_of_service") & (pl.col("la_code") == "201")
    )
    # W1 started 6 January 2020 (5 whole years), W2 4 November 2024 (under a year).
    assert sorted(service.select("band", "workers").rows()) == [
        ("5-9 years", 1),
        ("under 2 years", 1),
    ]


def test_manifest_names_the_authorities_and_files(out: Path) -> None:
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["format"] == 1
    assert manifest["mode"] == "strict"
    assert manifest["years"] == [2025]
    assert manifest["authorities"] == [
        {"la_code": "201", "la_name": "City of London", "years": [2025]},
        {"la_code": "202", "la_name": "Camden", "years": [2025]},
    ]
    files = {item["file"]: item for item in manifest["files"]}
    assert files["city.xml"]["records"] == 4
    assert files["camden.xml"]["records"] == 2
    assert files["city.xml"]["changes"] == 0
    assert len(files["city.xml"]["sha256"]) == 64


def test_workers_table_has_the_contract_columns_and_types(out: Path) -> None:
    workers = pl.read_parquet(out / "workers.parquet")
    expected = {
        "la_code": pl.String,
        "year": pl.Int32,
        "worker_key": pl.String,
        "agency": pl.Boolean,
        "role": pl.String,
        "fte": pl.Float64,
        "start_date": pl.Date,
        "leave_date": pl.Date,
        "reason": pl.String,
        "age_band": pl.String,
        "sex": pl.String,
        "ethnicity": pl.String,
        "cases": pl.Int32,
        "absence_days": pl.Float64,
    }
    assert {name: workers.schema[name] for name in expected} == expected
    assert workers.height == 6
    city = workers.filter(pl.col("la_code") == "201").sort("start_date")
    # At 30 September 2025: W3 (born 19 January 1980) 45, W1 35, W2 55, W4 (21 July 1975) 50.
    assert city.get_column("age_band").to_list() == ["40-49", "30-39", "50-59", "50-59"]
