"""Record-level authorisation: every identifier a page takes, tried by every role with a record
outside that role's scope, by GET and by POST.

Each URL pattern with a path converter, each query parameter and each posted form field that
carries an identifier is declared below with the kind of record it names; tests check that the
declarations cover every one the code has. For each role, the record tried is one the role may
not see: any record of the kind when the role lacks the page's capability, else one outside its
scope (another team's, someone else's). The answer must be 403 or 404 (a posted identifier may
instead be refused by the form), and the database must be unchanged.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from csc_workforce.web.accounts.permissions import GRANTS, Capability
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.caseloads import forms as caseload_forms
from csc_workforce.web.caseloads.models import (
    Allocation,
    Case,
    CaseStatus,
    ReductionReason,
    WeightingModelVersion,
)
from csc_workforce.web.caseloads.selectors import cases_visible_to
from csc_workforce.web.development import forms as development_forms
from csc_workforce.web.development.models import Cohort, InductionTemplate, Programme
from csc_workforce.web.development.services import enrolment_create, induction_start
from csc_workforce.web.organisation.models import Post
from csc_workforce.web.organisation.selectors import staff_visible_to, teams_visible_to
from csc_workforce.web.quality import forms as quality_forms
from csc_workforce.web.quality.models import (
    ActionItem,
    AuditTemplate,
    CaseAudit,
    Observation,
    PracticeWeek,
)
from csc_workforce.web.quality.selectors import actions_visible_to, audits_visible_to
from csc_workforce.web.recruitment import forms as recruitment_forms
from csc_workforce.web.recruitment.models import (
    Advert,
    Application,
    QuarterlyAgencyReturn,
    Vacancy,
)
from csc_workforce.web.reporting.models import ReportJob
from csc_workforce.web.tasks.models import ImportTask
from csc_workforce.web.voice import forms as voice_forms
from csc_workforce.web.voice.models import (
    PracticeFeedback,
    Statement,
    SurveyRun,
    SurveyTemplate,
)
from csc_workforce.web.workforce import forms as workforce_forms
from csc_workforce.web.workforce.models import CensusJob, ForecastScenario
from tests.conftest import client_for
from tests.factories import StaffMemberFactory, UserFactory

SRC = Path(__file__).resolve().parents[2] / "src" / "csc_workforce" / "web"
ALL = frozenset(Role)


@dataclass(frozen=True)
class Scene:
    """The ``people`` fixture's two teams with records of every kind in each."""

    people: dict[str, Any]
    records: dict[str, object]
    outside: dict[str, dict[Role, object]]
    """For each kind of record, the record outside each role's scope; a role missing from it
    sees every record of the kind."""

    def user(self, role: Role) -> Any:
        return self.people["users"][role]


@pytest.fixture
def scene(people: dict[str, Any]) -> Scene:
    team_a, team_b = people["team_a"], people["team_b"]
    users = people["users"]
    WeightingModelVersion.objects.create(
        effective_from=dt.date(2020, 1, 1),
        full_time_target=2176,
        status_points={"child_in_need": 100},
        complexity_points={"low": 0, "medium": 20, "high": 40},
        travel_points={"near": 0, "medium": 10, "far": 20},
    )

    def case(cms_id: str, worker: object | None) -> Case:
        made = Case.objects.create(
            cms_id=cms_id, complexity="medium", travel_band="near", opened=dt.date(2025, 1, 6)
        )
        CaseStatus.objects.create(case=made, status="child_in_need", start=dt.date(2025, 1, 6))
        if worker is not None:
            Allocation.objects.create(case=made, worker=worker, start=dt.date(2025, 1, 6))
        return made

    case_a = case("NF0000001", people["colleague_a"])
    case_b = case("NF0000002", people["worker_b"])
    case("NF0000003", None)  # waiting for a lead worker
    other_hr = UserFactory(username="hr.other", roles=[Role.HR])
    audit_b = CaseAudit.objects.create(
        case=case_b,
        team=team_b,
        practitioner=people["worker_b"],
        template=AuditTemplate.objects.filter(is_current=True).first(),
        auditor=users[Role.PSW],
        assigned_on=dt.date(2025, 9, 1),
        deadline=dt.date(2025, 9, 15),
    )
    action = ActionItem.objects.create(
        issue="Recording",
        action="Workshop",
        risk="Drift",
        priority="high",
        proposed_date=dt.date(2025, 12, 1),
        owner=users[Role.SERVICE_MANAGER],
        source="audit",
        audit=audit_b,
    )
    week = PracticeWeek.objects.create(
        title="Autumn practice week", start=dt.date(2025, 9, 1), end=dt.date(2025, 9, 5)
    )
    Observation.objects.create(
        week=week, on=dt.date(2025, 9, 2), session="home_visit", observer=users[Role.PSW]
    )
    post = Post.objects.create(
        team=team_b, reference="B-1", role_level=5, fte=1, funded_from=dt.date(2020, 1, 1)
    )
    survey_run = SurveyRun.objects.create(
        template=SurveyTemplate.objects.get(name="Pulse survey"),
        title="Team B pulse",
        opens_on=dt.date(2025, 9, 1),
        closes_on=dt.date(2025, 9, 30),
        population="team",
        team=team_b,
    )
    draft = Statement.objects.create(run=survey_run, you_said="Draft", we_will="Draft")
    complaint_b = PracticeFeedback.objects.create(
        kind="complaint",
        received_on=dt.date(2025, 9, 1),
        team=team_b,
        case_reference="NF0000002",
        themes=["Communication and being kept informed"],
        stage="stage_1",
        outcome="open",
    )
    census_job = CensusJob.objects.create(kind="export", created_by=other_hr, year=2025)
    import_task = ImportTask.objects.create(kind="staff", created_by=other_hr, filename="s.csv")
    asye = Programme.objects.get(kind="asye", is_current=True)
    cohort = Cohort.objects.create(programme=asye, name="ASYE 2025", starts_on=dt.date(2025, 9, 1))
    enrolment_b = enrolment_create(
        cohort=cohort, staff=people["worker_b"], by=None, start=people["worker_b"].start_date
    )
    induction_b = induction_start(staff=people["worker_b"], by=None)
    agency_b = StaffMemberFactory(team=team_b, employment_type="agency")
    agency_return = QuarterlyAgencyReturn.objects.create(
        quarter="2025Q3", made_by=users[Role.PSW], made_by_label="PSW", rows=0, content=""
    )
    vacancy_b = Vacancy.objects.create(
        post=post, title="Social worker", reason="vacancy", opened_on=dt.date(2025, 6, 2)
    )
    advert_b = Advert.objects.create(
        vacancy=vacancy_b,
        where="council",
        opened_on=dt.date(2025, 6, 2),
        closes_on=dt.date(2025, 6, 30),
    )
    application_b = Application.objects.create(
        advert=advert_b,
        candidate_name="Casey Candidate",
        candidate_email="casey@example.com",
        source="job_site",
        applied_on=dt.date(2025, 6, 10),
    )
    report_job = ReportJob.objects.create(year=2025, format="html", created_by=other_hr)
    scenario = ForecastScenario.objects.create(name="Fewer leavers", turnover_down=2)
    records: dict[str, object] = {
        "vacancy": vacancy_b,
        "application": application_b,
        "agency_staff": agency_b,
        "agency_return": agency_return,
        "team": team_b,
        "staff": people["worker_b"],
        "post": post,
        "case": case_b,
        "case_audit": audit_b,
        "action": action,
        "practice_week": week,
        "audit_tool": audit_b.template,
        "survey": survey_run.template,
        "survey_run": survey_run,
        "statement": draft,
        "feedback": complaint_b,
        "census_job": census_job,
        "import_task": import_task,
        "cohort": cohort,
        "enrolment": enrolment_b,
        "programme": asye,
        "induction": induction_b,
        "checklist": InductionTemplate.objects.filter(is_current=True).first(),
        "report_job": report_job,
        "scenario": scenario,
        "audit_event": AuditEvent.objects.order_by("pk").first(),
        "scope": f"team-{team_b.pk}",
    }
    others = dict.fromkeys(Role, census_job)
    outside: dict[str, dict[Role, object]] = {
        "agency_staff": {Role.TEAM_MANAGER: agency_b, Role.ANALYST: agency_b},
        "vacancy": {Role.TEAM_MANAGER: vacancy_b},
        "application": {},
        "agency_return": {},
        "team": {Role.TEAM_MANAGER: team_b, Role.SOCIAL_WORKER: team_a},
        "scope": {Role.TEAM_MANAGER: f"team-{team_b.pk}"},
        "staff": {Role.TEAM_MANAGER: people["worker_b"], Role.SOCIAL_WORKER: people["colleague_a"]},
        "post": {},
        "case": {
            Role.TEAM_MANAGER: case_b,
            Role.SOCIAL_WORKER: case_a,
            Role.HR: case_a,
            Role.ANALYST: case_a,
        },
        "case_audit": dict.fromkeys(ALL - {Role.PSW, Role.SERVICE_MANAGER}, audit_b),
        "action": dict.fromkeys(ALL - {Role.PSW, Role.SERVICE_MANAGER}, action),
        "practice_week": dict.fromkeys(ALL - {Role.PSW, Role.SERVICE_MANAGER}, week),
        "audit_tool": dict.fromkeys(ALL - {Role.PSW}, audit_b.template),
        "survey": dict.fromkeys(ALL - {Role.PSW}, survey_run.template),
        "survey_run": {Role.TEAM_MANAGER: survey_run, Role.SOCIAL_WORKER: survey_run},
        "statement": dict.fromkeys(ALL - {Role.PSW}, draft),
        "feedback": {Role.TEAM_MANAGER: complaint_b},
        "census_job": others,
        "import_task": dict.fromkeys(Role, import_task),
        "cohort": {},
        "enrolment": {Role.TEAM_MANAGER: enrolment_b},
        "programme": {},
        "induction": {Role.TEAM_MANAGER: induction_b},
        "checklist": {},
        "report_job": dict.fromkeys(Role, report_job),
        "scenario": {},  # shared by everyone who sees the forecast
        "audit_event": {},
    }
    return Scene(people=people, records=records, outside=outside)


def _value(record: object) -> str:
    return record if isinstance(record, str) else str(record.pk)  # type: ignore[attr-defined]


# URL patterns whose path carries an identifier: url name -> (kind of record, capability the
# page demands, data a POST that the page accepted would carry).
PATH_IDS: dict[str, tuple[str, Capability, Callable[[Scene], dict[str, object]]]] = {
    "workforce:team_detail": ("team", Capability.VIEW_STAFF, lambda s: {}),
    "workforce:scenario_detail": ("scenario", Capability.VIEW_RETENTION, lambda s: {}),
    "workforce:scenario_edit": (
        "scenario",
        Capability.MANAGE_SCENARIOS,
        lambda s: {"name": "Changed", "turnover_down": "5"},
    ),
    "workforce:scenario_delete": ("scenario", Capability.MANAGE_SCENARIOS, lambda s: {}),
    "workforce:staff_detail": ("staff", Capability.VIEW_STAFF, lambda s: {}),
    "workforce:staff_edit": (
        "staff",
        Capability.EDIT_STAFF,
        lambda s: {"given_name": "Changed", "family_name": "Changed"},
    ),
    "workforce:staff_change_job": (
        "staff",
        Capability.EDIT_STAFF,
        lambda s: {"effective_from_0": "1", "effective_from_1": "9", "effective_from_2": "2025"},
    ),
    "workforce:staff_convert": (
        "staff",
        Capability.EDIT_STAFF,
        lambda s: {
            "on_0": "1",
            "on_1": "9",
            "on_2": "2025",
            "employment_type": "agency",
            "reason_leave": "1",
        },
    ),
    "workforce:staff_leaving": (
        "staff",
        Capability.EDIT_STAFF,
        lambda s: {"end_date_0": "1", "end_date_1": "9", "end_date_2": "2025"},
    ),
    "workforce:sickness_new": (
        "staff",
        Capability.EDIT_STAFF,
        lambda s: {"start_date_0": "1", "start_date_1": "9", "start_date_2": "2025"},
    ),
    "workforce:long_absence_new": (
        "staff",
        Capability.EDIT_STAFF,
        lambda s: {
            "kind": "maternity",
            "start_date_0": "1",
            "start_date_1": "9",
            "start_date_2": "2025",
        },
    ),
    "workforce:post_edit": ("post", Capability.EDIT_STAFF, lambda s: {"reference": "Changed"}),
    "workforce:census_job": ("census_job", Capability.MANAGE_CENSUS, lambda s: {}),
    "workforce:census_job_status": ("census_job", Capability.MANAGE_CENSUS, lambda s: {}),
    "workforce:census_job_download": ("census_job", Capability.MANAGE_CENSUS, lambda s: {}),
    "caseloads:worker": ("staff", Capability.VIEW_CASELOADS, lambda s: {}),
    "quality:audit": (
        "case_audit",
        Capability.VIEW_HOME,
        lambda s: {"respond-text": "Changed", "respond": "1", "family-text": "x", "family": "1"},
    ),
    "quality:action": (
        "action",
        Capability.VIEW_HOME,
        lambda s: {"text": "Changed", "status": "done"},
    ),
    "quality:tool": ("audit_tool", Capability.MANAGE_TEMPLATES, lambda s: {"tool-kind": "full"}),
    "quality:practice_week": (
        "practice_week",
        Capability.OBSERVE_PRACTICE,
        lambda s: {"obs-on_0": "2", "obs-on_1": "9", "obs-on_2": "2025", "obs-session": "duty"},
    ),
    "voice:survey": (
        "survey",
        Capability.RUN_SURVEYS,
        lambda s: {"survey-kind": "pulse", "survey-text": "# Changed\n[text] a: Changed?\n"},
    ),
    "voice:run": (
        "survey_run",
        Capability.VIEW_SURVEY_RESULTS,
        lambda s: {"statement": "1", "you_said": "Changed", "we_will": "Changed", "close": "1"},
    ),
    "voice:statement": (
        "statement",
        Capability.RUN_SURVEYS,
        lambda s: {"you_said": "Changed", "we_will": "Changed", "published": "on"},
    ),
    "voice:feedback_entry": (
        "feedback",
        Capability.RECORD_FEEDBACK,
        lambda s: {
            "kind": "compliment",
            "received_on_0": "2",
            "received_on_1": "9",
            "received_on_2": "2025",
            "team": s.people["team_a"].pk,
            "themes": "Other",
        },
    ),
    "development:cohort": (
        "cohort",
        Capability.DEVELOP_STAFF,
        lambda s: {
            "form": "enrol",
            "staff": s.people["colleague_a"].pk,
            "start_0": "1",
            "start_1": "9",
            "start_2": "2025",
            "protected_days": "2",
        },
    ),
    "development:enrolment": (
        "enrolment",
        Capability.DEVELOP_STAFF,
        lambda s: {
            "form": "evidence",
            "evidence-kind": "written_report",
            "evidence-on_0": "1",
            "evidence-on_1": "9",
            "evidence-on_2": "2025",
        },
    ),
    "development:programme": (
        "programme",
        Capability.MANAGE_PROGRAMMES,
        lambda s: {
            "direct_observation": "9",
            "family_feedback": "9",
            "professional_feedback": "9",
            "written_report": "9",
            "critical_reflection": "9",
            "self_assessment": "9",
        },
    ),
    "development:induction": (
        "induction",
        Capability.DEVELOP_STAFF,
        lambda s: {
            "item": s.records["induction"].items.first().pk,  # type: ignore[attr-defined]
            "done_on_0": "1",
            "done_on_1": "9",
            "done_on_2": "2025",
        },
    ),
    "development:checklist": (
        "checklist",
        Capability.MANAGE_PROGRAMMES,
        lambda s: {"text": "1 | starter | Changed"},
    ),
    "recruitment:vacancy": (
        "vacancy",
        Capability.VIEW_RECRUITMENT,
        lambda s: {
            "form": "advert",
            "where": "council",
            "opened_on_0": "1",
            "opened_on_1": "7",
            "opened_on_2": "2025",
            "closes_on_0": "1",
            "closes_on_1": "8",
            "closes_on_2": "2025",
            "cost": "100",
        },
    ),
    "recruitment:application": (
        "application",
        Capability.MANAGE_RECRUITMENT,
        lambda s: {"shortlisted_on_0": "1", "shortlisted_on_1": "7", "shortlisted_on_2": "2025"},
    ),
    "recruitment:engagement": ("agency_staff", Capability.VIEW_AGENCY, lambda s: {}),
    "recruitment:engagement_edit": (
        "agency_staff",
        Capability.MANAGE_AGENCY,
        lambda s: {"agency": "Changed", "cover_reason": "vacancy"},
    ),
    "recruitment:quarterly_kept": (
        "agency_return",
        Capability.MAKE_AGENCY_RETURN,
        lambda s: {},
    ),
    "tasks:import_task": ("import_task", Capability.VIEW_HOME, lambda s: {}),
    "tasks:import_task_status": ("import_task", Capability.VIEW_HOME, lambda s: {}),
    "audit:event_detail": ("audit_event", Capability.VIEW_AUDIT_TRAIL, lambda s: {}),
    "development:person": (
        "staff",
        Capability.VIEW_SUPERVISION,
        lambda s: {
            "form": "session",
            "session-held_on_0": "1",
            "session-held_on_1": "9",
            "session-held_on_2": "2025",
            "session-supervisor": s.people["manager"].pk,
            "session-minutes": "90",
            "session-kind": "individual",
        },
    ),
    "reporting:health_check": ("survey_run", Capability.RUN_SURVEYS, lambda s: {}),
    "reporting:practice_week": ("practice_week", Capability.OBSERVE_PRACTICE, lambda s: {}),
    "reporting:job": ("report_job", Capability.WRITE_ANNUAL_REPORT, lambda s: {}),
    "reporting:job_status": ("report_job", Capability.WRITE_ANNUAL_REPORT, lambda s: {}),
    "reporting:job_download": ("report_job", Capability.WRITE_ANNUAL_REPORT, lambda s: {}),
}
PATH_NOT_IDS = {
    "voice:respond": "a survey link's token: it opens only its own survey, to anyone holding it",
    "voice:exit_respond": "an exit questionnaire link's token: it opens only its own questionnaire",
    "workforce:pay": "a reporting year, not a record: the authority's flags for it",
    "caseloads:import_template": "the name of a template, not a record",
    "development:import_template": "the name of a template, not a record",
    "development:import_export": "the name of an import, not a record: what is held of the staff "
    "the person may see",
    "reporting:section": "a reporting year and a section of the annual report, not a record",
}

# Query parameters that carry an identifier: (url name, parameter) -> (kind, capability).
QUERY_IDS: dict[tuple[str, str], tuple[str, Capability]] = {
    ("caseloads:board", "case"): ("case", Capability.ALLOCATE),
    ("caseloads:board", "team"): ("team", Capability.ALLOCATE),
    ("caseloads:loads", "scope"): ("scope", Capability.VIEW_CASELOADS),
    ("caseloads:history", "scope"): ("scope", Capability.VIEW_CASELOADS),
    ("caseloads:experience", "team"): ("team", Capability.VIEW_EXPERIENCE),
    ("workforce:dashboard", "scope"): ("scope", Capability.VIEW_INDICATORS),
    ("workforce:retention", "scope"): ("scope", Capability.VIEW_RETENTION),
    ("reporting:scorecard", "scope"): ("scope", Capability.VIEW_SCORECARD),
    ("workforce:post_new", "team"): ("team", Capability.EDIT_STAFF),
    ("quality:actions", "audit"): ("case_audit", Capability.MANAGE_ACTIONS),
    ("quality:results", "team"): ("team", Capability.VIEW_QA_RESULTS),
    ("quality:audits", "team"): ("team", Capability.VIEW_HOME),
    ("quality:actions", "week"): ("practice_week", Capability.MANAGE_ACTIONS),
}
QUERY_NOT_IDS = {
    "year": "a reporting year",
    "to_0": "the day of a date (with to_1 and to_2)",
    "format": "csv or xlsx",
    "list": "which list a download holds (vacancies), one of a fixed list",
    "download": "csv or xlsx",
    "source": "where an action came from, one of a fixed list",
    "mine": "a flag",
    "period": "a period audits are filtered by, one of a list (the last 3 months, a year)",
    "tool": "an audit tool's name, one of the list of tools (the tools are the same for all)",
    "status": "an audit's status, one of a fixed list",
    "from": "a date",
    "to": "a date",
    "on": "a date",
    "page": "a page number",
    "households": "a page number (of the supervising social workers' loads)",
    "model": "a filter of the audit trail, which only those who may read all of it open",
    "actor": "a filter of the audit trail, which only those who may read all of it open",
    "object_pk": "a filter of the audit trail, which only those who may read all of it open",
    "next": "where to go after giving a one-time code: a path on this site, checked as such",
    "measure": "a measure of the regional hub's pooled folder, one of a fixed list",
}


def _patterns(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, set[str]]]:
    """(url name, route, names of the parts it takes) for every pattern, recursively."""
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, route, inner)
        elif isinstance(entry, URLPattern):
            converters = set(getattr(entry.pattern, "converters", {}))
            regex_groups = set(entry.pattern.regex.groupindex)
            yield f"{namespace}{entry.name}", route, converters | regex_groups


def test_every_url_with_a_part_is_declared() -> None:
    found = {
        name: parts
        for name, route, parts in _patterns(get_resolver())
        if parts and not name.startswith("admin:")
    }
    assert set(found) == set(PATH_IDS) | set(PATH_NOT_IDS)


def _entitled(role: Role, capability: Capability) -> bool:
    return role in GRANTS[capability]


def _try(scene: Scene, role: Role, kind: str, capability: Capability) -> object | None:
    """The record a role may not see: any, without the capability; else one outside its
    scope; None when the role sees every record of the kind."""
    if not _entitled(role, capability):
        return scene.records[kind]
    return scene.outside[kind].get(role)


def _database() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def _state(record: object) -> dict[str, object]:
    if isinstance(record, str):
        return {}
    refreshed = type(record)._base_manager.get(pk=record.pk)  # type: ignore[attr-defined]
    return model_to_dict(refreshed)


def _refused(response: Any) -> bool:
    if response.status_code in (403, 404):
        return True
    signing_in = re.search(r"/(sign-in|admin/login)/", response.get("Location", ""))
    return response.status_code == 302 and bool(signing_in)


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.name)
def test_no_role_opens_or_changes_a_record_outside_its_scope_by_its_path(
    scene: Scene, role: Role
) -> None:
    client = client_for(scene.user(role))
    tried = 0
    for name, (kind, capability, data) in PATH_IDS.items():
        record = _try(scene, role, kind, capability)
        if record is None:
            continue
        url = reverse(name, args=[_value(record)])
        before, state = _database(), _state(record)
        for response in (client.get(url), client.post(url, data(scene))):
            assert _refused(response), (name, role, response.status_code)
        assert (_database(), _state(record)) == (before, state), (name, role)
        tried += 1
    assert tried


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.name)
def test_no_role_opens_a_record_outside_its_scope_by_a_query_parameter(
    scene: Scene, role: Role
) -> None:
    client = client_for(scene.user(role))
    for (name, parameter), (kind, capability) in QUERY_IDS.items():
        record = _try(scene, role, kind, capability)
        if record is None:
            continue
        url = reverse(name)
        query = {parameter: _value(record)}
        before = _database()
        for response in (
            client.get(url, query),
            client.post(f"{url}?{parameter}={query[parameter]}"),
        ):
            assert _refused(response), (name, parameter, role, response.status_code)
        assert _database() == before, (name, parameter, role)


def _views_source() -> str:
    files = [*SRC.glob("*/views.py"), SRC / "quality" / "self_evaluation.py"]
    return "\n".join(path.read_text() for path in files)


def test_every_query_parameter_read_is_declared() -> None:
    read = set(
        re.findall(r"""request\.GET(?:\.get\(|\[)\s*["'](\w+)["']""", _views_source())
    ) | set(re.findall(r"""["'](\w+)["'] in request\.GET""", _views_source()))
    for line in _views_source().splitlines():  # names read in a loop: request.GET.get(key…
        if re.search(r"request\.GET\.get\([a-z_]+\b", line):
            read |= set(re.findall(r"""["'](\w+)["']""", line)) - {""}
    declared = {parameter for _, parameter in QUERY_IDS} | set(QUERY_NOT_IDS)
    assert read == declared


# Posted form fields that name a record: (form, field) -> (url name, field's name in the page's
# form, kind, capability, the rest of a post the page would otherwise accept).
POSTED_IDS: dict[
    tuple[str, str], tuple[str, str, str, Capability, Callable[[Scene], dict[str, object]]]
] = {
    ("AllocationForm", "worker"): (
        "caseloads:board",
        "allocate-worker",
        "staff",
        Capability.ALLOCATE,
        lambda s: {
            "allocate-start_0": "30",
            "allocate-start_1": "9",
            "allocate-start_2": "2025",
            "allocate-rationale": "Knows the family",
        },
    ),
    ("ReductionForm", "staff"): (
        "caseloads:reductions",
        "staff",
        "staff",
        Capability.ALLOCATE,
        lambda s: {
            "reason": ReductionReason.objects.order_by("pk").first().pk,  # type: ignore[union-attr]
            "hours_per_week": "2",
            "start_0": "1",
            "start_1": "10",
            "start_2": "2025",
            "end_0": "31",
            "end_1": "12",
            "end_2": "2025",
        },
    ),
}
POSTED_NOT_SCOPED = {
    ("ReductionForm", "reason"): "the authority's list of reasons, the same for everyone",
    ("JobForm", "role_level"): "a CSWW organisational role, a code",
    ("StaffCreateForm", "role_level"): "a CSWW organisational role, a code",
    ("JobChangeForm", "role_level"): "a CSWW organisational role, a code",
    ("CensusExportForm", "year"): "a reporting year",
    ("ProgrammeForm", "template"): "any current audit tool may be used for a programme",
    ("ActionForm", "owner"): "people who may own actions (a role, not a record in scope)",
    ("ReassignForm", "auditor"): "people who may audit (a role, not a record in scope)",
    ("PracticeWeekForm", "senior_managers"): "PSWs and service managers (a role)",
    ("ObservationForm", "team"): "teams the person may see (the observers see every team)",
    ("JobForm", "team"): "teams the person may see (those who edit staff see every team)",
    ("StaffCreateForm", "team"): "teams the person may see (those who edit staff see every team)",
    ("JobChangeForm", "team"): "teams the person may see (those who edit staff see every team)",
    ("PostForm", "team"): "teams the person may see (those who edit staff see every team)",
    ("RunForm", "template"): "any current survey may be sent (only the PSW sends them)",
    ("RunForm", "service_area"): "the service area asked (only the PSW, who sees all, sends)",
    ("RunForm", "team"): "the team asked (only the PSW, who sees every team, sends)",
    ("StatementForm", "action"): "health check actions (only the PSW, who sees all, links)",
    ("ExitSendForm", "staff"): "leavers the person sees (only PSW and HR, who see all, send)",
    ("PracticeFeedbackForm", "team"): "teams the person sees (teams_visible_to): a team "
    "manager's own; tests/web/voice/test_feedback.py posts another team",
    ("PracticeFeedbackForm", "action"): "actions the person sees (actions_visible_to); "
    "tests/web/voice/test_feedback.py posts another's",
    ("CohortForm", "programme"): "any current programme (the same for everyone)",
    ("EnrolForm", "staff"): "staff the person sees (only PSW and HR, who see all, enrol)",
    ("EnrolForm", "assessor"): "staff the person sees (only PSW and HR, who see all, enrol)",
    ("EnrolForm", "line_manager"): "staff the person sees (only PSW and HR, who see all, enrol)",
    ("EnrolForm", "supervisor"): "staff the person sees (only PSW and HR, who see all, enrol)",
    ("ReviewForm", "review"): "the reviews of the enrolment whose page it is (itself scoped)",
    ("ItemDoneForm", "item"): "the items of the induction whose page it is (itself scoped)",
    ("PlacementForm", "student"): "students the person sees (only PSW and HR, who see all, add)",
    ("PlacementForm", "team"): "teams the person sees (only PSW and HR, who see all, add)",
    ("PlacementForm", "practice_educator"): "educators the person sees (PSW and HR see all)",
    ("EducatorForm", "staff"): "staff the person sees (only PSW and HR, who see all, add)",
    ("JoinedForm", "student"): "students the person sees (only PSW and HR, who see all, link)",
    ("JoinedForm", "staff"): "staff the person sees (only PSW and HR, who see all, link)",
    ("ApplicationForm", "staff"): "staff the person sees (only PSW and HR, who see all, record)",
    ("DecisionForm", "application"): "applications the person sees (PSW and HR see all)",
    ("AwardForm", "staff"): "staff the person sees (only PSW and HR, who see all, record)",
    ("SessionForm", "supervisor"): "the staff the person sees, and themself (its choices)",
    (
        "SupervisionAgreementForm",
        "supervisor",
    ): "the staff the person sees, and themself (its choices)",
    ("AttendanceForm", "staff"): "the staff the person sees (only PSW and HR, who see all, record)",
    ("AttendanceForm", "course"): "the authority's training catalogue, the same for everyone",
    ("EvaluationForm", "attendance"): "the person's own completed courses only (its choices)",
    ("EvaluationForm", "feedback_score"): "a score from 1 to 5, not a record",
    ("EvaluationForm", "impact_score"): "a score from 1 to 5, not a record",
    ("VacancyForm", "post"): "funded posts the person sees (only PSW and HR, who see all, add)",
    ("ApplicationForm", "advert"): "the adverts of the page's vacancy, itself fetched in scope",
    ("IncentiveForm", "staff"): "employees the person sees (only PSW and HR, who see all, pay)",
}


def _id_fields() -> set[tuple[str, str]]:
    found = set()
    for module in (
        workforce_forms,
        caseload_forms,
        quality_forms,
        voice_forms,
        development_forms,
        recruitment_forms,
    ):
        for name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != module.__name__:
                continue
            for field_name, field in form.base_fields.items():
                by_id = isinstance(field, forms.ModelChoiceField) or (
                    isinstance(field, forms.TypedChoiceField) and field.coerce is int
                )
                if by_id:
                    found.add((name, field_name))
    return found


def test_every_posted_identifier_is_declared() -> None:
    assert _id_fields() == set(POSTED_IDS) | set(POSTED_NOT_SCOPED)


def _posting(scene: Scene, name: str) -> str:
    """The page a form is posted to: the allocation board with the waiting child chosen."""
    waiting = Case.objects.get(cms_id="NF0000003")
    return reverse(name) + (f"?case={waiting.pk}" if name == "caseloads:board" else "")


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.name)
def test_no_role_changes_a_record_by_posting_an_identifier_outside_its_scope(
    scene: Scene, role: Role
) -> None:
    client = client_for(scene.user(role))
    for name, field, kind, capability, rest in POSTED_IDS.values():
        record = _try(scene, role, kind, capability)
        if record is None:
            continue
        before = _database()
        response = client.post(_posting(scene, name), {field: _value(record)} | rest(scene))
        by_form = response.status_code == 200 and b"govuk-error-summary" in response.content
        assert _refused(response) or by_form, (name, field, role, response.status_code)
        assert _database() == before, (name, field, role)


@pytest.mark.parametrize("form", list(POSTED_IDS), ids=lambda form: form[0])
def test_the_same_post_with_a_record_in_scope_is_accepted(
    scene: Scene, form: tuple[str, str]
) -> None:
    """The posts above are refused for their identifier alone: with one the team manager may
    see, the same post is saved."""
    name, field, _, _, rest = POSTED_IDS[form]
    client = client_for(scene.user(Role.TEAM_MANAGER))
    colleague = scene.people["colleague_a"]
    response = client.post(_posting(scene, name), {field: colleague.pk} | rest(scene))
    assert response.status_code == 302, response.content.decode()[-3000:]


SEES_ALL = {
    "team": {Role.ADMINISTRATOR, Role.PSW, Role.SERVICE_MANAGER, Role.HR, Role.ANALYST},
    "staff": {Role.ADMINISTRATOR, Role.PSW, Role.SERVICE_MANAGER, Role.HR},
    "case": {Role.ADMINISTRATOR, Role.PSW, Role.SERVICE_MANAGER},
    "case_audit": {Role.PSW, Role.SERVICE_MANAGER},
    "action": {Role.PSW, Role.SERVICE_MANAGER},
}


@pytest.mark.parametrize("kind", list(SEES_ALL))
def test_the_roles_with_nothing_outside_their_scope_see_every_record(
    scene: Scene, kind: str
) -> None:
    selector: Callable[..., Any] = {
        "team": teams_visible_to,
        "staff": staff_visible_to,
        "case": cases_visible_to,
        "case_audit": audits_visible_to,
        "action": actions_visible_to,
    }[kind]
    model = type(scene.records[kind])
    assert SEES_ALL[kind] | set(scene.outside[kind]) >= {
        role for role in Role if role in SEES_ALL[kind] or role in scene.outside[kind]
    }
    for role in SEES_ALL[kind]:
        assert role not in scene.outside[kind], (kind, role)
        assert selector(user=scene.user(role)).count() == model.objects.count(), (kind, role)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR], ids=str)
def test_only_administrators_open_records_in_the_administration_site(
    scene: Scene, role: Role
) -> None:
    staff = scene.people["worker_b"]
    url = reverse("admin:organisation_staffmember_change", args=[staff.pk])
    assert _refused(client_for(scene.user(role)).get(url))
