import datetime as dt

from csc_workforce.core import agency
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.organisation.models import Post
from csc_workforce.web.recruitment.demo import seed_recruitment
from csc_workforce.web.recruitment.models import (
    AgencyEngagement,
    Application,
    PayBenchmark,
    PriceCap,
    Vacancy,
)
from csc_workforce.web.recruitment.selectors import compliance
from tests.conftest import TODAY
from tests.factories import StaffMemberFactory


def test_the_demo_has_every_job_type_cap_breaches_a_cool_off_and_a_year_of_recruitment(
    people: dict,
) -> None:
    for n in range(40):
        team = people["team_a"] if n % 2 else people["team_b"]
        StaffMemberFactory(
            team=team,
            employment_type="agency",
            start_date=dt.date(2024, 1, 8) + dt.timedelta(weeks=n),
        )
        Post.objects.create(
            team=team, reference=f"P-{n}", role_level=5, fte=1, funded_from=dt.date(2020, 1, 1)
        )
    seed_recruitment(seed=1, today=TODAY, progress=lambda line: None)
    assert PriceCap.objects.count() == 10  # five job types, two dates
    assert AgencyEngagement.objects.count() == 40
    rows = compliance(user=people["users"][Role.PSW], on=TODAY)
    assert {row.details.job_type for row in rows if row.details} == set(agency.JOB_TYPES)
    caps = [row.outcomes[0] for row in rows]
    assert any(o.status == agency.Status.NOT_MET for o in caps) or any(o.exception for o in caps)
    cool_off = [row.outcomes[2] for row in rows if row.outcomes[2].status == agency.Status.NOT_MET]
    assert len(cool_off) == 1
    assert Vacancy.objects.count() == 24
    assert Application.objects.exclude(started_on=None).exists()
    assert not Application.objects.filter(applied_on__gt=TODAY).exists()
    assert PayBenchmark.objects.count() == 12  # four neighbours, three roles
    seed_recruitment(seed=1, today=TODAY, progress=lambda line: None)  # again: the same
    assert Vacancy.objects.count() == 24
