"""Export -> import -> export loses nothing: every record, every field and every DfE figure of a
return come back, from the demo's 2025 export, from returns built by hand (two posts, absences,
leavers with days lost, conversions, repeated elements, codes only a return holds) and from
generated ones."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from csc_workforce.core.csww import parse_return, summary, validate_file
from csc_workforce.core.csww.synthetic import synthetic_return
from csc_workforce.web.demo import demo_seed
from csc_workforce.web.organisation.models import (
    Assignment,
    LocalAuthority,
    Post,
    ServiceArea,
    StaffMember,
    Team,
)
from csc_workforce.web.workforce.csww_io import csww_export, csww_import
from csc_workforce.web.workforce.models import (
    CaseCount,
    CensusLALevel,
    CensusRecord,
    ComparatorAuthority,
    PayAndAllowances,
    SicknessEpisode,
)
from tests.core.test_csww_builder import header, la_level, return_xml, worker, write


def contents(path: Path) -> tuple[object, ...]:
    """What a return says, without where it says it (lines) or who wrote it (the software)."""
    csww = parse_return(path)
    return (
        csww.year,
        [source.lea for source in csww.header.sources] if csww.header else None,
        dataclasses.replace(csww.la_level, line=0) if csww.la_level else None,
        [dataclasses.replace(w, line=0, position=0) for w in csww.workers],
    )


def assert_same_return(original: Path, again: Path) -> None:
    first, second = contents(original), contents(again)
    assert first[:3] == second[:3]
    records_1, records_2 = first[3], second[3]
    assert isinstance(records_1, list)
    assert isinstance(records_2, list)
    assert len(records_1) == len(records_2)
    for one, two in zip(records_1, records_2, strict=True):
        assert one == two
    assert summary(validate_file(original)) == summary(validate_file(again))


def round_trip(tmp_path: Path, path: Path, year: int) -> Path:
    """Import ``path`` into this (empty) register and export ``year`` again."""
    imported = csww_import(path=path, by=None)
    assert imported.done, [p.message for p in imported.report.problems]
    exported = csww_export(year=year)
    assert exported.valid, (exported.missing, [p.message for p in exported.report.problems])
    return write(tmp_path, exported.xml, f"again_{year}.xml")


def clear_the_register() -> None:
    """The database as freshly migrated, as far as the register goes: no authority, nobody."""
    Team.managers.through.objects.all().delete()
    for model in (
        CensusRecord,
        CaseCount,
        SicknessEpisode,
        Assignment,
        Post,
        StaffMember,
        Team,
        ServiceArea,
        PayAndAllowances,
        CensusLALevel,
        ComparatorAuthority,
        LocalAuthority,
    ):
        model.objects.all().delete()


def test_the_demo_s_2025_export_comes_back_whole(db: None, tmp_path: Path) -> None:
    demo_seed(seed=1, scale=1, progress=lambda line: None, caseloads=False)
    exported = csww_export(year=2025)
    assert exported.valid
    original = write(tmp_path, exported.xml, "demo_2025.xml")
    clear_the_register()

    again = round_trip(tmp_path, original, 2025)

    assert again.read_text() == original.read_text()
    assert_same_return(original, again)
    figures = summary(validate_file(again))
    assert figures["vacancy_fte"] > 0  # the LA level came back
    assert LocalAuthority.objects.get().name == "Northfield"
    # One import, one export more: still the same.
    clear_the_register()
    assert round_trip(tmp_path, again, 2025).read_text() == original.read_text()


LEFT = {"ReasonLeave": "1", "LeaverDestination": "1"}


def hand_built_2025() -> str:
    """A 2025 return of Sunderland (394) with what a register must not lose."""
    return return_xml(
        [
            # Two posts of one person, different roles and FTEs, one holding cases.
            worker(SWENo="AB1", OrgRole="3", FTE="0.600000", FTE30="0.600000", Cases30="0"),
            worker(
                SWENo="AB1",
                OrgRole="5",
                RoleStartDate="2019-03-04",
                FTE="0.400000",
                FTE30="0.400000",
                Cases30="7",
                WorkingDaysLost="2.50",
                BaseSalary="41250.00",
            ),
            # Absent on 30 September: maternity leave, with days lost for sickness earlier.
            worker(
                SWENo="CD2",
                PersonBirthDate="1990-02-28",
                FTE="0.541667",
                Absat30Sept="1",
                ReasonAbsence="MAT",
                WorkingDaysLost="12.75",
                OtherPayments="150.00",
            ),
            # Days lost, not absent on 30 September.
            worker(SWENo="EF3", Absat30Sept="0", WorkingDaysLost="3.00"),
            # Leavers, with their days lost: one left on 30 September, one moved to a role
            # outside children's social work (ReasonLeave 7), one started and left in the year.
            worker(SWENo="GH4", RoleEndDate="2025-09-30", WorkingDaysLost="4.00", **LEFT),
            worker(
                SWENo="JK5",
                RoleEndDate="2025-01-15",
                ReasonLeave="7",
                LeaverDestination="5",
                WorkingDaysLost="1.50",
            ),
            worker(
                SWENo="LM6",
                RoleStartDate="2024-11-04",
                StartOrigin="1",
                RoleEndDate="2025-06-27",
                StepUpGrad="1",
                **LEFT,
            ),
            # A conversion from agency work: a starter with StartOrigin 4.
            worker(SWENo="NP7", RoleStartDate="2025-04-01", StartOrigin="4", FrontlineGrad="1"),
            # The other way: a leaver to agency work, and the agency worker on 30 September.
            worker(
                SWENo="QR8",
                RoleEndDate="2025-05-31",
                ReasonLeave="1",
                LeaverDestination="3",
            ),
            worker(
                SWENo="QR8",
                AgencyWorker="1",
                OrgRole="5",
                RoleStartDate="2025-06-01",
                Cases30="11",
                ContractWeeks=["13.0", "26.5"],
            ),
            # An agency worker whose engagement ended in the year, returned all the same.
            worker(SWENo="ST9", AgencyWorker="1", RoleEndDate="2025-02-28", FTE="0.500000"),
        ],
        head=header().replace("<LEA>999</LEA>", "<LEA>394</LEA>"),
        la=la_level(
            NumberOfVacancies="31.42",
            NoAgencyFTE="1.00",
            NoAgencyHeadcount="1",
            RecruitmentBonus="2",
            CarAllowance="1",
            OtherAllowances="Market supplement",
        ),
    )


def test_a_hand_built_2025_return_comes_back_whole(db: None, tmp_path: Path) -> None:
    original = write(tmp_path, hand_built_2025(), "hand_2025.xml")
    assert validate_file(original).problems == ()

    again = round_trip(tmp_path, original, 2025)

    assert_same_return(original, again)
    authority = LocalAuthority.objects.get()
    assert (authority.name, authority.new_la_code, authority.region_name) == (
        "Sunderland",
        "E08000024",
        "North East",
    )
    # Both posts of AB1 are records of the register; so are both engagements of QR8.
    assert StaffMember.objects.filter(swe_number="AB1").count() == 2
    assert StaffMember.objects.filter(swe_number="QR8").count() == 2
    figures = summary(validate_file(again))
    # In post: AB1 (once), CD2, EF3, NP7: 4 people; FTE 0.6 + 0.4 + 0.541667 + 1 + 1.
    assert (figures["inpost_headcount"], figures["inpost_fte"]) == (4, 3.541667)
    # Leavers GH4, JK5, LM6, QR8: 4; starters LM6 and NP7: 2.
    assert (figures["leavers_headcount"], figures["starters_headcount"]) == (4, 2)
    # Caseload: AB1's second post 7 cases at 0.4 FTE, QR8's 11 at 1.0: 18 / 1.4 = 12.857.
    assert figures["caseload_fte"] == 12.9
    assert (figures["vacancy_fte"], figures["agency_cover_fte"]) == (31.42, 1.0)


@pytest.mark.parametrize("year", [2023, 2024])
def test_earlier_years_keep_their_own_elements(db: None, tmp_path: Path, year: int) -> None:
    """GenderCurrent's codes the register has no sex for (0 not known, 9 not specified), two
    qualifying institutions, the CFKSS status."""
    sex = "GenderCurrent" if year <= 2023 else "Sex"
    records = [
        worker(year, **{sex: "9" if year <= 2023 else "M"}, CFKSSstatus=["1", "3"]),
        worker(
            year,
            SWENo="CD2",
            **{sex: "0" if year <= 2023 else "F"},
            QualInst=["University of Nowhere", "Open University"],
            RoleEndDate=f"{year}-03-31",
            WorkingDaysLost="6.00",
            **LEFT,
        ),
    ]
    original = write(tmp_path, return_xml(records, year=year), f"hand_{year}.xml")
    assert validate_file(original).problems == ()
    assert_same_return(original, round_trip(tmp_path, original, year))


@pytest.mark.parametrize(("year", "seed"), [(2022, 1), (2024, 5), (2025, 9)])
def test_generated_returns_come_back_whole(db: None, tmp_path: Path, year: int, seed: int) -> None:
    original = write(
        tmp_path, "".join(synthetic_return(year=year, workers=300, seed=seed)), "gen.xml"
    )
    assert_same_return(original, round_trip(tmp_path, original, year))


def test_the_command_line_round_trip_on_a_freshly_migrated_database(tmp_path: Path) -> None:
    """The issue's steps: the demo's 2025 export, imported with ``cscw csww import`` into a
    database just made by ``cscw migrate``, exported again with ``cscw csww export``."""
    original = write(tmp_path, hand_built_2025(), "hand_2025.xml")
    cscw = str(Path(sys.executable).with_name("cscw"))
    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([cscw, *args], env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        return done

    run("migrate", "--no-input")
    run("csww", "import", str(original))
    again = tmp_path / "again.xml"
    run("csww", "export", "--year", "2025", "-o", str(again))
    assert_same_return(original, again)


def test_missing_or_zero_fte_is_refused_not_made_full_time(db: None, tmp_path: Path) -> None:
    """The register holds an FTE above 0 for every post: a return without one, or with 0, is
    not loaded (it was loaded as 1.0)."""
    for fte in (None, "0.000000"):
        path = write(tmp_path, return_xml([worker(FTE=fte)]))
        result = csww_import(path=path, by=None)
        assert not result.done
        [problem] = result.report.errors
        assert (problem.rule, problem.row) == ("REGISTER", 5)
        assert "the register holds an FTE above 0 for every post" in problem.message
        assert not StaffMember.objects.exists()


def test_a_return_without_its_second_post_s_person_details_takes_the_register_s(
    db: None, tmp_path: Path
) -> None:
    """Across the return and the register, one SWE number is one person."""
    first = write(tmp_path, return_xml([worker()]), "first.xml")
    assert csww_import(path=first, by=None).done
    other = worker(AgencyWorker="1", OrgRole="5", PersonBirthDate="1970-01-01", Cases30="3")
    second = write(tmp_path, return_xml([worker(), other]), "second.xml")
    result = csww_import(path=second, by=None)
    assert not result.done
    assert "one SWE number is one person" in result.report.errors[0].message


def test_the_year_s_figures_on_the_dashboard_include_the_returned_days_lost(
    db: None, tmp_path: Path
) -> None:
    from csc_workforce.core.indicators import reporting_year_bounds
    from csc_workforce.core.register import figures
    from csc_workforce.web.organisation.selectors import load_register

    path = write(tmp_path, hand_built_2025(), "hand_2025.xml")
    assert csww_import(path=path, by=None).done
    first, last = reporting_year_bounds(2025)
    year = figures(load_register(), first=first, last=last)
    census = summary(validate_file(path))
    # In post with an FTE: AB1 2.5 + CD2 12.75 + EF3 3 = 18.25 (leavers' days are not counted).
    assert float(year.working_days_lost_fte) == census["working_days_lost_fte"] == 18.25
    assert float(year.inpost_fte) == census["inpost_fte"]
    assert year.inpost_headcount == census["inpost_headcount"]
