"""No link leads to a page the role cannot open: for each role, every internal link on the home
page and on each page of its service navigation opens (no 403, no 404)."""

import datetime as dt
import re
from urllib.parse import urldefrag, urljoin

import pytest
from django.test import Client

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.quality.models import ActionItem
from tests.conftest import client_for

HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"')
NAVIGATION = re.compile(r'<a class="govuk-service-navigation__link" href="([^"]*)"')
NOT_FOLLOWED = ("/static/", "/sign-out/", "/admin/", "mailto:", "http://", "https://")


def _links(page: str, base: str) -> set[str]:
    found = set()
    for href in HREF.findall(page):
        href = href.replace("&amp;", "&")
        if not href or href.startswith("#") or href.startswith(NOT_FOLLOWED):
            continue
        found.add(urldefrag(urljoin(base, href)).url)
    return found


def _get(client: Client, url: str) -> tuple[int, str]:
    response = client.get(url, follow=True)
    content = "" if response.streaming else response.content.decode(errors="replace")
    return response.status_code, content


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.name)
def test_every_link_on_a_role_s_main_pages_opens(people: dict, role: Role) -> None:
    users = people["users"]
    for owner in (users[Role.TEAM_MANAGER], users[Role.HR]):  # HR owns one, not managing them
        ActionItem.objects.create(
            issue="Supervision records are late",
            action="Review supervision records",
            risk="Drift",
            priority="high",
            proposed_date=dt.date(2025, 10, 31),
            owner=owner,
            source="inspection",
        )
    client = client_for(users[role])
    status, home = _get(client, "/")
    assert status == 200
    main = {"/", *(urldefrag(url).url for url in NAVIGATION.findall(home))}
    links: dict[str, str] = {}
    for page in sorted(main):
        status, content = _get(client, page)
        assert status == 200, (role, page, status)
        for link in _links(content, page):
            links.setdefault(link, page)
    broken = []
    for link, page in sorted(links.items()):
        status, _ = _get(client, link)
        if status in (403, 404):
            broken.append(f"{link} (on {page}): {status}")
    assert not broken, f"{role.name}: {broken}"
