"""``cscw indicators from-counts``: stdout or -o, and its exit codes."""

from pathlib import Path

import pytest

from csc_workforce.cli import main

HEADER = (
    "la_name,time_period,inpost_fte,leavers_fte,agency_fte,agency_cover_fte,vacancy_fte,"
    "case_holders_fte,cases,working_days_lost_fte"
)
RATES = (
    "turnover_rate_fte,agency_rate_fte,agency_cover_rate_fte,vacancy_rate_fte,"
    "vacancy_agency_cover_rate_fte,caseload_fte,absence_rate_fte"
)
# 2024 (254 working days): turnover 15 / 100 = 15.0; agency 25 / 125 = 20.0; agency cover
# 10 / 25 = 40.0; vacancy 20 / 120 = 16.7; vacancy agency cover 10 / 20 = 50.0; caseload
# 800 / 50 = 16.0; absence 508 / (100 x 254) = 2.0.
ROW = '"Barsetshire, County of",2024,100,15,25,10,20,50,800,508'
FILLED = f"{HEADER},{RATES}\n{ROW},15.0,20.0,40.0,16.7,50.0,16.0,2.0\n"


@pytest.fixture
def counts(tmp_path: Path) -> Path:
    path = tmp_path / "counts.csv"
    path.write_bytes(f"{HEADER}\n{ROW}\n".encode("utf-8-sig"))
    return path


def test_writes_to_stdout_without_o(counts: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["indicators", "from-counts", str(counts)])
    assert capsys.readouterr().out == FILLED


def test_writes_the_file_named_by_o(
    counts: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rates.csv"
    main(["indicators", "from-counts", str(counts), "-o", str(out)])
    assert out.read_bytes() == FILLED.encode("utf-8")
    assert capsys.readouterr().out == ""


def test_bad_cells_exit_1_naming_them_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n{ROW}\n{ROW.replace(',100,', ',lots,')}\n", encoding="utf-8")
    out = tmp_path / "rates.csv"
    with pytest.raises(SystemExit) as exited:
        main(["indicators", "from-counts", str(bad), "-o", str(out)])
    assert exited.value.code == 1
    assert not out.exists()
    error = capsys.readouterr().err
    assert "1 problem(s), nothing written" in error
    assert "row 3, column inpost_fte: 'lots' must be a number" in error


def test_missing_columns_exit_1_naming_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    short = tmp_path / "short.csv"
    short.write_text("time_period,inpost_fte\n2025,1\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        main(["indicators", "from-counts", str(short)])
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "row 1, column leavers_fte: required column is missing" in captured.err


def test_a_missing_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["indicators", "from-counts", str(tmp_path / "none.csv")])
    assert exited.value.code == 1
    assert "cannot read" in capsys.readouterr().err


def test_a_subcommand_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["indicators"])
    assert exited.value.code == 2
    assert "SUBCOMMAND" in capsys.readouterr().err
