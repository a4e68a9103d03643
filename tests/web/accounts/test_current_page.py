"""The service navigation marks one entry as the current page: the one whose address is the
longest start of the page's path."""

from __future__ import annotations

import re

from csc_workforce.web.accounts.roles import Role
from tests.conftest import client_for

CURRENT = re.compile(
    r'<a class="govuk-service-navigation__link" href="([^"]+)" aria-current="true">'
)


def test_one_entry_is_the_current_page(people: dict) -> None:
    manager = client_for(people["users"][Role.TEAM_MANAGER])
    for path, current in (
        ("/", "/"),
        ("/development/", "/development/"),
        ("/development/inductions/", "/development/"),
        ("/caseloads/experience/", "/caseloads/experience/"),
        ("/caseloads/", "/caseloads/"),
    ):
        page = manager.get(path).content.decode()
        assert CURRENT.findall(page) == [current], path
