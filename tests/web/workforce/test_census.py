"""The CSWW return written from the register and loaded into it."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from csc_workforce.core.csww import summary, validate_file
from csc_workforce.core.csww.synthetic import synthetic_return
from csc_workforce.core.indicators import reporting_year_bounds
from csc_workforce.core.register import figures
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.selectors import audit_events
from csc_workforce.web.demo import demo_seed
from csc_workforce.web.organisation.models import LocalAuthority, StaffMember
from csc_workforce.web.organisation.selectors import load_register
from csc_workforce.web.workforce.csww_io import IMPORT_TEAM, csww_export, csww_import
from csc_workforce.web.workforce.models import CaseCount
from tests.factories import LocalAuthorityFactory, StaffMemberFactory, UserFactory


@pytest.fixture
def northfield(db: None) -> None:
    demo_seed(seed=1, scale=1, progress=lambda line: None, caseloads=False)


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025])
def test_the_export_is_valid_for_each_year(northfield: None, year: int) -> None:
    result = csww_export(year=year)
    assert result.missing == []
    assert [p.message for p in result.report.problems] == []
    assert result.valid


def test_the_census_counts_of_the_export_agree_with_the_register(
    northfield: None, tmp_path: Path
) -> None:
    """Two independent implementations of DfE's counting rules: the census summary of the
    written return and the register's own figures."""
    path = tmp_path / "csww_2025.xml"
    path.write_text(csww_export(year=2025).xml)
    census = summary(validate_file(path))
    first, last = reporting_year_bounds(2025)
    register = figures(load_register(), first=first, last=last)
    assert Decimal(str(census["inpost_fte"])) == register.inpost_fte
    assert census["inpost_headcount"] == register.inpost_headcount
    assert Decimal(str(census["starters_fte"])) == register.starters_fte
    assert Decimal(str(census["leavers_fte"])) == register.leavers_fte
    assert Decimal(str(census["agency_fte"])) == register.agency_fte
    assert census["cases"] == register.cases
    # Vacancies and days lost are written with two decimal places.
    assert abs(Decimal(str(census["vacancy_fte"])) - register.vacancy_fte) < Decimal("0.01")
    lost = Decimal(str(census["working_days_lost_fte"]))
    assert abs(lost - register.working_days_lost_fte) < Decimal("0.01") * census["inpost_headcount"]
    assert census["turnover_rate_fte"] == float(f"{register.turnover_rate_fte:.1f}")


def test_agency_workers_covering_vacancies_are_those_making_up_the_cover(
    northfield: None,
) -> None:
    """The demo's 35 agency workers (35.0 FTE) all sit in teams with vacancies; 24.9 FTE of them
    cover vacancies. NoAgencyHeadcount counted all 35; it is now the workers making up the
    cover: at least 25 (each works at most 1.0 FTE), fewer than 35."""
    import re

    xml = csww_export(year=2025).xml
    cover = Decimal(re.search(r"<NoAgencyFTE>(.*?)</", xml)[1])  # type: ignore[index]
    headcount = int(re.search(r"<NoAgencyHeadcount>(.*?)</", xml)[1])  # type: ignore[index]
    assert cover == Decimal("24.90")
    assert 25 <= headcount < 35


def test_a_register_gap_is_named_and_nothing_is_written(northfield: None, tmp_path: Path) -> None:
    gap = StaffMemberFactory(swe_number="", team=StaffMember.objects.first().team)  # type: ignore[union-attr]
    output = tmp_path / "out.xml"
    errors = io.StringIO()
    with pytest.raises(CommandError, match="not valid"):
        call_command("csww", "export", "--year", "2025", "-o", str(output), stderr=errors)
    assert f"Staff record {gap.pk}" in errors.getvalue()
    assert "no Social Work England number" in errors.getvalue()
    assert not output.exists()


def synthetic(tmp_path: Path, workers: int = 40) -> Path:
    path = tmp_path / "synthetic_2025.xml"
    path.write_text("".join(synthetic_return(year=2025, workers=workers, seed=3)))
    return path


def test_a_valid_return_is_loaded_and_loading_it_again_updates(db: None, tmp_path: Path) -> None:
    """On a database with no authority yet: the authority is the one the return's LEA names
    (999, the fictional Northfield); each record one engagement, audited in batches."""
    path = synthetic(tmp_path)
    first = csww_import(path=path, by=None)
    records = StaffMember.objects.count()
    assert first.done, [p.message for p in first.report.problems]
    assert first.created == records == 40
    assert LocalAuthority.objects.get().name == "Northfield"
    assert StaffMember.objects.filter(team__name=IMPORT_TEAM).count() == records
    assert CaseCount.objects.exists()
    assert AuditEvent.objects.filter(message__startswith="Imported the CSWW 2025 return").exists()
    created = AuditEvent.objects.get(action="create", model="organisation.StaffMember")
    assert len(created.changes) == records  # one event for the batch, listing every record
    again = csww_import(path=path, by=None)
    assert (again.created, again.updated) == (0, records)
    assert StaffMember.objects.count() == records


def test_a_return_of_another_authority_is_refused(db: None, tmp_path: Path) -> None:
    LocalAuthorityFactory()  # 998
    result = csww_import(path=synthetic(tmp_path), by=None)  # 999
    assert not result.done
    [problem] = [p for p in result.report.problems if p.rule == "REGISTER"]
    assert problem.message == "This return is from LA 999; the register is Testshire's (998)."
    assert StaffMember.objects.count() == 0


def test_an_authority_not_in_dfe_s_list_is_refused_on_a_fresh_database(
    db: None, tmp_path: Path
) -> None:
    path = synthetic(tmp_path)
    path.write_text(path.read_text().replace("<LEA>999</LEA>", "<LEA>123</LEA>"))
    result = csww_import(path=path, by=None)
    assert [p.rule for p in result.report.errors] == ["REGISTER"]
    assert (
        "LA code 123 is not a local authority in DfE's statistics"
        in result.report.errors[0].message
    )
    assert not LocalAuthority.objects.exists()


def test_an_invalid_return_loads_nothing(db: None, tmp_path: Path) -> None:
    path = synthetic(tmp_path)
    broken = path.read_text().replace("<FTE>", "<FTE>9", 1)  # an FTE above 1
    path.write_text(broken)
    out = io.StringIO()
    with pytest.raises(CommandError, match="was not imported"):
        call_command("csww", "import", str(path), "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["valid"] is False
    assert report["created"] == 0
    assert StaffMember.objects.count() == 0


def test_a_return_records_a_leaving_but_never_overwrites_the_register(
    db: None, tmp_path: Path
) -> None:
    import datetime as dt

    from csc_workforce.core.csww.write import return_xml

    LocalAuthorityFactory()
    person = StaffMemberFactory(
        swe_number="ZZ00000001", date_of_birth=dt.date(1990, 1, 1), sex="F", ethnicity="WBRI"
    )
    worker = {
        "AgencyWorker": "0",
        "SWENo": "ZZ00000001",
        "FTE": "1.000000",
        "PersonBirthDate": "1985-06-15",
        "Sex": "F",
        "Ethnicity": "WBRI",
        "QualInst": "Northfield University",
        "OrgRole": "5",
        "RoleStartDate": "2015-01-05",
        "RoleEndDate": "2025-06-30",
        "LeaverDestination": "1",
        "ReasonLeave": "1",
        "WorkingDaysLost": "0.00",
    }
    la_level = {
        "NumberOfVacancies": "1.00",
        "NoAgencyFTE": "0.00",
        "NoAgencyHeadcount": "0",
    } | dict.fromkeys(
        ["RecruitmentBonus", "RetentionBonus", "PerformanceAward", "CarAllowance",
         "RelocationPackage", "RegionalWeighting", "CostSWE", "CostDBS"], "0"
    ) | {"OtherAllowances": "None"}  # fmt: skip
    path = tmp_path / "one.xml"
    path.write_text("".join(return_xml(year=2025, lea="998", la_level=la_level, workers=[worker])))

    result = csww_import(path=path, by=None)

    assert result.done, [p.message for p in result.report.problems]
    person.refresh_from_db()
    assert person.date_of_birth == dt.date(1990, 1, 1)  # the register's, not the return's
    assert (person.end_date, person.reason_leave) == (dt.date(2025, 6, 30), "1")
    assert person.assignments.get().effective_to == dt.date(2025, 6, 30)
    psw = UserFactory(roles=[Role.PSW])
    [update] = audit_events(
        user=psw, model="organisation.StaffMember", object_pk=str(person.pk)
    ).filter(action="update")
    assert update.changes[f"record {person.pk}"] == {
        "before": {"end_date": None, "reason_leave": "", "leaver_destination": ""},
        "after": {"end_date": "2025-06-30", "reason_leave": "1", "leaver_destination": "1"},
    }
