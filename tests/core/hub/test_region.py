"""The synthetic region (ten authorities, five years): the hub finds exactly the movements,
cool-off cases and errors planted in it (``core/csww/synthetic.synthetic_region``), no more and
no fewer."""

from __future__ import annotations

import csv
import hashlib
import hmac
from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from csc_workforce.core.csww.synthetic import Region, synthetic_region
from csc_workforce.core.hub import HubInputError, ingest

from .conftest import SECRET


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> tuple[Region, Path]:
    folder = tmp_path_factory.mktemp("region")
    planted = synthetic_region(folder / "returns", authorities=10, years=5, workers=120, seed=3)
    out = folder / "out"
    ingest(folder / "returns", out, mode="clean", environ={"CSCW_HUB_SECRET": SECRET}, jobs=1)
    return planted, out


def key(swe: str) -> str:
    return hmac.new(SECRET.encode(), swe.encode(), hashlib.sha256).hexdigest()


def test_the_region_has_ten_authorities_five_years_and_plenty_planted(
    region: tuple[Region, Path],
) -> None:
    planted, _ = region
    assert len(planted.files) == 50
    assert len(planted.moves) == 10 * 4 * 3 + 4 * 6  # three a year from each, six on the corridor
    assert len(planted.cooloffs) >= 5
    assert {move.from_basis for move in planted.moves} == {"permanent", "agency"}
    assert {move.to_basis for move in planted.moves} == {"permanent", "agency"}
    assert {move.to_year - move.from_year for move in planted.moves} == {0, 1}


def test_flows_are_exactly_the_planted_movements(region: tuple[Region, Path]) -> None:
    planted, out = region
    expected = Counter(
        (m.from_la, m.to_la, m.from_year, m.to_year, m.from_basis, m.to_basis)
        for m in planted.moves
    )
    flows = pl.read_parquet(out / "flows.parquet")
    found = {row[:6]: row[6] for row in flows.rows()}
    assert found == dict(expected)


def test_the_corridor_is_large_enough_to_show_when_small_groups_are_suppressed(
    region: tuple[Region, Path],
) -> None:
    """Six a year leave the first authority's permanent posts for agency work in the second
    within three months: a flow and cool-off count of at least 5 each year, so a report that
    hides groups under 5 still shows the region's planted movement."""
    planted, out = region
    first, second = planted.authorities[:2]
    flows = pl.read_parquet(out / "flows.parquet").filter(
        (pl.col("from_la") == first)
        & (pl.col("to_la") == second)
        & (pl.col("from_basis") == "permanent")
        & (pl.col("to_basis") == "agency")
        & (pl.col("from_year") == pl.col("to_year"))
    )
    by_year = dict(zip(flows["from_year"].to_list(), flows["workers"].to_list(), strict=True))
    assert all(by_year.get(year, 0) >= 6 for year in planted.years[:-1])


def test_cool_off_cases_are_exactly_the_planted_ones(region: tuple[Region, Path]) -> None:
    planted, out = region
    expected = {
        (
            key(c.swe_no),
            c.left_la,
            c.left_date,
            c.agency_la,
            c.agency_start,
            (c.agency_start - c.left_date).days,
        )
        for c in planted.cooloffs
    }
    found = pl.read_parquet(out / "cooloff.parquet").rows()
    assert len(found) == len(expected)
    assert set(found) == expected


def test_the_change_logs_hold_exactly_the_planted_errors(region: tuple[Region, Path]) -> None:
    planted, out = region
    found = Counter()
    for log in (out / "logs").glob("*.csv"):
        la, year = log.stem.split("_")
        with log.open() as file:
            for row in csv.DictReader(file):
                found[(la, int(year), row["element"], row["rule"])] += 1
    expected = Counter((e.la_code, e.year, e.element, e.rule) for e in planted.errors)
    assert found == expected


def test_strict_mode_refuses_every_return_with_a_planted_error(
    region: tuple[Region, Path], tmp_path: Path
) -> None:
    planted, _ = region
    with pytest.raises(HubInputError) as raised:
        ingest(
            planted.files[0].parent,
            tmp_path / "strict",
            mode="strict",
            environ={"CSCW_HUB_SECRET": SECRET},
            jobs=2,
        )
    assert {problem.file for problem in raised.value.problems} == {p.name for p in planted.files}
    assert not (tmp_path / "strict").exists()


def test_a_region_without_errors_passes_strict(tmp_path: Path) -> None:
    synthetic_region(tmp_path / "returns", authorities=3, years=2, workers=60, errors=False)
    done = ingest(
        tmp_path / "returns", tmp_path / "out", environ={"CSCW_HUB_SECRET": SECRET}, jobs=1
    )
    assert len(done.manifest["files"]) == 6  # type: ignore[arg-type]
