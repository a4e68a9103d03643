"""Bad input: a clear message naming the file, nothing written (an earlier output left as it
was), and a non-zero exit from the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from csc_workforce import hub_cli
from csc_workforce.core.hub import HubInputError, MissingSecret, ingest

from .conftest import PAY_FLAGS, SECRET, W1, W5, write_return


def refused(folder: Path, out: Path, environ: dict[str, str], **options: object) -> list[str]:
    with pytest.raises(HubInputError) as raised:
        ingest(folder, out, environ=environ, jobs=1, **options)  # type: ignore[arg-type]
    return [
        f"{problem.file}: {problem.rule}: {problem.message}" for problem in raised.value.problems
    ]


@pytest.fixture
def earlier(tiny_region: Path, tmp_path: Path, environ: dict[str, str]) -> Path:
    """An output folder from an earlier, good run."""
    out = tmp_path / "out"
    ingest(tiny_region, out, environ=environ, jobs=1)
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_file_that_is_not_a_return(
    tiny_region: Path, earlier: Path, environ: dict[str, str]
) -> None:
    before = snapshot(earlier)
    (tiny_region / "notes.txt").write_text("minutes of the regional meeting\n")
    (tiny_region / "other.xml").write_text("<Staff><Person/></Staff>\n")
    problems = refused(tiny_region, earlier, environ)
    assert problems == [
        "notes.txt: MALFORMED_XML: The file is not well-formed XML: Start tag expected, '<' not "
        "found, line 1, column 1",
        "other.xml: NOT_CSWW: This is not a CSWW return: its root element is <Staff>, not "
        "<Message>.",
    ]
    assert snapshot(earlier) == before
    assert [p.name for p in earlier.parent.iterdir() if p.name.startswith(".")] == []


def test_two_files_for_the_same_authority_and_year(
    tiny_region: Path, tmp_path: Path, environ: dict[str, str]
) -> None:
    shutil.copy(tiny_region / "city.xml", tiny_region / "city-again.xml")
    problems = refused(tiny_region, tmp_path / "new", environ)
    assert problems == [
        "city.xml: DUPLICATE_RETURN: city-again.xml is also the 2025 return of City of London "
        "(201): give one file an authority and year."
    ]
    assert not (tmp_path / "new").exists()


def test_an_unknown_la_code(tiny_region: Path, tmp_path: Path, environ: dict[str, str]) -> None:
    write_return(tiny_region / "nowhere.xml", lea="999", workers=[W5], la_level=PAY_FLAGS)
    problems = refused(tiny_region, tmp_path / "new", environ)
    assert len(problems) == 1
    assert problems[0].startswith("nowhere.xml: UNKNOWN_LA: LA code '999' (Header/Source/LEA)")
    assert not (tmp_path / "new").exists()


def test_a_year_whose_schema_is_not_held(
    tiny_region: Path, tmp_path: Path, environ: dict[str, str]
) -> None:
    text = (tiny_region / "camden.xml").read_text()
    text = text.replace("<Year>2025</Year>", "<Year>2031</Year>").replace(
        "2025-09-30", "2031-09-30"
    )
    (tiny_region / "camden.xml").write_text(text)
    problems = refused(tiny_region, tmp_path / "new", environ)
    assert problems == [
        "camden.xml: UNKNOWN_YEAR: This return is for reporting year 2031 (from its Year), which "
        "has no CSWW schema here: the years known are 2021 to 2025."
    ]
    assert not (tmp_path / "new").exists()


def test_a_missing_or_short_secret(tiny_region: Path, tmp_path: Path) -> None:
    with pytest.raises(MissingSecret, match="CSCW_HUB_SECRET is not set"):
        ingest(tiny_region, tmp_path / "new", environ={}, jobs=1)
    with pytest.raises(MissingSecret, match="could be guessed"):
        ingest(tiny_region, tmp_path / "new", environ={"CSCW_HUB_SECRET": "short"}, jobs=1)
    assert not (tmp_path / "new").exists()


def test_an_output_folder_the_hub_did_not_write_is_never_replaced(
    tiny_region: Path, tmp_path: Path, environ: dict[str, str]
) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "letter.txt").write_text("keep me")
    problems = refused(tiny_region, precious, environ)
    assert "OUT_NOT_HUB" in problems[0]
    assert (precious / "letter.txt").read_text() == "keep me"


def test_strict_refuses_a_return_with_errors_and_clean_blanks_the_field(
    tiny_region: Path, earlier: Path, tmp_path: Path, environ: dict[str, str]
) -> None:
    write_return(
        tiny_region / "city.xml",
        lea="201",
        workers=[W1 | {"OrgRole": "9", "PersonBirthDate": "2026-01-02"}],
        la_level={"NumberOfVacancies": "0.50", "NoAgencyFTE": "0.00", "NoAgencyHeadcount": "0"}
        | PAY_FLAGS,
    )
    before = snapshot(earlier)
    problems = refused(tiny_region, earlier, environ, mode="strict")
    assert [problem.split(": ")[1] for problem in problems] == ["R17", "XSD"]
    assert all(problem.startswith("city.xml: ") for problem in problems)
    assert snapshot(earlier) == before

    ingest(tiny_region, earlier, environ=environ, jobs=1, mode="clean")
    log = (earlier / "logs" / "201_2025.csv").read_text().splitlines()
    assert log[0] == "line,element,rule,original,new,action"
    # The role code is quoted; the date of birth is personal data and withheld.
    assert sorted(line.split(",", 1)[1] for line in log[1:]) == [
        "OrgRole,XSD,9,,blanked",
        "PersonBirthDate,R17,withheld,,blanked",
    ]
    manifest = json.loads((earlier / "manifest.json").read_text())
    assert manifest["mode"] == "clean"
    assert {f["file"]: f["changes"] for f in manifest["files"]} == {"camden.xml": 0, "city.xml": 2}


def test_command_line_exits_1_naming_the_file(
    tiny_region: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CSCW_HUB_SECRET", SECRET)
    (tiny_region / "notes.txt").write_text("not a return")
    code = hub_cli.run(["ingest", str(tiny_region), "--out", str(tmp_path / "out")])
    assert code == 1
    err = capsys.readouterr().err
    assert "notes.txt: line 1, The file is not well-formed XML" in err
    assert "Nothing written" in err
    assert not (tmp_path / "out").exists()
    monkeypatch.delenv("CSCW_HUB_SECRET")
    (tiny_region / "notes.txt").unlink()
    assert hub_cli.run(["ingest", str(tiny_region), "--out", str(tmp_path / "out")]) == 1
    assert "CSCW_HUB_SECRET is not set" in capsys.readouterr().err


def test_a_failure_while_writing_leaves_the_earlier_output_as_it_was(
    tiny_region: Path, earlier: Path, environ: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from csc_workforce.core.hub import report

    before = snapshot(earlier)

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(report, "write_report", broken)
    with pytest.raises(OSError, match="disk full"):
        ingest(tiny_region, earlier, environ=environ, jobs=1, mode="clean")
    assert snapshot(earlier) == before
    assert sorted(p.name for p in earlier.parent.iterdir()) == ["out", "returns"]
