"""Which case audits a person may open (``quality.selectors.audits_visible_to``)."""

import datetime as dt

from django.contrib.auth.models import User

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.caseloads.models import Case
from csc_workforce.web.organisation.models import StaffMember, Team
from csc_workforce.web.quality.models import AuditTemplate, CaseAudit
from csc_workforce.web.quality.selectors import audits_visible_to
from tests.factories import UserFactory


def _audit(
    team: Team, practitioner: StaffMember, number: int, auditor: User | None = None
) -> CaseAudit:
    case = Case.objects.create(cms_id=f"NF{number:07d}", opened=dt.date(2025, 1, 6))
    return CaseAudit.objects.create(
        case=case,
        team=team,
        practitioner=practitioner,
        template=AuditTemplate.objects.get(name="Voice of the child"),
        auditor=auditor or UserFactory(username=f"auditor{number}", roles=[Role.PSW]),
        assigned_on=dt.date(2025, 9, 1),
        deadline=dt.date(2025, 9, 15),
    )


def test_a_manager_who_is_also_hr_sees_only_their_teams_audits(people: dict) -> None:
    # HR sees every team and staff record, but not case audits: holding HR beside the team
    # manager role opens no audit of another team (team B).
    user = people["users"][Role.TEAM_MANAGER]
    user.groups.add(*UserFactory(username="hr2", roles=[Role.HR]).groups.all())
    of_team_a = _audit(people["team_a"], people["colleague_a"], 1)
    _audit(people["team_b"], people["worker_b"], 2)
    assert list(audits_visible_to(user=user)) == [of_team_a]


def test_each_role_sees_the_audits_of_its_part(people: dict) -> None:
    users = people["users"]
    of_team_a = _audit(people["team_a"], people["colleague_a"], 1)
    of_own_work = _audit(people["team_a"], people["own"], 2)
    of_team_b = _audit(people["team_b"], people["worker_b"], 3)
    audited_by_manager = _audit(people["team_b"], people["worker_b"], 4, users[Role.TEAM_MANAGER])
    everything = {of_team_a, of_own_work, of_team_b, audited_by_manager}
    assert set(audits_visible_to(user=users[Role.PSW])) == everything
    assert set(audits_visible_to(user=users[Role.SERVICE_MANAGER])) == everything
    assert set(audits_visible_to(user=users[Role.TEAM_MANAGER])) == {
        of_team_a,
        of_own_work,
        audited_by_manager,  # not of their teams: they audit it
    }
    assert set(audits_visible_to(user=users[Role.SOCIAL_WORKER])) == {of_own_work}
    for role in (Role.HR, Role.ANALYST, Role.ADMINISTRATOR):
        assert not audits_visible_to(user=users[role]).exists(), role
