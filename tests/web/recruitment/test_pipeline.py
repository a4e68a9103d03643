"""The recruitment pipeline: vacancies, adverts, applications, their stages; conversions."""

import datetime as dt

from django.urls import reverse

from csc_workforce.core.recruitment import STAGES
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.organisation.models import Post
from csc_workforce.web.recruitment.models import Advert, Application, Vacancy
from csc_workforce.web.workforce.services import staff_convert
from tests.conftest import client_for
from tests.factories import StaffMemberFactory


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    parts = (day.day, day.month, day.year)
    return {f"{prefix}_{i}": str(part) for i, part in enumerate(parts)}


def _post(team: object, reference: str = "A-1") -> Post:
    return Post.objects.create(
        team=team, reference=reference, role_level=5, fte=1, funded_from=dt.date(2020, 1, 1)
    )


def test_hr_follows_a_vacancy_from_advert_to_start_and_the_manager_sees_it(
    people: dict,
) -> None:
    post = _post(people["team_a"])
    hr = client_for(people["users"][Role.HR])
    response = hr.post(
        reverse("recruitment:vacancy_new"),
        {
            "post": post.pk,
            "title": "Social worker, assessment",
            "kind": "permanent",
            "reason": "vacancy",
            **_date("opened_on", dt.date(2025, 6, 2)),
        },
    )
    vacancy = Vacancy.objects.get()
    assert response["Location"] == reverse("recruitment:vacancy", args=[vacancy.pk])
    url = reverse("recruitment:vacancy", args=[vacancy.pk])
    hr.post(
        url,
        {
            "form": "advert",
            "where": "professional",
            **_date("opened_on", dt.date(2025, 6, 9)),
            **_date("closes_on", dt.date(2025, 6, 30)),
            "cost": "450",
        },
    )
    advert = Advert.objects.get()
    application = {
        "form": "application",
        "advert": advert.pk,
        "candidate_name": "Priya Patel",
        "candidate_email": "Priya@example.com",
        "source": "word_of_mouth",
        **_date("applied_on", dt.date(2025, 6, 12)),
    }
    hr.post(url, application)
    again = hr.post(url, application | {"candidate_email": "priya@example.com"})
    assert "priya@example.com has already applied to this advert" in again.content.decode()
    assert Application.objects.count() == 1
    found = Application.objects.get()
    progress = reverse("recruitment:application", args=[found.pk])
    backwards = hr.post(progress, _date("shortlisted_on", dt.date(2025, 6, 1)))
    assert "on or after the day they applied, 12 June 2025" in backwards.content.decode()
    hr.post(
        progress,
        {
            **_date("shortlisted_on", dt.date(2025, 6, 16)),
            **_date("interviewed_on", dt.date(2025, 6, 25)),
            **_date("offered_on", dt.date(2025, 6, 27)),
            **_date("dbs_cleared_on", dt.date(2025, 7, 20)),
            **_date("references_cleared_on", dt.date(2025, 7, 15)),
            **_date("registration_checked_on", dt.date(2025, 6, 28)),
            **_date("started_on", dt.date(2025, 8, 4)),
        },
    )
    found.refresh_from_db()
    assert found.stage == "Started"
    assert found.checks_cleared_on == dt.date(2025, 7, 20)
    vacancy.refresh_from_db()
    assert vacancy.closed_on == dt.date(2025, 8, 4)
    manager = client_for(people["users"][Role.TEAM_MANAGER])
    page = manager.get(url).content.decode()
    assert "Priya Patel" in page
    assert "Started on 4 August 2025" in page
    pipeline = manager.get(reverse("recruitment:pipeline")).content.decode()
    assert "1 filled or closed" in pipeline
    analyst = client_for(people["users"][Role.ANALYST])
    assert "Priya Patel" not in analyst.get(url).content.decode()
    csv = hr.get(reverse("recruitment:pipeline"), {"format": "csv"}).content.decode()
    # 2025Q3: one hire (4 August); the advert (June, 2025Q2) cost £450 in its own quarter
    q2 = next(line for line in csv.splitlines() if line.startswith("2025Q2,"))
    assert q2.split(",")[1:3] == ["1", "1"]


def test_a_team_manager_sees_only_their_teams_vacancies(people: dict) -> None:
    for team, title in ((people["team_a"], "Ours"), (people["team_b"], "Theirs")):
        Vacancy.objects.create(
            post=_post(team, title), title=title, reason="vacancy", opened_on=dt.date(2025, 9, 1)
        )
    manager = client_for(people["users"][Role.TEAM_MANAGER])
    page = manager.get(reverse("recruitment:pipeline"))
    assert "Ours" in page.content.decode()
    assert "Theirs" not in page.content.decode()
    # The download of the open vacancies holds the same: one row, the manager's team's.
    download = manager.get(reverse("recruitment:pipeline"), {"list": "vacancies", "format": "csv"})
    assert download["Content-Disposition"] == 'attachment; filename="open-vacancies.csv"'
    lines = download.content.decode().splitlines()
    assert lines[0].startswith("Vacancy,Post,Team,Kind,Opened,")
    assert [line.split(",")[0] for line in lines[1:]] == ["Ours"]
    assert lines[1].split(",")[5:] == ["0"] * (len(STAGES) + 1)  # nobody applied yet


def test_a_temporary_vacancy_needs_an_absence(people: dict) -> None:
    post = _post(people["team_a"])
    response = client_for(people["users"][Role.PSW]).post(
        reverse("recruitment:vacancy_new"),
        {
            "post": post.pk,
            "title": "Cover",
            "kind": "temporary",
            "reason": "vacancy",
            **_date("opened_on", dt.date(2025, 6, 2)),
        },
    )
    assert "A temporary vacancy covers maternity" in response.content.decode()
    assert not Vacancy.objects.exists()


def test_a_conversion_to_permanent_shows_in_its_quarter(people: dict) -> None:
    agency = StaffMemberFactory(
        team=people["team_a"], employment_type="agency", start_date=dt.date(2024, 3, 4)
    )
    hr = people["users"][Role.HR]
    staff_convert(staff=agency, by=hr, on=dt.date(2025, 8, 1), employment_type="permanent")
    page = client_for(people["users"][Role.PSW]).get(reverse("recruitment:pipeline"))
    text = page.content.decode()
    table = text.split('id="conversions"')[1]
    row = table.split(">2025Q3<")[1].split("</tr>")[0]
    assert row.count('numeric">1</td>') == 1  # agency to permanent: 1; to agency: 0
    assert 'numeric">0</td>' in row
