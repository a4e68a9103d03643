"""The home page: what needs each role's attention, scoped as the role is, each item linking to
the page where it is dealt with; and a page that makes as many queries whatever the data."""

import datetime as dt
import html
import re
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from csc_workforce.web.accounts.roles import Role
from tests.conftest import client_for
from tests.factories import StaffMemberFactory, TeamFactory
from tests.navigation import EXPECTED_NAVIGATION
from tests.web.site.busy import busy, cases


def nav_labels(page: str) -> list[str]:
    nav = page.split('class="govuk-service-navigation__list"', 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'govuk-service-navigation__link"[^>]*>\s*(?:<strong[^>]*>)?([^<]+)', nav)
    return [html.unescape(label.strip()) for label in links]


def item(page: str, key: str) -> str:
    """The text of the home page's item ``key`` (its row), tags stripped, spaces collapsed."""
    found = re.search(rf'id="item-{key}">(.*?)</div>', page, re.S)
    assert found is not None, f"no item {key}"
    text = re.sub(r"</?a\b[^>]*>", "", found.group(1))  # a link is part of the sentence
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def links(page: str, key: str) -> list[str]:
    found = re.search(rf'id="item-{key}">(.*?)</div>', page, re.S)
    assert found is not None, f"no item {key}"
    return re.findall(r'href="([^"]+)"', found.group(1))


def home(people: dict, role: Role) -> str:
    response = client_for(people["users"][role]).get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_psw_sees_the_authority_s_indicators_caseloads_and_quality(people: dict) -> None:
    busy(people)
    page = home(people, Role.PSW)
    assert "Reporting year to 30 September 2025" in page
    assert "Turnover rate (%)" in page
    assert "Sickness absence rate (%)" in page
    assert "The service holds no targets for these indicators" in page
    # 2 children wait; the longest opened on 1 August 2025, 60 days before 30 September.
    assert item(page, "waiting").startswith("Children waiting for a lead worker 2 children")
    assert "opened on 1 August 2025 (60 days)" in item(page, "waiting")
    assert links(page, "waiting") == ["/caseloads/board/"]
    overload = item(page, "overload")
    assert overload.startswith("Workers in sustained overload 2 workers"), overload
    assert f"{people['colleague_a'].full_name}: Team A: 5 weeks over, peak 113.5%" in overload
    assert links(page, "overload") == [
        f"/staff/{people['colleague_a'].pk}/",
        f"/staff/{people['worker_b'].pk}/",
        "/caseloads/",
    ]
    assert "Hotspot teams" in item(page, "hotspots")
    assert "Audits overdue 1 audit" in item(page, "audits-overdue")
    # One submitted, by the team manager: the PSW may moderate it.
    assert "Audits waiting for moderation 1 audit" in item(page, "audits-moderation")
    assert "1 of them by you" in item(page, "audits-moderation")
    assert links(page, "audits-moderation") == ["/quality/audits/"]
    # The team manager's action is overdue; the PSW's falls due on 5 October, in 5 days.
    assert "Actions overdue 1 action" in item(page, "actions-overdue")
    assert "1 more due in the next 14 days" in item(page, "actions-overdue")
    # 1 audit completed in the twelve months, graded good: 100.0%, the target 80%.
    assert "100.0%: meets target" in item(page, "audits-grades")
    assert "1 of 1 audits completed since 1 October 2024" in item(page, "audits-grades")
    assert links(page, "audits-grades") == ["/quality/"]


def test_a_service_manager_sees_moderation_waiting_for_the_psw(people: dict) -> None:
    busy(people)
    page = home(people, Role.SERVICE_MANAGER)
    assert "Reporting year to 30 September 2025" in page
    assert "Submitted and not yet moderated by the PSW" in item(page, "audits-moderation")
    assert "Audits you must do None" in item(page, "audits-to-do")


def test_a_team_manager_sees_their_teams_only(people: dict) -> None:
    busy(people)
    page = home(people, Role.TEAM_MANAGER)
    assert "Workforce indicators" not in page
    assert "1 of them was held before by your teams" in item(page, "waiting")
    over = item(page, "over-capacity")
    assert over.startswith("Your workers over capacity 1 worker")
    assert f"{people['colleague_a'].full_name}: 113.5%" in over
    assert people["worker_b"].full_name not in page  # team B is not theirs
    assert links(page, "over-capacity") == [
        f"/staff/{people['colleague_a'].pk}/",
        "/caseloads/?scope=mine",
    ]
    assert "Audits you must do 1 audit" in item(page, "audits-to-do")
    assert "1 of them overdue" in item(page, "audits-to-do")
    assert "Actions you own 1 open action" in item(page, "actions-owned")
    assert "1 overdue" in item(page, "actions-owned")
    assert links(page, "actions-owned") == ["/quality/actions/?mine=1"]
    assert "Audits overdue" not in page  # the authority's quality is the PSW's


def test_hr_sees_starters_leavers_and_records_the_census_would_reject(people: dict) -> None:
    found = busy(people)
    page = home(people, Role.HR)
    starters = item(page, "starters")
    assert starters.startswith("Starters in September 2025 1 starter")
    assert "Nadia Starter: starts 8 September 2025" in starters
    assert f"/staff/{found['starter'].pk}/" in links(page, "starters")
    assert "Luke Leaver: last day 19 September 2025" in item(page, "leavers")
    assert "/voice/leavers/" in links(page, "leavers")
    rejected = item(page, "census-rejects")
    assert rejected.startswith("Records the 2025 census return would reject 1 record")
    assert "Nadia Starter: Select where they came from" in rejected
    assert f"/staff/{found['starter'].pk}/edit/" in links(page, "census-rejects")
    # Nobody in the fixture has a Social Work England registration recorded: all in post are
    # listed as not registered, each linking to their record.
    registrations = item(page, "registrations")
    assert registrations.startswith("Social Work England registrations")
    assert "not registered" in registrations
    assert "/development/registrations/" in links(page, "registrations")
    # HR's census item: the analyst's task, seen as someone else's (no link to it).
    assert item(page, "census").startswith("CSWW census return for 2025 3 errors")
    assert "by someone else" in item(page, "census")
    assert links(page, "census") == ["/census/"]
    assert "Caseloads" not in page


def test_the_analyst_sees_the_census_return_and_data_loads(people: dict) -> None:
    found = busy(people)
    page = home(people, Role.ANALYST)
    census = item(page, "census")
    assert census.startswith("CSWW census return for 2025 3 errors")
    assert "validate" in census
    assert "by you" in census
    assert links(page, "census") == [f"/census/tasks/{found['job'].pk}/"]
    assert "Allocations last imported" in item(page, "import-allocations")
    assert "Activity (assessments and visits) last imported Never" in item(page, "import-activity")
    assert links(page, "import-activity") == ["/caseloads/import/"]
    assert "import-staff" not in page  # the staff import is HR's page
    # The shipped release runs to 2025: on 30 September 2025 DfE's 2024 figures are due.
    assert "DfE statistics compared with Up to 2025" in item(page, "release")
    for name in (people["colleague_a"].full_name, "Nadia Starter"):
        assert name not in page  # no names for the analyst


def test_a_social_worker_sees_their_cases_feedback_and_actions(people: dict) -> None:
    busy(people)
    page = home(people, Role.SOCIAL_WORKER)
    assert "Your cases and load 11.0% of capacity" in item(page, "my-cases")
    assert "2 open cases you hold today" in item(page, "my-cases")
    assert links(page, "my-cases") == ["/caseloads/mine/"]
    assert "Audit feedback on your work 1 to respond to" in item(page, "feedback")
    assert links(page, "feedback") == ["/quality/audits/"]
    assert "Actions you own None open" in item(page, "actions-owned")
    assert links(page, "actions-owned") == []
    assert "Your record" in page
    assert "Workforce on" not in page
    assert nav_labels(page) == EXPECTED_NAVIGATION[Role.SOCIAL_WORKER]


def test_the_administrator_sees_accounts_the_audit_trail_and_the_status(people: dict) -> None:
    busy(people)
    page = home(people, Role.ADMINISTRATOR)
    # One account with no role: "nobody-yet" (the people fixture's each have one).
    assert "User accounts without a role 1 account" in item(page, "accounts")
    assert links(page, "accounts") == ["/admin/auth/user/"]
    assert links(page, "audit-trail") == ["/audit/"]
    assert links(page, "status") == ["/status/"]
    assert "Audits overdue" not in page  # no case audits for the administrator


def test_every_link_on_each_home_page_opens_for_its_role(people: dict) -> None:
    busy(people)
    for role in Role:
        client = client_for(people["users"][role])
        page = client.get("/").content.decode()
        main = page.split('id="main-content"', 1)[1].split("</main>", 1)[0]
        for href in sorted(set(re.findall(r'href="(/[^"]*)"', main))):
            response = client.get(html.unescape(href), follow=True)
            assert response.status_code == 200, (role, href)


def test_navigation_follows_the_role(people: dict) -> None:
    for role, labels in EXPECTED_NAVIGATION.items():
        assert nav_labels(home(people, role)) == labels, role


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.name)
def test_the_home_page_makes_as_many_queries_however_many_teams(people: dict, role: Role) -> None:
    busy(people)
    client = client_for(people["users"][role])
    client.get("/")  # the loads of the day stored, once
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for n in range(3):
        team = TeamFactory(name=f"More {n}")
        worker = StaffMemberFactory(team=team)
        cases(worker, 13, prefix=f"M{n}-", status="child_protection", complexity="high")
        StaffMemberFactory(team=team, start_date=dt.date(2025, 9, 2))
    client.get("/")
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few), role


def test_the_home_page_stays_within_its_queries(
    people: dict, django_assert_max_num_queries: Callable[[int], AbstractContextManager[object]]
) -> None:
    busy(people)
    client = client_for(people["users"][Role.PSW])
    client.get("/")
    with django_assert_max_num_queries(60):
        client.get("/")


def test_figures_from_the_whole_register_are_kept_until_an_audited_change(people: dict) -> None:
    from csc_workforce.web.site.selectors import until_changed

    computed: list[int] = []

    def compute() -> int:
        computed.append(1)
        return len(computed)

    today = dt.date(2025, 9, 30)
    assert until_changed("test", today=today, compute=compute) == 1
    assert until_changed("test", today=today, compute=compute) == 1  # kept
    StaffMemberFactory(team=people["team_a"])  # an audited change
    assert until_changed("test", today=today, compute=compute) == 2
    assert until_changed("test", today=today + dt.timedelta(days=1), compute=compute) == 3


def test_hr_sees_two_records_of_one_number_that_are_not_one_person(people: dict) -> None:
    # A second post under the colleague's SWE number, with another date of birth (CSWW R09).
    colleague = people["colleague_a"]
    colleague.date_of_birth = dt.date(1980, 5, 1)
    colleague.save()
    other = StaffMemberFactory(
        team=people["team_b"],
        given_name="Second",
        family_name="Post",
        swe_number=colleague.swe_number,
        start_date=dt.date(2020, 1, 6),
        date_of_birth=dt.date(1981, 5, 1),
    )
    page = home(people, Role.HR)
    rejected = item(page, "census-rejects")
    assert rejected.startswith("Records the 2025 census return would reject 2 records")
    for member in (colleague, other):
        assert f"{member.full_name}: Another record with this Social Work England number" in (
            rejected
        )
