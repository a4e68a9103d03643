"""DfE's counting rules on a small return whose figures are worked out by hand below.

Reporting year 2025: 1 October 2024 to 30 September 2025, 253 working days.
"""

from datetime import date
from pathlib import Path

import polars as pl

from csc_workforce.core.csww import summary, validate_file
from csc_workforce.core.csww.summary import people, workers_frame
from tests.core.test_csww_builder import la_level, return_xml, worker, write


def employee(swe: str, born: str, **elements: str | None) -> dict:
    return worker(SWENo=swe, PersonBirthDate=born, **elements)


def agency(swe: str, **elements: str | None) -> dict:
    defaults: dict[str, str | None] = {"OrgRole": "5", "RoleStartDate": "2024-01-01"}
    return worker(AgencyWorker="1", SWENo=swe, **(defaults | elements))


WORKERS = [
    # A, first post: in post, FTE 1, 5 days lost.
    employee("AA1", "1980-01-01", OrgRole="3", WorkingDaysLost="5.00"),
    # A's second post (same SWE, birth date, sex, ethnicity): one person, FTE 0.5, 10 cases.
    employee(
        "aa1", "1980-01-01", OrgRole="5", RoleStartDate="2018-05-01", FTE="0.500000", Cases30="10"
    ),
    # B: in post, FTE 0.8, 12 cases, 3.5 days lost.
    employee(
        "BB2", "1981-02-02", OrgRole="5", FTE="0.800000", Cases30="12", WorkingDaysLost="3.50"
    ),
    # C: a starter, FTE 1.
    employee("CC3", "1982-03-03", RoleStartDate="2024-11-01", StartOrigin="1"),
    # D: a starter with no FTE (in headcounts, not in FTEs; her 4 days lost are left out too).
    employee(
        "DD4",
        "1983-04-04",
        RoleStartDate="2025-02-01",
        StartOrigin="2",
        FTE=None,
        WorkingDaysLost="4.00",
    ),
    # E: a leaver, FTE 0.6 (her 2 days lost are not in post at 30 September).
    employee(
        "EE5",
        "1984-05-05",
        OrgRole="5",
        RoleEndDate="2025-03-31",
        ReasonLeave="1",
        LeaverDestination="1",
        FTE="0.600000",
        WorkingDaysLost="2.00",
    ),
    # F: moved to a role outside children and family social work in the authority (ReasonLeave
    # 7): she leaves the workforce DfE counts, so is a leaver, FTE 1.
    employee("FF6", "1985-06-06", RoleEndDate="2025-01-15", ReasonLeave="7", LeaverDestination="5"),
    # G: started and left in the year: a starter and a leaver, FTE 1.
    employee(
        "GG7",
        "1986-07-07",
        RoleStartDate="2024-12-01",
        StartOrigin="1",
        RoleEndDate="2025-06-30",
        ReasonLeave="1",
        LeaverDestination="3",
    ),
    # H: left on 30 September: a leaver, not in post, FTE 0.4.
    employee(
        "HH8",
        "1987-08-08",
        RoleEndDate="2025-09-30",
        ReasonLeave="5",
        LeaverDestination="6",
        FTE="0.400000",
    ),
    # N: in post, a case holder with FTE 0: in headcount, not among case holders.
    employee("NN9", "1988-09-09", OrgRole="5", FTE="0.000000", Cases30="3"),
    # Agency: K (FTE 1, 15 cases), L (FTE 0.5, no cases), M (no FTE, 5 cases).
    agency("KK1", Cases30="15"),
    agency("LL2", FTE="0.500000", OrgRole="4", Cases30="0"),
    agency("MM3", FTE=None, Cases30="5"),
]
LA = la_level(NumberOfVacancies="4.00", NoAgencyFTE="1.20", NoAgencyHeadcount="3")


def test_the_counting_rules_on_a_hand_worked_return(tmp_path: Path) -> None:
    report = validate_file(write(tmp_path, return_xml(WORKERS, la=LA)))
    assert summary(report) == {
        "year": 2025,
        # R19: N and M hold cases with an FTE of 0 or none, so their cases are in no caseload.
        "valid": False,
        "error_count": 2,
        # A (two posts, one person), B, C, D, N.
        "inpost_headcount": 5,
        # 1 + 0.5 + 0.8 + 1 (C) + 0 (N); D has no FTE.
        "inpost_fte": 3.3,
        "starters_headcount": 3,  # C, D, G
        "starters_fte": 2.0,  # C 1 + G 1 (D has no FTE)
        "leavers_headcount": 4,  # E, F, G, H
        "leavers_fte": 3.0,  # 0.6 + 1 + 1 + 0.4
        "agency_headcount": 3,
        "agency_fte": 1.5,  # K 1 + L 0.5
        "agency_cover_fte": 1.2,
        "vacancy_fte": 4.0,
        # A's second post (0.5, 10), B (0.8, 12), K (1, 15).
        "case_holders_fte": 2.3,
        "cases": 37,
        "caseload_fte": 16.1,  # 37 / 2.3 = 16.087
        "working_days_lost_fte": 8.5,  # A 5 + B 3.5
        "turnover_rate_fte": 90.9,  # 3 / 3.3 = 90.909%
        "agency_rate_fte": 31.3,  # 1.5 / (1.5 + 3.3) = 31.25%, half up
        "agency_cover_rate_fte": 80.0,  # 1.2 / 1.5
        "vacancy_rate_fte": 54.8,  # 4 / (4 + 3.3) = 54.79%
        "vacancy_agency_cover_rate_fte": 30.0,  # 1.2 / 4
        "absence_rate_fte": 1.0,  # 8.5 / (3.3 x 253) = 1.018%
    }


def test_rates_with_a_zero_denominator_are_not_applicable(tmp_path: Path) -> None:
    leaver = worker(RoleEndDate="2025-01-31", ReasonLeave="1", LeaverDestination="1")
    figures = summary(validate_file(write(tmp_path, return_xml([leaver]))))
    assert figures["inpost_fte"] == 0
    assert figures["leavers_fte"] == 1.0
    for rate in (
        "turnover_rate_fte",
        "agency_rate_fte",
        "agency_cover_rate_fte",
        "vacancy_rate_fte",
        "vacancy_agency_cover_rate_fte",
        "absence_rate_fte",
        "caseload_fte",
    ):
        assert figures[rate] == "z", rate  # DfE's symbol for "not applicable"


def test_an_invalid_return_is_still_summarised(tmp_path: Path) -> None:
    text = return_xml([worker(FTE="0.500000"), worker(SWENo="CD1", OrgRole="9")], la="")
    figures = summary(validate_file(write(tmp_path, text)))
    # One XSD error: the missing LA level (libxml2 checks nothing inside the elements after an
    # element out of place, so OrgRole 9 waits for the next run).
    assert (figures["valid"], figures["error_count"]) == (False, 1)
    assert (figures["inpost_headcount"], figures["inpost_fte"]) == (2, 1.5)
    assert (figures["vacancy_fte"], figures["agency_cover_fte"]) == ("x", "x")  # not available
    assert figures["vacancy_rate_fte"] == "x"


def test_a_cover_rate_over_100_is_unreliable_not_a_number(tmp_path: Path) -> None:
    """Like the third-party 2022 sample, whose cover is 1103.7% of its agency FTE: 'u'."""
    agency_worker = agency("KK1", FTE="0.100000", Cases30="3")
    text = return_xml(
        [worker(), agency_worker], la=la_level(NoAgencyFTE="1.10", NumberOfVacancies="2.00")
    )
    figures = summary(validate_file(write(tmp_path, text)))
    assert figures["valid"] is False  # R15
    assert figures["agency_cover_rate_fte"] == "u"  # 1.1 / 0.1 = 1100%
    assert figures["vacancy_agency_cover_rate_fte"] == 55.0  # 1.1 / 2


def test_starters_and_leavers_are_counted_once_per_person_and_day(tmp_path: Path) -> None:
    """DfE's keys: the person (SWE number, birth date, sex, ethnicity) and, for starters, the
    start date, for leavers the leaving date. P left two posts on one day: one leaver. Q left
    two posts on different days: two leavers. R started two posts on different days: two
    starters. FTEs are summed over records: 0.5 + 0.5 + 0.6 + 0.4 = 2.0 leavers' FTE."""
    left = {"ReasonLeave": "1", "LeaverDestination": "1"}
    records = [
        employee(
            "PP1", "1980-01-01", OrgRole="5", RoleEndDate="2025-03-31", FTE="0.500000", **left
        ),
        employee(
            "PP1",
            "1980-01-01",
            OrgRole="6",
            RoleStartDate="2019-01-01",
            RoleEndDate="2025-03-31",
            FTE="0.500000",
            **left,
        ),
        employee(
            "QQ2", "1981-01-01", OrgRole="5", RoleEndDate="2025-01-31", FTE="0.600000", **left
        ),
        employee(
            "QQ2",
            "1981-01-01",
            OrgRole="6",
            RoleStartDate="2019-01-01",
            RoleEndDate="2025-06-30",
            FTE="0.400000",
            **left,
        ),
        employee("RR3", "1982-01-01", OrgRole="5", RoleStartDate="2024-11-01", StartOrigin="2"),
        employee("RR3", "1982-01-01", OrgRole="6", RoleStartDate="2025-02-01", StartOrigin="2"),
    ]
    report = validate_file(write(tmp_path, return_xml(records)))
    figures = summary(report)
    assert report.valid, [p.message for p in report.problems]
    assert (figures["leavers_headcount"], figures["leavers_fte"]) == (3, 2.0)
    assert (figures["starters_headcount"], figures["starters_fte"]) == (2, 2.0)
    assert figures["inpost_headcount"] == 1  # R, once, in both posts
    assert figures["inpost_fte"] == 2.0


def test_a_conversion_is_counted_as_dfe_counts_it(tmp_path: Path) -> None:
    """S moved from agency work to employment on 1 April 2025: her agency record (not a leaver:
    DfE counts no agency leavers) and her employee record, a starter from agency work
    (StartOrigin 4). T went the other way on 1 June: a leaver to agency work
    (LeaverDestination 3) and an agency worker in post."""
    records = [
        employee("SS1", "1985-01-01", RoleStartDate="2025-04-01", StartOrigin="4"),
        employee(
            "TT2",
            "1986-01-01",
            RoleEndDate="2025-05-31",
            ReasonLeave="1",
            LeaverDestination="3",
        ),
        agency("TT2", PersonBirthDate="1986-01-01", RoleStartDate="2025-06-01", Cases30="10"),
    ]
    report = validate_file(write(tmp_path, return_xml(records)))
    figures = summary(report)
    assert report.valid, [p.message for p in report.problems]
    assert (figures["starters_headcount"], figures["leavers_headcount"]) == (1, 1)
    assert (figures["inpost_headcount"], figures["agency_headcount"]) == (1, 1)


def test_headcount_keeps_the_more_senior_post_and_counts_different_people_apart(
    tmp_path: Path,
) -> None:
    records = [
        employee("AA1", "1980-01-01", OrgRole="5", RoleStartDate="2020-01-01"),
        employee("AA1", "1980-01-01", OrgRole="2", RoleStartDate="2021-01-01"),
        employee("AA1", "1980-01-01", OrgRole=None, RoleStartDate="2022-01-01"),
        # The same number with another birth date: DfE's keys count a second person.
        employee("AA1", "1990-01-01", OrgRole="6"),
    ]
    csww = validate_file(write(tmp_path, return_xml(records))).csww
    assert csww is not None
    kept = people(workers_frame(csww.workers)).sort("person_birth_date")
    assert kept.select("person_birth_date", "seniority").rows() == [
        (date(1980, 1, 1), 1),  # OrgRole 2, Middle Manager
        (date(1990, 1, 1), 5),
    ]
    assert kept.schema["swe_no"] == pl.String
