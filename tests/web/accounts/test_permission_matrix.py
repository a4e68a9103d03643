"""Every cell of the Pages table in docs/permissions.md, checked against the application."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.audit.models import AuditEvent
from tests.conftest import client_for

DOC = Path(__file__).resolve().parents[3] / "docs" / "permissions.md"


def pages_table() -> list[tuple[str, str, dict[Role, bool]]]:
    text = DOC.read_text()
    section = text.split("## Pages", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    roles = [Role(name) for name in header[2:]]
    table = []
    for line in rows[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        allowed = {role: cell == "Yes" for role, cell in zip(roles, cells[2:], strict=True)}
        assert set(cells[2:]) <= {"Yes", "No"}, line
        table.append((cells[0], cells[1].strip("`"), allowed))
    return table


TABLE = pages_table()


def test_table_covers_every_role_and_page() -> None:
    assert len(TABLE) == 74
    assert all(set(allowed) == set(Role) for _, _, allowed in TABLE)


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.name)
@pytest.mark.parametrize(("page", "url", "allowed"), TABLE, ids=[row[0] for row in TABLE])
def test_page_access_matches_the_matrix(
    people: dict, role: Role, page: str, url: str, allowed: dict[Role, bool]
) -> None:
    event = AuditEvent.objects.order_by("pk").first()
    ids = {name: people[name].pk for name in ("team_a", "team_b", "own", "colleague_a", "worker_b")}
    path = url.format(event=event.pk if event else 0, **ids)
    response = client_for(people["users"][role]).get(path, follow=True)
    final = response.redirect_chain[-1][0] if response.redirect_chain else path
    reached_sign_in = bool(re.search(r"/(sign-in|admin/login)/", final))
    if allowed[role]:
        assert response.status_code == 200, (page, role, response.status_code)
        assert not reached_sign_in, (page, role, final)
    else:
        refused = response.status_code in (403, 404) or reached_sign_in
        assert refused, (page, role, response.status_code)


@pytest.mark.parametrize(("page", "url", "allowed"), TABLE, ids=[row[0] for row in TABLE])
def test_signed_out_visitors_are_sent_to_sign_in(
    client: object, people: dict, page: str, url: str, allowed: object
) -> None:
    ids = {name: people[name].pk for name in ("team_a", "team_b", "own", "colleague_a", "worker_b")}
    response = client.get(url.format(event=0, **ids))  # type: ignore[attr-defined]
    assert response.status_code == 302
    assert re.search(r"/(sign-in|admin/login)/", response["Location"])


@pytest.mark.parametrize(
    "role", [r for r in Role if r not in {Role.PSW, Role.HR}], ids=lambda r: r.name
)
def test_a_denied_role_cannot_change_a_record_by_posting(people: dict, role: Role) -> None:
    colleague = people["colleague_a"]
    response = client_for(people["users"][role]).post(
        reverse("workforce:staff_edit", args=[colleague.pk]), {"given_name": "Changed"}
    )
    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.given_name != "Changed"


def test_healthz_is_open_to_anyone(client: object, db: None) -> None:
    response = client.get("/healthz")  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
