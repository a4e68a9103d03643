"""The early careers dashboard and a cohort's page for the PSW, in a 1,000-worker authority with
ten cohorts of 100 workers and full evidence records (10x: ten times the workers in each
cohort): the median of 20 warm requests and the queries one makes, against 300 ms (1,000 ms at
10x).

Run: .venv/bin/python benchmarks/development_cohorts.py [--scale 1,10] (benchmarks/_harness.py).
Stores, once, into a database of its own (cscw_bench_development_s<N>): 20 teams, the workers,
ten yearly ASYE cohorts (the older ones finished: passed, failed or left; the latest in
progress), each worker's reviews (most held, some overdue) and eighteen pieces of evidence.
"""

import argparse
import random
import sys
import time

from _harness import Figure, main, page_figures

WORKERS, COHORTS, TEAMS = 1_000, 10, 20  # workers at scale 1
TARGET_MS = {1: 300.0}


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    from csc_workforce.web.development.models import Cohort, Enrolment

    if Enrolment.objects.count() != WORKERS * scale:
        store(WORKERS * scale)
    latest = Cohort.objects.order_by("-starts_on").first()
    assert latest is not None
    return page_figures(
        [
            (f"early careers dashboard, {COHORTS} cohorts, PSW", "bench.psw", "/development/"),
            (
                f"a cohort's page, {WORKERS * scale // COHORTS:,} workers, PSW",
                "bench.psw",
                f"/development/cohorts/{latest.pk}/",
            ),
        ],
        scale,
        target=lambda scale: TARGET_MS.get(scale, 1000.0),
    )


def store(count: int) -> None:
    import datetime as dt
    from decimal import Decimal

    from django.contrib.auth.models import User
    from django.db import transaction

    from csc_workforce.core import development
    from csc_workforce.web.accounts.roles import Role, role_group
    from csc_workforce.web.development.models import (
        Cohort,
        Enrolment,
        Evidence,
        Programme,
        Review,
    )
    from csc_workforce.web.organisation.models import LocalAuthority, ServiceArea, StaffMember, Team

    started = time.perf_counter()
    rng = random.Random("benchmark:development")  # noqa: S311 (synthetic data)
    today = dt.date(2025, 9, 30)
    with transaction.atomic():
        user, _ = User.objects.get_or_create(username="bench.psw")
        user.groups.add(role_group(Role.PSW))
        authority = LocalAuthority.objects.create(
            name="Benchshire", new_la_code="E06999991", old_la_code="991",
            region_code="E12000001", region_name="North East",
        )  # fmt: skip
        area = ServiceArea.objects.create(authority=authority, name="Children's services")
        teams = [
            Team.objects.create(service_area=area, name=f"Team {n + 1}", team_type="cin_cp")
            for n in range(TEAMS)
        ]
        asye = Programme.objects.get(kind="asye", is_current=True)
        per_cohort = count // COHORTS
        for c in range(COHORTS):
            year = 2015 + c
            cohort = Cohort.objects.create(
                programme=asye, name=f"ASYE September {year}", starts_on=dt.date(year, 9, 1)
            )
            staff = StaffMember.objects.bulk_create(
                StaffMember(
                    given_name=f"Given{c}-{n}",
                    family_name=f"Family{c}-{n}",
                    job_title="Social worker",
                    role_level=5,
                    local_role="asye" if year == 2024 else "social_worker",
                    team=teams[n % TEAMS],
                    employment_type="permanent",
                    fte=Decimal(1),
                    start_date=dt.date(year, 9, 1) + dt.timedelta(days=n % 60),
                    end_date=(dt.date(year + 1 + n % 5, 3, 31) if rng.random() < 0.3 else None),
                )
                for n in range(per_cohort)
            )
            enrolments = Enrolment.objects.bulk_create(
                Enrolment(
                    cohort=cohort,
                    staff=person,
                    start=person.start_date,
                    outcome=(
                        ""
                        if year == 2024
                        else "left"
                        if person.end_date and person.end_date.year == year + 1
                        else "fail"
                        if rng.random() < 0.05
                        else "pass"
                    ),
                    outcome_on=None if year == 2024 else dt.date(year + 1, 9, 30),
                )
                for person in staff
            )
            reviews, evidence = [], []
            for enrolment in enrolments:
                for point in asye.design().reviews:
                    due = development.review_due(start=enrolment.start, point=point)
                    held = due if due < today and rng.random() < 0.9 else None
                    reviews.append(
                        Review(
                            enrolment=enrolment,
                            month=point.month,
                            label=point.label,
                            optional=point.optional,
                            final=point.final,
                            due=due,
                            held=held,
                        )
                    )
                for kind in development.EVIDENCE_KINDS:
                    for n in range(3):
                        on = enrolment.start + dt.timedelta(days=30 * (n + 1))
                        evidence.append(Evidence(enrolment=enrolment, kind=kind, on=on))
            Review.objects.bulk_create(reviews, batch_size=2000)
            Evidence.objects.bulk_create(evidence, batch_size=2000)
    print(f"{count:,} workers on {COHORTS} cohorts stored in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(main(__doc__ or "", measure, seed=False, name="{prefix}_development_s{scale}"))
