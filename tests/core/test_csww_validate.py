from pathlib import Path

import pytest

from csc_workforce.core.csww import validate_file
from tests.core.test_csww_builder import header, la_level, return_xml, worker, write

# The builder puts <Message> on line 2, the header on 3, the LA level on 4 and the first worker's
# <CSWWWorker> on line 5, each of its elements on a line of its own.


def found(path: Path, year: int | None = None) -> list[tuple[object, ...]]:
    report = validate_file(path, year=year)
    return [(p.row, p.field, p.record, p.rule, p.severity) for p in report.problems]


def test_xsd_errors_are_mapped_to_line_element_and_swe_number(tmp_path: Path) -> None:
    first = worker(SWENo="AB1", OrgRole="9")  # OrgRole is the 7th element: line 12
    second = worker(SWENo="CD22", PersonBirthDate="1985-02-30")  # starts line 15; DOB on 19
    path = write(tmp_path, return_xml([first, second]))
    assert found(path) == [
        (12, "OrgRole", "AB1", "XSD", "error"),
        (19, "PersonBirthDate", "CD22", "XSD", "error"),
    ]
    messages = [p.message for p in validate_file(path).problems]
    assert messages[0].startswith("OrgRole '9' is not one of its codes: 1 (Senior Manager)")
    assert messages[1] == "PersonBirthDate '1985-02-30' is not a date in the form YYYY-MM-DD."


def test_real_swe_numbers_pass_and_others_fail_despite_the_published_pattern(
    tmp_path: Path,
) -> None:
    """The published XSD's SWENo pattern ends in a stray '$'; the copies here do not."""
    good = [worker(SWENo=number) for number in ("AB1", "ab1234567890", "SW123456")]
    assert found(write(tmp_path, return_xml(good), "good.xml")) == []
    bad = [worker(SWENo="AB1$"), worker(SWENo="A123"), worker(SWENo="AB12345678901")]
    problems = validate_file(write(tmp_path, return_xml(bad), "bad.xml")).problems
    assert [(p.row, p.field, p.rule) for p in problems] == [
        (7, "SWENo", "XSD"),
        (17, "SWENo", "XSD"),
        (27, "SWENo", "XSD"),
    ]
    assert "two letters then 1 to 10 digits" in problems[0].message


def test_a_missing_required_element_is_reported_where_it_belongs(tmp_path: Path) -> None:
    """libxml2 reports a missing element at the element found in its place (here OrgRole, the
    7th element, line 12), naming the one expected."""
    path = write(tmp_path, return_xml([worker(2024, QualInst=None)], year=2024))
    [problem] = validate_file(path).problems
    assert (problem.row, problem.field, problem.record) == (12, "OrgRole", "AB123456")
    assert "the schema expects QualInst" in problem.message


def test_a_worker_missing_its_last_required_element_is_reported_at_the_worker(
    tmp_path: Path,
) -> None:
    record = {"AgencyWorker": "0"}
    path = write(tmp_path, return_xml([worker(), record]))
    [problem] = validate_file(path).problems
    assert (problem.row, problem.field, problem.record) == (15, "CSWWWorker", None)
    assert problem.message == "CSWWWorker is missing a required element: SWENo."


def test_qualinst_is_not_expected_in_2025(tmp_path: Path) -> None:
    text = return_xml([worker()]).replace(
        "    <OrgRole>", "    <QualInst>Somewhere</QualInst>\n    <OrgRole>"
    )
    [problem] = validate_file(write(tmp_path, text)).problems
    assert (problem.row, problem.field, problem.rule) == (12, "QualInst", "XSD")
    assert "not expected" in problem.message


def test_every_xsd_error_is_kept_beside_the_rules(tmp_path: Path) -> None:
    record = worker(FTE="1.500000", RoleStartDate="2024-12-01")  # a starter with no origin
    assert found(write(tmp_path, return_xml([record]))) == [
        (5, "StartOrigin", "AB123456", "R02", "error"),
        (8, "FTE", "AB123456", "R06", "error"),
        (8, "FTE", "AB123456", "XSD", "error"),
    ]


@pytest.mark.parametrize("cases", ["abc", "", "0.5", "1.0"])
def test_a_bad_number_where_a_query_fires_is_still_an_error(tmp_path: Path, cases: str) -> None:
    """A case holder's Cases30 that is not a whole number: R10 (a query) fires on the same line
    as the schema's error, which must not hide it."""
    text = return_xml([worker(OrgRole="5")]).replace(
        "    <Absat30Sept>", f"    <Cases30>{cases}</Cases30>\n    <Absat30Sept>"
    )
    text = text.replace("  </CSWWWorker>", f"    <Cases30>{cases}</Cases30>\n  </CSWWWorker>")
    report = validate_file(write(tmp_path, text))
    assert ("Cases30", "XSD", "error") in [(p.field, p.rule, p.severity) for p in report.problems]
    assert not report.valid


def test_agency_cover_with_three_decimal_places_is_an_error(tmp_path: Path) -> None:
    agency = worker(AgencyWorker="1", SWENo="ZZ1", FTE="1.000000")
    path = write(
        tmp_path, return_xml([agency], la=la_level(NoAgencyFTE="0.501", NumberOfVacancies="1.00"))
    )
    report = validate_file(path)
    assert [(p.field, p.rule) for p in report.errors] == [("NoAgencyFTE", "XSD")]


DTDS = {
    "internal entity": '<!DOCTYPE Message [<!ENTITY who "AB123456">]>',
    "external entity": '<!DOCTYPE Message [<!ENTITY who SYSTEM "file:///etc/passwd">]>',
    "billion laughs": (
        '<!DOCTYPE Message [<!ENTITY a "haha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    ),
    "bare doctype": "<!DOCTYPE Message>",
}


def dtd_return(tmp_path: Path, doctype: str) -> Path:
    text = return_xml([worker()]).replace("<Message>", f"{doctype}\n<Message>", 1)
    if "ENTITY" in doctype:
        entity = "d" if "&c;" in doctype else "who"
        text = text.replace("<SWENo>AB123456</SWENo>", f"<SWENo>&{entity};</SWENo>")
    return write(tmp_path, text)


@pytest.mark.parametrize("doctype", list(DTDS.values()), ids=list(DTDS))
def test_a_return_with_a_dtd_is_refused_cleanly(tmp_path: Path, doctype: str) -> None:
    report = validate_file(dtd_return(tmp_path, doctype))
    [problem] = report.problems
    assert (problem.rule, problem.severity, problem.row) == ("DTD_NOT_ALLOWED", "error", 3)
    assert "DTDs and entities are not allowed in a CSWW return" in problem.message
    assert not report.valid
    assert report.csww is None


def test_queries_alone_leave_a_return_valid(tmp_path: Path) -> None:
    path = write(tmp_path, return_xml([worker(OrgRole="5")]))  # a case holder with no cases
    report = validate_file(path)
    assert [(p.rule, p.severity) for p in report.problems] == [("R10", "query")]
    assert report.valid
    assert report.as_dict()["valid"] is True


def test_a_year_argument_the_header_overrides_is_queried(tmp_path: Path) -> None:
    path = write(tmp_path, return_xml([worker()], head=header("2025", None)))
    report = validate_file(path, year=2024)
    assert report.year == 2025
    assert [(p.rule, p.severity, p.row) for p in report.problems] == [("YEAR_ARGUMENT", "query", 3)]


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("", "EMPTY_FILE"),
        ("<Message><Header>", "MALFORMED_XML"),
        ('<?xml version="1.0"?>\n<Message>\n' + header() + "</Message>\n", "NO_WORKERS"),
        (return_xml([worker()], head=header("2018", None)), "UNKNOWN_YEAR"),
        (return_xml([worker()], head=header(None, None)), "YEAR_NOT_FOUND"),
    ],
)
def test_unreadable_files_get_exactly_one_problem(tmp_path: Path, text: str, rule_id: str) -> None:
    report = validate_file(write(tmp_path, text))
    assert [p.rule for p in report.problems] == [rule_id]
    assert not report.valid
    assert report.csww is None


def test_json_shape(tmp_path: Path) -> None:
    path = write(tmp_path, return_xml([worker(FTE="2.000000")]))
    assert validate_file(path).as_dict() == {
        "file": str(path),
        "year": 2025,
        "valid": False,
        "errors": [
            {
                "row": 8,
                "field": "FTE",
                "rule": "R06",
                "message": "FTE 2.000000 is outside 0 to 1: a full-time post is 1.",
                "column": "",
                "value": "",
                "file": "",
                "record": "AB123456",
                "severity": "error",
                "where": "line",
            },
            {
                "row": 8,
                "field": "FTE",
                "rule": "XSD",
                "message": "FTE 2.000000 is more than the most allowed, 1.",
                "column": "",
                "value": "",
                "file": "",
                "record": "AB123456",
                "severity": "error",
                "where": "line",
            },
        ],
    }


def test_text_has_one_line_per_problem(tmp_path: Path) -> None:
    path = write(tmp_path, return_xml([worker(FTE="2.000000"), worker(SWENo="CD1", OrgRole="5")]))
    assert [problem.as_text() for problem in validate_file(path).problems] == [
        "line 8, FTE, SWE AB123456: FTE 2.000000 is outside 0 to 1: a full-time post is 1. "
        "[error R06]",
        "line 8, FTE, SWE AB123456: FTE 2.000000 is more than the most allowed, 1. [error XSD]",
        "line 15, Cases30, SWE CD1: A case holder (OrgRole 5) in post at 30 September 2025 has "
        "no cases: check the role and Cases30. [query R10]",
    ]
