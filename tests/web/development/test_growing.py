import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from csc_workforce.core import development
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.development.models import (
    Award,
    Placement,
    ProgressionApplication,
    ProgressionFramework,
    Student,
)
from csc_workforce.web.development.selectors import (
    educator_loads,
    placements_visible_to,
    progression_by_year,
    student_years,
)
from csc_workforce.web.development.services import (
    application_create,
    application_decide,
    award_create,
    placement_create,
    practice_educator_save,
    student_create,
    student_joined,
)
from tests.conftest import TODAY, client_for
from tests.factories import StaffMemberFactory


def _student(n: int = 0, route: str = "step_up") -> Student:
    return student_create(
        by=None, given_name=f"Sam{n}", family_name="Student", route=route, provider="Northfield"
    )


def _placement(student: Student, team: object, start: dt.date, **kwargs: object) -> Placement:
    return placement_create(
        student=student,
        by=None,
        kind="final",
        days=100,
        team=team,  # type: ignore[arg-type]
        start=start,
        end=start + dt.timedelta(days=140),
        **kwargs,  # type: ignore[arg-type]
    )


def test_students_each_year_against_the_target_and_conversion_to_a_job(people: dict) -> None:
    team = people["team_a"]
    joined = StaffMemberFactory(team=team, start_date=dt.date(2025, 9, 1))
    students = [_student(n) for n in range(3)]
    for student in students:
        # final placements from 6 January 2025 to 26 May 2025: the year to 30 September 2025
        _placement(student, team, dt.date(2025, 1, 6))
    student_joined(student=students[0], by=None, staff=joined)
    (year,) = student_years(user=people["users"][Role.PSW])
    # 3 students against the target of 4; 1 of the 3 who finished joined us: 33.3%
    assert (year.year, year.students, year.target, year.finished, year.joined) == (
        2025,
        3,
        4,
        3,
        1,
    )
    assert year.conversion == development.conversion_rate(joined=1, finished=3)
    assert str(year.conversion) == "33.3"


def test_placement_dates_out_of_order_and_a_full_educator_are_refused(people: dict) -> None:
    educator = practice_educator_save(
        staff=people["colleague_a"], by=None, stage="stage_2", qualified_on=dt.date(2020, 6, 1),
        capacity=1,
    )  # fmt: skip
    student = _student()
    with pytest.raises(ValidationError) as error:
        placement_create(
            student=student, by=None, kind="first", days=70, team=people["team_a"],
            start=dt.date(2025, 3, 1), end=dt.date(2025, 1, 1),
        )  # fmt: skip
    assert "end" in error.value.message_dict
    _placement(student, people["team_a"], dt.date(2025, 1, 6), practice_educator=educator)
    with pytest.raises(ValidationError) as error:
        _placement(_student(1), people["team_a"], dt.date(2025, 2, 3), practice_educator=educator)
    assert "already has 1 student then" in error.value.message_dict["practice_educator"][0]
    assert Placement.objects.count() == 1
    (load,) = educator_loads(user=people["users"][Role.PSW], today=dt.date(2025, 3, 1))
    assert (load.students_now, load.free) == (1, 0)


def test_a_student_cannot_have_joined_before_their_first_placement(people: dict) -> None:
    student = _student()
    _placement(student, people["team_a"], dt.date(2025, 1, 6))
    with pytest.raises(ValidationError) as error:
        student_joined(student=student, by=None, staff=people["colleague_a"])  # started 2015
    assert "before Sam0 Student's first placement" in error.value.message_dict["staff"][0]
    assert Student.objects.get(pk=student.pk).joined_as is None


def test_a_team_manager_sees_placements_in_their_teams_only(people: dict) -> None:
    mine = _placement(_student(0), people["team_a"], dt.date(2025, 1, 6))
    _placement(_student(1), people["team_b"], dt.date(2025, 1, 6))
    assert list(placements_visible_to(user=people["users"][Role.TEAM_MANAGER])) == [mine]
    page = client_for(people["users"][Role.TEAM_MANAGER]).get(reverse("development:students"))
    assert "Sam0 Student" in page.content.decode()
    assert "Sam1 Student" not in page.content.decode()


def test_an_application_under_an_unknown_framework_version_or_step_is_refused(
    people: dict,
) -> None:
    current = ProgressionFramework.objects.get(is_current=True)
    old = ProgressionFramework.objects.create(
        name=current.name, version=0, is_current=False, steps=current.steps
    )
    staff = people["colleague_a"]
    with pytest.raises(ValidationError) as error:
        application_create(
            staff=staff, by=None, framework=old, to_step="senior_practitioner", applied_on=TODAY
        )
    assert "not a current framework version" in error.value.message_dict["framework"][0]
    with pytest.raises(ValidationError) as error:
        application_create(
            staff=staff, by=None, framework=current, to_step="chief", applied_on=TODAY
        )
    assert "to_step" in error.value.message_dict
    application = application_create(
        staff=staff, by=None, framework=current, to_step="senior_practitioner", applied_on=TODAY
    )
    with pytest.raises(ValidationError) as error:
        application_decide(
            application=application, by=None, decision="approved", panel_on=dt.date(2025, 1, 1)
        )
    assert "panel_on" in error.value.message_dict
    assert ProgressionApplication.objects.get().decision == ""


def test_progressions_by_route_sex_and_ethnic_group_are_suppressed(people: dict) -> None:
    framework = ProgressionFramework.objects.get(is_current=True)
    for n in range(6):
        staff = StaffMemberFactory(
            team=people["team_a"],
            sex="F" if n < 5 else "M",
            ethnicity="WBRI" if n < 5 else "BAFR",
            qualification_route="step_up",
        )
        application = application_create(
            staff=staff, by=None, framework=framework, to_step="senior_practitioner",
            applied_on=dt.date(2025, 2, 1),
        )  # fmt: skip
        application_decide(
            application=application, by=None, decision="approved", panel_on=dt.date(2025, 3, 14)
        )
    (year,) = progression_by_year(user=people["users"][Role.PSW])
    assert (year.year, year.total) == (2025, "6")
    shown = {(breakdown, group): value for breakdown, group, value in year.rows}
    # 6 by one route; 5 women and 1 man: the man is hidden, and with him the women (6 - 5 = 1)
    assert shown[("Route into social work", "Step Up to Social Work")] == "6"
    assert shown[("Sex", "Male")] == "c"
    assert shown[("Sex", "Female")] == "c"
    assert shown[("Ethnic group", "Black, Black British, Caribbean or African")] == "c"
    assert shown[("Ethnic group", "White")] == "c"


def test_awards_with_dates_out_of_order_are_refused_and_the_list_exports(people: dict) -> None:
    staff = people["manager"]
    with pytest.raises(ValidationError) as error:
        award_create(
            staff=staff, by=None, kind="leadership", name="First-line managers",
            started_on=dt.date(2025, 1, 1), completed_on=dt.date(2024, 1, 1),
        )  # fmt: skip
    assert "completed_on" in error.value.message_dict
    assert not Award.objects.exists()
    award_create(
        staff=staff, by=None, kind="leadership", name="=First-line managers",
        started_on=dt.date(2024, 1, 1), completed_on=dt.date(2024, 9, 1),
    )  # fmt: skip
    client = client_for(people["users"][Role.TEAM_MANAGER])
    csv = client.get(reverse("development:leadership"), {"format": "csv"}).content.decode()
    assert "'=First-line managers" in csv


def test_the_psw_records_a_student_on_the_page_and_a_bad_date_is_named(people: dict) -> None:
    client = client_for(people["users"][Role.PSW])
    url = reverse("development:students")
    response = client.post(
        url,
        {
            "form": "student",
            "student-given_name": "Nia",
            "student-family_name": "Okafor",
            "student-route": "frontline",
            "student-provider": "Frontline",
        },
    )
    assert response.status_code == 302
    student = Student.objects.get(family_name="Okafor")
    response = client.post(
        url,
        {
            "form": "placement",
            "placement-student": student.pk,
            "placement-kind": "route",
            "placement-days": "100",
            "placement-team": people["team_a"].pk,
            "placement-start_0": "1",
            "placement-start_1": "9",
            "placement-start_2": "2025",
            "placement-end_0": "1",
            "placement-end_1": "8",
            "placement-end_2": "2025",
        },
    )
    assert response.status_code == 200
    assert "The end must be on or after the start, 1 September 2025" in response.content.decode()
    assert not Placement.objects.exists()
