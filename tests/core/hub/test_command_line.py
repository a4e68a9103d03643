"""``cscw hub`` as a newcomer runs it: a made-up region, ingested (in parallel), reported; no
Django started; ``--year`` keeps one year's returns."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from .conftest import SECRET


def cscw(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``cscw`` in a process of its own; its last line of standard error says whether Django
    was imported."""
    code = (
        "import sys\nfrom csc_workforce.cli import main\ntry:\n    main(sys.argv[1:])\n"
        "finally:\n    print('django' in sys.modules, file=sys.stderr)"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
    )


def test_synthetic_ingest_and_report_without_django(tmp_path: Path) -> None:
    made = cscw(
        "hub",
        "synthetic",
        "--out",
        str(tmp_path / "region"),
        "--authorities",
        "3",
        "--years",
        "2",
        "--workers",
        "40",
    )
    assert made.returncode == 0, made.stderr
    assert "wrote 6 returns" in made.stdout
    assert made.stderr.splitlines()[-1] == "False"

    strict = cscw(
        "hub",
        "ingest",
        str(tmp_path / "region"),
        "--out",
        str(tmp_path / "out"),
        CSCW_HUB_SECRET=SECRET,
    )
    assert strict.returncode == 1
    assert "Nothing written" in strict.stderr
    assert not (tmp_path / "out").exists()

    clean = cscw(
        "hub",
        "ingest",
        str(tmp_path / "region"),
        "--out",
        str(tmp_path / "out"),
        "--mode",
        "clean",
        CSCW_HUB_SECRET=SECRET,
    )
    assert clean.returncode == 0, clean.stderr
    assert "[6/6]" in clean.stderr  # progress, one line a return
    assert "6 return(s)" in clean.stdout
    assert clean.stderr.splitlines()[-1] == "False"
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert [a["la_name"] for a in manifest["authorities"]] == [
        "Barking and Dagenham",
        "Barnet",
        "Bexley",
    ]

    report = cscw(
        "hub", "report", "--from", str(tmp_path / "out"), "-o", str(tmp_path / "region.xlsx")
    )
    assert report.returncode == 0, report.stderr
    assert report.stderr.splitlines()[-1] == "False"
    rows = list(load_workbook(tmp_path / "region.xlsx")["Turnover rate (%)"].values)
    assert rows[0] == ("Authority", 2024, 2025)
    assert [row[0] for row in rows[1:]] == [
        "Barking and Dagenham",
        "Barnet",
        "Bexley",
        "Region",
        "England",
    ]


def test_year_keeps_one_years_returns(tmp_path: Path) -> None:
    from csc_workforce.core.csww.synthetic import synthetic_region
    from csc_workforce.core.hub import ingest

    synthetic_region(tmp_path / "region", authorities=2, years=3, workers=30, errors=False)
    done = ingest(
        tmp_path / "region",
        tmp_path / "out",
        year=2024,
        environ={"CSCW_HUB_SECRET": SECRET},
        jobs=1,
    )
    assert done.manifest["years"] == [2024]
    assert sorted(done.skipped) == ["301_2023.xml", "301_2025.xml", "302_2023.xml", "302_2025.xml"]


def test_a_report_from_a_folder_that_is_not_a_hub_output(tmp_path: Path) -> None:
    result = cscw("hub", "report", "--from", str(tmp_path), "-o", str(tmp_path / "r.xlsx"))
    assert result.returncode == 1
    assert "is not a hub output folder" in result.stderr
