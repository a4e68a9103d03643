"""Every other page, for a role that may see it: the median of 20 warm requests and the queries
one makes, at each scale, against under 300 ms at 1x and under 1 s at 10x.

Run: .venv/bin/python benchmarks/pages.py [--scale 1,10] [--runs 20] (benchmarks/_harness.py).
The caseload pages, the workforce dashboard and the home pages have benchmarks of their own."""

import argparse
import sys

from _harness import Figure, main, page_figures


def pages() -> list[tuple[str, str, str]]:
    """(name, username, url) for each page, its identifiers the first the demo holds."""
    from csc_workforce.web.audit.models import AuditEvent
    from csc_workforce.web.organisation.models import Post, StaffMember, Team
    from csc_workforce.web.quality.models import (
        ActionItem,
        AuditTemplate,
        CaseAudit,
        PracticeWeek,
    )

    team = Team.objects.get(managers__user__username="teammanager")
    staff = StaffMember.objects.filter(team=team, end_date__isnull=True).order_by("pk").first()
    assert staff is not None
    post = Post.objects.filter(team=team).order_by("pk").first()
    assert post is not None
    first = {
        model: model.objects.order_by("pk").values_list("pk", flat=True).first()
        for model in (AuditEvent, ActionItem, AuditTemplate, CaseAudit, PracticeWeek)
    }
    return [
        ("teams, PSW", "psw", "/teams/"),
        ("a team, PSW", "psw", f"/teams/{team.pk}/"),
        ("a member of staff, HR", "hr", f"/staff/{staff.pk}/"),
        ("editing a member of staff, HR", "hr", f"/staff/{staff.pk}/edit/"),
        ("a change of job, HR", "hr", f"/staff/{staff.pk}/job/"),
        ("leaving, HR", "hr", f"/staff/{staff.pk}/leaving/"),
        ("sickness, HR", "hr", f"/staff/{staff.pk}/sickness/new/"),
        ("a new member of staff, HR", "hr", "/staff/new/"),
        ("staff import, HR", "hr", "/staff/import/"),
        ("a new post, HR", "hr", "/posts/new/"),
        ("editing a post, HR", "hr", f"/posts/{post.pk}/edit/"),
        ("comparison data, analyst", "analyst", "/workforce/comparisons/"),
        ("census, analyst", "analyst", "/census/"),
        ("pay and allowances, HR", "hr", "/census/pay-and-allowances/2025/"),
        ("own caseload, social worker", "socialworker", "/caseloads/mine/"),
        ("weighting model, PSW", "psw", "/caseloads/weighting/"),
        ("reductions, team manager", "teammanager", "/caseloads/reductions/"),
        ("caseload import, analyst", "analyst", "/caseloads/import/"),
        ("case audit results, PSW", "psw", "/quality/"),
        ("audit programme, PSW", "psw", "/quality/programme/"),
        ("case audits, PSW", "psw", "/quality/audits/"),
        ("a case audit, PSW", "psw", f"/quality/audits/{first[CaseAudit]}/"),
        ("actions, PSW", "psw", "/quality/actions/"),
        ("an action, PSW", "psw", f"/quality/actions/{first[ActionItem]}/"),
        ("audit tools, PSW", "psw", "/quality/tools/"),
        ("an audit tool, PSW", "psw", f"/quality/tools/{first[AuditTemplate]}/"),
        ("practice weeks, PSW", "psw", "/quality/practice/"),
        ("a practice week, PSW", "psw", f"/quality/practice/{first[PracticeWeek]}/"),
        ("self-evaluation, PSW", "psw", "/quality/self-evaluation/"),
        ("audit trail, administrator", "admin", "/audit/"),
        ("an audit event, administrator", "admin", f"/audit/{first[AuditEvent]}/"),
    ]


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    return page_figures(pages(), scale)


if __name__ == "__main__":
    sys.exit(main(__doc__ or "", measure))
