"""The regional workbook: one sheet per measure, authorities by name as rows, years as
columns, the region and England beside them; then movement, cool-off and the profile."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from csc_workforce import hub_cli
from csc_workforce.core.hub import ingest

from .conftest import SECRET


@pytest.fixture
def book(tiny_region: Path, tmp_path: Path, environ: dict[str, str]):  # type: ignore[no-untyped-def]
    ingest(tiny_region, tmp_path / "out", environ=environ, jobs=1)
    return load_workbook(tmp_path / "out" / "hub.xlsx")


def test_one_sheet_per_measure_then_movement_cool_off_and_profile(book) -> None:  # type: ignore[no-untyped-def]
    assert book.sheetnames == [
        "Turnover rate (%)",
        "Agency worker rate (%)",
        "Vacancy rate (%)",
        "Average caseload",
        "Sickness absence rate (%)",
        "Starters rate (%)",
        "FTE in post",
        "Agency FTE",
        "Leavers FTE",
        "Starters FTE",
        "Vacancies FTE",
        "Headcount in post",
        "Movement",
        "Cool-off",
        "Age profile",
        "Length of service profile",
    ]


def test_measure_sheet_rows_are_authorities_then_region_and_england(book) -> None:  # type: ignore[no-untyped-def]
    rows = list(book["Turnover rate (%)"].values)
    # Turnover: City 1.0 / 1.5 = 66.7%, Camden 0%, region 1.0 / 2.5 = 40%; England's 2025
    # figure as DfE published it, 11.8%.
    assert rows == [
        ("Authority", 2025),
        ("Camden", 0.0),
        ("City of London", 66.7),
        ("Region", 40.0),
        ("England", 11.8),
    ]
    headcount = list(book["Headcount in post"].values)
    assert headcount[-1] == ("England", 38292)


def test_small_counts_are_suppressed_unless_asked(
    book,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    movement = list(book["Movement"].values)
    assert movement[1] == ("City of London", 2025, "permanent", "Camden", 2025, "agency", "c")
    monkeypatch.setenv("CSCW_HUB_SECRET", SECRET)
    code = hub_cli.run(
        [
            "report",
            "--from",
            str(tmp_path / "out"),
            "-o",
            str(tmp_path / "r.xlsx"),
            "--unsuppressed",
        ]
    )
    assert code == 0
    shown = list(load_workbook(tmp_path / "r.xlsx")["Movement"].values)
    assert shown[1][-1] == 1
