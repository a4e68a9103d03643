"""Reading and checking caseload imports; expected rows, columns and messages are written out by
hand from the templates' column order (allocations: A cms_id … M change_reason)."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.allocation_import import (
    ACTIVITY_COLUMNS,
    ALLOCATION_COLUMNS,
    ActivityRow,
    AllocationRow,
    census_dates_covered,
    overlaps,
    read_activity_file,
    read_allocation_file,
    read_ssd_files,
    template_csv,
    template_xlsx,
)

TODAY = dt.date(2025, 9, 30)
ALLOCATION_FIELDS = [column.field for column in ALLOCATION_COLUMNS]
ACTIVITY_FIELDS = [column.field for column in ACTIVITY_COLUMNS]

ROW = {
    "cms_id": "CMS001",
    "child_date_of_birth": "2015-06-01",
    "status": "child_in_need",
    "status_start": "2025-01-06",
    "complexity": "medium",
    "travel_band": "near",
    "sibling_group": "",
    "worker_swe_number": "sw123",
    "worker_staff_id": "",
    "role": "lead",
    "start": "06/01/2025",
    "end": "",
    "change_reason": "",
}


def allocation(**changes: str) -> dict[str, str]:
    return {**ROW, **changes}


def csv_file(fields: list[str], *rows: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def allocations(*rows: dict[str, str]) -> bytes:
    return csv_file(ALLOCATION_FIELDS, *rows)


def messages(data: bytes, filename: str = "a.csv") -> list[str]:
    read = read_allocation_file(data, filename=filename, today=TODAY)
    return [problem.message for problem in read.problems]


def test_a_good_row_is_read_and_typed() -> None:
    read = read_allocation_file(allocations(ROW), filename="a.csv", today=TODAY)
    assert read.problems == []
    assert [line.value for line in read.rows] == [
        AllocationRow(
            cms_id="CMS001",
            child_date_of_birth=dt.date(2015, 6, 1),
            status="child_in_need",
            status_start=dt.date(2025, 1, 6),
            complexity="medium",
            travel_band="near",
            sibling_group="",
            worker_swe_number="SW123",
            worker_staff_id=None,
            role="lead",
            start=dt.date(2025, 1, 6),
            end=None,
            change_reason="",
        )
    ]


def test_each_rule_within_a_row_is_its_cell() -> None:
    data = allocations(
        allocation(start="2025-10-01", end="2025-01-01", change_reason="BORED", role="boss"),
        allocation(worker_swe_number="", status="", cms_id="X" * 41),
        allocation(worker_staff_id="7"),
        allocation(worker_swe_number="", worker_staff_id="1.5", child_date_of_birth="31/02/2015"),
    )
    assert messages(data) == [
        "a.csv: Row 2, column J (role): 'boss' is not one of the codes for role: lead, co_worker",
        "a.csv: Row 2, column K (start): '2025-10-01' is in the future (today is 2025-09-30)",
        "a.csv: Row 2, column L (end): '2025-01-01' is before the start (2025-10-01)",
        "a.csv: Row 2, column M (change_reason): 'BORED' is not one of the codes for "
        "change_reason: MANAGE, FCONTA, LEFTRL, ORGRST, TSPROC, ABSENC, CHCHAN, PCCHAN, SWDIED, "
        "OTHERS",
        "a.csv: Row 3: fill in worker_swe_number or worker_staff_id",
        f"a.csv: Row 3, column A (cms_id): '{'X' * 41}' is longer than 40 characters",
        "a.csv: Row 3, column C (status): this column must not be blank when status_start is "
        "filled in",
        "a.csv: Row 4, column I (worker_staff_id): '7' must be blank when worker_swe_number is "
        "filled in: give one or the other",
        "a.csv: Row 5, column B (child_date_of_birth): '31/02/2015' is not a real date",
        "a.csv: Row 5, column I (worker_staff_id): '1.5' is not a staff ID (a whole number, as in "
        "the register)",
    ]


def test_two_lead_workers_at_once_overlap_and_a_child_has_one_set_of_facts() -> None:
    data = allocations(
        allocation(end="2025-03-31"),
        allocation(start="2025-03-31", worker_swe_number="SW2", complexity="high"),
        allocation(start="2025-02-01", role="co_worker", worker_swe_number="SW3"),
        allocation(cms_id="CMS002", start="2025-04-01"),
    )
    assert messages(data) == [
        "a.csv: Row 3, column E (complexity): 'high' differs from 'medium' on row 2 for the same "
        "child",
        "a.csv: Row 3, column K (start): this lead allocation overlaps the one on row 2: a child "
        "has one lead worker at a time",
    ]
    handover = allocations(allocation(end="2025-03-30"), allocation(start="2025-03-31"))
    assert messages(handover) == []


def test_the_header_and_the_file() -> None:
    assert messages(b"cms_id,role,start,colour\nC1,lead,2025-01-01,red\n") == [
        "a.csv: Row 1: the header has neither a worker_swe_number nor a worker_staff_id column: "
        "one of them is required",
        "a.csv: Row 1, column D: 'colour' is not a column of the template",
    ]
    assert messages(b"cms_id,role,start,worker_staff_id\n") == [
        "a.csv: The file has no rows below the header row"
    ]
    assert messages(b"x", filename="a.txt") == ["a.txt: 'a.txt' is not a .csv or .xlsx file"]


def test_an_excel_file_reads_as_the_csv_does() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(ALLOCATION_FIELDS)
    sheet.append(
        [
            "CMS001",
            dt.datetime(2015, 6, 1),
            "Child in need",
            dt.date(2025, 1, 6),
            "Medium",
            "near",
            None,
            "SW123",
            None,
            "Lead worker",
            dt.datetime(2025, 1, 6),
            None,
            None,
        ]
    )
    out = io.BytesIO()
    workbook.save(out)
    xlsx = read_allocation_file(out.getvalue(), filename="a.xlsx", today=TODAY)
    text = read_allocation_file(allocations(ROW), filename="a.csv", today=TODAY)
    assert xlsx.problems == []
    assert [line.value for line in xlsx.rows] == [line.value for line in text.rows]


INVOLVEMENTS = (
    "invo_involvements_id,invo_professional_id,invo_professional_role_id,invo_professional_team,"
    "invo_involvement_start_date,invo_involvement_end_date,invo_worker_change_reason,"
    "invo_person_id,invo_referral_id\n"
)
PROFESSIONALS = (
    "prof_professional_id,prof_staff_id,prof_professional_name,"
    "prof_social_worker_registration_no,prof_professional_job_title\n"
    "P1,S1,Ann Able,sw100,Social worker\n"
    "P2,S2,Ben Bold,,Independent reviewing officer\n"
    "P3,S3,Cat Cole,SW300,Social worker\n"
)


def test_the_ssd_extract_maps_to_allocations() -> None:
    involvements = (
        INVOLVEMENTS + "I1,P1,ALLOCATED CASE WORKER,CP1,2024-01-05 00:00:00.000,2024-06-30,"
        ",PER1,R1\n"
        "I2,P2,Independent Reviewing Officer,IRO,2024-01-05,,,PER1,R1\n"
        "I3,P3,aka_social_worker,CP1,2024-07-01,,leftrl,PER1,R1\n"
    )
    read = read_ssd_files(involvements.encode(), PROFESSIONALS.encode(), today=TODAY)
    assert read.problems == []
    assert read.skipped == 1
    blank_child = {
        "child_date_of_birth": None,
        "status": "",
        "status_start": None,
        "complexity": "",
        "travel_band": "",
        "sibling_group": "",
        "worker_staff_id": None,
        "role": "lead",
    }
    assert [line.value for line in read.rows] == [
        AllocationRow(
            cms_id="PER1",
            worker_swe_number="SW100",
            start=dt.date(2024, 1, 5),
            end=dt.date(2024, 6, 30),
            change_reason="",
            **blank_child,
        ),
        AllocationRow(
            cms_id="PER1",
            worker_swe_number="SW300",
            start=dt.date(2024, 7, 1),
            end=None,
            change_reason="LEFTRL",
            **blank_child,
        ),
    ]


def test_ssd_problems_are_at_the_extracts_own_cells() -> None:
    involvements = (
        INVOLVEMENTS + "I1,P1,Allocated case worker,CP1,2024-01-05,,,PER1,R1\n"
        "I1,P3,Allocated case worker,CP1,2024-03-01,2024-02-01,,PER1,R1\n"
        "I3,P9,Allocated case worker,CP1,2026-01-01,,XX,PER2,R1\n"
        "I4,P2,Allocated case worker,CP1,2024-01-05,,,PER3,R1\n"
    )
    professionals = PROFESSIONALS + "P1,S9,Ann Again,SW101,Social worker\n"
    read = read_ssd_files(
        involvements.encode(),
        professionals.encode(),
        today=TODAY,
        involvements_name="invo.csv",
        professionals_name="prof.csv",
    )
    assert [problem.message for problem in read.problems] == [
        "invo.csv: Row 3, column A (invo_involvements_id): 'I1' is also on row 2",
        "invo.csv: Row 3, column E (invo_involvement_start_date): this lead allocation overlaps "
        "the one on row 2: a child has one lead worker at a time",
        "invo.csv: Row 3, column F (invo_involvement_end_date): '2024-02-01' is before the start "
        "(2024-03-01)",
        "invo.csv: Row 4, column B (invo_professional_id): 'P9' is not a prof_professional_id in "
        "ssd_professionals",
        "invo.csv: Row 4, column E (invo_involvement_start_date): '2026-01-01' is in the future "
        "(today is 2025-09-30)",
        "invo.csv: Row 4, column G (invo_worker_change_reason): 'XX' is not one of the codes for "
        "invo_worker_change_reason: MANAGE, FCONTA, LEFTRL, ORGRST, TSPROC, ABSENC, CHCHAN, "
        "PCCHAN, SWDIED, OTHERS",
        "invo.csv: Row 5, column B (invo_professional_id): professional 'P2' has no Social Work "
        "England number in ssd_professionals (prof.csv row 3)",
        "prof.csv: Row 5, column A (prof_professional_id): 'P1' is also on row 2",
    ]
    assert read.problems[0].as_dict()["file"] == "invo.csv"


def test_an_extract_with_no_allocated_workers_says_which_roles_count() -> None:
    involvements = INVOLVEMENTS + "I1,P1,IRO,IRO,2024-01-05,,,PER1,R1\n"
    read = read_ssd_files(involvements.encode(), PROFESSIONALS.encode(), today=TODAY)
    assert [problem.message for problem in read.problems] == [
        "ssd_involvements.csv: No involvement has a role taken as an allocated worker "
        "(AKA SOCIAL WORKER, ALLOCATED CASE WORKER)"
    ]
    read = read_ssd_files(
        involvements.encode(), PROFESSIONALS.encode(), today=TODAY, co_worker_roles={"iro"}
    )
    assert read.problems == []
    assert read.rows[0].value is not None
    assert read.rows[0].value.role == "co_worker"


def activity(**row: str) -> dict[str, str]:
    return {field: row.get(field, "") for field in ACTIVITY_FIELDS}


def test_the_activity_template() -> None:
    data = csv_file(
        ACTIVITY_FIELDS,
        activity(cms_id="C1", kind="assessment", started="2025-08-01", authorised="2025-09-12"),
        activity(cms_id="C1", kind="Visit", visit_date="12/09/2025", worker_swe_number="sw1"),
        activity(cms_id="C1", kind="visit", visit_date="2025-09-12", worker_swe_number="SW1"),
        activity(cms_id="C1", kind="assessment", authorised="2025-07-01", visit_date="2025-09-01"),
        activity(cms_id="C2", kind="assessment", started="2025-09-01", authorised="2025-08-01"),
        activity(cms_id="C2", kind="visit", visit_date="2025-10-01"),
    )
    read = read_activity_file(data, filename="v.csv", today=TODAY)
    assert [problem.message for problem in read.problems] == [
        "v.csv: Row 4, column E (visit_date): '2025-09-12' is also on row 3",
        "v.csv: Row 5, column C (started): this column must not be blank for an assessment",
        "v.csv: Row 5, column E (visit_date): '2025-09-01' must be blank for an assessment",
        "v.csv: Row 6, column D (authorised): '2025-08-01' is before the assessment's start "
        "(2025-09-01)",
        "v.csv: Row 7, column E (visit_date): '2025-10-01' is in the future (today is 2025-09-30)",
    ]
    assert [line.value for line in read.rows[:2]] == [
        ActivityRow("C1", "assessment", dt.date(2025, 8, 1), dt.date(2025, 9, 12), ""),
        ActivityRow("C1", "visit", dt.date(2025, 9, 12), None, "SW1"),
    ]


def test_census_dates_are_the_30_septembers_an_allocation_covers_up_to_today() -> None:
    assert census_dates_covered(dt.date(2023, 9, 30), None, today=TODAY) == [
        dt.date(2023, 9, 30),
        dt.date(2024, 9, 30),
        dt.date(2025, 9, 30),
    ]
    assert census_dates_covered(dt.date(2023, 10, 1), dt.date(2024, 9, 29), today=TODAY) == []


starts = st.dates(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
lengths = st.none() | st.integers(0, 400)


@given(starts, lengths, starts, lengths)
def test_overlap_is_sharing_a_day(
    start_a: dt.date, days_a: int | None, start_b: dt.date, days_b: int | None
) -> None:
    """Periods of ``days`` days more than one (None: open, counted here to the end of 2026)."""

    def days(start: dt.date, length: int | None) -> set[dt.date]:
        last = start + dt.timedelta(length) if length is not None else dt.date(2026, 12, 31)
        return {start + dt.timedelta(n) for n in range((last - start).days + 1)}

    end_a = start_a + dt.timedelta(days_a) if days_a is not None else None
    end_b = start_b + dt.timedelta(days_b) if days_b is not None else None
    shared = bool(days(start_a, days_a) & days(start_b, days_b))
    assert overlaps((start_a, end_a), (start_b, end_b)) == shared


def test_the_templates_are_their_headers() -> None:
    assert template_csv(ALLOCATION_COLUMNS).strip() == ",".join(ALLOCATION_FIELDS)
    workbook = openpyxl.load_workbook(
        io.BytesIO(template_xlsx(ACTIVITY_COLUMNS, sheet_name="Activity"))
    )
    assert [cell.value for cell in workbook["Activity"][1]] == ACTIVITY_FIELDS
    assert workbook["Guidance"]["B3"].value == "kind"


@pytest.mark.parametrize("filename", ["a.csv", "a.xlsx"])
def test_the_empty_templates_read_as_files_with_no_rows(filename: str) -> None:
    data = (
        template_csv(ALLOCATION_COLUMNS).encode()
        if filename.endswith("csv")
        else template_xlsx(ALLOCATION_COLUMNS, sheet_name="Allocations")
    )
    assert messages(data, filename) == [f"{filename}: The file has no rows below the header row"]
