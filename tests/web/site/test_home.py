import html

from csc_workforce.web.accounts.roles import Role
from tests.conftest import client_for
from tests.factories import StaffMemberFactory
from tests.navigation import EXPECTED_NAVIGATION


def nav_labels(page: str) -> list[str]:
    import re

    nav = page.split('class="govuk-service-navigation__list"', 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'govuk-service-navigation__link"[^>]*>\s*(?:<strong[^>]*>)?([^<]+)', nav)
    return [html.unescape(label.strip()) for label in links]


def test_home_shows_figures_for_the_teams_a_person_may_see(people: dict) -> None:
    # Team A: the manager, the social worker, a colleague (3 FTE); an agency worker joins it.
    StaffMemberFactory(team=people["team_a"], employment_type="agency")
    page = client_for(people["users"][Role.TEAM_MANAGER]).get("/").content.decode()
    assert "Workforce on 30 September 2025" in page
    figures = page.split("govuk-summary-list", 1)[1]
    assert (
        '<dt class="govuk-summary-list__key">Teams</dt><dd class="govuk-summary-list__value">1<'
        in figures
    )
    assert (
        'Social workers in post (headcount)</dt><dd class="govuk-summary-list__value">3<' in figures
    )
    assert 'Social workers in post (FTE)</dt><dd class="govuk-summary-list__value">3.0<' in figures
    assert 'Agency workers (headcount)</dt><dd class="govuk-summary-list__value">1<' in figures


def test_a_social_worker_sees_their_own_record_and_no_figures(people: dict) -> None:
    page = client_for(people["users"][Role.SOCIAL_WORKER]).get("/").content.decode()
    assert "Your record" in page
    assert "Workforce on" not in page
    assert nav_labels(page) == EXPECTED_NAVIGATION[Role.SOCIAL_WORKER]


def test_navigation_follows_the_role(people: dict) -> None:
    for role, labels in EXPECTED_NAVIGATION.items():
        page = client_for(people["users"][role]).get("/").content.decode()
        assert nav_labels(page) == labels, role


def test_an_analyst_sees_team_totals_but_no_names(people: dict) -> None:
    page = client_for(people["users"][Role.ANALYST]).get("/teams/").content.decode()
    assert "Team A" in page
    assert people["colleague_a"].family_name not in page
    assert f"/teams/{people['team_a'].pk}/" not in page
