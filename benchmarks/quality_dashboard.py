"""The case audit results page for the PSW at 1,000 submitted audits of 40 answers each a scale
(10x: 10,000): the median of 20 warm requests and the queries one makes, against 500 ms.

Run: .venv/bin/python benchmarks/quality_dashboard.py [--scale 1,10] (benchmarks/_harness.py).
Seeds, once, the demo workforce without caseloads into a database of its own
(cscw_bench_quality_s<N>), then 500 fictional cases and the audits over 24 months (about 10%
outstanding, 60% good, 25% requires improvement, 5% inadequate; one in seven moderated; up to
three finding tags each) with an answer to each of the 40 graded questions of a synthetic audit
tool. The core computations alone are timed by benchmarks/quality.py.
"""

import argparse
import random
import sys
import time

from _harness import Figure, main, page_figures

CASES, AUDITS, QUESTIONS, MONTHS = 500, 1_000, 40, 24  # audits at scale 1
TARGET_MS = 500.0
TAGS = ["voice of the child", "drift", "supervision", "planning", "multi-agency", "neglect"]


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    from csc_workforce.web.quality.models import CaseAudit

    if CaseAudit.objects.count() != AUDITS * scale:
        store(AUDITS * scale)
    return page_figures(
        [(f"case audit results, {AUDITS:,} audits a scale, PSW", "psw", "/quality/")],
        scale,
        target=lambda scale: TARGET_MS,
    )


def store(count: int) -> None:
    import datetime as dt

    from django.contrib.auth.models import User
    from django.db import transaction

    from csc_workforce.web.audit.recorder import suppressed
    from csc_workforce.web.caseloads.models import Case
    from csc_workforce.web.demo import demo_seed
    from csc_workforce.web.organisation.models import Team
    from csc_workforce.web.quality.demo import clear_quality
    from csc_workforce.web.quality.models import (
        Answer,
        AuditTemplate,
        CaseAudit,
        Grade,
        JudgementArea,
        QualityTargets,
        Question,
        TemplateSection,
    )

    started = time.perf_counter()
    demo_seed(seed=1, scale=1, force=True, progress=lambda line: None, caseloads=False)
    clear_quality()
    Case.objects.filter(cms_id__startswith="BQ").delete()
    print(f"seeded the workforce in {time.perf_counter() - started:.0f} s")

    started = time.perf_counter()
    rng = random.Random("benchmark:quality")  # noqa: S311 (synthetic data)
    psw = User.objects.get(username="psw")
    auditors = list(
        User.objects.filter(username__in=["psw", "servicemanager", "teammanager"]).order_by("pk")
    )
    teams = list(Team.objects.order_by("pk").values_list("pk", flat=True))
    grades = [Grade.OUTSTANDING] * 10 + [Grade.GOOD] * 60 + [Grade.REQUIRES_IMPROVEMENT] * 25
    grades += [Grade.INADEQUATE] * 5
    scale = list(Grade.values)
    first_month = dt.date(2023, 10, 1)
    with transaction.atomic(), suppressed():
        QualityTargets.objects.all().delete()
        QualityTargets.objects.create(good_or_better=80, inadequate_at_most=5)
        cases = Case.objects.bulk_create(
            Case(cms_id=f"BQ{n:06d}", opened=dt.date(2023, 1, 2) + dt.timedelta(days=n))
            for n in range(CASES)
        )
        template = AuditTemplate.objects.create(name="Benchmark audit", kind="full")
        questions = []
        for number in range(QUESTIONS // 10):
            section = TemplateSection.objects.create(
                template=template, title=f"Section {number + 1}", order=number
            )
            questions += Question.objects.bulk_create(
                Question(
                    section=section, text=f"Q{number + 1}.{q + 1}", answer_type="grade", order=q
                )
                for q in range(10)
            )
        audits = []
        for n in range(count):
            month = n * MONTHS // count
            assigned = dt.date(first_month.year + (first_month.month - 1 + month) // 12,
                               (first_month.month - 1 + month) % 12 + 1, 2)  # fmt: skip
            grade = rng.choice(grades)
            moderated = rng.random() < 1 / 7
            audits.append(
                CaseAudit(
                    case=cases[n % CASES],
                    team_id=teams[n % len(teams)],
                    template=template,
                    auditor=auditors[n % len(auditors)],
                    assigned_on=assigned,
                    deadline=assigned + dt.timedelta(days=14),
                    status="moderated" if moderated else "submitted",
                    submitted_on=assigned + dt.timedelta(days=rng.randint(1, 20)),
                    grade=grade,
                    moderated_grade=scale[min(scale.index(grade) + 1, 3)] if moderated else "",
                    moderator=psw if moderated else None,
                    moderation_reason="Synthetic moderation" if moderated else "",
                    findings="Synthetic findings for the benchmark.",
                    themes=sorted(rng.sample(TAGS, rng.randint(0, 3))),
                    judgement_areas=[JudgementArea.HELP_AND_PROTECTION.value],
                )
            )
        audits = CaseAudit.objects.bulk_create(audits, batch_size=2000)
        Answer.objects.bulk_create(
            (
                Answer(
                    audit=audit,
                    question=question,
                    value=scale[
                        min(max(scale.index(audit.grade) + rng.choice((-1, 0, 0, 1)), 0), 3)
                    ],
                )
                for audit in audits
                for question in questions
            ),
            batch_size=5000,
        )
    print(
        f"{Case.objects.count():,} cases, {CaseAudit.objects.count():,} audits and "
        f"{Answer.objects.count():,} answers stored in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    sys.exit(main(__doc__ or "", measure, seed=False, name="{prefix}_quality_s{scale}"))
