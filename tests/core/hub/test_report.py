"""The regional workbook: one sheet per measure, authorities by name as rows, years as
columns, the region and England beside them; then movement, cool-off and the profile."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from csc_workforce import hub_cli
from csc_workforce.core.hub import ingest


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
        "Cool-off cases",
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


def test_the_report_to_send_round_suppresses_small_counts(
    book,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    # OUT/hub.xlsx is the analyst's own copy: every count, and each cool-off case.
    movement = list(book["Movement"].values)
    assert movement[1] == ("City of London", 2025, "permanent", "Camden", 2025, "agency", 1)
    cases = list(book["Cool-off cases"].values)
    assert cases[1][1:] == (
        "City of London",
        datetime(2025, 3, 31),
        "Camden",
        datetime(2025, 6, 15),
        76,
    )
    # cscw hub report (to send round): counts of 1 to 4 shown as c, no list of cases.
    assert (
        hub_cli.run(["report", "--from", str(tmp_path / "out"), "-o", str(tmp_path / "r.xlsx")])
        == 0
    )
    sent = load_workbook(tmp_path / "r.xlsx")
    assert list(sent["Movement"].values)[1][-1] == "c"
    assert list(sent["Cool-off"].values)[1] == ("Camden", "City of London", 2025, "c")
    assert "Cool-off cases" not in sent.sheetnames
    # --unsuppressed: the analyst's copy again.
    assert (
        hub_cli.run(
            [
                "report",
                "--from",
                str(tmp_path / "out"),
                "-o",
                str(tmp_path / "all.xlsx"),
                "--unsuppressed",
            ]
        )
        == 0
    )
    assert load_workbook(tmp_path / "all.xlsx").sheetnames == book.sheetnames
