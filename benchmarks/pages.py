"""Every other page, for a role that may see it: the median of 20 warm requests and the queries
one makes, at each scale, against under 300 ms at 1x and under 1 s at 10x.

Run: .venv/bin/python benchmarks/pages.py [--scale 1,10] [--only voice] (benchmarks/_harness.py).

``PAGES`` names each page by its path, with the record it shows in braces: the demo's first
record of the kind (``identifiers``), or for ``MADE`` kinds, which the demo does not hold (a
saved forecast scenario), one stored for the run in a transaction rolled back after it, so the
benchmark leaves the database as it found it. ``ELSEWHERE`` names the pages another benchmark
times and ``NOT_TIMED`` the URL names that are not pages to time, each with its reason;
``tests/test_benchmarks_cover_every_page.py`` checks that every URL name of the site but the
admin's is in one of the three."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from _harness import Figure, main, page_figures

PAGES: list[tuple[str, str, str]] = [
    # The register: teams, staff, posts, census
    ("teams, PSW", "psw", "/teams/"),
    ("a team, PSW", "psw", "/teams/{team}/"),
    ("a member of staff, HR", "hr", "/staff/{staff}/"),
    ("editing a member of staff, HR", "hr", "/staff/{staff}/edit/"),
    ("a change of job, HR", "hr", "/staff/{staff}/job/"),
    ("leaving, HR", "hr", "/staff/{staff}/leaving/"),
    ("a conversion to or from agency work, HR", "hr", "/staff/{staff}/convert/"),
    ("sickness, HR", "hr", "/staff/{staff}/sickness/new/"),
    ("a long absence, HR", "hr", "/staff/{staff}/absences/new/"),
    ("a new member of staff, HR", "hr", "/staff/new/"),
    ("staff import, HR", "hr", "/staff/import/"),
    ("a new post, HR", "hr", "/posts/new/"),
    ("editing a post, HR", "hr", "/posts/{post}/edit/"),
    ("own record, social worker", "socialworker", "/staff/{own}/"),
    ("comparison data, analyst", "analyst", "/workforce/comparisons/"),
    ("census, analyst", "analyst", "/census/"),
    ("pay and allowances, HR", "hr", "/census/pay-and-allowances/2025/"),
    # Workforce forecast
    ("forecast, PSW", "psw", "/workforce/forecast/"),
    ("a new forecast scenario, PSW", "psw", "/workforce/forecast/scenarios/new/"),
    ("a forecast scenario, PSW", "psw", "/workforce/forecast/scenarios/{scenario}/"),
    ("editing a forecast scenario, PSW", "psw", "/workforce/forecast/scenarios/{scenario}/edit/"),
    (
        "deleting a forecast scenario, PSW",
        "psw",
        "/workforce/forecast/scenarios/{scenario}/delete/",
    ),
    # Caseloads
    ("own caseload, social worker", "socialworker", "/caseloads/mine/"),
    ("a worker's caseload, team manager", "teammanager", "/caseloads/workers/{staff}/"),
    ("weighting model, PSW", "psw", "/caseloads/weighting/"),
    ("reductions, team manager", "teammanager", "/caseloads/reductions/"),
    ("caseload import, analyst", "analyst", "/caseloads/import/"),
    # Quality
    ("case audit results, PSW", "psw", "/quality/"),
    ("audit programme, PSW", "psw", "/quality/programme/"),
    ("case audits, PSW", "psw", "/quality/audits/"),
    ("a case audit, PSW", "psw", "/quality/audits/{audit}/"),
    ("actions, PSW", "psw", "/quality/actions/"),
    ("an action, PSW", "psw", "/quality/actions/{action}/"),
    ("audit tools, PSW", "psw", "/quality/tools/"),
    ("an audit tool, PSW", "psw", "/quality/tools/{tool}/"),
    ("practice weeks, PSW", "psw", "/quality/practice/"),
    ("a practice week, PSW", "psw", "/quality/practice/{week}/"),
    ("self-evaluation, PSW", "psw", "/quality/self-evaluation/"),
    # Staff voice
    ("staff voice, PSW", "psw", "/voice/"),
    ("staff voice, social worker", "socialworker", "/voice/"),
    ("surveys, PSW", "psw", "/voice/surveys/"),
    ("a survey, PSW", "psw", "/voice/surveys/{survey}/"),
    ("a new survey run, PSW", "psw", "/voice/runs/new/"),
    ("a survey run's results, demo, PSW", "psw", "/voice/runs/{run}/"),
    ("a statement, PSW", "psw", "/voice/statements/{statement}/"),
    ("leavers' questionnaires, HR", "hr", "/voice/leavers/"),
    ("new feedback, PSW", "psw", "/voice/feedback/new/"),
    ("a feedback entry, PSW", "psw", "/voice/feedback/{feedback}/"),
    # Recruitment and agency
    ("recruitment, PSW", "psw", "/recruitment/"),
    ("agency compliance, demo, PSW", "psw", "/recruitment/agency/"),
    ("agency price caps, PSW", "psw", "/recruitment/agency/caps/"),
    ("quarterly agency data, PSW", "psw", "/recruitment/agency/quarterly/"),
    ("an agency engagement, PSW", "psw", "/recruitment/agency/{agency}/"),
    ("editing an agency engagement, PSW", "psw", "/recruitment/agency/{agency}/edit/"),
    ("recruitment pipeline, demo, PSW", "psw", "/recruitment/pipeline/"),
    ("a new vacancy, PSW", "psw", "/recruitment/vacancies/new/"),
    ("a vacancy, PSW", "psw", "/recruitment/vacancies/{vacancy}/"),
    ("an application, PSW", "psw", "/recruitment/applications/{application}/"),
    ("pay and incentives, PSW", "psw", "/recruitment/pay/"),
    ("pay benchmark, PSW", "psw", "/recruitment/pay/benchmark/"),
    # Development
    ("early careers, demo, PSW", "psw", "/development/"),
    ("a cohort, demo, PSW", "psw", "/development/cohorts/{cohort}/"),
    ("an enrolment, PSW", "psw", "/development/enrolments/{enrolment}/"),
    ("programmes, PSW", "psw", "/development/programmes/"),
    ("a programme, PSW", "psw", "/development/programmes/{programme}/"),
    ("inductions, PSW", "psw", "/development/inductions/"),
    ("an induction, PSW", "psw", "/development/inductions/{induction}/"),
    ("an induction checklist, PSW", "psw", "/development/inductions/checklists/{checklist}/"),
    ("students and placements, PSW", "psw", "/development/students/"),
    ("progression, PSW", "psw", "/development/progression/"),
    ("leadership, PSW", "psw", "/development/leadership/"),
    ("supervision compliance, demo, PSW", "psw", "/development/supervision/"),
    ("supervision standard, PSW", "psw", "/development/supervision/standard/"),
    ("supervision import, PSW", "psw", "/development/supervision/import/"),
    ("a worker's development, PSW", "psw", "/development/people/{staff}/"),
    ("own development, social worker", "socialworker", "/development/people/{own}/"),
    ("registrations, PSW", "psw", "/development/registrations/"),
    ("training, PSW", "psw", "/development/training/"),
    # Reporting
    ("scorecard targets, PSW", "psw", "/reporting/targets/?year=2025"),
    ("annual report, PSW", "psw", "/reporting/annual/?year=2025"),
    ("an annual report section, PSW", "psw", "/reporting/annual/2025/{section}/"),
    ("a practice week's report (HTML), PSW", "psw", "/reporting/practice-weeks/{week}/report"),
    ("a survey run's summary (HTML), PSW", "psw", "/reporting/surveys/{run}/summary"),
    # Audit trail
    ("audit trail, administrator", "admin", "/audit/"),
    ("an audit event, administrator", "admin", "/audit/{event}/"),
]
"""(name, username, path) for each page; ``{kind}`` is the identifier of a record of that kind."""

KINDS = frozenset(
    {
        "team", "staff", "post", "own", "event", "action", "tool", "audit", "week", "survey",
        "run", "statement", "feedback", "agency", "vacancy", "application", "cohort",
        "enrolment", "programme", "induction", "checklist", "section", "scenario",
    }
)  # fmt: skip
"""The kinds of record a path of ``PAGES`` may name: those ``identifiers`` and ``made`` give."""

MADE = frozenset({"scenario"})
"""Kinds of record the demo holds none of: one is stored for the run, then rolled back."""

ELSEWHERE: dict[str, str] = {
    "site:home": "home_page.py",
    "site:status": "home_page.py",
    "workforce:dashboard": "workforce.py",
    "workforce:retention": "retention.py",
    "workforce:retention_factors": "retention.py",
    "caseloads:loads": "loads_page.py",
    "caseloads:history": "history_page.py",
    "caseloads:board": "allocation_board.py",
    "caseloads:experience": "experience_page.py",
    "voice:leavers_report": "leavers_report.py",
    "voice:feedback": "leavers_report.py",
    "reporting:scorecard": "reporting.py",
    "hub:overview": "hub_page.py",
    "hub:movement": "hub_page.py",
}
"""URL name -> the benchmark that times it (pages.py times some of theirs on the demo too: the
survey results, agency compliance, the pipeline, early careers, a cohort and supervision, whose
own benchmarks use synthetic data of a chosen size)."""

NOT_TIMED: dict[str, str] = {
    "healthz": "the load balancer's probe: no page, no query",
    "caseloads:import_template": "a download (the import's Excel template)",
    "workforce:staff_import_template": "a download (the import's Excel template)",
    "development:import_template": "a download (the import's Excel template)",
    "development:import_export": "a download (the register's dates as an import file)",
    "recruitment:quarterly_kept": "a download (a kept quarter's agency data as CSV)",
    "reporting:job_download": "a download (a built report)",
    "workforce:census_job_download": "a download (a built census return)",
    "reporting:job": "a background task's progress page: one stored row, polling its status",
    "tasks:import_task": "a background task's progress page: one stored row, polling its status",
    "workforce:census_job": "a background task's progress page: one stored row, polling its status",
    "reporting:job_status": "status polling (JSON)",
    "tasks:import_task_status": "status polling (JSON)",
    "workforce:census_job_status": "status polling (JSON)",
    "development:mine": "a redirect to one's own development page (timed: own development)",
    "workforce:my_record": "a redirect to one's own staff record (timed: own record)",
    "voice:respond": "a survey answered with a one-time token, without signing in",
    "voice:exit_respond": "a leaver's questionnaire answered with a one-time token",
    "accounts:login": "sign-in",
    "accounts:logout": "sign-out (POST)",
    "accounts:two_factor": "sign-in: the one-time code",
    "accounts:two_factor_setup": "sign-in: setting up an authenticator",
    "accounts:sso_start": "sign-in: a redirect to the identity provider",
    "accounts:sso_return": "sign-in: the identity provider's answer",
    "accounts:keep_alive": "the session's keep-alive (POST)",
}
"""URL name -> why it is not timed as a page."""


def identifiers() -> dict[str, Any]:
    """The identifier of each kind of record ``PAGES`` names: the demo's first (by primary key),
    or the team manager's team and its first member of staff in post."""
    from csc_workforce.core.reporting.annual import BY_KEY
    from csc_workforce.web.audit.models import AuditEvent
    from csc_workforce.web.development.models import (
        Cohort,
        Enrolment,
        Induction,
        InductionTemplate,
        Programme,
    )
    from csc_workforce.web.organisation.models import Post, StaffMember, Team
    from csc_workforce.web.quality.models import (
        ActionItem,
        AuditTemplate,
        CaseAudit,
        PracticeWeek,
    )
    from csc_workforce.web.recruitment.models import AgencyEngagement, Application, Vacancy
    from csc_workforce.web.voice.models import (
        PracticeFeedback,
        Statement,
        SurveyRun,
        SurveyTemplate,
    )

    def first(model: Any, field: str = "pk") -> Any:
        found = model.objects.order_by("pk").values_list(field, flat=True).first()
        assert found is not None, f"the demo holds no {model.__name__}"
        return found

    team = Team.objects.get(managers__user__username="teammanager")
    staff = StaffMember.objects.filter(team=team, end_date__isnull=True).order_by("pk").first()
    post = Post.objects.filter(team=team).order_by("pk").first()
    own = StaffMember.objects.filter(user__username="socialworker").first()
    assert staff is not None
    assert post is not None
    assert own is not None
    return {
        "team": team.pk,
        "staff": staff.pk,
        "post": post.pk,
        "own": own.pk,
        "event": first(AuditEvent),
        "action": first(ActionItem),
        "tool": first(AuditTemplate),
        "audit": first(CaseAudit),
        "week": first(PracticeWeek),
        "survey": first(SurveyTemplate),
        "run": first(SurveyRun),
        "statement": first(Statement),
        "feedback": first(PracticeFeedback),
        "agency": first(AgencyEngagement, "staff_id"),
        "vacancy": first(Vacancy),
        "application": first(Application),
        "cohort": first(Cohort),
        "enrolment": first(Enrolment),
        "programme": first(Programme),
        "induction": first(Induction),
        "checklist": first(InductionTemplate),
        "section": next(iter(BY_KEY)),
    }


def made() -> dict[str, Any]:
    """The records of ``MADE`` kinds, stored for the run (inside its transaction)."""
    from csc_workforce.web.workforce.models import ForecastScenario

    scenario = ForecastScenario.objects.create(name="Fewer leavers (benchmark)", turnover_down=2)
    return {"scenario": scenario.pk}


def kinds(path: str) -> set[str]:
    """The kinds of record ``path`` names ({kind})."""
    import string

    return {field for _, field, _, _ in string.Formatter().parse(path) if field}


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    from django.db import transaction

    chosen = [page for page in PAGES if options.only in page[2]]
    known = identifiers()
    assert set(known) | MADE == KINDS, sorted(set(known) ^ (KINDS - MADE))
    plain = [
        (name, user, path.format(**known)) for name, user, path in chosen if not kinds(path) & MADE
    ]
    figures = page_figures(plain, scale)
    with transaction.atomic():
        ids = known | made()
        figures += page_figures(
            [(name, user, path.format(**ids)) for name, user, path in chosen if kinds(path) & MADE],
            scale,
        )
        transaction.set_rollback(True)
    return figures


def options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--only", default="", help="time only the paths containing this text")


if __name__ == "__main__":
    sys.exit(main(__doc__ or "", measure, extra=options))
