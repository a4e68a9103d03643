"""Effective-dated jobs, leaving and sickness, through the pages HR and the PSW use."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.organisation.models import Assignment
from csc_workforce.web.workforce.models import SicknessEpisode
from tests.conftest import client_for
from tests.factories import StaffMemberFactory, TeamFactory, UserFactory


@pytest.fixture
def hr(db: None) -> object:
    return client_for(UserFactory(username="hr", roles=[Role.HR]))


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def job(team_pk: int, **overrides: str) -> dict[str, str]:
    return {
        "team": str(team_pk),
        "role_level": "4",
        "local_role": "senior_practitioner",
        "job_title": "Senior practitioner",
        "fte": "0.8",
        "employment_type": "permanent",
    } | overrides


def test_a_move_to_another_team_keeps_the_history(hr: object) -> None:
    staff = StaffMemberFactory(start_date=dt.date(2019, 4, 1))
    new_team = TeamFactory(name="Children in care")
    response = hr.post(  # type: ignore[attr-defined]
        reverse("workforce:staff_change_job", args=[staff.pk]),
        date_fields("effective_from", dt.date(2024, 6, 3)) | job(new_team.pk),
    )
    assert response.status_code == 302
    first, second = Assignment.objects.filter(staff=staff).order_by("effective_from")
    assert (first.effective_from, first.effective_to) == (dt.date(2019, 4, 1), dt.date(2024, 6, 2))
    assert (second.effective_from, second.effective_to, second.team) == (
        dt.date(2024, 6, 3),
        None,
        new_team,
    )
    staff.refresh_from_db()
    assert (staff.team, staff.fte, staff.role_level) == (new_team, Decimal("0.800"), 4)


def test_a_change_dated_before_the_current_job_is_refused(hr: object) -> None:
    staff = StaffMemberFactory(start_date=dt.date(2019, 4, 1))
    response = hr.post(  # type: ignore[attr-defined]
        reverse("workforce:staff_change_job", args=[staff.pk]),
        date_fields("effective_from", dt.date(2019, 4, 1)) | job(staff.team_id),
    )
    page = response.content.decode()
    assert "The date of the change must be after 1 April 2019" in page
    assert Assignment.objects.filter(staff=staff).count() == 1


def test_leaving_needs_a_reason_and_destination_and_closes_the_job(hr: object) -> None:
    staff = StaffMemberFactory(start_date=dt.date(2019, 4, 1))
    url = reverse("workforce:staff_leaving", args=[staff.pk])
    refused = hr.post(url, date_fields("end_date", dt.date(2025, 3, 31)))  # type: ignore[attr-defined]
    assert "Select the reason for leaving" in refused.content.decode()
    assert "Select where they went" in refused.content.decode()

    done = hr.post(  # type: ignore[attr-defined]
        url,
        date_fields("end_date", dt.date(2025, 3, 31))
        | {"reason_leave": "1", "leaver_destination": "3"},
    )
    assert done.status_code == 302
    staff.refresh_from_db()
    assert (staff.end_date, staff.reason_leave, staff.leaver_destination) == (
        dt.date(2025, 3, 31),
        "1",
        "3",
    )
    assert staff.assignments.get().effective_to == dt.date(2025, 3, 31)


def test_agency_placements_end_without_reason_or_destination(hr: object) -> None:
    staff = StaffMemberFactory(employment_type="agency")
    response = hr.post(  # type: ignore[attr-defined]
        reverse("workforce:staff_leaving", args=[staff.pk]),
        date_fields("end_date", dt.date(2025, 3, 31)) | {"reason_leave": "1"},
    )
    assert "Agency workers have no origin, reason for leaving or destination" in (
        response.content.decode()
    )
    staff.refresh_from_db()
    assert staff.end_date is None


def test_sickness_is_recorded_inside_employment(hr: object) -> None:
    staff = StaffMemberFactory(start_date=dt.date(2019, 4, 1))
    url = reverse("workforce:sickness_new", args=[staff.pk])
    before_start = hr.post(  # type: ignore[attr-defined]
        url,
        date_fields("start_date", dt.date(2019, 3, 1))
        | date_fields("end_date", dt.date(2019, 3, 5))
        | {"working_days_lost": "5", "reason": "respiratory"},
    )
    assert "Sickness must fall within the person&#x27;s employment" in before_start.content.decode()
    hr.post(  # type: ignore[attr-defined]
        url,
        date_fields("start_date", dt.date(2024, 3, 4))
        | date_fields("end_date", dt.date(2024, 3, 6))
        | {"working_days_lost": "2.5", "reason": "gastro"},
    )
    episode = SicknessEpisode.objects.get(staff=staff)
    assert (episode.working_days_lost, episode.reason) == (Decimal("2.5"), "gastro")


def test_the_leaving_page_does_not_open_for_someone_who_has_left(hr: object) -> None:
    staff = StaffMemberFactory(
        given_name="Ada", family_name="Okafor", start_date=dt.date(2019, 4, 1)
    )
    url = reverse("workforce:staff_leaving", args=[staff.pk])
    hr.post(  # type: ignore[attr-defined]
        url,
        date_fields("end_date", dt.date(2025, 3, 31))
        | {"reason_leave": "1", "leaver_destination": "3"},
    )
    again = hr.get(url, follow=True)  # type: ignore[attr-defined]
    assert again.redirect_chain[-1][0] == reverse("workforce:staff_detail", args=[staff.pk])
    assert "Ada Okafor left on 31 March 2025" in again.content.decode()
    hr.post(  # type: ignore[attr-defined]
        url,
        date_fields("end_date", dt.date(2025, 6, 30))
        | {"reason_leave": "1", "leaver_destination": "3"},
    )
    staff.refresh_from_db()
    assert staff.end_date == dt.date(2025, 3, 31)
