"""Caseload imports against the register: all or nothing, audited once, census counts
recounted; and the ``cscw caseloads`` command. Today is 30 September 2025."""

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from csc_workforce.core.allocation_import import (
    CHANGE_REASON,
    COMPLEXITY,
    ROLE,
    STATUS,
    TRAVEL_BAND,
)
from csc_workforce.core.problems import ImportFailed
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.caseloads.imports import (
    activity_import,
    allocations_import,
    ssd_import,
)
from csc_workforce.web.caseloads.models import (
    Allocation,
    Assessment,
    Band,
    Case,
    CaseStatus,
    ChangeReason,
    Status,
    TravelBand,
    Visit,
)
from csc_workforce.web.organisation.models import StaffMember
from csc_workforce.web.workforce.models import CaseCount
from tests.conftest import TODAY
from tests.core.test_allocation_import import (
    ACTIVITY_FIELDS,
    INVOLVEMENTS,
    PROFESSIONALS,
    activity,
    allocation,
    allocations,
    csv_file,
)
from tests.factories import StaffMemberFactory


@pytest.fixture
def workers(db: None) -> dict[str, StaffMember]:
    return {swe: StaffMemberFactory(swe_number=swe) for swe in ("SW123", "SW2", "SW100", "SW300")}


def problems(error: pytest.ExceptionInfo[ImportFailed]) -> list[str]:
    return [problem.message for problem in error.value.problems]


def test_the_templates_codes_are_the_registers() -> None:
    assert dict(Status.choices) == STATUS
    assert dict(ChangeReason.choices) == CHANGE_REASON
    assert dict(Allocation.Role.choices) == ROLE
    assert list(dict(Band.choices)) == list(COMPLEXITY)
    assert list(dict(TravelBand.choices)) == list(TRAVEL_BAND)


def test_allocations_add_children_and_recount_the_census(workers: dict) -> None:
    data = allocations(
        allocation(start="2024-09-01", end="2025-01-05", status_start="2024-09-01"),
        allocation(
            start="2025-01-06",
            worker_swe_number="SW2",
            change_reason="LEFTRL",
            status="",
            status_start="",
        ),
        allocation(start="2025-02-01", role="co_worker", status="", status_start=""),
    )
    result = allocations_import(data=data, filename="a.csv", by=None, today=TODAY)
    assert (result.created, result.children_created) == (3, 1)
    case = Case.objects.get(cms_id="CMS001")
    assert (case.opened, case.date_of_birth, case.complexity) == (
        dt.date(2024, 9, 1),
        dt.date(2015, 6, 1),
        "medium",
    )
    assert list(CaseStatus.objects.values_list("status", "start")) == [
        ("child_in_need", dt.date(2024, 9, 1))
    ]
    assert Allocation.objects.get(worker=workers["SW2"]).change_reason == "LEFTRL"
    # SW123 led on 30 September 2024, SW2 leads on 30 September 2025.
    assert result.census_dates == (dt.date(2024, 9, 30), dt.date(2025, 9, 30))
    assert sorted(CaseCount.objects.values_list("on", "staff__swe_number", "cases")) == [
        (dt.date(2024, 9, 30), "SW123", 1),
        (dt.date(2025, 9, 30), "SW2", 1),
    ]
    [summary] = AuditEvent.objects.filter(model="caseloads.Allocation")
    assert summary.message == (
        "Imported allocations from a.csv: 3 added, 0 ended, 0 already held; 1 children added"
    )


def test_one_bad_row_imports_nothing_and_every_register_rule_is_listed(workers: dict) -> None:
    Allocation.objects.create(
        case=Case.objects.create(cms_id="HELD", opened=dt.date(2025, 1, 1)),
        worker=workers["SW300"],
        start=dt.date(2025, 1, 1),
    )
    data = allocations(
        allocation(),
        allocation(cms_id="CMS002", worker_swe_number="SW999"),
        allocation(cms_id="CMS003", worker_swe_number="", worker_staff_id="99999"),
        allocation(cms_id="HELD", start="2025-06-01", worker_swe_number="SW2"),
    )
    with pytest.raises(ImportFailed) as error:
        allocations_import(data=data, filename="a.csv", by=None, today=TODAY)
    assert problems(error) == [
        "a.csv: Row 3, column H (worker_swe_number): no one in the register has the Social Work "
        "England number SW999",
        "a.csv: Row 4, column I (worker_staff_id): no one in the register has the staff ID 99999",
        "a.csv: Row 5, column K (start): this lead allocation overlaps one in the register (from "
        "2025-01-01): a child has one lead worker at a time",
    ]
    assert Case.objects.count() == 1
    assert Allocation.objects.count() == 1
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ACTION).exists()


def test_a_file_rule_imports_nothing(workers: dict) -> None:
    data = allocations(allocation(), allocation(cms_id="CMS002", end="2025-01-01"))
    with pytest.raises(ImportFailed) as error:
        allocations_import(data=data, filename="a.csv", by=None, today=TODAY)
    assert problems(error) == [
        "a.csv: Row 3, column L (end): '2025-01-01' is before the start (2025-01-06)"
    ]
    assert not Case.objects.exists()


def test_a_dry_run_writes_nothing(workers: dict) -> None:
    result = allocations_import(
        data=allocations(allocation()), filename="a.csv", by=None, today=TODAY, dry_run=True
    )
    assert (result.created, result.children_created, result.dry_run) == (1, 1, True)
    assert not Case.objects.exists()
    assert not CaseCount.objects.exists()


def test_an_allocation_given_again_is_held_or_ended(workers: dict) -> None:
    allocations_import(data=allocations(allocation()), filename="a.csv", by=None, today=TODAY)
    again = allocations_import(
        data=allocations(allocation()), filename="a.csv", by=None, today=TODAY
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    handover = allocations(
        allocation(end="2025-06-30"),
        allocation(start="2025-07-01", worker_swe_number="SW2", change_reason="TSPROC"),
    )
    result = allocations_import(data=handover, filename="b.csv", by=None, today=TODAY)
    assert (result.created, result.updated) == (1, 1)
    assert list(Allocation.objects.values_list("worker__swe_number", "end")) == [
        ("SW123", dt.date(2025, 6, 30)),
        ("SW2", None),
    ]
    with pytest.raises(ImportFailed) as error:
        allocations_import(
            data=allocations(allocation(end="2025-05-31")), filename="c.csv", by=None, today=TODAY
        )
    assert problems(error) == [
        "c.csv: Row 2, column L (end): the register already has this allocation, 2025-01-06 to "
        "2025-06-30"
    ]


def test_the_ssd_extract_imports_end_to_end(workers: dict) -> None:
    involvements = (
        INVOLVEMENTS + "I1,P1,ALLOCATED CASE WORKER,CP1,2024-01-05,2024-06-30,,PER1,R1\n"
        "I2,P2,Independent reviewing officer,IRO,2024-01-05,,,PER1,R1\n"
        "I3,P3,Allocated Case Worker,CP1,2024-07-01,,LEFTRL,PER1,R1\n"
    )
    result = ssd_import(
        involvements=involvements.encode(),
        professionals=PROFESSIONALS.encode(),
        by=None,
        today=TODAY,
    )
    assert (result.created, result.skipped, result.children_created) == (2, 1, 1)
    assert list(
        Allocation.objects.values_list("case__cms_id", "worker__swe_number", "end", "change_reason")
    ) == [("PER1", "SW100", dt.date(2024, 6, 30), ""), ("PER1", "SW300", None, "LEFTRL")]
    assert Case.objects.get().opened == dt.date(2024, 1, 5)
    assert list(CaseCount.objects.values_list("on", "staff__swe_number")) == [
        (dt.date(2024, 9, 30), "SW300"),
        (dt.date(2025, 9, 30), "SW300"),
    ]


def test_an_ssd_worker_not_in_the_register_is_at_the_professional_id(workers: dict) -> None:
    professionals = PROFESSIONALS + "P4,S4,Dan Dee,SW404,Social worker\n"
    involvements = INVOLVEMENTS + "I1,P4,Allocated case worker,CP1,2024-01-05,,,PER1,R1\n"
    with pytest.raises(ImportFailed) as error:
        ssd_import(
            involvements=involvements.encode(),
            professionals=professionals.encode(),
            by=None,
            today=TODAY,
        )
    assert problems(error) == [
        "ssd_involvements.csv: Row 2, column B (invo_professional_id): no one in the register has "
        "the Social Work England number SW404"
    ]


@pytest.fixture
def children(workers: dict) -> dict[str, Case]:
    return {
        cms_id: Case.objects.create(cms_id=cms_id, opened=dt.date(2025, 1, 1))
        for cms_id in ("C1", "C2")
    }


def test_activity_imports_assessments_and_visits(children: dict, workers: dict) -> None:
    Assessment.objects.create(case=children["C2"], started=dt.date(2025, 8, 1))
    data = csv_file(
        ACTIVITY_FIELDS,
        activity(cms_id="C1", kind="assessment", started="2025-08-01"),
        activity(cms_id="C1", kind="visit", visit_date="2025-09-12", worker_swe_number="SW123"),
        activity(cms_id="C2", kind="assessment", started="2025-08-01", authorised="2025-09-15"),
        activity(cms_id="C2", kind="visit", visit_date="2025-09-01"),
    )
    result = activity_import(data=data, filename="v.csv", by=None, today=TODAY)
    assert (result.created, result.updated, result.unchanged) == (3, 1, 0)
    assert Assessment.objects.get(case=children["C2"]).authorised == dt.date(2025, 9, 15)
    assert list(Visit.objects.values_list("case__cms_id", "on", "worker__swe_number")) == [
        ("C1", dt.date(2025, 9, 12), "SW123"),
        ("C2", dt.date(2025, 9, 1), None),
    ]
    again = activity_import(data=data, filename="v.csv", by=None, today=TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert AuditEvent.objects.filter(model="caseloads.Visit").count() == 2


def test_activity_for_an_unknown_child_or_worker_imports_nothing(children: dict) -> None:
    data = csv_file(
        ACTIVITY_FIELDS,
        activity(cms_id="C1", kind="assessment", started="2025-08-01"),
        activity(cms_id="NOPE", kind="visit", visit_date="2025-09-12"),
        activity(cms_id="C1", kind="visit", visit_date="2025-09-12", worker_swe_number="SW999"),
    )
    with pytest.raises(ImportFailed) as error:
        activity_import(data=data, filename="v.csv", by=None, today=TODAY)
    assert problems(error) == [
        "v.csv: Row 3, column A (cms_id): 'NOPE' is not the case management system ID of a child "
        "in the register",
        "v.csv: Row 4, column F (worker_swe_number): no one in the register has the Social Work "
        "England number SW999",
    ]
    assert not Assessment.objects.exists()


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("caseloads", *args, stdout=out, stderr=io.StringIO())
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


def test_the_command_imports_or_exits_1_listing_every_problem(
    workers: dict, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(allocations(allocation(), allocation(cms_id="C2", worker_swe_number="SW9")))
    code, out = run("import-allocations", str(bad), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert [(p["row"], p["column"], p["rule"]) for p in report["problems"]] == [
        (3, "H", "unknown_worker")
    ]
    code, out = run("import-allocations", str(bad))
    assert (code, out.splitlines()[0][:27]) == (1, "bad.csv: Row 3, column H (w")
    assert not Case.objects.exists()
    good = tmp_path / "good.csv"
    good.write_bytes(allocations(allocation()))
    assert run("import-allocations", str(good), "--dry-run") == (
        0,
        "Checked: no problems (dry run); would have 1 added, 0 updated, 0 already held, "
        "1 children added\n",
    )
    code, out = run("import-allocations", str(good), "--format", "json")
    assert (code, json.loads(out)["created"], json.loads(out)["census_dates"]) == (
        0,
        1,
        ["2025-09-30"],
    )


def test_the_command_imports_the_ssd_extract_and_activity(workers: dict, tmp_path: Path) -> None:
    involvements, professionals = tmp_path / "invo.csv", tmp_path / "prof.csv"
    involvements.write_text(INVOLVEMENTS + "I1,P1,Allocated case worker,T,2025-01-05,,,C1,R1\n")
    professionals.write_text(PROFESSIONALS)
    code, out = run("import-ssd", str(involvements), str(professionals))
    assert code == 0
    assert out.splitlines() == [
        "Imported: 1 added, 0 updated, 0 already held, 1 children added",
        "Recounted cases held on 30 September 2025",
    ]
    visits = tmp_path / "visits.csv"
    visits.write_bytes(
        csv_file(ACTIVITY_FIELDS, activity(cms_id="C1", kind="visit", visit_date="2025-09-01"))
    )
    assert run("import-activity", str(visits))[0] == 0
    assert Visit.objects.count() == 1


def test_the_command_writes_the_templates(tmp_path: Path) -> None:
    target = tmp_path / "activity.csv"
    assert run("template", "activity", "-o", str(target))[0] == 0
    assert target.read_text().strip() == ",".join(ACTIVITY_FIELDS)
    with pytest.raises(CommandError, match="already exists"):
        call_command("caseloads", "template", "activity", "-o", str(target))
    with pytest.raises(CommandError, match="No such file"):
        call_command("caseloads", "import-activity", str(tmp_path / "missing.csv"))
