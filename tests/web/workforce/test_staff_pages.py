import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.organisation.models import StaffMember
from tests.conftest import client_for
from tests.factories import StaffMemberFactory, TeamFactory, UserFactory


@pytest.fixture
def hr_client(db: None) -> object:
    return client_for(UserFactory(username="hr", roles=[Role.HR]))


def new_staff(team_pk: int, **overrides: str) -> dict[str, str]:
    return {
        "given_name": "Robin",
        "family_name": "Example",
        "swe_number": "sw123456",
        "job_title": "Social worker",
        "role_level": "5",
        "team": str(team_pk),
        "employment_type": "permanent",
        "fte": "0.6",
        "start_date_0": "1",
        "start_date_1": "9",
        "start_date_2": "2025",
        "local_role": "social_worker",
        "start_origin": "2",
        "sex": "F",
        "ethnicity": "WBRI",
    } | overrides


def test_hr_adds_a_staff_member(hr_client: object) -> None:
    team = TeamFactory()
    response = hr_client.post(reverse("workforce:staff_new"), new_staff(team.pk))  # type: ignore[attr-defined]
    staff = StaffMember.objects.get(family_name="Example")
    assert response.status_code == 302
    assert response["Location"] == reverse("workforce:staff_detail", args=[staff.pk])
    assert staff.swe_number == "SW123456"
    assert staff.fte == Decimal("0.6")
    assert staff.start_date == dt.date(2025, 9, 1)
    job = staff.assignments.get()
    assert (job.effective_from, job.team, job.fte, job.effective_to) == (
        dt.date(2025, 9, 1),
        team,
        staff.fte,
        None,
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"swe_number": "123456"},
            "Enter a Social Work England number: 2 letters then up to 10 digits",
        ),
        ({"swe_number": "SW12345678901"}, "Enter a Social Work England number"),
        ({"fte": "0"}, "FTE must be more than 0"),
        ({"fte": "1.2"}, "FTE must be 1 or less"),
        ({"fte": "full"}, "FTE must be a number, like 0.8"),
        ({"given_name": ""}, "Enter the given name"),
        ({"start_date_0": "", "start_date_1": "", "start_date_2": ""}, "Enter the start date"),
        ({"start_date_1": ""}, "The start date must include a month"),
        ({"start_date_0": "31", "start_date_1": "2"}, "The start date must be a real date"),
        ({"start_date_2": "25"}, "Year must include 4 numbers"),
        (
            {"employment_type": "agency"},
            "Agency workers have no origin, reason for leaving or destination",
        ),
    ],
)
def test_bad_input_is_named_and_changes_nothing(
    hr_client: object, overrides: dict[str, str], message: str
) -> None:
    team = TeamFactory()
    response = hr_client.post(reverse("workforce:staff_new"), new_staff(team.pk, **overrides))  # type: ignore[attr-defined]
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert "govuk-form-group--error" in page
    assert not StaffMember.objects.filter(family_name="Example").exists()


def test_a_swe_number_belongs_to_one_person(hr_client: object) -> None:
    existing = StaffMemberFactory(swe_number="SW123456")
    response = hr_client.post(reverse("workforce:staff_new"), new_staff(existing.team_id))  # type: ignore[attr-defined]
    assert "Someone else already has this Social Work England number" in response.content.decode()


def test_a_team_page_lists_who_is_in_post(people: dict) -> None:
    StaffMemberFactory(team=people["team_a"], family_name="Gone", end_date=dt.date(2025, 3, 31))
    page = (
        client_for(people["users"][Role.PSW])
        .get(reverse("workforce:team_detail", args=[people["team_a"].pk]))
        .content.decode()
    )
    assert people["colleague_a"].family_name in page
    assert "Gone" not in page


def test_my_record_takes_a_social_worker_to_their_own_record(people: dict) -> None:
    response = client_for(people["users"][Role.SOCIAL_WORKER]).get(reverse("workforce:my_record"))
    assert response["Location"] == reverse("workforce:staff_detail", args=[people["own"].pk])


def test_add_a_staff_member_offers_no_role_until_one_is_chosen(hr_client: object) -> None:
    page = hr_client.get(reverse("workforce:staff_new")).content.decode()  # type: ignore[attr-defined]
    role = page.split('name="role_level"', 1)[1].split("</select>", 1)[0]
    assert role.split("<option", 2)[1].startswith(' value="">Select the role</option>')
    assert "selected" not in role
    team = TeamFactory()
    response = hr_client.post(reverse("workforce:staff_new"), new_staff(team.pk, role_level=""))  # type: ignore[attr-defined]
    assert "Select the role" in response.content.decode()
    assert not StaffMember.objects.exists()


def test_what_would_make_the_return_unsubmittable_cannot_be_saved(hr_client: object) -> None:
    """The issue's record: a 10-year-old, a salary of -£5, a start in 2031 and an employee
    starter without the census's origin. Today is 30 September 2025."""
    team = TeamFactory()
    data = new_staff(
        team.pk,
        date_of_birth_0="1",
        date_of_birth_1="1",
        date_of_birth_2="2021",
        base_salary="-5",
        start_date_2="2031",
        start_origin="",
    )
    page = hr_client.post(reverse("workforce:staff_new"), data).content.decode()  # type: ignore[attr-defined]
    assert "They would be under 18 on the start date" in page
    assert "The base salary must be more than £0" in page
    assert "The start must be no later than 30 September 2026" in page
    assert "Select where they came from" in page
    assert not StaffMember.objects.exists()
    born = {"date_of_birth_0": "1", "date_of_birth_1": "1", "date_of_birth_2": "2030"}
    page = hr_client.post(
        reverse("workforce:staff_new"), new_staff(team.pk, **born)
    ).content.decode()  # type: ignore[attr-defined]
    assert "The date of birth must be in the past" in page


def test_an_origin_is_not_needed_for_someone_who_started_before_any_return(
    hr_client: object,
) -> None:
    team = TeamFactory()
    data = new_staff(
        team.pk,
        start_date_2="2019",
        start_origin="",
        qualifying_institution="Northfield University",
    )
    assert hr_client.post(reverse("workforce:staff_new"), data).status_code == 302  # type: ignore[attr-defined]


def test_a_job_change_cannot_turn_an_agency_worker_into_an_employee(hr_client: object) -> None:
    staff = StaffMemberFactory(employment_type="agency")
    data = {
        "effective_from_0": "1",
        "effective_from_1": "4",
        "effective_from_2": "2025",
        "team": str(staff.team_id),
        "role_level": "5",
        "local_role": "social_worker",
        "job_title": "Social worker",
        "fte": "1",
        "employment_type": "permanent",
    }
    page = hr_client.post(reverse("workforce:staff_change_job", args=[staff.pk]), data)  # type: ignore[attr-defined]
    assert "record it as a conversion" in page.content.decode()
    assert staff.assignments.count() == 1


def test_a_second_post_of_the_same_person_is_a_record_of_its_own(hr_client: object) -> None:
    first = StaffMemberFactory(
        swe_number="SW123456",
        date_of_birth=dt.date(1990, 1, 1),
        sex="F",
        ethnicity="WBRI",
        role_level=3,
    )
    second = new_staff(
        first.team_id, date_of_birth_0="1", date_of_birth_1="1", date_of_birth_2="1990"
    )
    response = hr_client.post(reverse("workforce:staff_new"), second)  # type: ignore[attr-defined]
    assert response.status_code == 302
    assert StaffMember.objects.filter(swe_number="SW123456").count() == 2


def test_adding_a_staff_member_starts_with_no_role_chosen(hr_client: object) -> None:
    page = hr_client.get(reverse("workforce:staff_new")).content.decode()  # type: ignore[attr-defined]
    select = page.split('name="role_level"', 1)[1].split("</select>", 1)[0]
    assert '<option value="">Select the role</option>' in select
    assert " selected" not in select  # not "Senior manager", the first of DfE's roles
    refused = hr_client.post(reverse("workforce:staff_new"), {}).content.decode()  # type: ignore[attr-defined]
    assert "Select the role" in refused
