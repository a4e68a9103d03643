"""The annual report's leavers and the scorecard's health check score equal the leavers' and
joiners' report and the staff voice results page for the same period, on small data worked out
by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.urls import reverse

from csc_workforce.core.reporting.scorecard import Status
from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.organisation.selectors import Scope
from csc_workforce.web.reporting.selectors import report_content, scorecard_for
from csc_workforce.web.voice.models import Response, SurveyRun, SurveyTemplate
from tests.conftest import client_for
from tests.factories import StaffMemberFactory
from tests.web.reporting.test_reporting import scorecard_rows

D = dt.date


def _leavers(people: dict) -> None:
    """Ten leavers in reporting year 2025 (1 October 2024 to 30 September 2025): five resigned
    to a social worker role in another authority after 10 years or more (started 2015), five
    retired with no employment after under a year (started 1 January 2025); and one who left
    on 30 September 2024, the year before, counted in neither."""
    for number in range(10):
        resigned = number < 5
        StaffMemberFactory(
            team=people["team_a"],
            start_date=D(2015, 4, 1) if resigned else D(2025, 1, 1),
            end_date=D(2025, 6, 30),
            reason_leave="1" if resigned else "5",
            leaver_destination="1" if resigned else "6",
        )
    StaffMemberFactory(
        team=people["team_a"],
        start_date=D(2015, 4, 1),
        end_date=D(2024, 9, 30),
        reason_leave="1",
        leaver_destination="1",
    )


def _section(year: int = 2025) -> dict[str, dict[str, str]]:
    tables = report_content(year=year)[1]["leavers"].tables
    return {t.header[0]: {row[0]: row[1] for row in t.rows} for t in tables}


def test_the_annual_report_counts_leavers_as_the_leavers_report_does(people: dict) -> None:
    _leavers(people)
    page = client_for(people["users"][Role.HR]).get(
        reverse("voice:leavers_report"), {"from": "2024-10-01", "to": "2025-09-30"}
    )
    report = {t.title: dict(t.rows) for t in page.context["report"].leaver_tables}
    section = _section()
    assert set(section) == {"Reason for leaving (DfE)", "Destination (DfE)", "Length of service"}
    for title, counts in section.items():
        assert {k: v for k, v in counts.items() if k != "All leavers"} == {
            label: str(n) for label, n in report[title].items()
        }
        assert counts["All leavers"] == "10"
    # 5 resigned, 5 retired; 10 years and more: 5, under a year: 5
    assert section["Reason for leaving (DfE)"] == {
        "Resignation": "5",
        "Retired": "5",
        "All leavers": "10",
    }
    assert section["Length of service"] == {
        "Less than 1 year": "5",
        "5 years or more": "5",
        "All leavers": "10",
    }


def test_small_numbers_of_leavers_are_suppressed(people: dict) -> None:
    # One more leaver with no reason recorded, a year's service: "Not recorded" 1 is c, and
    # Resignation 5 (the smaller-named of the two fives) too, or 11 - 5 - 5 would give it away.
    _leavers(people)
    StaffMemberFactory(
        team=people["team_a"],
        start_date=D(2024, 3, 1),
        end_date=D(2025, 8, 31),
        reason_leave="",
        leaver_destination="8",
    )
    reasons = _section()["Reason for leaving (DfE)"]
    assert reasons == {
        "Resignation": "c",
        "Retired": "5",
        "Not recorded": "c",
        "All leavers": "11",
    }


STANDARDS = ("s1_framework", "s2_staffing", "s3_fair", "s4_valued", "s5_regular", "s6_time",
             "s7_cpd", "s8_students")  # fmt: skip


def _health_check(opens_on: dt.date, answer: Callable[[int], int], people: int, **kw: Any) -> Any:
    """A health check of the shipped survey, the ``people`` answering standard i's one question
    with ``answer(i)`` (1 strongly disagree to 5 strongly agree)."""
    run = SurveyRun.objects.create(
        template=SurveyTemplate.objects.get(kind="health_check", is_current=True),
        title=f"Health check {opens_on:%B %Y}",
        opens_on=opens_on,
        closes_on=opens_on + dt.timedelta(days=20),
        population="all",
        invited=10,
        **kw,
    )
    for _ in range(people):
        Response.objects.create(
            run=run,
            submitted_on=opens_on,
            answers={key: answer(i) for i, key in enumerate(STANDARDS, start=1)},
        )
    return run


def test_the_health_check_score_is_the_mean_of_the_voice_pages_standards(people: dict) -> None:
    # Standard i answered 1 + (i mod 5) by all five: 2, 3, 4, 5, 1, 2, 3, 4 = scores 25, 50,
    # 75, 100, 0, 25, 50, 75 (an answer a scores (a - 1) x 25): 400 / 8 = 50.0. A later run
    # whose summary is not published (all strongly agree, 100) does not count.
    march = _health_check(D(2025, 3, 3), lambda i: 1 + i % 5, 5, summary_published=True)
    _health_check(D(2025, 6, 2), lambda i: 5, 5)
    psw = client_for(people["users"][Role.PSW])
    results = psw.get(reverse("voice:run", args=[march.pk])).context["results"]
    scores = [score for _, score, _, _ in results.sections if score is not None]
    assert scores == [25.0, 50.0, 75.0, 100.0, 0.0, 25.0, 50.0, 75.0]
    card = scorecard_rows(
        psw.get(reverse("reporting:scorecard"), {"scope": "all", "year": 2025}).content.decode()
    )
    assert card["Employer standards health check score"][0] == "50.0" == f"{sum(scores) / 8:.1f}"


def test_a_health_check_under_its_threshold_gives_no_score(people: dict) -> None:
    # The latest published run of the year had 4 answers, under its threshold of 5: no score,
    # though the earlier one had one.
    _health_check(D(2025, 3, 3), lambda i: 4, 5, summary_published=True)
    _health_check(D(2025, 7, 1), lambda i: 4, 4, summary_published=True)
    whole = Scope("all", "Northfield", None)
    card = scorecard_for(scope=whole, year=2025)
    row = next(r for r in card.rows if r.name == "Employer standards health check score")
    assert row.status is Status.NOT_RECORDED


def test_responses_given_after_a_view_count_in_the_next(people: dict) -> None:
    # Responses record no audit event, yet what the scorecard keeps of a run is kept for its
    # number of responses too. Team A's five answer every standard 4 (scores 75), team B's
    # five 2 (25): team A 75.0, the whole authority (5 x 75 + 5 x 25) / 10 = 50.0.
    run = _health_check(D(2025, 3, 3), lambda i: 4, 0, summary_published=True)
    team_a, team_b = people["team_a"], people["team_b"]

    def answered(team: Any, answer: int, n: int) -> None:
        for _ in range(n):
            Response.objects.create(
                run=run,
                team=team,
                submitted_on=run.opens_on,
                answers=dict.fromkeys(STANDARDS, answer),
            )

    def score(scope: Scope) -> str:
        card = scorecard_for(scope=scope, year=2025)
        return next(r for r in card.rows if r.name == "Employer standards health check score").value

    answered(team_a, 4, 5)
    answered(team_b, 2, 5)
    whole = Scope("all", "Northfield", None)
    team = Scope(f"team-{team_a.pk}", "Team A", frozenset({team_a.pk}))
    assert (score(whole), score(team)) == ("50.0", "75.0")
    # Five more of team A answer 2: team A (5 x 75 + 5 x 25) / 10 = 50.0; the whole authority
    # (5 x 75 + 10 x 25) / 15 = 41.67 -> 41.7.
    answered(team_a, 2, 5)
    assert (score(whole), score(team)) == ("41.7", "50.0")
