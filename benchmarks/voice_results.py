"""The staff survey results page for the PSW, with every breakdown, at 2,000 responses to a
60-question survey from 40 teams (10x: 20,000): the median of 20 warm requests and the queries
one makes, against 300 ms (1,000 ms at 10x).

Run: .venv/bin/python benchmarks/voice_results.py [--scale 1,10] (benchmarks/_harness.py).
Stores, once, into a database of its own (cscw_bench_voice_s<N>): 8 service areas of 5 teams,
a survey of 8 sections (48 agreement questions, 4 on the 0-10 scale, 4 numbers, 2 choices, 2
free text) and the responses, each with a team, a role and the other demographic answers
(about one in ten left unanswered), so that small groups and their complements are suppressed
in the same pass.
"""

import argparse
import random
import sys
import time

from _harness import Figure, main, page_figures

RESPONSES, TEAMS, AREAS = 2_000, 40, 8  # responses at scale 1
TARGET_MS = {1: 300.0}


def survey_text() -> str:
    lines = []
    for section in range(8):
        lines.append(f"# Standard {section + 1}")
        lines += [f"[agree] s{section}_q{n}: Statement {section}.{n}" for n in range(6)]
        if section < 4:
            lines.append(f"[scale10] s{section}_scale: Scale {section}")
            lines.append(f"[number 0-60] s{section}_number: Number {section}")
    lines += ["# Staying", "[choice] stay: Stay?", "    * Yes", "    * No", "    * Unsure"]
    lines += ["[choice] move: Move?", "    * Yes", "    * No"]
    lines += ["[text] change: Change?", "[text] more: More?"]
    return "\n".join(lines) + "\n"


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    from csc_workforce.web.voice.models import Response

    if Response.objects.count() != RESPONSES * scale:
        store(RESPONSES * scale)
    from csc_workforce.web.voice.models import SurveyRun

    run = SurveyRun.objects.get(title="Benchmark health check")
    return page_figures(
        [
            (
                f"staff survey results, {RESPONSES:,} responses a scale, PSW",
                "bench.psw",
                f"/voice/runs/{run.pk}/",
            )
        ],
        scale,
        target=lambda scale: TARGET_MS.get(scale, 1000.0),
    )


def store(count: int) -> None:
    import datetime as dt

    from django.db import transaction

    from csc_workforce.core.voice import parse_survey, questions_of
    from csc_workforce.web.accounts.roles import Role, role_group
    from csc_workforce.web.organisation.models import LocalAuthority, ServiceArea, Team
    from csc_workforce.web.voice.forms import ETHNIC_GROUPS, SEX, YEARS_QUALIFIED
    from csc_workforce.web.voice.models import Response, SurveyRun, SurveyTemplate

    started = time.perf_counter()
    rng = random.Random("benchmark:voice")  # noqa: S311 (synthetic data)
    from django.contrib.auth.models import User

    with transaction.atomic():
        Response.objects.all().delete()
        SurveyRun.objects.all().delete()
        SurveyTemplate.objects.filter(name="Benchmark survey").delete()
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
        text = survey_text()
        template = SurveyTemplate.objects.create(name="Benchmark survey", kind="other", text=text)
        run = SurveyRun.objects.create(
            template=template, title="Benchmark health check", population="all",
            opens_on=dt.date(2025, 9, 1), closes_on=dt.date(2025, 9, 30), invited=count + 500,
        )  # fmt: skip
        questions = questions_of(parse_survey(text))
        # team sizes vary: a few teams answer rarely, so that some are suppressed
        weights = [1 if n % 9 == 0 else 12 for n in range(TEAMS)]
        roles = ["Case holder"] * 6 + ["Senior practitioner"] * 2 + ["First line manager"]
        rows = []
        for _ in range(count):
            answers: dict[str, object] = {}
            mood = rng.random()
            for q in questions:
                if rng.random() < 0.05:
                    continue
                if q.kind == "agree":
                    answers[q.key] = (
                        "dk"
                        if rng.random() < 0.03
                        else min(5, 1 + int(mood * 4 + rng.random() * 2))
                    )
                elif q.kind == "scale10":
                    answers[q.key] = min(10, int(mood * 8 + rng.random() * 4))
                elif q.kind == "number":
                    answers[q.key] = rng.randint(0, 30)
                elif q.kind == "choice":
                    answers[q.key] = rng.choice(q.options)
                else:
                    answers[q.key] = "Synthetic comment" if rng.random() < 0.2 else None
            answers = {k: v for k, v in answers.items() if v is not None}
            unanswered = rng.random() < 0.1
            rows.append(
                Response(
                    run=run,
                    submitted_on=dt.date(2025, 9, 1) + dt.timedelta(days=rng.randint(0, 29)),
                    team=None if unanswered else rng.choices(teams, weights)[0],
                    role="" if unanswered else rng.choice(roles),
                    sex=rng.choice(["", *SEX]),
                    ethnicity=rng.choice(["", *ETHNIC_GROUPS]),
                    disability=rng.choice(["", "Yes", "No", "No", "No"]),
                    years_qualified=rng.choice(["", *YEARS_QUALIFIED]),
                    answers=answers,
                )
            )
        Response.objects.bulk_create(rows, batch_size=1000)
    print(f"{count:,} responses stored in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(main(__doc__ or "", measure, seed=False, name="{prefix}_voice_s{scale}"))
