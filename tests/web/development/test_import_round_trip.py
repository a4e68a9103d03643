"""Supervision dates and registrations: what is held downloads from the import page in the
import's own format, and export -> import (into a service holding the same people and none of
these records) -> export gives the same file, byte for byte (CSV) and cell for cell (Excel,
whose file records when it was written). The files expected are written out by hand."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from csc_workforce.web.accounts.roles import Role
from csc_workforce.web.development.models import Registration, SupervisionSession
from csc_workforce.web.development.selectors import registrations_to_export, sessions_to_export
from tests.conftest import client_for
from tests.factories import StaffMemberFactory

D = dt.date


@pytest.fixture
def held(people: dict) -> dict:
    """Sessions and registrations of people in both teams, with what a file must keep: no
    supervisor, every kind, two sessions on a day, a worker without a Social Work England
    number (whom the import cannot name, so the file leaves out), a number no longer in post."""
    own, colleague, manager = people["own"], people["colleague_a"], people["manager"]
    worker_b = people["worker_b"]
    own.swe_number, colleague.swe_number, manager.swe_number = "SW100003", "SW100002", "SW100001"
    worker_b.swe_number = "SW200001"
    for person in (own, colleague, manager, worker_b):
        person.save()
    unnumbered = StaffMemberFactory(team=people["team_a"], swe_number="")
    for staff, supervisor, on, minutes, kind in (
        (colleague, manager, D(2025, 9, 1), 90, "individual"),
        (colleague, None, D(2025, 9, 1), 60, "reflective"),
        (own, manager, D(2025, 8, 15), 75, "group"),
        (worker_b, colleague, D(2024, 12, 2), 45, "peer"),
        (unnumbered, manager, D(2025, 9, 3), 90, "individual"),
    ):
        SupervisionSession.objects.create(
            staff=staff, supervisor=supervisor, held_on=on, minutes=minutes, kind=kind
        )
    for number, status, expires, checked in (
        ("SW100002", "registered", D(2025, 11, 30), D(2025, 9, 29)),
        ("SW200001", "conditions", D(2026, 11, 30), D(2025, 9, 1)),
        ("SW100003", "suspended", D(2025, 11, 30), D(2025, 9, 29)),
        ("SW999999", "removed", D(2024, 11, 30), D(2025, 1, 6)),  # left: kept as read
    ):
        Registration.objects.create(
            swe_number=number, status=status, expires_on=expires, checked_on=checked
        )
    return people


SESSIONS_CSV = (
    "worker_swe_number,supervisor_swe_number,held_on,minutes,kind\r\n"
    "SW100002,SW100001,2025-09-01,90,individual\r\n"
    "SW100002,,2025-09-01,60,reflective\r\n"
    "SW100003,SW100001,2025-08-15,75,group\r\n"
    "SW200001,SW100002,2024-12-02,45,peer\r\n"
)
REGISTRATIONS_CSV = (
    "swe_number,status,expires_on,checked_on\r\n"
    "SW100002,registered,2025-11-30,2025-09-29\r\n"
    "SW100003,suspended,2025-11-30,2025-09-29\r\n"
    "SW200001,conditions,2026-11-30,2025-09-01\r\n"
    "SW999999,removed,2024-11-30,2025-01-06\r\n"
)


def export(client: Client, kind: str, fmt: str) -> bytes:
    response = client.get(reverse("development:import_export", args=[kind]), {"format": fmt})
    assert response.status_code == 200
    name = {"supervision": "supervision_dates", "registration": "registration_status"}[kind]
    assert response["Content-Disposition"] == f'attachment; filename="{name}.{fmt}"'
    return response.content


def import_(client: Client, kind: str, data: bytes, filename: str) -> None:
    upload = SimpleUploadedFile(filename, data)
    response = client.post(reverse("development:import"), {"kind": kind, "file": upload})
    assert response.status_code == 302, response.content.decode()


def cells(data: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_import_page_links_to_what_is_held_in_each_import_s_format(held: dict) -> None:
    page = client_for(held["users"][Role.PSW]).get(reverse("development:import"))
    text = page.content.decode()
    for kind in ("supervision", "registration"):
        url = reverse("development:import_export", args=[kind])
        assert f'href="{url}?format=csv"' in text
        assert f'href="{url}?format=xlsx"' in text


@pytest.mark.parametrize("role", [Role.PSW, Role.HR])
def test_supervision_dates_export_import_export_is_the_same_file(held: dict, role: Role) -> None:
    client = client_for(held["users"][role])
    first = export(client, "supervision", "csv")
    assert first.decode() == SESSIONS_CSV
    SupervisionSession.objects.all().delete()

    import_(client, "supervision", first, "supervision_dates.csv")

    assert export(client, "supervision", "csv") == first
    assert SupervisionSession.objects.filter(source="imported").count() == 4


def test_supervision_dates_round_trip_as_excel(held: dict) -> None:
    client = client_for(held["users"][Role.PSW])
    first = export(client, "supervision", "xlsx")
    assert cells(first)[1] == ["SW100002", "SW100001", dt.datetime(2025, 9, 1), 90, "individual"]
    SupervisionSession.objects.all().delete()

    import_(client, "supervision", first, "supervision_dates.xlsx")

    assert cells(export(client, "supervision", "xlsx")) == cells(first)
    assert export(client, "supervision", "csv").decode() == SESSIONS_CSV


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_registrations_export_import_export_is_the_same_file(held: dict, fmt: str) -> None:
    client = client_for(held["users"][Role.HR])
    first = export(client, "registration", fmt)
    if fmt == "csv":
        assert first.decode() == REGISTRATIONS_CSV
    Registration.objects.all().delete()

    import_(client, "registration", first, f"registration_status.{fmt}")

    again = export(client, "registration", fmt)
    assert again == first if fmt == "csv" else cells(again) == cells(first)
    assert export(client, "registration", "csv").decode() == REGISTRATIONS_CSV
    assert Registration.objects.filter(source="imported").count() == 4


def test_the_exports_hold_only_the_staff_a_person_may_see(held: dict) -> None:
    """A team manager (team A) is not given the page; were the file theirs, it would hold
    team A's sessions and registrations only. Those who may not import get no file."""
    manager = held["users"][Role.TEAM_MANAGER]
    assert [row.worker_swe_number for row in sessions_to_export(user=manager)] == [
        "SW100002",
        "SW100002",
        "SW100003",
    ]
    assert sorted(row.swe_number for row in registrations_to_export(user=manager)) == [
        "SW100002",
        "SW100003",
    ]
    assert registrations_to_export(user=held["users"][Role.SOCIAL_WORKER])[0].swe_number == (
        "SW100003"
    )
    for role in (Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.SOCIAL_WORKER, Role.ANALYST):
        client = client_for(held["users"][role])
        for kind in ("supervision", "registration"):
            url = reverse("development:import_export", args=[kind])
            assert client.get(url, {"format": "csv"}).status_code == 403
    psw = client_for(held["users"][Role.PSW])
    assert psw.get(reverse("development:import_export", args=["leavers"])).status_code == 404
