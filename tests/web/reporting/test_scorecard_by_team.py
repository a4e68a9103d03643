"""The scorecard's protected development time, children looked after with 3 or more social
workers and health check score, for the authority, a service area and a team over five years,
on small data worked out by hand, against the training, children's experience and staff voice
pages' figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from csc_workforce.core.reporting.scorecard import Status
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.caseloads.models import (
    Allocation,
    Case,
    CaseloadSettings,
    CaseStatus,
    Reduction,
    ReductionReason,
)
from csc_workforce.web.development import selectors as development
from csc_workforce.web.organisation.models import LocalRole
from csc_workforce.web.organisation.selectors import Scope
from csc_workforce.web.reporting.models import MeasureTarget
from csc_workforce.web.reporting.selectors import report_content, scorecard_for, targets_for
from csc_workforce.web.reporting.services import measure_target_save
from csc_workforce.web.voice.models import Response, SurveyRun, SurveyTemplate
from tests.conftest import client_for
from tests.factories import StaffMemberFactory
from tests.web.reporting.test_reporting import scorecard_rows
from tests.web.reporting.test_voice_figures import STANDARDS

D = dt.date
DASH = ""


def _row(scope: Scope, name: str) -> Any:
    card = scorecard_for(scope=scope, year=2025)
    return next(row for row in card.rows if row.name == name)


def _scopes(people: dict) -> dict[str, Scope]:
    a, b = people["team_a"], people["team_b"]
    return {
        "all": Scope("all", "Whole authority", None),
        "a": Scope(f"team-{a.pk}", a.name, frozenset({a.pk})),
        "b": Scope(f"team-{b.pk}", b.name, frozenset({b.pk})),
        "area a": Scope(f"area-{a.service_area_id}", "Area", frozenset({a.pk})),
    }


# -- Protected development time --------------------------------------------------------------


def _asye(team: Any, fte: str = "1.000", **kw: Any) -> Any:
    return StaffMemberFactory(team=team, local_role=LocalRole.ASYE, fte=Decimal(fte), **kw)


def _protect(staff: Any, hours: str, first: dt.date, last: dt.date) -> None:
    reason, _ = ReductionReason.objects.get_or_create(
        name="ASYE protected development time",
        defaults={"default_share": Decimal("0.10"), "maximum_share": Decimal("0.20")},
    )
    Reduction.objects.create(
        staff=staff, reason=reason, hours_per_week=Decimal(hours), start=first, end=last
    )


def test_protected_development_time_by_scope_and_year(people: dict) -> None:
    # The authority's standard: 10% of contracted hours (37 a week full time).
    # 30 September 2025: A1 (team A, full time) 3.7 hours = 10.0%: meets; A2 (team A, half
    # time, 18.5 hours) 1.5 hours = 8.1%: does not; B1 (team B) none recorded: does not.
    # 1 of 3 = 33.3%; team A 1 of 2 = 50.0%; team B 0 of 1 = 0.0%.
    # 30 September 2024: only Old (team B, left 30 June 2025) was an ASYE in post, with 3.7
    # hours: 1 of 1 = 100.0%, team B too; team A had none: no figure.
    # Everyone else in post is a social worker, not counted; a practice educator's reduction
    # (not development time) does not count.
    a1 = _asye(people["team_a"], start_date=D(2024, 10, 1))
    a2 = _asye(people["team_a"], fte="0.500", start_date=D(2024, 10, 1))
    _asye(people["team_b"], start_date=D(2024, 10, 1))
    old = _asye(people["team_b"], start_date=D(2023, 10, 1), end_date=D(2025, 6, 30))
    _protect(a1, "3.7", D(2024, 10, 1), D(2025, 9, 30))
    _protect(a2, "1.5", D(2024, 10, 1), D(2025, 9, 30))
    _protect(old, "3.7", D(2023, 10, 1), D(2024, 9, 30))
    educator, _ = ReductionReason.objects.get_or_create(
        name="Practice educator",
        defaults={"default_share": Decimal("0.10"), "maximum_share": Decimal("0.20")},
    )
    Reduction.objects.create(
        staff=people["colleague_a"], reason=educator, hours_per_week=Decimal("3.7"),
        start=D(2024, 10, 1), end=D(2025, 9, 30),
    )  # fmt: skip
    MeasureTarget.objects.create(
        measure="protected_development_time", year=2025, target=Decimal(90), red_beyond=50
    )
    name = "Protected development time"
    scopes = _scopes(people)
    # scope: value 2025, then 2021..2024, and the status against 90 (red below 50)
    expected = {
        "all": ("33.3", [DASH, DASH, DASH, "100.0"], Status.RED),
        "a": ("50.0", [DASH, DASH, DASH, DASH], Status.AMBER),
        "b": ("0.0", [DASH, DASH, DASH, "100.0"], Status.RED),
    }
    for key, (value, before, status) in expected.items():
        row = _row(scopes[key], name)
        assert row.value == value, key
        assert [text for _, text in row.trend][:4] == before, key
        assert row.status is status, key
        assert row.target == "90.0"
    # The training page lists the same workers as meeting the standard on the day
    training = development.training(teams=None, on=D(2025, 9, 30))
    assert {p.name for p in training.protected if p.meets} == {a1.full_name}
    assert {p.name: p.percent for p in training.protected}[a2.full_name] == 8.1
    # The annual report's ASYE section: against target, and by team on 30 September 2025
    asye = report_content(year=2025)[1]["asye"]
    tables = {t.caption.split(" in post")[0]: t for t in asye.tables}
    assert tables["Protected development time against target"].rows == [
        [name, "33.3", "90.0", "Red: off target"]
    ]
    assert tables["Newly qualified social workers (ASYE)"].rows == [
        ["Team A", "2", "1", "50.0"],
        ["Team B", "1", "0", "0.0"],
        ["All", "3", "1", "33.3"],
    ]
    # and the page shows the same figure
    psw = client_for(people["users"][Role.PSW])
    page = psw.get(reverse("reporting:scorecard"), {"scope": "all", "year": 2025})
    assert scorecard_rows(page.content.decode())[name][:3] == ["33.3", "90.0", "Red: off target"]


# -- Children looked after with 3 or more social workers ---------------------------------------


def _child(cms_id: str, status: str, since: dt.date) -> Case:
    case = Case.objects.create(cms_id=cms_id, opened=since)
    CaseStatus.objects.create(case=case, status=status, start=since)
    return case


def _lead(case: Case, worker: Any, first: dt.date, last: dt.date | None = None) -> None:
    Allocation.objects.create(case=case, worker=worker, start=first, end=last)


def _children(people: dict) -> None:
    """C1 looked after from 1 January 2023: no worker until the year to 31 March 2025, then
    own (team A), colleague A, manager (team A): 3, led from team A on 31 March 2025.
    C2 looked after from 1 January 2024, worker B (team B) throughout: 1 each year.
    C3 looked after from 1 June 2023: worker B, own, colleague A in the year to 31 March 2024
    (3, led from team A); colleague A only in the year to 31 March 2025.
    C4 on a child protection plan with three workers: not looked after, not counted."""
    own, colleague, manager, b = (people[k] for k in ("own", "colleague_a", "manager", "worker_b"))
    c1 = _child("C1", "child_looked_after", D(2023, 1, 1))
    _lead(c1, own, D(2024, 4, 1), D(2024, 7, 31))
    _lead(c1, colleague, D(2024, 8, 1), D(2024, 12, 31))
    _lead(c1, manager, D(2025, 1, 1))
    c2 = _child("C2", "child_looked_after", D(2024, 1, 1))
    _lead(c2, b, D(2024, 1, 1))
    c3 = _child("C3", "child_looked_after", D(2023, 6, 1))
    _lead(c3, b, D(2023, 6, 1), D(2023, 9, 30))
    _lead(c3, own, D(2023, 10, 1), D(2024, 1, 31))
    _lead(c3, colleague, D(2024, 2, 1))
    c4 = _child("C4", "child_protection", D(2024, 4, 1))
    _lead(c4, own, D(2024, 4, 1), D(2024, 6, 30))
    _lead(c4, b, D(2024, 7, 1), D(2024, 9, 30))
    _lead(c4, manager, D(2024, 10, 1))


def test_children_with_3_or_more_social_workers_over_five_years_and_by_team(
    people: dict,
) -> None:
    # 31 March 2025: C1 (3, team A), C2 (1, team B), C3 (1, team A): 1 of 3 = 33.3%; team A
    # 1 of 2 = 50.0%; team B 0 of 1 = 0.0%.
    # 31 March 2024: C1 (no worker, no team), C2 (1, team B), C3 (3, team A): 1 of 3 = 33.3%;
    # team A 1 of 1 = 100.0%; team B 0 of 1 = 0.0%.
    # 31 March 2023: C1 only, no worker: 0 of 1 = 0.0%; no team has a child.
    # 2022 and 2021: nobody looked after: no figure.
    _children(people)
    name = "Children looked after with 3 or more social workers during the year"
    scopes = _scopes(people)
    expected = {
        "all": ("33.3", [DASH, DASH, "0.0", "33.3"]),
        "a": ("50.0", [DASH, DASH, DASH, "100.0"]),
        "area a": ("50.0", [DASH, DASH, DASH, "100.0"]),
        "b": ("0.0", [DASH, DASH, DASH, "0.0"]),
    }
    for key, (value, before) in expected.items():
        row = _row(scopes[key], name)
        assert row.value == value, key
        assert [text for _, text in row.trend][:4] == before, key
        assert row.comparators.england, key  # DfE's England figure beside each
    # The children's experience page counts the same children for the whole authority
    psw = client_for(people["users"][Role.PSW])
    page = psw.get(reverse("caseloads:experience"))
    assert page.context["year"] == 2025
    stability = page.context["stability"]
    assert (stability.three_or_more, stability.total) == (1, 3)
    card = scorecard_rows(
        psw.get(reverse("reporting:scorecard"), {"scope": "all", "year": 2025}).content.decode()
    )
    assert card[name][0] == "33.3"


def test_children_with_3_or_more_social_workers_is_counted_in_one_pass(
    people: dict, django_assert_max_num_queries: Any
) -> None:
    # Five years and every team from three reads (statuses, allocations, jobs), not a read per
    # team or per year.
    from csc_workforce.web.caseloads.selectors import cla_stability_by_team

    _children(people)
    with django_assert_max_num_queries(3):
        found = cla_stability_by_team(years=[2021, 2022, 2023, 2024, 2025])
    assert found.filter(found["year"] == 2025)["children"].sum() == 3


# -- The health check score of a team or service area -------------------------------------------


def _answers(run: SurveyRun, team: Any, people: int, answer: int) -> None:
    for _ in range(people):
        Response.objects.create(
            run=run, submitted_on=run.opens_on, team=team,
            answers=dict.fromkeys(STANDARDS, answer),
        )  # fmt: skip


@pytest.fixture
def health_check(people: dict) -> SurveyRun:
    """A published health check of March 2025: 5 of team A answer every standard "agree" (4,
    scoring 75), 3 of team B "disagree" (2, 25), 3 who gave no team "neither" (3, 50)."""
    run = SurveyRun.objects.create(
        template=SurveyTemplate.objects.get(kind="health_check", is_current=True),
        title="Health check March 2025",
        opens_on=D(2025, 3, 3),
        closes_on=D(2025, 3, 24),
        population="all",
        invited=20,
        summary_published=True,
    )
    _answers(run, people["team_a"], 5, 4)
    _answers(run, people["team_b"], 3, 2)
    _answers(run, None, 3, 3)
    return run


def test_the_health_check_score_of_a_team_or_area_with_small_groups_as_c(
    people: dict, health_check: SurveyRun
) -> None:
    # Whole authority: each standard (5 x 75 + 3 x 25 + 3 x 50) / 11 = 600 / 11 = 54.5.
    # Team A (5 answered, the threshold): 75.0; its service area (team A only) too.
    # Team B: 3 answered, under the threshold of 5: c, and no status.
    name = "Employer standards health check score"
    scopes = _scopes(people)
    for key, value in (("all", "54.5"), ("a", "75.0"), ("area a", "75.0"), ("b", "c")):
        row = _row(scopes[key], name)
        assert row.value == value, key
    row = _row(scopes["b"], name)
    assert row.status is Status.NO_VALUE
    assert row.trend[-1] == (2025, "c")
    # The staff voice results page's breakdown by team shows the same: 75.0 each standard for
    # team A, c for team B
    psw = client_for(people["users"][Role.PSW])
    results = psw.get(reverse("voice:run", args=[health_check.pk])).context["results"]
    teams = {group: figures for group, _, figures in next(
        b for b in results.breakdowns if b.dimension == "team").rows}  # fmt: skip
    scored = [f for f in teams["Team A"] if f is not None]
    assert scored == [75.0] * 8
    assert all(f is None for f in teams["Team B"])
    page = psw.get(
        reverse("reporting:scorecard"), {"scope": f"team-{people['team_b'].pk}", "year": 2025}
    )
    assert scorecard_rows(page.content.decode())[name][0] == "c"


# -- One place of truth for targets ---------------------------------------------------------------


def test_targets_set_elsewhere_are_read_there_and_refused_here(people: dict) -> None:
    # The weighted load: green up to capacity (100%, where the caseloads page says over
    # capacity), red beyond the caseload settings' overload threshold (110% unless changed);
    # the audits' target is quality targets' (80% unless changed).
    found = targets_for(year=2025)
    weighted = found["weighted_load"]
    assert (weighted.target, weighted.red_beyond) == (Decimal(100), Decimal(110))
    assert found["audits_good_or_better_share"].target == Decimal(80)
    CaseloadSettings.objects.create(overload_percent=Decimal(125))
    assert targets_for(year=2025)["weighted_load"].red_beyond == Decimal(125)
    psw = people["users"][Role.PSW]
    for field in ("target", "red_beyond"):
        values = {"target": None, "red_beyond": None, field: Decimal(90)}
        with pytest.raises(ValidationError) as refused:
            measure_target_save(measure="weighted_load", year=2025, by=psw, **values)
        assert "it is set in Caseload" in str(refused.value)
    assert not MeasureTarget.objects.filter(measure="weighted_load").exists()
