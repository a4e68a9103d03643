"""The results page and exports: who sees what, and small groups hidden everywhere."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.quality.models import ActionItem
from csc_workforce.web.voice.models import Response, Statement, SurveyRun, SurveyTemplate
from tests.conftest import TODAY, client_for
from tests.factories import TeamFactory


@pytest.fixture
def run(people: dict[str, Any]) -> SurveyRun:
    """A pulse survey answered by 6 in team A, 5 in team B and 2 in team C."""
    made = SurveyRun.objects.create(
        template=SurveyTemplate.objects.get(name="Pulse survey"),
        title="September pulse",
        opens_on=TODAY - dt.timedelta(days=10),
        closes_on=TODAY,
        population="all",
        invited=20,
    )
    team_c = TeamFactory(name="Team C")
    manageable = {
        people["team_a"]: [5, 5, 4, 4, 2, 1],
        people["team_b"]: [3, 3, 3, 3, 3],
        team_c: [1, 1],
    }
    for team, answers in manageable.items():
        for n, answer in enumerate(answers):
            Response.objects.create(
                run=made,
                submitted_on=TODAY,
                team=team,
                answers={
                    "s3_manageable": answer,
                    "s4_recommend": 10 - n,
                    "pulse_say": f"Comment {team.name} {n}",
                },
            )
    return made


def test_the_psw_sees_figures_breakdowns_with_small_teams_hidden_and_comments(
    people: dict, run: SurveyRun
) -> None:
    page = client_for(people["users"][Role.PSW]).get(f"/voice/runs/{run.pk}/").content.decode()
    # 13 responses of 20 asked
    assert "13 (65.0% of those asked)" in page
    # all 13: 100,100,75,75,25,0 + 5 x 50 + 0,0 = 625 / 13 = 48.1; agreeing 4 of 13 = 30.8%
    assert "30.8% agree; score 48.1" in page
    # team A: 375 / 6 = 62.5; team C (2) hidden, and team B (5) with it, or all less A and B
    # would give C
    assert '>Team A</th><td class="govuk-table__cell govuk-table__cell--numeric">6<' in page
    assert '>Team B</th><td class="govuk-table__cell govuk-table__cell--numeric">c<' in page
    assert '>Team C</th><td class="govuk-table__cell govuk-table__cell--numeric">c<' in page
    assert "62.5" in page
    assert "Comment Team C 1" in page
    assert 'Strongly agree</th><td class="govuk-table__cell govuk-table__cell--numeric">100' in page


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.ANALYST, Role.SERVICE_MANAGER])
def test_only_the_psw_reads_comments(people: dict, run: SurveyRun, role: Role) -> None:
    page = client_for(people["users"][role]).get(f"/voice/runs/{run.pk}/").content.decode()
    assert "48.1" in page
    assert "Comment" not in page


def test_exports_carry_no_comments_and_no_small_group(people: dict, run: SurveyRun) -> None:
    client = client_for(people["users"][Role.ANALYST])
    text = client.get(f"/voice/runs/{run.pk}/", {"format": "csv"}).content.decode()
    assert "Comment" not in text
    assert "Team A,,,62.5" in text
    assert "Team B,,,c" in text
    assert "Team C,,,c" in text
    book = load_workbook(io.BytesIO(client.get(f"/voice/runs/{run.pk}/?format=xlsx").content))
    cells = [c for row in book["Results"].iter_rows(values_only=True) for c in row]
    assert "c" in cells
    assert not any(isinstance(c, str) and c.startswith("Comment") for c in cells)


def test_a_team_manager_sees_their_own_team_only_at_the_threshold(
    people: dict, run: SurveyRun
) -> None:
    client = client_for(people["users"][Role.TEAM_MANAGER])
    page = client.get(f"/voice/runs/{run.pk}/").content.decode()
    # team A only: 4 of 6 agree (66.7%), score 62.5
    assert "66.7% agree; score 62.5" in page
    assert "Team B" not in page
    assert "Comment" not in page
    Response.objects.filter(team=people["team_a"]).first().delete()  # type: ignore[union-attr]
    Response.objects.filter(team=people["team_a"]).first().delete()  # type: ignore[union-attr]
    page = client.get(f"/voice/runs/{run.pk}/").content.decode()
    assert "Not shown, having fewer than 5 responses" in page
    assert "% agree; score" not in page


def test_a_social_worker_reads_published_statements_only(people: dict, run: SurveyRun) -> None:
    action = ActionItem.objects.create(
        issue="Workload",
        action="Caseload cap",
        risk="Leavers",
        priority="high",
        proposed_date=TODAY,
        owner=people["users"][Role.PSW],
        source=ActionItem.Source.HEALTH_CHECK,
        status=ActionItem.Status.IN_PROGRESS,
    )
    client = client_for(people["users"][Role.PSW])
    client.post(
        f"/voice/runs/{run.pk}/",
        {
            "statement": "1",
            "you_said": "Workloads are too high",
            "we_will": "Cap caseloads at 18",
            "action": action.pk,
            "published": "on",
        },
    )
    Statement.objects.create(run=run, you_said="A draft", we_will="Think")
    page = client_for(people["users"][Role.SOCIAL_WORKER]).get("/voice/").content.decode()
    assert "Workloads are too high" in page
    assert "Cap caseloads at 18" in page
    assert "In progress" in page
    assert "A draft" not in page
    assert "September pulse" in page  # the statement's survey
    assert "/voice/runs/" not in page  # but no results


def test_a_statement_links_only_a_health_check_action(people: dict, run: SurveyRun) -> None:
    action = ActionItem.objects.create(
        issue="Recording",
        action="Workshop",
        risk="Drift",
        priority="low",
        proposed_date=TODAY,
        owner=people["users"][Role.PSW],
        source=ActionItem.Source.AUDIT,
    )
    page = client_for(people["users"][Role.PSW]).post(
        f"/voice/runs/{run.pk}/",
        {"statement": "1", "you_said": "x", "we_will": "y", "action": action.pk},
    )
    assert "There is a problem" in page.content.decode()
    assert not Statement.objects.exists()


def test_a_published_summary_is_shown_to_everyone(people: dict, run: SurveyRun) -> None:
    client_for(people["users"][Role.PSW]).post(f"/voice/runs/{run.pk}/", {"publish": "1"})
    page = client_for(people["users"][Role.SOCIAL_WORKER]).get("/voice/").content.decode()
    # the section's score over all 13 responses: 625 / 13 = 48.1
    assert "September pulse: what you told us" in page
    assert "48.1" in page
    assert "Comment" not in page
    client_for(people["users"][Role.PSW]).post(f"/voice/runs/{run.pk}/", {"publish": "0"})
    page = client_for(people["users"][Role.SOCIAL_WORKER]).get("/voice/").content.decode()
    assert "what you told us" not in page
