"""Agency compliance and the recruitment pipeline at 2,000 agency engagements over five years
and 20,000 applications (a scale): the compliance page and the pipeline page for the PSW (median
of 20 warm requests and the queries one makes, against 300 ms at 1x and 1 s at 10x) and building
the quarterly agency data for DfE (median of 5, against 2 s at every scale).

Run: .venv/bin/python benchmarks/recruitment.py [--scale 1,10] (benchmarks/_harness.py).
Stores, once, into a database of its own (cscw_bench_recruitment_s<N>): 40 teams with a funded
post each ten, 2,000 agency records with their engagement details (three to twelve months each,
started over the five years to 30 September 2025, a tenth above the cap), the five job types'
caps, 500 vacancies with 800 adverts and 20,000 applications moving through the stages.
"""

import argparse
import random
import statistics
import sys
import time

from _harness import Figure, main, page_figures, page_target

ENGAGEMENTS, APPLICATIONS, TEAMS = 2_000, 20_000, 40


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    from csc_workforce.web.recruitment.models import Application
    from csc_workforce.web.recruitment.selectors import quarterly_data

    if Application.objects.count() != APPLICATIONS * scale:
        store(scale)
    figures = page_figures(
        [
            (f"agency compliance, {ENGAGEMENTS:,} engagements a scale, PSW", "bench.psw",
             "/recruitment/agency/"),
            (f"recruitment pipeline, {APPLICATIONS:,} applications a scale, PSW", "bench.psw",
             "/recruitment/pipeline/"),
        ],
        scale,
        target=page_target,
    )  # fmt: skip
    times = []
    for _ in range(5):
        started = time.perf_counter()
        data = quarterly_data(quarter="2025Q3")
        times.append((time.perf_counter() - started) * 1000)
    assert data.rows
    figures.append(
        Figure("quarterly agency data 2025Q3, built", scale, statistics.median(times), "ms", 2000.0)
    )
    return figures


def store(scale: int) -> None:
    import datetime as dt
    from decimal import Decimal

    from django.contrib.auth.models import User
    from django.db import transaction

    from csc_workforce.core import agency
    from csc_workforce.core.recruitment import SOURCES
    from csc_workforce.web.accounts.roles import Role, role_group
    from csc_workforce.web.organisation.models import (
        LocalAuthority,
        Post,
        ServiceArea,
        StaffMember,
        Team,
    )
    from csc_workforce.web.recruitment.models import (
        Advert,
        AgencyEngagement,
        Application,
        PriceCap,
        Vacancy,
    )

    started = time.perf_counter()
    rng = random.Random("benchmark:recruitment")  # noqa: S311 (synthetic data)
    today = dt.date(2025, 9, 30)
    with transaction.atomic():
        user, _ = User.objects.get_or_create(username="bench.psw")
        user.groups.add(role_group(Role.PSW))
        authority = LocalAuthority.objects.create(
            name="Benchshire", new_la_code="E06999990", old_la_code="990",
            region_code="E12000001", region_name="North East",
        )  # fmt: skip
        area = ServiceArea.objects.create(authority=authority, name="Children's services")
        teams = [
            Team.objects.create(service_area=area, name=f"Team {n + 1}", team_type="cin_cp")
            for n in range(TEAMS)
        ]
        for job_type in agency.JOB_TYPES:
            PriceCap.objects.create(
                region="E12000001", job_type=job_type, effective_from=dt.date(2020, 1, 1),
                hourly_cap=Decimal(45),
            )  # fmt: skip
        first = today - dt.timedelta(days=5 * 365)
        staff = []
        for n in range(ENGAGEMENTS * scale):
            start = first + dt.timedelta(days=rng.randint(0, 5 * 365))
            end = start + dt.timedelta(days=rng.randint(90, 365))
            staff.append(
                StaffMember(
                    given_name=f"Agency{n}", family_name="Worker", swe_number=f"SW9{n:06d}",
                    job_title="Social worker", role_level=5, team=rng.choice(teams),
                    employment_type="agency", fte=Decimal(1), start_date=start,
                    end_date=end if end < today else None,
                )
            )  # fmt: skip
        StaffMember.objects.bulk_create(staff, batch_size=1000)
        AgencyEngagement.objects.bulk_create(
            [
                AgencyEngagement(
                    staff=person, agency="Bench Agency",
                    job_type=rng.choice(list(agency.JOB_TYPES)),
                    cover_reason="vacancy", notice_weeks=Decimal(4),
                    hourly_pay_rate=Decimal(30), pqe_years=Decimal(rng.randint(1, 12)),
                    hourly_charge=Decimal(50) if rng.random() < 0.1 else Decimal(42),
                    previous_employment_checked=True,
                    references_requested_on=person.start_date - dt.timedelta(days=20),
                    references_received_on=person.start_date - dt.timedelta(days=5),
                )
                for person in StaffMember.objects.filter(employment_type="agency")
            ],
            batch_size=1000,
        )  # fmt: skip
        posts = [
            Post.objects.create(team=team, reference=f"B-{t}-{p}", role_level=5, fte=1,
                                funded_from=dt.date(2020, 1, 1))
            for t, team in enumerate(teams) for p in range(10)
        ]  # fmt: skip
        vacancies = Vacancy.objects.bulk_create(
            Vacancy(post=rng.choice(posts), title="Social worker", reason="vacancy",
                    opened_on=today - dt.timedelta(days=rng.randint(30, 720)))
            for _ in range(500 * scale)
        )  # fmt: skip
        adverts = Advert.objects.bulk_create(
            Advert(vacancy=v, where="job_site", opened_on=v.opened_on + dt.timedelta(days=7),
                   closes_on=v.opened_on + dt.timedelta(days=28), cost=Decimal(450))
            for v in vacancies for _ in range(1 + (rng.random() < 0.6))
        )  # fmt: skip
        applications = []
        for n in range(APPLICATIONS * scale):
            advert = rng.choice(adverts)
            applied = advert.opened_on + dt.timedelta(days=rng.randint(0, 20))
            row = Application(
                advert=advert, candidate_name=f"Candidate {n}",
                candidate_email=f"candidate{n}@example.com",
                source=rng.choice(list(SOURCES)), applied_on=applied,
            )  # fmt: skip
            day = applied
            for stage in ("shortlisted_on", "interviewed_on", "offered_on"):
                if rng.random() > 0.5:
                    break
                day += dt.timedelta(days=rng.randint(4, 14))
                setattr(row, stage, day)
            if row.offered_on is not None and rng.random() < 0.7:
                row.dbs_cleared_on = row.references_cleared_on = row.offered_on + dt.timedelta(20)
                row.registration_checked_on = row.offered_on
                row.started_on = row.offered_on + dt.timedelta(days=40)
            elif row.shortlisted_on is not None and rng.random() < 0.2:
                row.withdrawn_on = row.shortlisted_on + dt.timedelta(days=2)
                row.withdrawal_reason = rng.choice(["Took another job", "Salary too low"])
            applications.append(row)
        Application.objects.bulk_create(applications, batch_size=2000)
    print(f"scale {scale}: stored in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(main(__doc__ or "", measure, seed=False, name="{prefix}_recruitment_s{scale}"))
