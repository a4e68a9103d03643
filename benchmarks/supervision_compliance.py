"""The supervision compliance page for the whole service, for the PSW, at 1,000 workers with
five years of monthly supervision (about 54,000 sessions): the median of 20 warm requests and
the queries one makes, against 300 ms at 1x and 1 s at 10x (10,000 workers, about 540,000
sessions). Measured for the twelve months to today (the page's default) and for the whole five
years.

Run: .venv/bin/python benchmarks/supervision_compliance.py [--scale 1,10] (benchmarks/_harness.py).
Stores, once, into a database of its own (cscw_bench_supervision_s<N>): 8 service areas of 5
teams, 1,000 workers a scale (one in twenty newly qualified, one in ten joined in the last five
years, one in ten left), a session in nine of each worker's months in ten, one in twelve of them
too short to count.
"""

import argparse
import random
import sys
import time

from _harness import Figure, main, page_figures, page_target

WORKERS, TEAMS, AREAS, YEARS = 1_000, 40, 8, 5  # workers at scale 1


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    from csc_workforce.web.development.models import SupervisionSession
    from csc_workforce.web.organisation.models import StaffMember

    if StaffMember.objects.count() != WORKERS * scale or not SupervisionSession.objects.exists():
        store(WORKERS * scale)
    return page_figures(
        [
            (
                f"supervision compliance, whole service, 12 months, {WORKERS:,} workers a scale",
                "bench.psw",
                "/development/supervision/",
            ),
            (
                f"supervision compliance, whole service, 5 years, {WORKERS:,} workers a scale",
                "bench.psw",
                "/development/supervision/?from=2020-10-01&to=2025-09-30",
            ),
        ],
        scale,
        target=page_target,
    )


def store(count: int) -> None:
    import datetime as dt

    from django.contrib.auth.models import User
    from django.db import transaction

    from csc_workforce.core.supervision import Standard, windows_for
    from csc_workforce.web.accounts.roles import Role, role_group
    from csc_workforce.web.development.models import SupervisionSession
    from csc_workforce.web.organisation.models import (
        LocalAuthority,
        LocalRole,
        ServiceArea,
        StaffMember,
        Team,
    )

    started = time.perf_counter()
    rng = random.Random("benchmark:supervision")  # noqa: S311 (synthetic data)
    today = dt.date(2025, 9, 30)
    first = dt.date(today.year - YEARS, 10, 1)
    with transaction.atomic():
        SupervisionSession.objects.all().delete()
        StaffMember.objects.all().delete()
        Team.objects.all().delete()
        ServiceArea.objects.all().delete()
        LocalAuthority.objects.all().delete()
        user, _ = User.objects.get_or_create(username="bench.psw")
        user.groups.add(role_group(Role.PSW))
        authority = LocalAuthority.objects.create(
            name="Benchshire", new_la_code="E06999990", old_la_code="990",
            region_code="E12000001", region_name="North East",
        )  # fmt: skip
        teams = []
        for a in range(AREAS):
            area = ServiceArea.objects.create(authority=authority, name=f"Area {a + 1}")
            for t in range(TEAMS // AREAS):
                teams.append(
                    Team.objects.create(
                        service_area=area, name=f"Team {a + 1}.{t + 1}", team_type="cin_cp"
                    )
                )
        people = []
        for n in range(count):
            joined = rng.random() < 0.1
            start = (
                first + dt.timedelta(days=rng.randint(0, 5 * 365))
                if joined
                else dt.date(2015, 1, 5)
            )
            left = rng.random() < 0.1
            end = start + dt.timedelta(days=rng.randint(100, 900)) if left else None
            people.append(
                StaffMember(
                    given_name="Worker", family_name=f"{n:05d}", swe_number=f"SW{n:07d}",
                    job_title="Social worker", role_level=5, team=teams[n % TEAMS],
                    employment_type="permanent", fte=1, start_date=start,
                    end_date=end if end and end < today else None,
                    local_role=LocalRole.ASYE if rng.random() < 0.05 else LocalRole.SOCIAL_WORKER,
                )
            )  # fmt: skip
        StaffMember.objects.bulk_create(people, batch_size=1000)
        sessions = []
        for person in StaffMember.objects.all():
            for window_start, window_end in windows_for(
                start=person.start_date, end=person.end_date,
                newly_qualified=person.local_role == LocalRole.ASYE,
                first=first, last=today, standard=Standard(),
            ):  # fmt: skip
                if rng.random() < 0.1:
                    continue
                span = (window_end - window_start).days
                sessions.append(
                    SupervisionSession(
                        staff=person, held_on=window_start + dt.timedelta(rng.randint(0, span)),
                        minutes=60 if rng.random() < 0.08 else 90, kind="individual",
                    )
                )  # fmt: skip
        SupervisionSession.objects.bulk_create(sessions, batch_size=2000)
    print(
        f"{count:,} workers and {len(sessions):,} sessions stored in "
        f"{time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    sys.exit(main(__doc__ or "", measure, seed=False, name="{prefix}_supervision_s{scale}"))
