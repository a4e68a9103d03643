from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.csww import CswwFileError, parse_return
from tests.core.test_csww_builder import header, la_level, return_xml, worker, write


def test_a_worker_is_read_into_typed_fields_with_element_lines(tmp_path: Path) -> None:
    record = worker(
        2025,
        SWENo="ab42",
        FTE="0.500000",
        OrgRole="5",
        RoleStartDate="2024-11-01",
        StartOrigin="2",
        Cases30="12",
        WorkingDaysLost="3.50",
        ContractWeeks=["52.0", "10.5"],
        Absat30Sept="1",
        ReasonAbsence=["SIC", "TRN"],
        BaseSalary="41000.00",
    )
    path = write(tmp_path, return_xml([worker(2025), record]))
    csww = parse_return(path)
    second = csww.workers[1]
    assert (csww.year, csww.year_source, len(csww.workers)) == (2025, "Year", 2)
    assert second.position == 2
    assert second.swe_no == "ab42"
    assert second.fte == Decimal("0.5")
    assert second.person_birth_date == date(1985, 6, 15)
    assert (second.sex, second.ethnicity, second.org_role) == ("F", "WBRI", "5")
    assert second.role_start_date == date(2024, 11, 1)
    assert second.start_origin == "2"
    assert second.role_end_date is None
    assert second.cases30 == 12
    assert second.working_days_lost == Decimal("3.50")
    assert second.contract_weeks == (Decimal("52.0"), Decimal("10.5"))
    assert second.reason_absence == ("SIC", "TRN")
    assert second.base_salary == Decimal("41000.00")
    assert second.qual_inst == ()
    # The builder writes one element per line: <Message> is line 2, header 3, LA level 4, the
    # first worker 5-14 (its 8 elements between its two tags), so the second is on line 15.
    assert second.line == 15
    assert second.lines["AgencyWorker"] == 16
    assert second.line_of("SWENo") == 17
    assert second.line_of("RoleEndDate") == 15  # missing: the worker's line


def test_2023_reads_gender_current_and_qual_inst(tmp_path: Path) -> None:
    path = write(tmp_path, return_xml([worker(2023, QualInst=["A", "B"])], year=2023))
    csww = parse_return(path)
    assert csww.schema.xsd == "csww_schema_2023.xsd"
    assert csww.workers[0].sex == "2"
    assert csww.workers[0].qual_inst == ("A", "B")
    assert csww.la_level is not None
    assert csww.la_level.number_of_vacancies == Decimal("0.00")


def test_2022_uses_the_2023_schema(tmp_path: Path) -> None:
    csww = parse_return(write(tmp_path, return_xml([worker(2022)], year=2022)))
    assert (csww.year, csww.schema.xsd) == (2022, "csww_schema_2023.xsd")


def test_2024_reads_sex_and_lalevelvacancies(tmp_path: Path) -> None:
    la = la_level(2024, NumberOfVacancies="3.50", NoAgencyFTE="1.25", NoAgencyHeadcount="2")
    csww = parse_return(write(tmp_path, return_xml([worker(2024)], year=2024, la=la)))
    assert csww.workers[0].sex == "F"
    assert csww.la_level is not None
    assert csww.la_level.number_of_vacancies == Decimal("3.5")
    assert csww.la_level.no_agency_fte == Decimal("1.25")
    assert csww.la_level.no_agency_headcount == 2
    assert csww.la_level.recruitment_bonus is None


def test_2025_reads_lalevel_and_its_flags(tmp_path: Path) -> None:
    la = la_level(2025, RecruitmentBonus="2", CostDBS="1", OtherAllowances="Parking")
    csww = parse_return(write(tmp_path, return_xml([worker()], la=la)))
    assert csww.la_level is not None
    assert csww.la_level.recruitment_bonus == "2"
    assert csww.la_level.cost_dbs == "1"
    assert csww.la_level.retention_bonus == "0"
    assert csww.la_level.other_allowances == "Parking"


def test_values_not_of_their_type_are_read_as_missing(tmp_path: Path) -> None:
    record = worker(FTE="about one", RoleStartDate="2024-02-30", Cases30="1e3")
    csww = parse_return(write(tmp_path, return_xml([record])))
    only = csww.workers[0]
    assert (only.fte, only.role_start_date, only.cases30) == (None, None, None)


def test_the_header_is_read(tmp_path: Path) -> None:
    csww = parse_return(write(tmp_path, return_xml([worker()])))
    assert csww.header is not None
    assert csww.header.reference_date == date(2025, 9, 30)
    assert csww.header.collection == "CSWW"
    assert [source.lea for source in csww.header.sources] == ["999"]


# Year detection: header Year, else ReferenceDate, else --year, else a clear error.


def test_year_comes_from_the_header_year_before_the_argument(tmp_path: Path) -> None:
    path = write(tmp_path, return_xml([worker()], head=header("2025", None)))
    csww = parse_return(path, year=2024)
    assert (csww.year, csww.year_source, csww.year_argument) == (2025, "Year", 2024)


@pytest.mark.parametrize(
    ("reference_date", "year"),
    [("2024-09-30", 2024), ("2024-10-01", 2025), ("2025-03-31", 2025)],
)
def test_without_year_the_reference_date_gives_the_reporting_year(
    tmp_path: Path, reference_date: str, year: int
) -> None:
    path = write(tmp_path, return_xml([worker(year)], year=year, head=header(None, reference_date)))
    csww = parse_return(path, year=2023)
    assert (csww.year, csww.year_source) == (year, "ReferenceDate")


def test_without_year_or_reference_date_the_argument_gives_the_year(tmp_path: Path) -> None:
    path = write(tmp_path, return_xml([worker(2024)], year=2024, head=""))
    csww = parse_return(path, year=2024)
    assert (csww.year, csww.year_source) == (2024, "--year")


def problem_of(path: Path, year: int | None = None) -> tuple[str, str]:
    with pytest.raises(CswwFileError) as raised:
        parse_return(path, year=year)
    return raised.value.problem.rule, raised.value.problem.message


def test_no_year_anywhere_is_one_clear_error(tmp_path: Path) -> None:
    rule, message = problem_of(write(tmp_path, return_xml([worker()], head=header(None, None))))
    assert rule == "YEAR_NOT_FOUND"
    assert "--year" in message


@pytest.mark.parametrize("year", [2019, 2030])
def test_a_year_without_a_schema_is_one_clear_error(tmp_path: Path, year: int) -> None:
    path = write(tmp_path, return_xml([worker()], head=header(str(year), None)))
    rule, message = problem_of(path)
    assert rule == "UNKNOWN_YEAR"
    assert str(year) in message
    assert "2021 to 2025" in message


@pytest.mark.parametrize("text", ["", "  \n\t\n"])
def test_an_empty_file_is_one_clear_error(tmp_path: Path, text: str) -> None:
    assert problem_of(write(tmp_path, text))[0] == "EMPTY_FILE"


def test_malformed_xml_is_one_clear_error_with_its_line(tmp_path: Path) -> None:
    text = return_xml([worker()]).replace("<OrgRole>6</OrgRole>", "<OrgRole>6</Orgrole>")
    path = write(tmp_path, text)
    with pytest.raises(CswwFileError) as raised:
        parse_return(path)
    problem = raised.value.problem
    assert problem.rule == "MALFORMED_XML"
    assert problem.row == 12  # the worker starts on line 5; OrgRole is its 7th element
    assert "not well-formed" in problem.message


def test_a_header_only_file_is_one_clear_error(tmp_path: Path) -> None:
    text = '<?xml version="1.0"?>\n<Message>\n' + header() + "</Message>\n"
    assert problem_of(write(tmp_path, text))[0] == "NO_WORKERS"


def test_a_file_that_is_not_a_message_is_one_clear_error(tmp_path: Path) -> None:
    rule, message = problem_of(write(tmp_path, "<Return><CSWWWorker/></Return>"))
    assert rule == "NOT_CSWW"
    assert "<Return>" in message


fte = st.decimals(min_value=0, max_value=1, places=6)
days = st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31))
swe = st.from_regex(r"[A-Za-z]{2}[0-9]{1,10}", fullmatch=True)


@given(fte=fte, born=days, start=days, swe_no=swe, cases=st.integers(0, 500))
def test_values_written_are_the_values_read(
    tmp_path_factory: pytest.TempPathFactory,
    fte: Decimal,
    born: date,
    start: date,
    swe_no: str,
    cases: int,
) -> None:
    record = worker(
        SWENo=swe_no,
        FTE=str(fte),
        PersonBirthDate=born.isoformat(),
        RoleStartDate=start.isoformat(),
        Cases30=str(cases),
    )
    path = write(tmp_path_factory.mktemp("csww"), return_xml([record]))
    read = parse_return(path).workers[0]
    assert (read.swe_no, read.fte, read.person_birth_date) == (swe_no, fte, born)
    assert (read.role_start_date, read.cases30) == (start, cases)
