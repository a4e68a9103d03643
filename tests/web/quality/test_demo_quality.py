"""The demo's quality assurance data: a year of audits, a practice week and action plans.

One test, because seeding the demo with caseloads takes about ten seconds."""

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.db.models import Count

from csc_workforce.core import quality
from csc_workforce.web.caseloads.models import Allocation
from csc_workforce.web.demo import demo_seed
from csc_workforce.web.organisation.models import Team
from csc_workforce.web.quality.demo import seed_quality
from csc_workforce.web.quality.models import (
    ActionItem,
    ActionNote,
    Answer,
    AuditProgramme,
    CaseAudit,
    Observation,
    PracticeWeek,
    QualityTargets,
    Question,
)
from tests.conftest import TODAY, client_for


def signature() -> list[tuple[object, ...]]:
    return list(
        CaseAudit.objects.order_by("assigned_on", "case__cms_id").values_list(
            "case__cms_id", "assigned_on", "auditor__username", "grade", "moderated_grade",
            "submitted_on", "findings", "themes",
        )
    )  # fmt: skip


@pytest.mark.django_db
def test_demo_quality_assurance() -> None:
    demo_seed(seed=1, scale=1, progress=lambda line: None)
    lines: list[str] = []
    seed_quality(seed=1, today=TODAY, progress=lines.append)

    targets = QualityTargets.objects.get()
    assert (targets.good_or_better, targets.inadequate_at_most) == (80, 5)

    # Twelve monthly programmes of the full case file audit, October 2024 to September 2025.
    months = list(AuditProgramme.objects.order_by("month").values_list("month", flat=True))
    assert months[0] == dt.date(2024, 10, 1)
    assert months[-1] == dt.date(2025, 9, 1)
    assert len(months) == 12
    assert {p.template.name for p in AuditProgramme.objects.all()} == {"Full case file audit"}
    teams = Team.objects.count()
    for programme in AuditProgramme.objects.annotate(n=Count("audits")):
        assert teams <= programme.n <= 2 * teams, programme
    themed = CaseAudit.objects.filter(programme=None)
    assert {a.template.name for a in themed} == {"Voice of the child", "Neglect"}

    # Each audited child was led, when audited, by a worker of the audit's team.
    for audit in CaseAudit.objects.select_related("practitioner"):
        assert audit.practitioner is not None
        assert audit.practitioner.team_id == audit.team_id
        assert (
            Allocation.objects.filter(
                case_id=audit.case_id,
                worker=audit.practitioner,
                role=Allocation.Role.LEAD,
                start__lte=audit.assigned_on,
            )
            .exclude(end__lt=audit.assigned_on)
            .exists()
        )
    # Auditors hold the QA roles, and never audit the team they manage.
    auditors = set(CaseAudit.objects.values_list("auditor__username", flat=True))
    assert auditors == {"psw", "servicemanager", "teammanager"}
    managed = Team.objects.get(managers__user__username="teammanager")
    assert not CaseAudit.objects.filter(team=managed, auditor__username="teammanager").exists()

    # Past months' audits are all submitted within their month, with an answer to every
    # question of the template, findings and judgement areas.
    done = CaseAudit.objects.exclude(status=CaseAudit.Status.ASSIGNED)
    assert not done.filter(assigned_on__gte=dt.date(2025, 9, 1)).exists()
    assert not CaseAudit.objects.filter(
        status=CaseAudit.Status.ASSIGNED, assigned_on__lt=dt.date(2025, 9, 1)
    ).exists()
    expected = Counter(Question.objects.values_list("section__template_id", flat=True).order_by())
    answered = {
        (pk, template): n
        for pk, template, n in done.annotate(n=Count("answers")).values_list(
            "pk", "template_id", "n"
        )
    }
    assert answered
    assert all(n == expected[template] for (_, template), n in answered.items())
    assert not Answer.objects.filter(audit__status=CaseAudit.Status.ASSIGNED).exists()
    for audit in done:
        assert audit.submitted_on is not None
        assert audit.submitted_on.replace(day=1) == audit.assigned_on.replace(day=1)
        assert audit.submitted_on > audit.assigned_on
        assert audit.findings
        assert audit.judgement_areas
        assert audit.grade in quality.GRADES

    # Grades in realistic shares; about 15% moderated by the PSW with a reason.
    finals = Counter(audit.final_grade for audit in done)
    total = sum(finals.values())
    share = {grade: finals[grade] / total * 100 for grade in quality.GRADES}
    assert 5 <= share["outstanding"] <= 15
    assert 50 <= share["good"] <= 70
    assert 18 <= share["requires_improvement"] <= 32
    assert 2 <= share["inadequate"] <= 8
    moderated = done.filter(status=CaseAudit.Status.MODERATED)
    assert 0.1 <= moderated.count() / total <= 0.2
    assert all(
        a.moderator and a.moderator.username == "psw" and a.moderation_reason and a.moderated_grade
        for a in moderated
    )
    assert done.exclude(practitioner_response="").exists()
    assert done.exclude(manager_response="").exists()
    assert all(set(audit.themes) <= THEMES for audit in done)

    # September's audits are given out with 10 working days to do them; two are overdue.
    september = CaseAudit.objects.filter(programme__month=dt.date(2025, 9, 1))
    assert september.exists()
    assert all(audit.status == CaseAudit.Status.ASSIGNED for audit in september)
    assert all(a.deadline == quality.deadline(assigned_on=a.assigned_on) for a in september)
    assert september.filter(deadline__lt=TODAY).count() == 2

    # A practice week in June with 10 observations (2 exemplars), and 6 more by the PSW.
    week = PracticeWeek.objects.get()
    assert week.start.month == 6
    assert {u.username for u in week.senior_managers.all()} == {"psw", "servicemanager"}
    observed = Observation.objects.filter(week=week)
    assert observed.count() == 10
    assert observed.filter(exemplar=True).count() == 2
    assert len({o.session for o in observed}) == len(Observation.Session.values)
    assert all(o.leadership and o.voice_of_child and o.development for o in observed)
    elsewhere = Observation.objects.filter(week=None)
    assert elsewhere.count() == 6
    assert {o.observer.username for o in elsewhere} == {"psw"}
    assert all(o.on <= TODAY for o in Observation.objects.all())

    # 12 actions from every kind of source, with dated notes; 2 overdue.
    actions = ActionItem.objects.all()
    assert actions.count() == 12
    assert set(actions.values_list("source", flat=True)) == {
        "audit", "practice_week", "inspection", "peer_review"
    }  # fmt: skip
    assert {a.owner.username for a in actions} == {"psw", "servicemanager", "teammanager"}
    overdue = actions.exclude(status=ActionItem.Status.DONE).filter(proposed_date__lt=TODAY)
    assert overdue.count() == 2
    assert actions.filter(status=ActionItem.Status.DONE, completed_on__isnull=False).count() == 4
    assert actions.filter(source="audit", audit__isnull=False).exists()
    assert ActionNote.objects.count() > 0
    assert all(note.on <= TODAY for note in ActionNote.objects.all())

    # The pages show it.
    psw = client_for(User.objects.get(username="psw"))
    results = psw.get("/quality/")
    assert results.status_code == 200
    assert "good or better" in results.content.decode()
    plan = psw.get("/quality/actions/")
    assert plan.status_code == 200
    assert plan.content.decode().count(">Overdue<") == 2

    # The same seed gives the same data, and seeding again replaces what was there.
    first = signature()
    seed_quality(seed=1, today=TODAY, progress=lambda line: None)
    assert signature() == first
    assert AuditProgramme.objects.count() == 12


THEMES = {"voice of the child", "drift", "supervision", "planning", "multi-agency", "neglect"}
