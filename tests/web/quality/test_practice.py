import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.quality.models import Observation, PracticeWeek
from tests.conftest import client_for
from tests.factories import TeamFactory, UserFactory


@pytest.fixture
def week(db: None) -> PracticeWeek:
    return PracticeWeek.objects.create(
        title="Spring practice week", start=dt.date(2025, 3, 10), end=dt.date(2025, 3, 14)
    )


def observation(**overrides: str) -> dict[str, str]:
    return {
        "obs-on_0": "11",
        "obs-on_1": "3",
        "obs-on_2": "2025",
        "obs-session": "home_visit",
        "obs-leadership": "",
        "obs-voice_of_child": "Sam's words were in the plan",
        "obs-parent_carer": "",
        "obs-good_practice": "Direct work with a life-story book",
        "obs-development": "Chronology out of date",
    } | overrides


def test_planning_a_week_and_recording_observations_builds_its_summary(db: None) -> None:
    psw = UserFactory(username="psw.lead", roles=[Role.PSW])
    manager = UserFactory(username="sm.one", roles=[Role.SERVICE_MANAGER], first_name="Ada")
    team = TeamFactory(name="Child protection 2")
    client = client_for(psw)

    response = client.post(
        reverse("quality:practice"),
        {
            "week-title": "Spring practice week",
            "week-start_0": "10",
            "week-start_1": "3",
            "week-start_2": "2025",
            "week-end_0": "14",
            "week-end_1": "3",
            "week-end_2": "2025",
            "week-senior_managers": [str(manager.pk)],
        },
    )
    week = PracticeWeek.objects.get()
    assert response.status_code == 302
    assert list(week.senior_managers.all()) == [manager]

    url = reverse("quality:practice_week", args=[week.pk])
    client.post(url, observation(**{"obs-team": str(team.pk), "obs-exemplar": "on"}))
    client.post(
        url,
        observation(
            **{
                "obs-session": "supervision",
                "obs-voice_of_child": "",
                "obs-good_practice": "",
                "obs-leadership": "Reflective supervision",
            }
        ),
    )
    assert Observation.objects.filter(week=week, observer=psw).count() == 2

    page = client.get(url).content.decode()
    assert "2 observations" in page
    assert "Reflective supervision" in page
    assert "Direct work with a life-story book" in page
    assert "Ada" in page

    download = client.get(url + "?format=csv")
    assert download["Content-Type"] == "text/csv"
    assert download["Content-Disposition"] == f'attachment; filename="practice-week-{week.pk}.csv"'
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0][:3] == ["Date", "What was observed", "Team"]
    assert sorted(row[1] for row in rows[1:]) == ["Home visit", "Supervision"]
    assert [row[-1] for row in rows[1:] if row[1] == "Home visit"] == ["yes"]


def test_an_observation_outside_the_week_dates_is_refused_with_the_dates(
    week: PracticeWeek,
) -> None:
    client = client_for(UserFactory(username="psw.lead", roles=[Role.PSW]))
    response = client.post(
        reverse("quality:practice_week", args=[week.pk]), observation(**{"obs-on_0": "17"})
    )
    assert response.status_code == 200
    assert "within the practice week, 10 March to 14 March 2025" in response.content.decode()
    assert not Observation.objects.exists()


def test_a_week_ending_before_it_starts_is_refused(db: None) -> None:
    client = client_for(UserFactory(username="psw.lead", roles=[Role.PSW]))
    response = client.post(
        reverse("quality:practice"),
        {
            "week-title": "Backwards",
            "week-start_0": "14",
            "week-start_1": "3",
            "week-start_2": "2025",
            "week-end_0": "10",
            "week-end_1": "3",
            "week-end_2": "2025",
        },
    )
    assert "The last day must be the same as or after the first" in response.content.decode()
    assert not PracticeWeek.objects.exists()


def test_observations_through_the_year_are_listed_without_a_week(db: None) -> None:
    client = client_for(UserFactory(username="sm.one", roles=[Role.SERVICE_MANAGER]))
    response = client.post(reverse("quality:practice"), observation())
    assert response.status_code == 302
    assert Observation.objects.get().week is None
    assert "Chronology out of date" in client.get(reverse("quality:practice")).content.decode()


def test_an_observation_starting_like_a_formula_is_exported_as_text(week: PracticeWeek) -> None:
    client = client_for(UserFactory(username="psw.formula", roles=[Role.PSW]))
    url = reverse("quality:practice_week", args=[week.pk])
    client.post(url, observation(**{"obs-leadership": "@SUM(1+1)*cmd|' /C calc'!A0"}))
    rows = list(csv.reader(io.StringIO(client.get(url + "?format=csv").content.decode())))
    assert rows[1][3] == "'@SUM(1+1)*cmd|' /C calc'!A0"
