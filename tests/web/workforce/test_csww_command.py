import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from csc_workforce import csww_cli
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


def test_validate_with_summary_prints_the_verdict_then_the_figures(invalid: Path) -> None:
    code, out = run("validate", str(invalid), "--summary")
    assert code == 1
    lines = out.splitlines()
    assert lines[3] == f"{invalid}: 3 error(s), 0 query(ies) in the 2025 return"
    assert [line.split(":")[0] for line in lines[4:]] == SUMMARY_KEYS
    assert "inpost_headcount: 2" in lines  # the two workers of the fixture, both in post
    code, out = run("validate", str(invalid), "--summary", "--format", "json")
    result = json.loads(out)
    assert (code, list(result)) == (1, ["file", "year", "valid", "errors", "summary"])
    assert list(result["summary"]) == SUMMARY_KEYS
    assert (result["summary"]["error_count"], result["summary"]["inpost_fte"]) == (3, 2.5)


def test_validate_with_summary_of_an_unreadable_file_has_no_figures(tmp_path: Path) -> None:
    code, out = run("validate", str(write(tmp_path, "")), "--summary", "--format", "json")
    assert (code, list(json.loads(out))) == (1, ["file", "year", "valid", "errors"])


def cscw(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``cscw`` in a process of its own; it reports which of Django and openpyxl it loaded."""
    code = (
        "import sys\nfrom csc_workforce.cli import main\ntry:\n    main(sys.argv[1:])\n"
        "finally:\n    print(sorted({'django', 'openpyxl'} & set(sys.modules)), file=sys.stderr)"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
    )


def test_reading_a_return_on_the_command_line_starts_no_django(clean: Path, invalid: Path) -> None:
    ok = cscw("csww", "validate", str(clean), "--summary")
    assert ok.returncode == 0
    assert ok.stdout.splitlines()[0] == f"{clean}: 0 error(s), 0 query(ies) in the 2025 return"
    assert ok.stderr.splitlines()[-1] == "[]"
    bad = cscw("csww", "summary", str(invalid))
    assert (bad.returncode, json.loads(bad.stdout)["error_count"]) == (0, 3)
    assert bad.stderr.splitlines()[-1] == "[]"
    refused = cscw("csww", "validate", str(invalid))
    assert refused.returncode == 1
    assert f"CommandError: {invalid} is not a valid CSWW return" in refused.stderr


def test_the_command_line_refuses_a_file_over_the_upload_limit_unread(clean: Path) -> None:
    too_big = cscw("csww", "validate", str(clean), CSCW_MAX_UPLOAD_MB="0")
    assert too_big.returncode == 1
    assert "files can be at most 0 MB (CSCW_MAX_UPLOAD_MB)" in too_big.stderr
    missing = cscw("csww", "summary", str(clean.with_name("none.xml")))
    assert missing.returncode == 1
    assert "CommandError: No such file:" in missing.stderr


def test_summary_after_validate_prints_the_figures_kept_without_reading_again(
    invalid: Path, tmp_path: Path
) -> None:
    """``validate`` keeps the return's figures under var/csww/, named by the file's SHA-256
    (with the year given and the code); ``summary`` of the same file prints them without
    reading it: here, polars (which computes the figures) is never imported."""
    var = {"CSCW_VAR_DIR": str(tmp_path / "var")}
    fresh = cscw("csww", "summary", str(invalid), "--format", "json", CSCW_VAR_DIR=str(tmp_path))
    assert cscw("csww", "validate", str(invalid), **var).returncode == 1
    assert len(list((tmp_path / "var" / "csww").glob("*.json"))) == 1
    code = (
        "import sys\nfrom csc_workforce.cli import main\ntry:\n    main(sys.argv[1:])\n"
        "finally:\n    print('polars' in sys.modules, file=sys.stderr)"
    )
    kept = subprocess.run(
        [sys.executable, "-c", code, "csww", "summary", str(invalid), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **var},
    )
    assert (kept.returncode, kept.stdout) == (0, fresh.stdout)
    assert kept.stderr.splitlines()[-1] == "False"
    # Another year given, or a changed file, is another reading.
    other = cscw("csww", "summary", str(invalid), "--year", "2024", "--format", "json", **var)
    assert other.stdout == fresh.stdout  # the header's year wins; read again all the same
    assert len(list((tmp_path / "var" / "csww").glob("*.json"))) == 2
    invalid.write_text(return_xml([worker(FTE="1.500000")]))
    changed = json.loads(cscw("csww", "summary", str(invalid), "--format", "json", **var).stdout)
    assert changed["inpost_headcount"] == 1  # one worker now, not the two kept


def test_only_the_most_recent_figures_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CSCW_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setattr(csww_cli, "CACHE_KEPT", 2)
    for number in range(3):
        path = write(tmp_path, return_xml([worker()] * (number + 1)), f"r{number}.xml")
        assert run("summary", str(path))[0] == 0
    kept = list((tmp_path / "var" / "csww").iterdir())
    assert len(kept) == 2
    assert csww_cli.kept_figures(csww_cli.cache_key(str(path), year=None)) is not None
