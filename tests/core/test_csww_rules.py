"""Each of DfE's further rules, both ways, on records built by hand (reporting year 2025:
1 October 2024 to 30 September 2025)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from csc_workforce.core.csww import SCHEMAS, CswwReturn, Header, LALevel, WorkerRecord
from csc_workforce.core.csww.rules import (
    AbsenceReasonGoesWithAbsence,
    AdultAtRoleStart,
    AgencyCoverWithinAgencyFte,
    AgencyRecordsHaveNoLeaverFields,
    BaseSalaryAboveZero,
    BirthDateNotAfterCensusDate,
    CaseHolderHasCases,
    CasesHeldNeedFte,
    CasesOnlyInPost,
    EndNotBeforeReportingYear,
    FteWithinRange,
    HeaderYearMatchesReferenceDate,
    LALevelNotNegative,
    LeaverFieldsOnlyForLeavers,
    LeaverHasReasonAndDestination,
    RoleEndNotAfterCensusDate,
    RoleEndNotBeforeStart,
    StarterHasOrigin,
    StartNotAfterCensusDate,
    SweNumberDigitsAreAscii,
    SweNumberIsOnePerson,
    SweNumberOncePerPost,
    WorkerNumbersNotNegative,
    WorkerRule,
    rule_problems,
)

YEAR = 2025

IN_POST = WorkerRecord(
    line=10,
    position=1,
    agency_worker="0",
    swe_no="AB123",
    fte=Decimal("1"),
    person_birth_date=date(1980, 1, 1),
    sex="F",
    ethnicity="WBRI",
    org_role="6",
    role_start_date=date(2015, 1, 5),
    lines={"RoleStartDate": 18, "Cases30": 20, "FTE": 13},
)
STARTER = replace(IN_POST, role_start_date=date(2024, 10, 1), start_origin="1")
LEAVER = replace(IN_POST, role_end_date=date(2025, 9, 30), reason_leave="1", leaver_destination="1")
AGENCY = replace(IN_POST, agency_worker="1", swe_no="ZZ9", org_role="5", cases30=4)


def ids(rule: WorkerRule, worker: WorkerRecord) -> list[tuple[str | None, int | None]]:
    return [(problem.field, problem.row) for problem in rule.check(worker, YEAR)]


@pytest.mark.parametrize(
    ("rule", "fine", "broken", "found"),
    [
        (
            RoleEndNotBeforeStart(),
            replace(LEAVER, role_start_date=date(2025, 9, 30)),  # same day is fine
            replace(LEAVER, role_start_date=date(2025, 10, 1), role_end_date=date(2025, 9, 30)),
            [("RoleEndDate", 10)],
        ),
        (
            StarterHasOrigin(),
            STARTER,
            replace(STARTER, start_origin=None),
            [("StartOrigin", 10)],
        ),
        (
            # Started before the year: no origin needed.
            StarterHasOrigin(),
            replace(IN_POST, role_start_date=date(2024, 9, 30)),
            replace(STARTER, role_start_date=date(2025, 9, 30), start_origin=None),
            [("StartOrigin", 10)],
        ),
        (
            LeaverHasReasonAndDestination(),
            LEAVER,
            replace(LEAVER, reason_leave=None, leaver_destination=None),
            [("ReasonLeave", 10), ("LeaverDestination", 10)],
        ),
        (
            LeaverHasReasonAndDestination(),
            replace(LEAVER, role_end_date=date(2025, 10, 1), reason_leave=None),  # next year
            replace(LEAVER, role_end_date=date(2024, 10, 1), leaver_destination=None),
            [("LeaverDestination", 10)],
        ),
        (
            LeaverFieldsOnlyForLeavers(),
            LEAVER,
            replace(LEAVER, role_end_date=None),
            [("ReasonLeave", 10), ("LeaverDestination", 10)],
        ),
        (
            CasesOnlyInPost(),
            replace(IN_POST, cases30=12),
            replace(LEAVER, cases30=12),  # left on 30 September: not in post
            [("Cases30", 20)],
        ),
        (
            CasesOnlyInPost(),
            replace(LEAVER, cases30=0),
            replace(IN_POST, role_start_date=date(2025, 10, 1), cases30=1),
            [("Cases30", 20)],
        ),
        (
            FteWithinRange(),
            replace(IN_POST, fte=Decimal("0"), fte30=Decimal("1")),
            replace(IN_POST, fte=Decimal("1.01"), fte30=Decimal("-0.1")),
            [("FTE", 13), ("FTE30", 10)],
        ),
        (
            AgencyRecordsHaveNoLeaverFields(),
            AGENCY,
            replace(AGENCY, reason_leave="1", leaver_destination="3"),
            [("ReasonLeave", 10), ("LeaverDestination", 10)],
        ),
        (
            CaseHolderHasCases(),
            replace(IN_POST, org_role="5", cases30=1),
            replace(IN_POST, org_role="5", cases30=0),
            [("Cases30", 20)],
        ),
        (
            # A case holder who has left is not queried; one with no Cases30 at all is.
            CaseHolderHasCases(),
            replace(LEAVER, org_role="5"),
            replace(AGENCY, cases30=None),
            [("Cases30", 20)],
        ),
        (
            StartNotAfterCensusDate(),
            replace(IN_POST, role_start_date=date(2025, 9, 30)),
            replace(IN_POST, role_start_date=date(2025, 10, 1)),
            [("RoleStartDate", 18)],
        ),
        (
            EndNotBeforeReportingYear(),
            replace(LEAVER, role_end_date=date(2024, 10, 1)),
            replace(LEAVER, role_end_date=date(2024, 9, 30)),
            [("RoleEndDate", 10)],
        ),
        (
            AbsenceReasonGoesWithAbsence(),
            replace(IN_POST, absat30sept=("1",), reason_absence=("SIC",)),
            replace(IN_POST, absat30sept=("0",), reason_absence=("SIC",)),
            [("ReasonAbsence", 10)],
        ),
        (
            AbsenceReasonGoesWithAbsence(),
            replace(IN_POST, absat30sept=("0",)),
            replace(IN_POST, absat30sept=("1",)),
            [("ReasonAbsence", 10)],
        ),
        (
            # Leaving on the census date is fine; leaving after it is next year's leaver.
            RoleEndNotAfterCensusDate(),
            LEAVER,
            replace(LEAVER, role_end_date=date(2025, 10, 1)),
            [("RoleEndDate", 10)],
        ),
        (
            BirthDateNotAfterCensusDate(),
            replace(IN_POST, person_birth_date=date(1990, 9, 30)),
            replace(IN_POST, person_birth_date=date(2025, 10, 1)),
            [("PersonBirthDate", 10)],
        ),
        (
            # 18 on the day the role starts is fine; a day short of 18 is not.
            AdultAtRoleStart(),
            replace(STARTER, person_birth_date=date(2006, 10, 1)),
            replace(STARTER, person_birth_date=date(2006, 10, 2)),
            [("PersonBirthDate", 10)],
        ),
        (
            # Without a start date, the age at the census date counts.
            AdultAtRoleStart(),
            replace(IN_POST, role_start_date=None, person_birth_date=date(2007, 9, 30)),
            replace(IN_POST, role_start_date=None, person_birth_date=date(2015, 1, 1)),
            [("PersonBirthDate", 10)],
        ),
        (
            CasesHeldNeedFte(),
            replace(IN_POST, fte=Decimal("0"), cases30=0),
            replace(IN_POST, fte=Decimal("0"), cases30=3),
            [("FTE", 13)],
        ),
        (
            CasesHeldNeedFte(),
            replace(IN_POST, fte=Decimal("0.1"), cases30=3),
            replace(IN_POST, fte=None, cases30=3),
            [("FTE", 13)],
        ),
        (
            SweNumberDigitsAreAscii(),
            replace(IN_POST, swe_no="ab0123456789"),
            replace(IN_POST, swe_no="AB\u0661\u0662\u0663"),  # Arabic-Indic digits 1, 2, 3
            [("SWENo", 10)],
        ),
        (
            WorkerNumbersNotNegative(),
            replace(IN_POST, cases30=0, working_days_lost=Decimal("0.00"), rr_payments=Decimal(0)),
            replace(
                IN_POST,
                cases30=-1,
                working_days_lost=Decimal("-2.50"),
                contract_weeks=(Decimal("4.0"), Decimal("-1.0")),
                other_payments=Decimal("-0.01"),
            ),
            [
                ("Cases30", 20),
                ("WorkingDaysLost", 10),
                ("ContractWeeks", 10),
                ("OtherPayments", 10),
            ],
        ),
        (
            BaseSalaryAboveZero(),
            replace(IN_POST, base_salary=Decimal("0.01")),
            replace(IN_POST, base_salary=Decimal("-5.00")),
            [("BaseSalary", 10)],
        ),
    ],
)
def test_worker_rule_both_ways(
    rule: WorkerRule,
    fine: WorkerRecord,
    broken: WorkerRecord,
    found: list[tuple[str, int]],
) -> None:
    assert ids(rule, fine) == []
    assert ids(rule, broken) == found
    assert all(problem.record == broken.swe_no for problem in rule.check(broken, YEAR))


def test_only_the_case_holder_query_is_a_query() -> None:
    broken = replace(IN_POST, org_role="5", cases30=0, fte=Decimal(2))
    severities = {p.rule: p.severity for p in rule_problems(csww_of(broken))}
    assert severities == {"R10": "query", "R06": "error"}


def csww_of(
    *workers: WorkerRecord, header: Header | None = None, la: LALevel | None = None
) -> CswwReturn:
    return CswwReturn(
        year=YEAR,
        year_source="Year",
        schema=SCHEMAS[YEAR],
        header=header,
        la_level=la,
        workers=tuple(replace(w, position=i + 1) for i, w in enumerate(workers)),
    )


def problems_of(rule: SweNumberOncePerPost | SweNumberIsOnePerson, *workers: WorkerRecord) -> list:
    return [(p.row, p.record, p.message) for p in rule.check(csww_of(*workers))]


def test_two_posts_of_one_person_are_allowed() -> None:
    second_post = replace(IN_POST, line=30, org_role="5", role_start_date=date(2020, 4, 1))
    # A role change: the old post ended in the year, the new one started.
    promoted = replace(STARTER, line=50, org_role="3")
    workers = (IN_POST, second_post, promoted, replace(AGENCY, swe_no="ab123", line=70))
    assert problems_of(SweNumberOncePerPost(), *workers) == []


def test_the_same_post_twice_is_an_error() -> None:
    again = replace(IN_POST, line=30, swe_no=" ab123 ")  # the same number, written differently
    assert problems_of(SweNumberOncePerPost(), IN_POST, again) == [
        (
            30,
            " ab123 ",
            "SWE number AB123 is also on another record for the same post (same OrgRole and "
            "RoleStartDate), at line 10.",
        )
    ]


def test_an_agency_worker_recorded_twice_is_an_error() -> None:
    again = replace(AGENCY, line=30, org_role="4", role_start_date=date(2025, 1, 1))
    found = problems_of(SweNumberOncePerPost(), AGENCY, again)
    assert [(line, swe) for line, swe, _ in found] == [(30, "ZZ9")]
    assert "another agency worker record" in found[0][2]


def test_one_swe_number_is_one_person() -> None:
    same_person = replace(IN_POST, line=30, org_role="5")
    assert problems_of(SweNumberIsOnePerson(), IN_POST, same_person) == []
    other = replace(same_person, person_birth_date=date(1990, 1, 1), ethnicity="WIRI")
    assert problems_of(SweNumberIsOnePerson(), IN_POST, other) == [
        (
            30,
            "AB123",
            "SWE number AB123 is also on line 10 with a different PersonBirthDate and "
            "Ethnicity: one SWE number is one person.",
        )
    ]
    # Agency records are not people in DfE's headcounts, so are not compared.
    assert problems_of(SweNumberIsOnePerson(), IN_POST, replace(other, agency_worker="1")) == []


def test_header_year_and_reference_date_agree() -> None:
    rule = HeaderYearMatchesReferenceDate()
    agreeing = Header(line=3, year=2025, reference_date=date(2024, 10, 1))
    assert list(rule.check(csww_of(IN_POST, header=agreeing))) == []
    clashing = Header(line=3, year=2025, reference_date=date(2024, 9, 30))
    [problem] = rule.check(csww_of(IN_POST, header=clashing))
    assert (problem.row, problem.field, problem.severity) == (3, "ReferenceDate", "error")


def test_agency_cover_above_agency_fte_or_vacancies_is_an_error() -> None:
    """The third-party 2022 sample's cover of 1103.7% of its agency FTE is refused."""
    rule = AgencyCoverWithinAgencyFte()
    half = replace(AGENCY, fte=Decimal("0.5"))
    within = LALevel(
        line=4,
        number_of_vacancies=Decimal("2.00"),
        no_agency_fte=Decimal("1.00"),
        no_agency_headcount=2,
        lines={"NoAgencyFTE": 6, "NoAgencyHeadcount": 7},
    )
    assert list(rule.check(csww_of(half, replace(half, swe_no="ZZ8"), la=within))) == []
    [over_agency, over_headcount] = rule.check(csww_of(half, la=within))
    assert (over_agency.row, over_agency.field, over_agency.severity) == (
        6,
        "NoAgencyFTE",
        "error",
    )
    assert "agency cover rate would be over 100%" in over_agency.message
    assert (over_headcount.row, over_headcount.field) == (7, "NoAgencyHeadcount")
    few_vacancies = replace(within, number_of_vacancies=Decimal("0.50"))
    [problem] = rule.check(csww_of(half, replace(half, swe_no="ZZ8"), la=few_vacancies))
    assert "vacancy agency cover rate would be over 100%" in problem.message


def test_la_level_figures_are_not_negative() -> None:
    below = LALevel(
        line=4,
        number_of_vacancies=Decimal("-1.00"),
        no_agency_fte=Decimal("0.00"),
        no_agency_headcount=-2,
        lines={"NumberOfVacancies": 5, "NoAgencyHeadcount": 7},
    )
    found = [(p.row, p.field) for p in LALevelNotNegative().check(csww_of(IN_POST, la=below))]
    assert found == [(5, "NumberOfVacancies"), (7, "NoAgencyHeadcount")]
