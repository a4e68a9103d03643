import datetime as dt

from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.organisation.models import Post
from csc_workforce.web.workforce.models import LongAbsence
from tests.conftest import client_for
from tests.factories import StaffMemberFactory


def test_maternity_leave_makes_a_temporary_vacancy_and_leaves_dfes_unchanged(
    people: dict,
) -> None:
    team = people["team_b"]
    for n in range(3):
        Post.objects.create(
            team=team, reference=f"B-{n}", role_level=5, fte=1, funded_from=dt.date(2020, 1, 1)
        )
    away = StaffMemberFactory(team=team)  # with worker_b, two of the three posts are filled
    hr = client_for(people["users"][Role.HR])
    url = reverse("workforce:long_absence_new", args=[away.pk])
    bad = hr.post(
        url,
        {
            "kind": "maternity",
            "start_date_0": "1", "start_date_1": "9", "start_date_2": "2025",
            "end_date_0": "1", "end_date_1": "8", "end_date_2": "2025",
        },
    )  # fmt: skip
    assert "The return must be on or after the first day" in bad.content.decode()
    assert not LongAbsence.objects.exists()
    hr.post(
        url, {"kind": "maternity", "start_date_0": "1", "start_date_1": "9", "start_date_2": "2025"}
    )
    assert LongAbsence.objects.get().assignment.staff == away
    page = hr.get(reverse("workforce:team_detail", args=[team.pk])).content.decode()
    # three funded posts, two filled by employees: 1 FTE permanent (DfE's); one holder away: 1
    assert "Vacancies today: 1.0 FTE permanent (DfE's figure) and 1.0 FTE temporary" in page
