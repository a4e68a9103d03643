"""The one ``Problem`` and ``ImportFailed`` every importer reports with, and the command line's
report of them."""

from csc_workforce.core.problems import ImportFailed, Problem, write_problems

CELL = Problem(
    row=7,
    field="date_of_birth",
    rule="real_date",
    message="Row 7, column D (date_of_birth): '31/02/1990' is not a real date",
    column="D",
    value="31/02/1990",
)
ELEMENT = Problem(
    row=12,
    field="OrgRole",
    rule="R10",
    message="A case holder has no cases.",
    record="AB123456",
    severity="query",
    where="line",
)


def test_a_spreadsheet_problem_reads_as_its_message_naming_row_column_and_field() -> None:
    assert CELL.as_text() == "Row 7, column D (date_of_birth): '31/02/1990' is not a real date"


def test_an_xml_problem_reads_with_its_line_element_record_severity_and_rule() -> None:
    assert ELEMENT.as_text() == (
        "line 12, OrgRole, SWE AB123456: A case holder has no cases. [query R10]"
    )


def test_problems_sort_by_row_then_column_as_a_spreadsheet_orders_them() -> None:
    z, aa = (Problem(2, "", "required", "", column=letter) for letter in ("Z", "AA"))
    assert sorted([aa, z, Problem(1, "", "no_header", "")], key=Problem.sort_key) == [
        Problem(1, "", "no_header", ""),
        z,
        aa,
    ]


def test_import_failed_carries_every_problem_and_counts_them() -> None:
    failed = ImportFailed(iter([CELL, ELEMENT]))
    assert failed.problems == [CELL, ELEMENT]
    assert str(failed) == "Nothing imported: 2 problem(s)"


def test_the_command_line_writes_a_line_each_or_json_with_the_report() -> None:
    lines: list[str] = []
    write_problems(lines.append, [CELL, ELEMENT])
    assert lines == [CELL.as_text(), ELEMENT.as_text()]
    lines.clear()
    write_problems(lines.append, [CELL], format="json", file="staff.csv")
    assert lines[0].startswith('{\n  "file": "staff.csv",\n  "problems": [\n    {\n      "row": 7,')
