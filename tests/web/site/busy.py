"""A busy day for the home page's tests (web and browser): the ``people`` fixture with cases,
loads, audits, actions, starters and leavers, a census task and an import."""

import datetime as dt

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.caseloads.models import Allocation, Case, CaseStatus, WeightingModelVersion
from csc_workforce.web.quality.models import ActionItem, AuditTemplate, CaseAudit
from csc_workforce.web.tasks.models import ImportTask
from csc_workforce.web.workforce.models import CensusJob
from tests.factories import WEIGHTING_MODEL, StaffMemberFactory, TeamFactory, UserFactory

MODEL = {**WEIGHTING_MODEL, "asye_alone_forbidden": []}


def cases(worker: object, count: int, *, prefix: str, status: str, complexity: str) -> None:
    """``count`` open cases led by ``worker`` since 1 September 2025."""
    for n in range(count):
        case = Case.objects.create(
            cms_id=f"{prefix}{n:03d}",
            complexity=complexity,
            travel_band="near",
            opened=dt.date(2025, 9, 1),
        )
        CaseStatus.objects.create(case=case, status=status, start=dt.date(2025, 9, 1))
        Allocation.objects.create(case=case, worker=worker, start=dt.date(2025, 9, 1))


def busy(people: dict, *, extra_teams: int = 0) -> dict:
    """The ``people`` fixture with work waiting: cases, loads, audits, actions, movers, a
    census task and an import; ``extra_teams`` more teams each as busy as team B."""
    WeightingModelVersion.objects.create(**MODEL)
    users = people["users"]
    # The colleague in team A leads 13 child protection cases of high complexity, near, since
    # 1 September: 13 x (150 + 40 + 0) = 2,470 points of 2,176: 113.5%, over 110% (the
    # sustained overload threshold) on each of the 4 weeks' ends before. Worker B likewise in
    # team B.
    cases(people["colleague_a"], 13, prefix="A", status="child_protection", complexity="high")
    cases(people["worker_b"], 13, prefix="B", status="child_protection", complexity="high")
    # The social worker leads 2 children in need, medium, near: 2 x 120 = 240 of 2,176: 11.0%.
    cases(people["own"], 2, prefix="S", status="child_in_need", complexity="medium")
    # Waiting: one never allocated (opened 1 August), one team A's colleague held until 10
    # September.
    Case.objects.create(cms_id="W001", opened=dt.date(2025, 8, 1))
    held = Case.objects.create(cms_id="W002", opened=dt.date(2025, 9, 1))
    Allocation.objects.create(
        case=held, worker=people["colleague_a"], start=dt.date(2025, 9, 1), end=dt.date(2025, 9, 10)
    )
    for n in range(extra_teams):
        team = TeamFactory(name=f"Extra {n}")
        worker = StaffMemberFactory(team=team)
        cases(worker, 13, prefix=f"X{n}-", status="child_protection", complexity="high")
        Case.objects.create(cms_id=f"XW{n}", opened=dt.date(2025, 9, 2))
    # The shipped tool (a migration stores it; browser tests empty the tables after each).
    template, _ = AuditTemplate.objects.get_or_create(
        name="Voice of the child", version=1, defaults={"kind": "themed", "theme": "voice"}
    )
    manager = users[Role.TEAM_MANAGER]
    audited = Case.objects.get(cms_id="S000")
    # To do by the team manager, deadline 15 September: overdue on 30 September.
    CaseAudit.objects.create(
        case=audited,
        team=people["team_a"],
        practitioner=people["own"],
        template=template,
        auditor=manager,
        assigned_on=dt.date(2025, 9, 1),
        deadline=dt.date(2025, 9, 15),
    )
    # Submitted by the team manager (good), not moderated, of the social worker's work.
    CaseAudit.objects.create(
        case=Case.objects.get(cms_id="S001"),
        team=people["team_a"],
        practitioner=people["own"],
        template=template,
        auditor=manager,
        assigned_on=dt.date(2025, 8, 1),
        deadline=dt.date(2025, 8, 29),
        status=CaseAudit.Status.SUBMITTED,
        submitted_on=dt.date(2025, 8, 20),
        grade="good",
    )
    ActionItem.objects.create(
        issue="Plans",
        action="Review plans",
        risk="Drift",
        priority="high",
        proposed_date=dt.date(2025, 9, 1),
        owner=manager,
        source="audit",
    )
    ActionItem.objects.create(
        issue="Supervision",
        action="Audit supervision notes",
        risk="Drift",
        priority="low",
        proposed_date=dt.date(2025, 10, 5),
        owner=users[Role.PSW],
        source="audit",
    )
    # A starter on 8 September without where they came from (the census needs it), and a
    # leaver on 19 September with the reason and destination.
    starter = StaffMemberFactory(
        team=people["team_a"],
        given_name="Nadia",
        family_name="Starter",
        start_date=dt.date(2025, 9, 8),
    )
    leaver = StaffMemberFactory(
        team=people["team_b"],
        given_name="Luke",
        family_name="Leaver",
        end_date=dt.date(2025, 9, 19),
        reason_leave="1",
        leaver_destination="1",
    )
    job = CensusJob.objects.create(
        kind="validate",
        year=2025,
        status="done",
        result={"valid": False, "error_count": 3},
        created_by=users[Role.ANALYST],
    )
    ImportTask.objects.create(kind="allocations", status="done", created_by=users[Role.PSW])
    UserFactory(username="nobody-yet")  # an account with no role
    return {"starter": starter, "leaver": leaver, "job": job}
