"""Importing staff into the register: all or nothing, matched against the register, audited once;
and the ``cscw register`` command."""

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from csc_workforce.core.problems import ImportFailed
from csc_workforce.core.staff_import import EMPLOYMENT_TYPE, FIELDS, LOCAL_ROLE, ROLE_LEVEL
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.organisation.models import Assignment, LocalRole, StaffMember, Team
from csc_workforce.web.workforce.services import JOB_FIELDS, PERSON_FIELDS
from csc_workforce.web.workforce.staff_import import (
    CHECKED_FOR_THE_FILE,
    staff_import,
)
from tests.core.test_staff_import import GOOD, csv_file, person
from tests.factories import StaffMemberFactory, TeamFactory, UserFactory

LEAVER = person(
    given_name="Lee",
    swe_number="SW200",
    team="Team B",
    end_date="31/03/2024",
    reason_leave="1",
    leaver_destination="3",
)
AGENCY = person(
    given_name="Ash",
    swe_number="sw300",
    employment_type="agency",
    contract_weeks="26",
    start_origin="",
    fte="1",
    role_level="4",
    local_role="senior_practitioner",
)


@pytest.fixture
def teams(db: None) -> dict[str, Team]:
    return {"a": TeamFactory(name="Team A"), "b": TeamFactory(name="Team B")}


def messages(error: pytest.ExceptionInfo[ImportFailed]) -> list[str]:
    return [problem.message for problem in error.value.problems]


def test_each_row_becomes_a_person_with_their_first_assignment(teams: dict[str, Team]) -> None:
    result = staff_import(data=csv_file(GOOD, LEAVER, AGENCY), filename="staff.csv", by=None)
    assert result.imported == 3
    assert [member.given_name for member in result.staff] == ["Sam", "Lee", "Ash"]
    sam = StaffMember.objects.get(swe_number="SW123456")
    assert (sam.team, sam.role_level, sam.fte, sam.start_date, sam.end_date) == (
        teams["a"],
        5,
        Decimal("0.800"),
        dt.date(2021, 9, 1),
        None,
    )
    assert (sam.date_of_birth, sam.ethnicity, sam.base_salary) == (
        dt.date(1990, 2, 28),
        "WBRI",
        Decimal("38500.00"),
    )
    jobs = Assignment.objects.order_by("staff__given_name")
    assert [
        (
            job.staff.given_name,
            job.team.name,
            job.effective_from,
            job.effective_to,
            job.employment_type,
        )
        for job in jobs
    ] == [
        ("Ash", "Team A", dt.date(2021, 9, 1), None, "agency"),
        ("Lee", "Team B", dt.date(2021, 9, 1), dt.date(2024, 3, 31), "permanent"),
        ("Sam", "Team A", dt.date(2021, 9, 1), None, "permanent"),
    ]
    lee = StaffMember.objects.get(swe_number="SW200")
    assert (lee.reason_leave, lee.leaver_destination) == ("1", "3")
    ash = StaffMember.objects.get(swe_number="SW300")  # upper-cased, as the register keeps it
    assert (ash.contract_weeks, ash.local_role) == (Decimal("26.0"), "senior_practitioner")


def test_an_excel_file_is_imported(teams: dict[str, Team]) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(FIELDS))
    row: list[object] = [GOOD[name] for name in FIELDS]
    row[FIELDS.index("start_date")] = dt.datetime(2021, 9, 1)
    row[FIELDS.index("fte")] = 0.8
    sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    staff_import(data=out.getvalue(), filename="staff.xlsx", by=None)
    assert StaffMember.objects.get().start_date == dt.date(2021, 9, 1)


def test_one_bad_row_imports_nobody(teams: dict[str, Team]) -> None:
    with pytest.raises(ImportFailed) as failed:
        staff_import(
            data=csv_file(GOOD, person(swe_number="SW2", fte="1.2"), LEAVER),
            filename="staff.csv",
            by=None,
        )
    assert messages(failed) == [
        "Row 3, column O (fte): '1.2' must be more than 0 and no more than 1"
    ]
    assert not StaffMember.objects.exists()
    assert not Assignment.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ACTION).exists()


def test_teams_are_matched_by_name_ignoring_case_and_spacing(teams: dict[str, Team]) -> None:
    staff_import(data=csv_file(person(team="  team   b ")), filename="staff.csv", by=None)
    assert StaffMember.objects.get().team == teams["b"]


def test_a_team_not_in_the_register(teams: dict[str, Team]) -> None:
    with pytest.raises(ImportFailed) as failed:
        staff_import(
            data=csv_file(GOOD, person(swe_number="SW999", team="Team Z")),
            filename="s.csv",
            by=None,
        )
    problem = failed.value.problems[0]
    assert (problem.row, problem.column, problem.field, problem.value, problem.rule) == (
        3,
        "J",
        "team",
        "Team Z",
        "unknown_team",
    )
    assert (
        problem.message
        == "Row 3, column J (team): 'Team Z' is not the name of a team in the register"
    )


def test_a_team_name_two_teams_share(teams: dict[str, Team]) -> None:
    TeamFactory(name="Team A")
    with pytest.raises(ImportFailed) as failed:
        staff_import(data=csv_file(GOOD), filename="s.csv", by=None)
    assert messages(failed) == [
        "Row 2, column J (team): 'Team A' is the name of more than one team in the register"
    ]


def test_a_swe_number_already_in_the_register(teams: dict[str, Team]) -> None:
    StaffMemberFactory(swe_number="SW123456")
    with pytest.raises(ImportFailed) as failed:
        staff_import(data=csv_file(person(swe_number="sw123456 ")), filename="s.csv", by=None)
    assert messages(failed) == [
        "Row 2, column C (swe_number): 'sw123456' is already someone's number in the register"
    ]
    assert StaffMember.objects.count() == 1


def test_problems_in_the_file_and_against_the_register_are_reported_together(
    teams: dict[str, Team],
) -> None:
    StaffMemberFactory(swe_number="SW123456")
    with pytest.raises(ImportFailed) as failed:
        staff_import(data=csv_file(person(team="Nowhere", sex="X")), filename="s.csv", by=None)
    assert [(p.column, p.rule) for p in failed.value.problems] == [
        ("C", "in_register"),
        ("E", "code"),
        ("J", "unknown_team"),
    ]


def test_the_models_own_rules_become_problems_at_their_cells(teams: dict[str, Team]) -> None:
    long_name = "X" * 101
    with pytest.raises(ImportFailed) as failed:
        staff_import(
            data=csv_file(person(family_name=long_name, base_salary="12345678.00")),
            filename="s.csv",
            by=None,
        )
    assert [(p.row, p.column, p.field, p.rule) for p in failed.value.problems] == [
        (2, "B", "family_name", "register"),
        (2, "Q", "base_salary", "register"),
    ]
    assert messages(failed)[0] == (
        "Row 2, column B (family_name): Ensure this value has at most 100 characters (it has 101)."
    )


def test_a_dry_run_checks_everything_and_writes_nothing(teams: dict[str, Team]) -> None:
    result = staff_import(data=csv_file(GOOD, LEAVER), filename="s.csv", by=None, dry_run=True)
    assert (result.imported, len(result.staff), result.dry_run) == (0, 2, True)
    assert not StaffMember.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ACTION).exists()
    with pytest.raises(ImportFailed):
        staff_import(data=csv_file(person(team="Z")), filename="s.csv", by=None, dry_run=True)


def test_an_import_is_audited_as_one_event_by_whoever_did_it(teams: dict[str, Team]) -> None:
    hr = UserFactory(username="hr.officer")
    before = AuditEvent.objects.count()
    staff_import(data=csv_file(GOOD, LEAVER, AGENCY), filename="staff.csv", by=hr)
    events = list(AuditEvent.objects.order_by("pk")[before:])
    assert [(e.action, e.model, e.actor_id, e.actor_label, e.message) for e in events] == [
        (
            "action",
            "organisation.StaffMember",
            hr.pk,
            "hr.officer",
            "Imported 3 staff from staff.csv",
        )
    ]


def test_a_file_that_cannot_be_read_is_a_problem_not_an_error(db: None) -> None:
    with pytest.raises(ImportFailed) as failed:
        staff_import(data=b"PK\x03\x04 not really", filename="staff.xlsx", by=None)
    assert messages(failed) == ["'staff.xlsx' cannot be opened as an Excel workbook (.xlsx)"]


def test_the_templates_code_lists_are_the_registers() -> None:
    assert dict(LocalRole.choices) == LOCAL_ROLE
    assert dict(StaffMember.Employment.choices) == EMPLOYMENT_TYPE
    assert {str(k): v for k, v in StaffMember.RoleLevel.choices} == ROLE_LEVEL


def test_the_template_has_a_column_for_everything_a_new_starter_or_leaver_has() -> None:
    leaving = {"start_date", "end_date", "reason_leave", "leaver_destination"}
    assert set(FIELDS) == {*PERSON_FIELDS, *JOB_FIELDS, *leaving}


# cscw register


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("register", *args, stdout=out, stderr=io.StringIO())
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


def test_template_is_written_to_staff_template_xlsx_unless_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("template") == (0, "Wrote the template to staff_template.xlsx\n")
    assert (tmp_path / "staff_template.xlsx").is_file()


def test_template_writes_excel_or_csv_by_the_file_name(tmp_path: Path) -> None:
    xlsx, text = tmp_path / "staff_template.xlsx", tmp_path / "staff.csv"
    assert run("template", "-o", str(xlsx)) == (0, f"Wrote the template to {xlsx}\n")
    assert openpyxl.load_workbook(xlsx).sheetnames == ["Staff", "Guidance"]
    assert run("template", "-o", str(text))[0] == 0
    assert text.read_bytes() == (",".join(FIELDS) + "\r\n").encode()
    with pytest.raises(CommandError, match="already exists"):
        call_command("register", "template", "-o", str(xlsx))
    with pytest.raises(CommandError, match=r"must end \.xlsx or \.csv"):
        call_command("register", "template", "-o", str(tmp_path / "staff.ods"))


def test_import_reports_how_many(teams: dict[str, Team], tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(csv_file(GOOD, LEAVER))
    assert run("import", str(path), "--dry-run") == (
        0,
        "Checked 2 staff: no problems (dry run)\n",
    )
    assert not StaffMember.objects.exists()
    assert run("import", str(path)) == (0, "Imported 2 staff\n")
    assert StaffMember.objects.count() == 2


def test_import_lists_every_problem_and_exits_1(teams: dict[str, Team], tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(csv_file(GOOD, person(swe_number="SW2", date_of_birth="31/02/1990", team="Z")))
    code, out = run("import", str(path))
    assert code == 1
    assert out.splitlines() == [
        "Row 3, column D (date_of_birth): '31/02/1990' is not a real date",
        "Row 3, column J (team): 'Z' is not the name of a team in the register",
    ]
    assert not StaffMember.objects.exists()
    with pytest.raises(CommandError, match=r"Nothing imported: 2 problem\(s\)"):
        call_command("register", "import", str(path), stdout=io.StringIO())


def test_import_as_json(teams: dict[str, Team], tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(csv_file(person(fte="0")))
    code, out = run("import", str(path), "--format", "json")
    assert code == 1
    assert json.loads(out) == {
        "file": str(path),
        "imported": 0,
        "dry_run": False,
        "problems": [
            {
                "row": 2,
                "column": "O",
                "field": "fte",
                "value": "0",
                "rule": "fte_range",
                "message": "Row 2, column O (fte): '0' must be more than 0 and no more than 1",
                "file": "",
                "record": None,
                "severity": "error",
                "where": "row",
            }
        ],
    }
    path.write_bytes(csv_file(GOOD))
    code, out = run("import", str(path), "--format", "json")
    assert (code, json.loads(out)) == (
        0,
        {"file": str(path), "imported": 1, "dry_run": False, "problems": []},
    )


def test_import_as_a_user(teams: dict[str, Team], tmp_path: Path) -> None:
    UserFactory(username="hr.officer")
    path = tmp_path / "staff.csv"
    path.write_bytes(csv_file(GOOD))
    with pytest.raises(CommandError, match="No such user: nobody"):
        call_command("register", "import", str(path), "--as-user", "nobody")
    assert run("import", str(path), "--as-user", "hr.officer")[0] == 0
    assert AuditEvent.objects.get(action=AuditEvent.Action.ACTION).actor_label == "hr.officer"


def test_import_needs_a_file(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No such file"):
        call_command("register", "import", str(tmp_path / "missing.csv"))


def test_the_import_checks_every_constraint_of_the_model() -> None:
    """The import leaves ``CHECKED_FOR_THE_FILE`` out of ``full_clean``, and so the constraints
    on them: a new constraint must be checked by the import before it joins this list."""
    names = {constraint.name for constraint in StaffMember._meta.constraints}
    assert names == {"staff_fte_between_0_and_1", "staff_ends_after_start", "one_record_per_post"}
    assert {"fte", "start_date", "end_date", "swe_number"} <= CHECKED_FOR_THE_FILE
