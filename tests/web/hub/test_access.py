"""Who opens the hub's pages (the table in docs/permissions.md, in both kinds of installation);
no hub configured: no page and no link."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from csc_workforce.web.accounts.roles import Role
from tests.conftest import client_for

DOC = Path(__file__).resolve().parents[3] / "docs" / "permissions.md"
NAVIGATION = re.compile(r'<a class="govuk-service-navigation__link" href="([^"]*)"')


def hub_table() -> list[tuple[str, str, dict[Role, bool]]]:
    section = DOC.read_text().split("## The regional hub's pages", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    roles = [Role(name.strip()) for name in rows[0].strip("|").split("|")[2:]]
    table = []
    for line in rows[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert set(cells[2:]) <= {"Yes", "No"}, line
        allowed = {role: cell == "Yes" for role, cell in zip(roles, cells[2:], strict=True)}
        table.append((cells[0], cells[1].strip("`"), allowed))
    return table


TABLE = hub_table()
ALLOWED = {Role.ANALYST, Role.PSW, Role.SERVICE_MANAGER}


def test_the_table_covers_both_pages_and_every_role() -> None:
    assert [url for _, url, _ in TABLE] == ["/hub/", "/hub/movement/"]
    for _, _, allowed in TABLE:
        assert {role for role, yes in allowed.items() if yes} == ALLOWED


@pytest.mark.parametrize("mode", ["region", "authority"])
@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.name)
@pytest.mark.parametrize(("page", "url", "allowed"), TABLE, ids=[row[0] for row in TABLE])
def test_page_access_matches_the_table(
    people: dict, hub_dir: Path, settings: object, mode: str, role: Role, page: str, url: str,
    allowed: dict[Role, bool],
) -> None:  # fmt: skip
    settings.CSCW_HUB_DIR = str(hub_dir)  # type: ignore[attr-defined]
    settings.CSCW_HUB_MODE = mode  # type: ignore[attr-defined]
    response = client_for(people["users"][role]).get(url)
    assert response.status_code == (200 if allowed[role] else 403), (page, role)


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.name)
def test_the_navigation_links_to_the_hub_for_those_who_may_open_it(
    people: dict, region_hub: Path, role: Role
) -> None:
    home = client_for(people["users"][role]).get("/").content.decode()
    assert ("/hub/" in NAVIGATION.findall(home)) == (role in ALLOWED)


@pytest.mark.parametrize("url", ["/hub/", "/hub/movement/", "/hub/?download=csv"])
def test_no_hub_folder_configured_no_page_and_no_link(
    people: dict, settings: object, url: str
) -> None:
    settings.CSCW_HUB_DIR = ""  # type: ignore[attr-defined]
    client = client_for(people["users"][Role.ANALYST])
    assert client.get(url).status_code == 404
    home = client.get("/").content.decode()
    assert "/hub/" not in home
    assert "Regional hub" not in home


def test_signed_out_visitors_are_sent_to_sign_in(client: object, region_hub: Path) -> None:
    response = client.get("/hub/")  # type: ignore[attr-defined]
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


def test_the_analyst_s_home_page_links_to_the_hub(people: dict, region_hub: Path) -> None:
    home = client_for(people["users"][Role.ANALYST]).get("/").content.decode()
    assert home.count('href="/hub/"') == 2  # the navigation's and the item's
    assert "4 authorities" in home
    assert "Returns pooled on 15 September 2025, census years 2023 to 2024." in home


def test_the_home_page_says_when_the_hub_cannot_be_read(people: dict, region_hub: Path) -> None:
    (region_hub / "manifest.json").write_text("not JSON")
    home = client_for(people["users"][Role.ANALYST]).get("/")
    assert home.status_code == 200
    assert "Cannot be read" in home.content.decode()


HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"')


@pytest.mark.parametrize("mode", ["region", "authority"])
def test_every_link_on_the_hub_s_pages_opens(
    people: dict, hub_dir: Path, settings: object, mode: str
) -> None:
    settings.CSCW_HUB_DIR = str(hub_dir)  # type: ignore[attr-defined]
    settings.CSCW_HUB_MODE = mode  # type: ignore[attr-defined]
    client = client_for(people["users"][Role.SERVICE_MANAGER])
    for page in ("/hub/", "/hub/movement/"):
        content = client.get(page).content.decode()
        for href in HREF.findall(content):
            href = href.replace("&amp;", "&")
            if href.startswith(("/static/", "/sign-out/", "#", "http")):
                continue
            url = href if href.startswith("/") else page + href
            assert client.get(url).status_code == 200, (mode, page, url)
