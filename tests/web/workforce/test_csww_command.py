import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.core.test_csww_builder import header, return_xml, worker, write

SUMMARY_KEYS = [
    "year",
    "valid",
    "error_count",
    "inpost_headcount",
    "inpost_fte",
    "starters_headcount",
    "starters_fte",
    "leavers_headcount",
    "leavers_fte",
    "agency_headcount",
    "agency_fte",
    "agency_cover_fte",
    "vacancy_fte",
    "case_holders_fte",
    "cases",
    "caseload_fte",
    "working_days_lost_fte",
    "turnover_rate_fte",
    "agency_rate_fte",
    "agency_cover_rate_fte",
    "vacancy_rate_fte",
    "vacancy_agency_cover_rate_fte",
    "absence_rate_fte",
]


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("csww", *args, stdout=out, stderr=io.StringIO())
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    return write(tmp_path, return_xml([worker()]), "clean.xml")


@pytest.fixture
def queried(tmp_path: Path) -> Path:
    return write(tmp_path, return_xml([worker(OrgRole="5")]), "queried.xml")


@pytest.fixture
def invalid(tmp_path: Path) -> Path:
    return write(tmp_path, return_xml([worker(FTE="1.500000"), worker(SWENo="B1")]), "bad.xml")


def test_validate_a_clean_return_exits_0(clean: Path) -> None:
    code, out = run("validate", str(clean))
    assert code == 0
    assert out == f"{clean}: 0 error(s), 0 query(ies) in the 2025 return\n"


def test_validate_with_queries_only_exits_0(queried: Path) -> None:
    code, out = run("validate", str(queried), "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert result["valid"] is True
    assert [e["severity"] for e in result["errors"]] == ["query"]


def test_validate_text_lists_one_line_per_problem_and_exits_1(invalid: Path) -> None:
    code, out = run("validate", str(invalid))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        "line 8, FTE, SWE AB123456: FTE 1.500000 is outside 0 to 1: a full-time post is 1. "
        "[error R06]"
    )
    assert lines[1] == (
        "line 8, FTE, SWE AB123456: FTE 1.500000 is more than the most allowed, 1. [error XSD]"
    )
    assert lines[2].startswith("line 17, SWENo, SWE B1: SWENo 'B1' is not a Social Work England")
    assert lines[3] == f"{invalid}: 3 error(s), 0 query(ies) in the 2025 return"


def test_validate_json_shape(invalid: Path) -> None:
    code, out = run("validate", str(invalid), "--format", "json")
    assert code == 1
    result = json.loads(out)
    assert list(result) == ["file", "year", "valid", "errors"]
    assert (result["file"], result["year"], result["valid"]) == (str(invalid), 2025, False)
    assert [list(e) for e in result["errors"]] == [
        [
            "row",
            "field",
            "rule",
            "message",
            "column",
            "value",
            "file",
            "record",
            "severity",
            "where",
        ]
    ] * 3
    assert [(e["row"], e["record"]) for e in result["errors"]] == [
        (8, "AB123456"),
        (8, "AB123456"),
        (17, "B1"),
    ]


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("", "EMPTY_FILE"),
        ("<Message>", "MALFORMED_XML"),
        ("<Message>\n" + header() + "</Message>", "NO_WORKERS"),
        (return_xml([worker()], head=header("2017", None)), "UNKNOWN_YEAR"),
    ],
)
def test_unreadable_files_give_one_message_and_exit_1(
    tmp_path: Path, text: str, rule_id: str
) -> None:
    path = write(tmp_path, text)
    code, out = run("validate", str(path), "--format", "json")
    assert code == 1
    [problem] = json.loads(out)["errors"]
    assert problem["rule"] == rule_id
    code, out = run("validate", str(path))
    assert code == 1
    assert len(out.splitlines()) == 2  # the problem, then the count


def test_year_argument_is_used_without_a_header(tmp_path: Path) -> None:
    path = write(tmp_path, return_xml([worker(2024)], year=2024, head=""))
    assert run("validate", str(path))[0] == 1
    code, out = run("validate", str(path), "--year", "2024", "--format", "json")
    assert (code, json.loads(out)["year"]) == (0, 2024)


def test_summary_json_of_an_invalid_return(invalid: Path) -> None:
    code, out = run("summary", str(invalid), "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert list(result) == SUMMARY_KEYS
    assert (result["valid"], result["error_count"]) == (False, 3)
    assert (result["inpost_headcount"], result["inpost_fte"]) == (2, 2.5)


def test_summary_text(clean: Path) -> None:
    code, out = run("summary", str(clean), "--format", "text")
    assert code == 0
    assert [line.split(":")[0] for line in out.splitlines()] == SUMMARY_KEYS
    assert "caseload_fte: z" in out


def test_summary_of_an_unreadable_file_exits_1(tmp_path: Path) -> None:
    assert run("summary", str(write(tmp_path, "")))[0] == 1


@pytest.mark.parametrize("action", ["validate", "summary", "import"])
def test_a_return_with_a_dtd_gets_a_json_verdict_and_exit_1(
    db: None, tmp_path: Path, action: str
) -> None:
    """An entity in a DTD (here one that would read a file of the server) is never resolved:
    the file is refused, with a verdict, not a traceback."""
    text = return_xml([worker()]).replace(
        "<Message>", '<!DOCTYPE Message [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Message>'
    )
    path = write(tmp_path, text.replace("<SWENo>AB123456</SWENo>", "<SWENo>&x;</SWENo>"))
    code, out = run(action, str(path), "--format", "json")
    assert code == 1
    verdict = json.loads(out)
    assert verdict["valid"] is False
    assert [e["rule"] for e in verdict["errors"]] == ["DTD_NOT_ALLOWED"]
    assert "root:" not in out


def test_a_missing_file_exits_1(tmp_path: Path) -> None:
    assert run("validate", str(tmp_path / "none.xml"))[0] == 1


def test_the_cscw_command_line_exit_codes(clean: Path, invalid: Path) -> None:
    cscw = str(Path(sys.executable).with_name("cscw"))
    ok = subprocess.run([cscw, "csww", "validate", str(clean)], capture_output=True, check=False)
    bad = subprocess.run(
        [cscw, "csww", "validate", str(invalid), "--format", "json"],
        capture_output=True,
        check=False,
    )
    assert (ok.returncode, bad.returncode) == (0, 1)
    assert json.loads(bad.stdout)["valid"] is False
